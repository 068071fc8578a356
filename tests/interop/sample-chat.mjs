// Smoke test of samples/Chat with the official socket.io-client: two clients join a room, one says
// something, the other hears it and the sender gets its ack; an HTTP announcement reaches the room.
// Usage: node sample-chat.mjs <baseUrl>. Prints one JSON line; exits non-zero on failure or after 20 s.
import { io } from "socket.io-client";

const [baseUrl] = process.argv.slice(2);
setTimeout(() => fail("timed out"), 20000);

function fail(reason) {
  console.log(JSON.stringify({ ok: false, reason }));
  process.exit(1);
}

const open = (transports) => new Promise((resolve) => {
  const socket = io(baseUrl, { transports, forceNew: true, reconnection: false });
  socket.on("connect_error", (err) => fail(`connect_error: ${err.message}`));
  socket.once("connect", () => resolve(socket));
});

const alice = await open(["polling", "websocket"]);
const bob = await open(["websocket"]);
await alice.emitWithAck("join", "lobby");
await bob.emitWithAck("join", "lobby");

const heard = new Promise((resolve) => bob.once("said", (from, text) => resolve({ from, text })));
const ack = await alice.emitWithAck("say", "lobby", "hello");
const message = await heard;

const announced = new Promise((resolve) => alice.once("said", (from, text) => resolve({ from, text })));
const response = await fetch(new URL("/announce/lobby", baseUrl), { method: "POST" });
const announcement = await announced;

console.log(JSON.stringify({ ok: true, ack, message, aliceId: alice.id, status: response.status, announcement }));
alice.close();
bob.close();
process.exit(0);
