// The scripted load of the Prometheus scrape test: official clients through the balancer, and what they saw, so the
// test can compare it with what Prometheus scraped from every node.
// Usage: node metrics-load.mjs <lbUrl> <upgrading> <polling> <websocket> <broadcasts>
// <upgrading> clients connect with polling and upgrade to WebSocket, <polling> stay on polling, <websocket> open on
// WebSocket. Each joins room "even" or "odd" (by its index); client 0 sends <broadcasts> broadcasts, alternately to
// each room, and every member counts what it gets. Then the junk an operator should see counted: a GET with a
// forged sid, a CONNECT to an undeclared namespace, a POST over maxHttpBufferSize on a raw session (closed after),
// and a WebSocket client whose attachments exceed SocketIo:MaxAttachmentBytes (its session closes).
// Prints one JSON line of what was observed; then waits for "close" on stdin, closes every client, prints
// {"closed": n}, and exits on "exit".
import { io } from "socket.io-client";
import { createInterface } from "node:readline";

const [baseUrl, upgradingArg, pollingArg, websocketArg, broadcastsArg] = process.argv.slice(2);
const counts = { upgrading: Number(upgradingArg), polling: Number(pollingArg), websocket: Number(websocketArg) };
const broadcasts = Number(broadcastsArg);
setTimeout(() => fail("timed out"), 120000);

function fail(reason) {
  console.log(JSON.stringify({ ok: false, reason }));
  process.exit(1);
}

const options = { path: "/socket.io/", forceNew: true, reconnection: false };
const call = (socket, event, ...args) => socket.timeout(20000).emitWithAck(event, ...args);

function connect(kind, index) {
  const transports = { upgrading: ["polling", "websocket"], polling: ["polling"], websocket: ["websocket"] }[kind];
  const socket = io(baseUrl, { ...options, transports });
  const client = { kind, socket, room: index % 2 === 0 ? "even" : "odd", received: 0 };
  socket.on("metrics-news", () => client.received++);
  return new Promise((resolve, reject) => {
    socket.once("connect_error", reject);
    socket.once("connect", () => {
      // The upgrade may finish before or after the CONNECT: wait for it either way.
      if (kind === "upgrading" && socket.io.engine.transport.name !== "websocket") {
        socket.io.engine.once("upgrade", () => resolve(client));
      } else {
        resolve(client);
      }
    });
  });
}

const kinds = [
  ...Array(counts.upgrading).fill("upgrading"),
  ...Array(counts.polling).fill("polling"),
  ...Array(counts.websocket).fill("websocket"),
];
const clients = await Promise.all(kinds.map((kind, i) => connect(kind, i)));
for (const c of clients) {
  await call(c.socket, "join", c.room);
}

const members = (room) => clients.filter((c) => c.room === room).length;
let expected = 0;
const sender = clients[0].socket;
for (let n = 0; n < broadcasts; n++) {
  const room = n % 2 === 0 ? "even" : "odd";
  expected += members(room);
  await call(sender, "broadcast", room, "metrics-news", n);
}
const received = () => clients.reduce((sum, c) => sum + c.received, 0);
for (const deadline = Date.now() + 15000; received() < expected && Date.now() < deadline; ) {
  await new Promise((resolve) => setTimeout(resolve, 10));
}

// A sid nobody issued: refused at the gateway (400, "Session ID unknown").
const eio = (query) => `${baseUrl.replace(/\/$/, "")}/socket.io/?EIO=4&transport=polling${query}`;
const forgedStatus = (await fetch(eio(`&sid=${"A".repeat(20)}`))).status;

// A namespace the app does not declare: CONNECT_ERROR on an existing connection.
const nope = sender.io.socket("/nope");
const connectError = await new Promise((resolve) => {
  nope.once("connect_error", (err) => resolve(err.message));
  nope.once("connect", () => resolve("connected"));
});

// A raw polling session that POSTs more than maxHttpBufferSize (1,000,000 bytes): 413, then it closes itself.
const handshake = await (await fetch(eio(""))).text();
const rawSid = JSON.parse(handshake.slice(1)).sid;
const tooLargeStatus = (await fetch(eio(`&sid=${rawSid}`), { method: "POST", body: "4" + "x".repeat(1_000_000) })).status;
const rawCloseStatus = (await fetch(eio(`&sid=${rawSid}`), { method: "POST", body: "1" })).status;

// Attachments of 1,200,000 bytes in all, each frame within maxHttpBufferSize: the session closes with "parse error".
const greedy = await connect("websocket", 1);
const greedyGone = new Promise((resolve) => greedy.socket.once("disconnect", resolve));
greedy.socket.emit("echo", Buffer.alloc(400_000), Buffer.alloc(400_000), Buffer.alloc(400_000));
const greedyReason = await Promise.race([greedyGone, new Promise((resolve) => setTimeout(() => resolve("still connected"), 15000))]);

console.log(JSON.stringify({
  ok: true,
  connected: Object.fromEntries(Object.keys(counts).map((k) => [k, clients.filter((c) => c.kind === k && c.socket.connected).length])),
  upgraded: clients.filter((c) => c.kind === "upgrading" && c.socket.io.engine.transport.name === "websocket").length,
  onWebSocket: clients.filter((c) => c.socket.io.engine.transport.name === "websocket").length,
  onPolling: clients.filter((c) => c.socket.io.engine.transport.name === "polling").length,
  joins: clients.length,
  broadcasts,
  expectedDeliveries: expected,
  deliveries: received(),
  forgedStatus,
  connectError,
  tooLargeStatus,
  rawCloseStatus,
  greedyReason,
}));

// Closed the way an application closes them. The process stays until the test says "exit" (it has seen the closes
// counted): exiting at once could cut the close packets and frames, and the server would count ping timeouts.
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const next = async () => {
  const { value, done } = await lines.next();
  if (done) fail("stdin closed");
  return value.trim();
};
while ((await next()) !== "close");
for (const c of clients) c.socket.close();
console.log(JSON.stringify({ closed: clients.length }));
while ((await next()) !== "exit");
process.exit(0);
