// Connection state recovery with the official client: room subscribers and a publisher ticking into the room
// (acked broadcasts, pipelined), while connections are lost under them.
// Usage: node recovery.mjs <mode> <url[,url...]> <subscribers> <seconds> [intervalMs] [awayMs]
//   drop:    each subscriber loses its connection once, mid-run (its engine is closed) and reconnects at once;
//   wait:    nothing is done to the clients: the caller kills a node after the first line (which lists the sids);
//   away:    each subscriber loses its connection once and stays away for awayMs before it reconnects;
//   forged:  like wait, plus clients that connect presenting a made-up pid (and a real offset): they must get new sockets.
// Prints {"sids":[...]} once everyone is connected and subscribed, then one JSON verdict line after <seconds>.
import { io } from "socket.io-client";

const [mode, urlsArg, subscribersArg, secondsArg, intervalArg = "100", awayArg = "0"] = process.argv.slice(2);
const urls = urlsArg.split(",");
const seconds = Number(secondsArg);
const interval = Number(intervalArg);
const away = Number(awayArg);
const room = "recovery-" + Math.random().toString(36).slice(2, 8);
setTimeout(() => { console.log(JSON.stringify({ ok: false, reason: "timed out" })); process.exit(1); }, seconds * 1000 + away + 60000);

const options = { path: "/socket.io/", forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 500, randomizationFactor: 0 };
const ack = (socket, event, ...args) =>
  new Promise((resolve, reject) => socket.timeout(20000).emit(event, ...args, (err, ...answer) => (err ? reject(err) : resolve(answer))));

async function subscribe(i) {
  const socket = io(urls[i % urls.length], { ...options, transports: i % 2 === 0 ? ["polling", "websocket"] : ["polling"] });
  const state = { socket, ticks: [], connects: [], disconnects: [], firstId: null, transport: i % 2 === 0 ? "websocket" : "polling" };
  socket.on("tick", (n, ...rest) => {
    state.ticks.push({ n, at: Date.now() });
    state.lastOffset = rest[rest.length - 1];
  });
  socket.on("disconnect", (reason) => state.disconnects.push({ reason, at: Date.now() }));
  socket.on("connect", () => state.connects.push({ at: Date.now(), id: socket.id, recovered: socket.recovered }));
  await new Promise((resolve, reject) => { socket.once("connect", resolve); socket.once("connect_error", reject); });
  state.firstId = socket.id;
  state.sid = socket.io.engine.id;
  if (state.transport === "websocket" && socket.io.engine.transport.name !== "websocket") {
    await new Promise((resolve) => socket.io.engine.once("upgrade", resolve));
  }
  await ack(socket, "join", room);
  return state;
}

/** Loses the connection as a network failure does (no namespace disconnect), then comes back after a while. */
async function lose(state, awayMs) {
  const { socket } = state;
  if (awayMs > 0) socket.io.reconnection(false);
  socket.io.engine.close();
  if (awayMs > 0) {
    await new Promise((resolve) => setTimeout(resolve, awayMs));
    socket.io.reconnection(true);
    socket.connect();
  }
}

const subscribers = await Promise.all(Array.from({ length: Number(subscribersArg) }, (_, i) => subscribe(i)));
const publisher = io(urls[0], { ...options, transports: ["websocket"] });
await new Promise((resolve, reject) => { publisher.once("connect", resolve); publisher.once("connect_error", reject); });
const publisherConnects = [];
publisher.on("connect", () => publisherConnects.push({ recovered: publisher.recovered }));
console.log(JSON.stringify({ sids: subscribers.map((s) => s.sid), publisher: publisher.io.engine.id, room }));

const started = Date.now();
const acked = [];
let sent = 0;
const pending = [];
const forged = [];
const ticking = setInterval(() => {
  const n = sent++;
  pending.push(ack(publisher, "broadcast", room, "tick", n).then(() => acked.push(n), () => {}));
}, interval);

if (mode === "drop" || mode === "away") {
  // Mid-run, one after another.
  await new Promise((resolve) => setTimeout(resolve, (seconds * 1000) / 3));
  await Promise.all(subscribers.map((s, i) => new Promise((resolve) => setTimeout(() => lose(s, away).then(resolve), i * 20))));
}
if (mode === "forged") {
  await new Promise((resolve) => setTimeout(resolve, (seconds * 1000) / 3));
  for (let i = 0; i < 4; i++) {
    // socket.io-client sends {pid, offset} itself only after a CONNECT gave it a pid: a forger writes them into auth.
    const offset = i % 2 === 0 ? subscribers[0].lastOffset ?? "1-0" : "1-0";
    const socket = io(urls[i % urls.length], { ...options, reconnection: false, auth: { pid: "forged" + Math.random().toString(36).slice(2), offset } });
    const result = await new Promise((resolve) => {
      socket.once("connect", () => resolve({ connected: true, recovered: socket.recovered, id: socket.id }));
      socket.once("connect_error", (e) => resolve({ connected: false, error: e.message }));
    });
    result.tookSomeonesId = subscribers.some((s) => s.firstId === result.id);
    forged.push(result);
    socket.close();
  }
}

await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + seconds * 1000 - Date.now())));
clearInterval(ticking);
await Promise.all(pending);
// Every acked tick should arrive; give the last ones a moment (bounded).
for (const deadline = Date.now() + 10000; Date.now() < deadline && !subscribers.every((s) => acked.every((n) => s.ticks.some((t) => t.n === n))); ) {
  await new Promise((resolve) => setTimeout(resolve, 20));
}

const ackedSet = new Set(acked);
const verdicts = subscribers.map((s) => {
  const received = s.ticks.map((t) => t.n);
  const ackedReceived = received.filter((n) => ackedSet.has(n));
  const lastLoss = s.disconnects.length ? s.disconnects[s.disconnects.length - 1].at : null;
  return {
    sid: s.sid,
    transport: s.transport,
    connected: s.socket.connected,
    outOfOrder: received.filter((n, i) => i > 0 && n <= received[i - 1]).length,
    duplicates: received.length - new Set(received).size,
    missingAcked: acked.filter((n) => !received.includes(n)).length,
    ackedReceived: ackedReceived.length,
    disconnects: s.disconnects.map((d) => ({ reason: d.reason, ms: d.at - started })),
    reconnects: s.connects.slice(1).map((c) => ({ ms: c.at - started, recovered: c.recovered, sameId: c.id === s.firstId })),
    ticksAfterLastReconnect: lastLoss === null ? null : s.ticks.filter((t) => t.at > lastLoss).length,
  };
});
for (const s of subscribers) s.socket.close();
publisher.close();
console.log(JSON.stringify({
  ok: true,
  sent,
  acked: acked.length,
  publisherReconnects: publisherConnects,
  outOfOrder: verdicts.reduce((a, v) => a + v.outOfOrder, 0),
  duplicates: verdicts.reduce((a, v) => a + v.duplicates, 0),
  missingAcked: verdicts.reduce((a, v) => a + v.missingAcked, 0),
  forged,
  subscribers: verdicts,
}));
process.exit(0);
