// The honest load the abuse suite protects: official socket.io-client sessions from their own local
// address, half on long-polling only, half upgraded to WebSocket, each sending an acked `echo` every
// 100-200 ms and now and then a `broadcast` to its room. Production heartbeat: nothing is overridden.
//
//   node honest.mjs <url> <seconds> [--clients 50] [--local 127.0.0.2] [--path /socket.io/]
//
// Prints {"ready":true,...} once every client is connected (and upgraded, for the WebSocket half) and in
// its room, measures for <seconds> from then, waits for what is still in flight, and prints its verdict:
// acks lost (not answered within 10 s), disconnects, echo round trips, broadcasts received vs expected.
import http from "node:http";
import { randomBytes } from "node:crypto";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { io } from "socket.io-client";

const argv = process.argv.slice(2);
const get = (name, fallback) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : fallback; };
const url = argv[0];
const seconds = Number(argv[1] ?? 15);
const clients = Number(get("clients", 50));
const local = get("local", "127.0.0.2");
const path = get("path", "/socket.io/");
const ROOMS = 5;
const ACK_TIMEOUT_MS = 10000;

const run = randomBytes(4).toString("hex");
const agent = new http.Agent({ keepAlive: true, localAddress: local });
const stats = { echoes: 0, acked: 0, lost: 0, broadcasts: 0, broadcastsAcked: 0, expected: 0, received: 0, foreign: 0, disconnects: 0, reasons: {}, rtts: [], rttsPolling: [], rttsWebSocket: [] };
// The clients' own event loop: when the machine is busy, round trips include time this process waited for
// a core, and this says how much.
const loop = monitorEventLoopDelay({ resolution: 10 });
let measuring = false;
let pending = 0;
let closing = false;
setTimeout(() => { console.log(JSON.stringify({ ok: false, reason: "honest load did not finish", ...summary() })); process.exit(1); }, (seconds + 90) * 1000);

function emitWithAck(socket, event, ...args) {
  pending++;
  const start = performance.now();
  return new Promise((resolve) => socket.timeout(ACK_TIMEOUT_MS).emit(event, ...args, (err) => {
    pending--;
    resolve(err ? null : performance.now() - start);
  }));
}

async function connect(index) {
  const upgrade = index % 2 === 1;
  const socket = io(url, {
    path, forceNew: true, reconnection: false, agent, localAddress: local,
    transports: upgrade ? ["polling", "websocket"] : ["polling"],
  });
  const client = { index, socket, room: `honest-${run}-${index % ROOMS}`, upgrade, transport: null };
  socket.on("news", (room) => {
    if (!measuring) return;
    if (room === client.room) stats.received++;
    else stats.foreign++;
  });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`client ${index} did not connect within 30 s`)), 30000);
    socket.once("connect", () => { clearTimeout(timer); resolve(); });
    socket.once("connect_error", (e) => { clearTimeout(timer); reject(new Error(`client ${index}: ${e.message} ${e.description ?? ""}`)); });
  });
  if (upgrade && socket.io.engine.transport.name !== "websocket") {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`client ${index} did not upgrade within 10 s`)), 10000);
      socket.io.engine.once("upgrade", () => { clearTimeout(timer); resolve(); });
    });
  }
  socket.on("disconnect", (reason) => {
    if (closing) return;
    stats.disconnects++;
    stats.reasons[reason] = (stats.reasons[reason] ?? 0) + 1;
  });
  if ((await emitWithAck(socket, "join", client.room)) === null) throw new Error(`client ${index} could not join its room`);
  return client;
}

// Echo every 100-200 ms; about once a second a broadcast to the client's own room instead.
async function talk(client, deadline) {
  let n = 0;
  while (Date.now() < deadline && client.socket.connected) {
    await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 100));
    if (++n % 7 === 0) {
      stats.broadcasts++;
      emitWithAck(client.socket, "broadcast", client.room, "news", client.room).then((ms) => {
        if (ms === null) stats.lost++;
        else { stats.broadcastsAcked++; stats.expected += clients / ROOMS; }
      });
    } else {
      stats.echoes++;
      emitWithAck(client.socket, "echo", `${client.index}:${n}`).then((ms) => {
        if (ms === null) stats.lost++;
        else { stats.acked++; stats.rtts.push(ms); (client.upgrade ? stats.rttsWebSocket : stats.rttsPolling).push(ms); }
      });
    }
  }
}

function percentile(sorted, p) {
  return sorted.length === 0 ? null : Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] * 100) / 100;
}

function summary() {
  const sorted = stats.rtts.slice().sort((a, b) => a - b);
  const p99Of = (list) => percentile(list.slice().sort((a, b) => a - b), 0.99);
  return {
    clients, local, echoes: stats.echoes, acked: stats.acked, lostAcks: stats.lost, disconnects: stats.disconnects, disconnectReasons: stats.reasons,
    p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99), maxMs: percentile(sorted, 1),
    p99PollingMs: p99Of(stats.rttsPolling), p99WebSocketMs: p99Of(stats.rttsWebSocket), clientLoopDelayP99Ms: Math.round(loop.percentile(99) / 1e4) / 100,
    broadcasts: stats.broadcasts, broadcastsAcked: stats.broadcastsAcked, broadcastsExpected: stats.expected, broadcastsReceived: stats.received, foreign: stats.foreign,
    deliveredPct: stats.expected === 0 ? null : Math.round((stats.received / stats.expected) * 10000) / 100,
  };
}

const started = performance.now();
let all;
try {
  all = await Promise.all(Array.from({ length: clients }, (_, i) => connect(i)));
} catch (error) {
  console.log(JSON.stringify({ ok: false, reason: String(error.message ?? error) }));
  process.exit(1);
}
console.log(JSON.stringify({ ready: true, connectMs: Math.round(performance.now() - started), websocket: all.filter((c) => c.socket.io.engine.transport.name === "websocket").length }));
measuring = true;
loop.enable();
const cpuAtStart = process.cpuUsage();
const deadline = Date.now() + seconds * 1000;
await Promise.all(all.map((c) => talk(c, deadline)));

// What is still in flight gets its 10 s; broadcasts get until every member has them (bounded).
for (const until = Date.now() + ACK_TIMEOUT_MS + 1000; pending > 0 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 20));
for (const until = Date.now() + 3000; stats.received < stats.expected && Date.now() < until; ) await new Promise((r) => setTimeout(r, 20));
measuring = false;
loop.disable();
closing = true;
const connectedAtEnd = all.filter((c) => c.socket.connected).length;
for (const c of all) c.socket.close();
agent.destroy();
const cpu = process.cpuUsage(cpuAtStart);
console.log(JSON.stringify({ ok: true, connectedAtEnd, ...summary(), clientCpuS: Math.round((cpu.user + cpu.system) / 1e4) / 100 }));
process.exit(0);
