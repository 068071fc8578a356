// Official clients (WebSocket and polling, reconnection on) that keep emitting while the test kills a silo.
// Usage: node silo-kill.mjs <lbUrl> <sessions> <seconds>
// Prints {"sids":[...]} once all are connected (every other client upgraded to WebSocket), then waits for a line
// "killed <unix ms>" on stdin (the test writes it right after kill -9, with the time it took just before), and
// <seconds> later prints one JSON line: per client
// its transport, its disconnects (reason, ms after the kill), its reconnects (ms after the kill), whether it is
// connected at the end, and how many of its emits after the kill were neither acked nor failed (swallowed).
// Emits stop 3 s before the end, so the answers of the last ones have arrived.
import { io } from "socket.io-client";
import { createInterface } from "node:readline";

const [baseUrl, sessionsArg, secondsArg] = process.argv.slice(2);
const seconds = Number(secondsArg);
setTimeout(() => { console.log(JSON.stringify({ ok: false, reason: "timed out" })); process.exit(1); }, seconds * 1000 + 120000);

function connect(index) {
  const transport = index % 2 === 0 ? "websocket" : "polling";
  const socket = io(baseUrl, {
    path: "/socket.io/", forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 500,
    // WebSocket clients upgrade from polling, so their WebSocket request carries the sid (the balancer logs it).
    transports: transport === "websocket" ? ["polling", "websocket"] : ["polling"],
  });
  const state = { socket, transport, sid: null, events: [], pending: 0 };
  socket.on("disconnect", (reason) => state.events.push({ kind: "disconnect", reason, at: Date.now() }));
  socket.on("connect", () => state.events.push({ kind: "connect", at: Date.now() }));
  return new Promise((resolve) => socket.once("connect", () => {
    state.sid = socket.io.engine.id;
    if (transport === "websocket" && socket.io.engine.transport.name !== "websocket") {
      socket.io.engine.once("upgrade", () => resolve(state));
    } else {
      resolve(state);
    }
  }));
}

const clients = await Promise.all(Array.from({ length: Number(sessionsArg) }, (_, i) => connect(i)));
console.log(JSON.stringify({ sids: clients.map((c) => c.sid) }));

// Every client emits with an ack every 100 ms while connected. An emit whose session died gets its error when the
// socket disconnects (the client fails pending acks then); one that is neither acked nor failed was swallowed.
let killedAt = null;
let emitting = true;
const ticker = setInterval(() => {
  for (const c of clients) {
    if (!emitting || !c.socket.connected) continue;
    const afterKill = killedAt !== null;
    if (afterKill) c.pending++;
    c.socket.timeout(seconds * 1000).emit("message-with-ack", "tick", () => { if (afterKill) c.pending--; });
  }
}, 100);

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const [word, at] = line.trim().split(" ");
  if (word === "killed") { killedAt = Number(at) || Date.now(); break; }
}

// The last 3 s nobody emits, so every emit has had time to be acked, or failed by a disconnect.
await new Promise((resolve) => setTimeout(resolve, Math.max(0, seconds - 3) * 1000));
emitting = false;
await new Promise((resolve) => setTimeout(resolve, 3000));
clearInterval(ticker);
const result = clients.map((c) => ({
  sid: c.sid,
  transport: c.transport,
  connected: c.socket.connected,
  disconnects: c.events.filter((e) => e.kind === "disconnect" && e.at >= killedAt).map((e) => ({ reason: e.reason, ms: e.at - killedAt })),
  reconnects: c.events.filter((e) => e.kind === "connect" && e.at >= killedAt).map((e) => e.at - killedAt),
  swallowed: c.pending,
}));
for (const c of clients) c.socket.close();
console.log(JSON.stringify({ ok: true, clients: result }));
process.exit(0);
