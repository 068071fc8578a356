// One publisher pipelining room broadcasts (it never waits for an ack before the next) and subscribers spread
// over every gateway, half on WebSocket and half on long-polling: every subscriber must get every tick once, in
// the order the publisher sent them.
// Usage: node ordered-broadcasts.mjs <url[,url...]> <subscribers> <ticks> <intervalMs> [path]
// Prints one JSON line: ticks acked, and per subscriber what arrived out of order, twice, or not at all.
import { io } from "socket.io-client";

const [urlsArg, subscribersArg, ticksArg, intervalArg, path = "/socket.io/"] = process.argv.slice(2);
const urls = urlsArg.split(",");
const ticks = Number(ticksArg);
const interval = Number(intervalArg);
const room = "ticks-" + Math.random().toString(36).slice(2, 8);
setTimeout(() => { console.log(JSON.stringify({ ok: false, reason: "timed out" })); process.exit(1); }, 60000 + ticks * interval);

const ack = (socket, event, ...args) =>
  new Promise((resolve, reject) => socket.timeout(20000).emit(event, ...args, (err, ...answer) => (err ? reject(err) : resolve(answer))));

async function connect(url, transports) {
  const socket = io(url, { path, forceNew: true, reconnection: false, transports });
  await new Promise((resolve, reject) => { socket.once("connect", resolve); socket.once("connect_error", reject); });
  return socket;
}

const subscribers = await Promise.all(Array.from({ length: Number(subscribersArg) }, async (_, i) => {
  const socket = await connect(urls[i % urls.length], i % 2 === 0 ? ["websocket"] : ["polling"]);
  const received = [];
  socket.on("tick", (n) => received.push(n));
  await ack(socket, "join", room);
  return { socket, received, sid: socket.io.engine.id };
}));

const publisher = await connect(urls[0], ["websocket"]);
const acked = [];
const pending = [];
for (let n = 0; n < ticks; n++) {
  pending.push(ack(publisher, "broadcast", room, "tick", n).then(() => acked.push(n), () => {}));
  if (interval > 0) await new Promise((resolve) => setTimeout(resolve, interval));
}
await Promise.all(pending);
for (const deadline = Date.now() + 10000; Date.now() < deadline && !subscribers.every((s) => acked.every((n) => s.received.includes(n))); ) {
  await new Promise((resolve) => setTimeout(resolve, 20));
}

const verdicts = subscribers.map((s) => ({
  sid: s.sid,
  received: s.received.length,
  outOfOrder: s.received.filter((n, i) => i > 0 && n <= s.received[i - 1]).length,
  duplicates: s.received.length - new Set(s.received).size,
  missingAcked: acked.filter((n) => !s.received.includes(n)).length,
}));
for (const s of subscribers) s.socket.close();
publisher.close();
console.log(JSON.stringify({
  ok: true,
  acked: acked.length,
  sids: verdicts.map((v) => v.sid),
  outOfOrder: verdicts.reduce((a, v) => a + v.outOfOrder, 0),
  duplicates: verdicts.reduce((a, v) => a + v.duplicates, 0),
  missingAcked: verdicts.reduce((a, v) => a + v.missingAcked, 0),
  worst: verdicts.filter((v) => v.outOfOrder + v.duplicates + v.missingAcked > 0).slice(0, 3),
}));
process.exit(0);
