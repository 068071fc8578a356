// Polling-only official clients that keep echoing while the test kills a gateway under them.
// Usage: node polling-survivors.mjs <lbUrl> <sessions> <seconds>
// Prints "ready" once all are connected, then one JSON line after <seconds>: whether every session kept
// its sid, was never disconnected, and got every echo back once and in order.
import { io } from "socket.io-client";

const [baseUrl, sessionsArg, secondsArg] = process.argv.slice(2);
const sessions = Number(sessionsArg);
const until = Date.now() + Number(secondsArg) * 1000;
setTimeout(() => { console.log(JSON.stringify({ ok: false, reason: "timed out" })); process.exit(1); }, Number(secondsArg) * 1000 + 40000);

async function connect(index) {
  const socket = io(baseUrl, { path: "/socket.io/", forceNew: true, reconnection: false, transports: ["polling"] });
  const state = { socket, index, sid: null, disconnects: [], sent: 0, echoes: [] };
  socket.on("disconnect", (reason) => state.disconnects.push(reason));
  socket.on("echo", (n) => state.echoes.push(n));
  await new Promise((resolve, reject) => { socket.once("connect", resolve); socket.once("connect_error", reject); });
  state.sid = socket.io.engine.id;
  return state;
}

const clients = await Promise.all(Array.from({ length: sessions }, (_, i) => connect(i)));
console.log("ready");
while (Date.now() < until) {
  for (const c of clients) if (c.disconnects.length === 0) c.socket.emit("echo", c.sent++);
  await new Promise((resolve) => setTimeout(resolve, 100));
}
for (const deadline = Date.now() + 15000; Date.now() < deadline && !clients.every((c) => c.echoes.length === c.sent || c.disconnects.length > 0); ) {
  await new Promise((resolve) => setTimeout(resolve, 20));
}
const result = {
  ok: true,
  sessions: clients.length,
  disconnected: clients.filter((c) => c.disconnects.length > 0).map((c) => c.disconnects),
  sidsKept: clients.every((c) => c.socket.io.engine.id === c.sid),
  echoesExact: clients.every((c) => c.echoes.length === c.sent && c.echoes.every((n, i) => n === i)),
  sent: clients.reduce((a, c) => a + c.sent, 0),
};
for (const c of clients) c.socket.close();
console.log(JSON.stringify(result));
process.exit(0);
