// Drives the official engine.io-client against a server, for the xunit interop tests.
// Usage: node engineio-client.mjs <baseUrl> <polling|websocket|upgrade>
// Prints one JSON line: what was observed, for the test to assert on. Exits non-zero on failure or timeout.
import { Socket } from "engine.io-client";

const [baseUrl, mode] = process.argv.slice(2);
const deadline = setTimeout(() => fail("timed out"), 20000);

function fail(reason) {
  console.log(JSON.stringify({ ok: false, reason }));
  process.exit(1);
}

const options = {
  path: "/engine.io/",
  transports: mode === "websocket" ? ["websocket"] : ["polling", "websocket"],
  upgrade: mode === "upgrade",
};
if (mode === "polling") options.transports = ["polling"];

const socket = new Socket(baseUrl, options);
const inbox = [];
let waiter = null;
socket.on("message", (data) => {
  inbox.push(data);
  if (waiter) { const w = waiter; waiter = null; w(); }
});
socket.on("error", (err) => fail("error: " + (err && err.message)));

function next() {
  return new Promise((resolve) => {
    if (inbox.length) return resolve(inbox.shift());
    waiter = () => resolve(inbox.shift());
  });
}

socket.on("open", async () => {
  const initialTransport = socket.transport.name;
  if (mode === "upgrade" && socket.transport.name !== "websocket") {
    await new Promise((resolve) => socket.once("upgrade", resolve));
  }

  socket.send("hello");
  const text = await next();

  socket.send(Uint8Array.from([1, 2, 3, 4, 255]));
  const binary = Buffer.from(await next());

  const big = "x".repeat(100 * 1024) + "é😀";
  socket.send(big);
  const bigEcho = await next();

  const ordered = [];
  for (let i = 0; i < 20; i++) socket.send("n" + i);
  for (let i = 0; i < 20; i++) ordered.push(await next());

  const result = {
    ok: true,
    initialTransport,
    finalTransport: socket.transport.name,
    text,
    binary: [...binary],
    bigEchoed: bigEcho === big,
    bigLength: bigEcho.length,
    ordered,
  };
  clearTimeout(deadline);
  socket.close();
  console.log(JSON.stringify(result));
  process.exit(0);
});
