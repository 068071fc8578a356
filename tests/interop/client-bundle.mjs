// Checks the client bundles a server serves (socket.io's serveClient) by running them, as a browser would.
// Usage: node client-bundle.mjs <baseUrl>
// The UMD bundles (socket.io.min.js, socket.io.msgpack.min.js) are evaluated as classic scripts with a browser's globals
// (self, window, WebSocket from the ws package) and must define `io`; each then connects over WebSocket and echoes text
// and binary (an ArrayBuffer: the browser build of notepack.io encodes a typed array as a map of its indices): the plain bundle on /socket.io/, the msgpack bundle on /socket.io-msgpack/ (its parser must match the
// server's). The ES module bundle is imported and connects over polling with its fetch transport (text only: a browser
// build sends binary over polling through FileReader, which Node lacks).
// Prints one JSON line of observations; exits non-zero on failure or after 20 s.
import vm from "node:vm";
import WebSocket from "ws";

const [baseUrl] = process.argv.slice(2);
setTimeout(() => fail("timed out"), 20000);

function fail(reason) {
  console.log(JSON.stringify({ ok: false, reason: String(reason).slice(0, 500) }));
  process.exit(1);
}

async function download(path) {
  const response = await fetch(new URL(path, baseUrl));
  if (response.status !== 200) fail(`${path}: ${response.status}`);
  return response.text();
}

// A classic script in this realm, as a <script> tag runs it: the UMD wrapper assigns globalThis.io.
globalThis.self = globalThis;
globalThis.window = globalThis;
globalThis.WebSocket = WebSocket;
function evaluate(source) {
  delete globalThis.io;
  vm.runInThisContext(source);
  return globalThis.io;
}

async function echo(io, path, options, binary = true) {
  const socket = io(baseUrl, { path, forceNew: true, reconnection: false, ...options });
  try {
    await new Promise((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    const answer = await new Promise((resolve, reject) => socket.timeout(5000).emit("echo", "hi", ...(binary ? [new Uint8Array([1, 2, 3]).buffer] : []),
      (error, ...args) => (error ? reject(error) : resolve(args))));
    return { transport: socket.io.engine.transport.name, text: answer[0], binary: binary ? [...new Uint8Array(answer[1])] : null };
  } finally {
    socket.close();
  }
}

try {
  const plain = evaluate(await download("/socket.io/socket.io.min.js"));
  const msgpack = evaluate(await download("/socket.io-msgpack/socket.io.msgpack.min.js"));
  const esmSource = await download("/socket.io/socket.io.esm.min.js");
  const esm = await import("data:text/javascript;base64," + Buffer.from(esmSource).toString("base64"));

  const result = {
    ok: true,
    defined: { plain: typeof plain, msgpack: typeof msgpack, esm: typeof esm.io },
    plain: await echo(plain, "/socket.io/", { transports: ["websocket"] }),
    msgpack: await echo(msgpack, "/socket.io-msgpack/", { transports: ["websocket"] }),
    esm: await echo(esm.io, "/socket.io/", { transports: [esm.Fetch] }, false),
  };
  console.log(JSON.stringify(result));
  process.exit(0);
} catch (error) {
  fail(error?.message ?? error);
}
