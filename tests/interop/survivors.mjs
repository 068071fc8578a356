// Official clients that keep echoing while the test stops or kills a node under them.
// Usage: node survivors.mjs <lbUrl> <sessions> <seconds> [polling|mixed]
// polling (default): every client stays on long-polling; mixed: every other client upgrades to WebSocket.
// Prints {"sids":[...]} once all are connected (and upgraded), then one JSON line after <seconds>: whether
// every session kept its sid, was never disconnected, and got every echo back once and in order.
import { io } from "socket.io-client";

const [baseUrl, sessionsArg, secondsArg, mode = "polling"] = process.argv.slice(2);
const sessions = Number(sessionsArg);
const until = Date.now() + Number(secondsArg) * 1000;
setTimeout(() => { console.log(JSON.stringify({ ok: false, reason: "timed out" })); process.exit(1); }, Number(secondsArg) * 1000 + 40000);

async function connect(index) {
  const upgrade = mode === "mixed" && index % 2 === 0;
  const socket = io(baseUrl, { path: "/socket.io/", forceNew: true, reconnection: false, transports: upgrade ? ["polling", "websocket"] : ["polling"] });
  const state = { socket, index, sid: null, disconnects: [], sent: 0, echoes: [] };
  // The reason, and for a transport error what failed (the HTTP status, or the network error): evidence when a test fails.
  socket.on("disconnect", (reason, details) => {
    const cause = details?.description?.description;
    state.disconnects.push(cause === undefined ? reason : `${reason}: ${details.description.message} (${cause?.message ?? cause})`);
  });
  socket.on("echo", (n) => state.echoes.push(n));
  await new Promise((resolve, reject) => { socket.once("connect", resolve); socket.once("connect_error", reject); });
  state.sid = socket.io.engine.id;
  if (upgrade && socket.io.engine.transport.name !== "websocket") {
    await new Promise((resolve) => socket.io.engine.once("upgrade", resolve));
  }

  return state;
}

const clients = await Promise.all(Array.from({ length: sessions }, (_, i) => connect(i)));
console.log(JSON.stringify({ sids: clients.map((c) => c.sid) }));
while (Date.now() < until) {
  for (const c of clients) if (c.disconnects.length === 0) c.socket.emit("echo", c.sent++);
  await new Promise((resolve) => setTimeout(resolve, 100));
}
// Wait for the last echoes; a session that lost one with the killed gateway never completes, hence the bound.
for (const deadline = Date.now() + 5000; Date.now() < deadline && !clients.every((c) => c.echoes.length === c.sent || c.disconnects.length > 0); ) {
  await new Promise((resolve) => setTimeout(resolve, 20));
}
const result = {
  ok: true,
  sessions: clients.length,
  disconnected: clients.filter((c) => c.disconnects.length > 0).map((c) => c.disconnects),
  sidsKept: clients.every((c) => c.socket.io.engine.id === c.sid),
  echoesExact: clients.every((c) => c.echoes.length === c.sent && c.echoes.every((n, i) => n === i)),
  echoesInOrder: clients.every((c) => c.echoes.every((n, i) => i === 0 || n > c.echoes[i - 1])),
  lost: clients.reduce((a, c) => a + (c.sent - c.echoes.length), 0),
  sent: clients.reduce((a, c) => a + c.sent, 0),
  mismatches: clients
    .filter((c) => !(c.echoes.length === c.sent && c.echoes.every((n, i) => n === i)))
    .slice(0, 3)
    .map((c) => ({ sent: c.sent, got: c.echoes.length, missing: [...Array(c.sent).keys()].filter((n) => !c.echoes.includes(n)).slice(0, 10), dupes: c.echoes.length - new Set(c.echoes).size })),
};
for (const c of clients) c.socket.close();
console.log(JSON.stringify(result));
process.exit(0);
