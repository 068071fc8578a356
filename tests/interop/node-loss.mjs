// Official clients (WebSocket and polling, reconnection on) while the test kills a node under them.
// Usage: node node-loss.mjs <lbUrl> <sessions> <seconds>
// Prints a JSON line with each client's first sid once all are connected, then, after <seconds>, one JSON
// line per client: its disconnections (reason, ms after the first) and whether it is connected at the end.
import { io } from "socket.io-client";

const [baseUrl, sessionsArg, secondsArg] = process.argv.slice(2);
const seconds = Number(secondsArg);
setTimeout(() => { console.log(JSON.stringify({ ok: false, reason: "timed out" })); process.exit(1); }, seconds * 1000 + 30000);

function connect(index) {
  const socket = io(baseUrl, {
    path: "/socket.io/", forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 500,
    // WebSocket clients upgrade from polling, so their WebSocket request carries the sid (the balancer logs it).
    transports: index % 2 === 0 ? ["polling", "websocket"] : ["polling"],
  });
  const state = { socket, sid: null, events: [], transport: index % 2 === 0 ? "websocket" : "polling" };
  socket.on("disconnect", (reason) => state.events.push({ kind: "disconnect", reason, at: Date.now() }));
  socket.on("connect", () => state.events.push({ kind: "connect", at: Date.now() }));
  return new Promise((resolve) => socket.once("connect", () => {
    state.sid = socket.io.engine.id;
    if (state.transport === "websocket" && socket.io.engine.transport.name !== "websocket") {
      socket.io.engine.once("upgrade", () => resolve(state));
    } else {
      resolve(state);
    }
  }));
}

const clients = await Promise.all(Array.from({ length: Number(sessionsArg) }, (_, i) => connect(i)));
console.log(JSON.stringify({ sids: clients.map((c) => c.sid) }));
const killedAt = Date.now();
await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
const result = clients.map((c) => ({
  sid: c.sid,
  transport: c.transport,
  connected: c.socket.connected,
  disconnects: c.events.filter((e) => e.kind === "disconnect").map((e) => ({ reason: e.reason, ms: e.at - killedAt })),
  reconnects: c.events.filter((e) => e.kind === "connect" && e.at > killedAt).map((e) => e.at - killedAt),
}));
for (const c of clients) c.socket.close();
console.log(JSON.stringify({ ok: true, clients: result }));
process.exit(0);
