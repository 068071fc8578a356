// Drives the official socket.io-client against the interop app, for the xunit interop tests.
// Usage: node socketio-client.mjs <baseUrl> <polling|websocket|upgrade> [json|msgpack]
// With msgpack the client uses socket.io-msgpack-parser against /socket.io-msgpack/; json (the default) uses /socket.io/.
// Prints one JSON line of observations; exits non-zero on failure or after 20 s.
import { io } from "socket.io-client";
import msgpackParser from "socket.io-msgpack-parser";

const [baseUrl, mode, parser = "json"] = process.argv.slice(2);
const wire = parser === "msgpack" ? { path: "/socket.io-msgpack/", parser: msgpackParser } : { path: "/socket.io/" };
setTimeout(() => fail("timed out"), 20000);

function fail(reason) {
  console.log(JSON.stringify({ ok: false, reason }));
  process.exit(1);
}

function connect(nsp, auth) {
  const socket = io(baseUrl + nsp.slice(1), {
    ...wire,
    auth,
    forceNew: true,
    reconnection: false,
    transports: mode === "websocket" ? ["websocket"] : mode === "polling" ? ["polling"] : ["polling", "websocket"],
    upgrade: mode === "upgrade",
  });
  socket.on("connect_error", (err) => fail(`connect_error on ${nsp}: ${err.message}`));
  const authEvent = new Promise((resolve) => socket.once("auth", resolve));
  const ready = new Promise((resolve) => socket.once("connect", resolve)).then(async () => {
    if (mode === "upgrade" && socket.io.engine.transport.name !== "websocket") {
      await new Promise((resolve) => socket.io.engine.once("upgrade", resolve));
    }
  });
  return { socket, authEvent, ready };
}

const call = (socket, event, ...args) => new Promise((resolve) => socket.emit(event, ...args, (...answer) => resolve(answer)));
const next = (socket, event) => new Promise((resolve) => socket.once(event, (...args) => resolve(args)));

const main = connect("/", { token: "main" });
const custom = connect("/custom", { token: "custom" });
const member = connect("/", {});
const outsider = connect("/", {});
await Promise.all([main.ready, custom.ready, member.ready, outsider.ready]);
const [mainAuth, customAuth] = await Promise.all([main.authEvent, custom.authEvent]);

const acked = await call(main.socket, "message-with-ack", 1, "2", { 3: [true] });
const customAcked = await call(custom.socket, "message-with-ack", "on custom");

main.socket.on("double-it", (n, ack) => ack(n * 2));
const serverAsked = await call(main.socket, "request-ack", "double-it", 21);

const binaryEcho = await call(main.socket, "echo", Buffer.from([1, 2, 3]), { nested: [Buffer.from([4, 5])] });

const room = "room-" + Math.random().toString(36).slice(2);
await call(main.socket, "join", room);
await call(member.socket, "join", room);
await call(outsider.socket, "join", room + "-other");
const strays = [];
outsider.socket.on("news", (...args) => strays.push(args));
const toMain = next(main.socket, "news");
const toMember = next(member.socket, "news");
await call(main.socket, "broadcast", room, "news", "hi", Buffer.from([7]));
const [mainNews, memberNews] = await Promise.all([toMain, toMember]);
// The sender's broadcasts arrive in order: once the outsider has its own, a stray one would be here too.
const flushed = next(outsider.socket, "flush");
await call(main.socket, "broadcast", room + "-other", "flush");
await flushed;

const result = {
  ok: true,
  transport: main.socket.io.engine.transport.name,
  parser,
  mainAuth,
  customAuth,
  acked,
  customAcked,
  serverAsked,
  binaryEcho: [[...binaryEcho[0]], [...binaryEcho[1].nested[0]]],
  mainNews: [mainNews[0], [...mainNews[1]]],
  memberNews: [memberNews[0], [...memberNews[1]]],
  outsiderStrays: strays.length,
};
for (const s of [main, custom, member, outsider]) s.socket.close();
console.log(JSON.stringify(result));
process.exit(0);
