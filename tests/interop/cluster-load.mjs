// Many official socket.io-client sessions through a round-robin balancer, for the cluster tests.
// Usage: node cluster-load.mjs <lbUrl> <sessions> <messages>
// Each session connects with polling then upgrade, sends <messages> acked echoes in order, and joins
// one of two rooms; one sender broadcasts to each room. Prints one JSON line of what was observed.
import { io } from "socket.io-client";

const [baseUrl, sessionsArg, messagesArg] = process.argv.slice(2);
const sessions = Number(sessionsArg);
const messages = Number(messagesArg);
setTimeout(() => fail("timed out"), 90000);

function fail(reason) {
  console.log(JSON.stringify({ ok: false, reason }));
  process.exit(1);
}

const call = (socket, event, ...args) =>
  new Promise((resolve, reject) => socket.timeout(20000).emit(event, ...args, (err, ...answer) => (err ? reject(err) : resolve(answer))));

async function run(index) {
  const socket = io(baseUrl, { path: "/socket.io/", forceNew: true, reconnection: false, transports: ["polling", "websocket"] });
  const received = [];
  socket.on("disconnect", (reason, details) => console.error(`session ${index} disconnected: ${reason} ${details?.description?.message ?? details?.message ?? ""}`));
  socket.on("room-news", (n) => received.push(n));
  await new Promise((resolve, reject) => { socket.once("connect", resolve); socket.once("connect_error", reject); });
  const sid = socket.io.engine.id;
  // Keep talking while the upgrade happens: requests of one session spread over every gateway.
  const echoes = [];
  for (let i = 0; i < messages; i++) {
    const [answer] = await call(socket, "echo", `${index}:${i}`);
    echoes.push(answer);
  }
  const inOrder = echoes.every((e, i) => e === `${index}:${i}`);
  const room = index % 2 === 0 ? "even" : "odd";
  await call(socket, "join", room);
  return { socket, sid, inOrder, received, room, upgraded: socket.io.engine.transport.name === "websocket" };
}

const clients = await Promise.all(Array.from({ length: sessions }, (_, i) => run(i)));
const sender = clients[0].socket;
for (let n = 0; n < 3; n++) {
  await call(sender, "broadcast", "even", "room-news", `even-${n}`);
  await call(sender, "broadcast", "odd", "room-news", `odd-${n}`);
}
// Every member gets each broadcast of its room once and in order; nobody gets the other room's.
for (const deadline = Date.now() + 10000; !clients.every((c) => c.received.length >= 3) && Date.now() < deadline; ) {
  await new Promise((resolve) => setTimeout(resolve, 10));
}
const roomsExact = clients.every((c) => JSON.stringify(c.received) === JSON.stringify([0, 1, 2].map((n) => `${c.room}-${n}`)));
const result = {
  ok: true,
  sessions: clients.length,
  sids: clients.map((c) => c.sid),
  allInOrder: clients.every((c) => c.inOrder),
  allUpgraded: clients.every((c) => c.upgraded),
  roomsExact,
  wrongRooms: clients.filter((c) => JSON.stringify(c.received) !== JSON.stringify([0, 1, 2].map((n) => `${c.room}-${n}`))).map((c) => c.received).slice(0, 3),
};
for (const c of clients) c.socket.close();
console.log(JSON.stringify(result));
process.exit(0);
