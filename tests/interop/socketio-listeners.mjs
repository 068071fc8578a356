// Drives the official socket.io-client against namespace /listeners of the test app (SocketIoTestApp), whose
// any-listeners, outgoing listeners, per-packet middleware and error hook log what they see; the event "seen"
// returns that log. Usage: node socketio-listeners.mjs <baseUrl> <path> <polling|websocket>
// Prints one JSON line of observations; exits non-zero on failure or after 20 s.
import { io } from "socket.io-client";

const [baseUrl, path, mode] = process.argv.slice(2);
setTimeout(() => fail("timed out"), 20000);

function fail(reason) {
  console.log(JSON.stringify({ ok: false, reason }));
  process.exit(1);
}

const socket = io(new URL("listeners", baseUrl).toString(), {
  path: path + "/",
  forceNew: true,
  reconnection: false,
  transports: [mode],
  upgrade: false,
});
socket.on("connect_error", (err) => fail(`connect_error: ${err.message}`));
await new Promise((resolve) => socket.once("connect", resolve));

const call = (event, ...args) => new Promise((resolve) => socket.emit(event, ...args, (...answer) => resolve(answer)));
const next = (event) => new Promise((resolve) => socket.once(event, (...args) => resolve(args)));
const seen = async () => (await call("seen"))[0];

// An event nobody handles still reaches the any-listeners (prepended first) and the middleware.
socket.emit("nobody-handles", 1);
const incoming = await seen();

// Outgoing listeners see the socket's own emit and a broadcast it receives, never an ack.
const direct = next("direct");
const broadcasted = next("broadcasted");
await call("emit-and-broadcast");
await Promise.all([direct, broadcasted]);
const outgoing = (await seen()).filter((line) => line.startsWith("out "));

// Five volatile emits in one handler: the first finds the transport waiting, the others find it busy.
const bursts = [];
socket.on("burst", (i) => bursts.push(i));
await call("volatile-burst");

// A middleware that throws drops the event (no handler, no ack) and the socket hears "error".
let forbiddenAnswered = false;
const errorEvent = next("error-event");
socket.emit("forbidden", "x", () => (forbiddenAnswered = true));
const error = await errorEvent;
const afterForbidden = await seen();

const once = [(await call("greet"))[0], (await call("greet"))[0]];

const result = {
  ok: true,
  transport: socket.io.engine.transport.name,
  incoming,
  outgoing,
  bursts,
  error,
  forbiddenHandled: afterForbidden.includes("handled forbidden"),
  forbiddenAnswered,
  once,
};
socket.close();
console.log(JSON.stringify(result));
process.exit(0);
