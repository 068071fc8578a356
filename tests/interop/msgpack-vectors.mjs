// Test vectors for the msgpack parser, made by the real npm socket.io-msgpack-parser (notepack.io inside).
// Usage: node msgpack-vectors.mjs
// Prints one JSON line: { name: { hex, type, nsp, id, data, attachments, server } } where hex is what the reference
// Encoder writes for the packet, and type/nsp/id/data/attachments what a server should decode from it, in the JSON
// model (data as JSON.stringify writes it, each binary value replaced by {"_placeholder":true,"num":n}, its bytes in
// attachments as hex). `server` marks packets shaped as the Node server builds them (key order, no client-only fields):
// an encoder of the same JSON value must write exactly these bytes.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { Encoder, Decoder } = require("socket.io-msgpack-parser");

const bytes = (...values) => Buffer.from(values);
const text = (n, c = "x") => c.repeat(n);
const manyKeys = Object.fromEntries(Array.from({ length: 17 }, (_, i) => ["k" + i, i]));

// Server packets in the key order socket.io 4.8 builds them: emit {type, data, id?, nsp}, ack {id, type, data, nsp}.
const server = {
  "connect": { type: 0, data: { sid: "Xy7-abc_123" }, nsp: "/" },
  "connect-error": { type: 4, data: { message: "Invalid namespace" }, nsp: "/nope" },
  "connect-error-data": { type: 4, data: { message: "not authorized", data: { reason: "bad token" } }, nsp: "/" },
  "disconnect": { type: 1, nsp: "/custom" },
  "event": { type: 2, data: ["message-back", 1, "2", { 3: [true] }, null, false], nsp: "/" },
  "event-with-ack": { type: 2, data: ["question", "what is 6*7?"], id: 7, nsp: "/" },
  "ack": { id: 12, type: 3, data: [42, "ok"], nsp: "/custom" },
  "ack-large-id": { id: 70000, type: 3, data: [], nsp: "/" },
  "binary": { type: 2, data: ["echo", bytes(1, 2, 3), { nested: [bytes(4, 5)] }], nsp: "/" },
  "binary-ack": { id: 0, type: 3, data: [bytes(), bytes(255)], nsp: "/" },
  "integers": {
    type: 2,
    data: ["n", 0, 127, 128, 255, 256, 65535, 65536, 4294967295, 4294967296, 9007199254740991,
      -1, -32, -33, -128, -129, -32768, -32769, -2147483648, -2147483649, -9007199254740991],
    nsp: "/",
  },
  "floats": { type: 2, data: ["f", 0.5, -0.25, 0.1, 1.5e-300, -123.456, 5e-324, 1e19], nsp: "/" },
  "strings": { type: 2, data: ["s", "", text(31), text(32), text(255), text(256), text(65536), "héllo ✓ 😀"], nsp: "/" },
  "containers": { type: 2, data: ["c", [], {}, Array.from({ length: 15 }, (_, i) => i), Array.from({ length: 16 }, (_, i) => i), manyKeys], nsp: "/" },
  "bin-sizes": { type: 2, data: ["b", Buffer.alloc(255, 1), Buffer.alloc(256, 2), Buffer.alloc(65536, 3)], nsp: "/" },
  "namespace-unicode": { type: 2, data: ["ü"], nsp: "/ünï" },
};

// What clients send: extra fields (socket.io-client adds "options"), undefined, Dates, ArrayBuffers, numeric names.
const client = {
  "client-connect": { type: 0, data: undefined, nsp: "/" },
  "client-connect-auth": { type: 0, data: { token: "abc" }, nsp: "/custom" },
  "client-event": { type: 2, data: ["message", 1, "2"], options: { compress: true }, id: 3, nsp: "/" },
  "client-undefined": { type: 2, data: ["u", undefined, { a: undefined, b: 1 }], nsp: "/", id: undefined },
  "client-date": { type: 2, data: ["d", new Date(0), new Date(Date.UTC(2026, 10, 26, 12, 30, 15, 250)), new Date(-1000)], nsp: "/" },
  "client-arraybuffer": { type: 2, data: ["ab", new Uint8Array([9, 8, 7]).buffer], nsp: "/" },
  "client-numeric-name": { type: 2, data: [1, "x"], nsp: "/" },
  "client-non-finite": { type: 2, data: ["nan", NaN, Infinity, -Infinity], nsp: "/" },
};

function model(value, attachments) {
  if (Buffer.isBuffer(value) || value instanceof ArrayBuffer) {
    attachments.push(Buffer.from(value).toString("hex"));
    return { _placeholder: true, num: attachments.length - 1 };
  }
  if (Array.isArray(value)) return value.map((v) => model(v, attachments));
  if (value instanceof Date) return value;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, model(v, attachments)]));
  }
  return value;
}

const encoder = new Encoder();
const out = {};
for (const [group, packets] of [["server", server], ["client", client]]) {
  for (const [name, packet] of Object.entries(packets)) {
    const [encoded] = encoder.encode(packet);
    // The reference decoder must accept what it wrote: a vector it refuses would test nothing.
    const decoder = new Decoder();
    decoder.on("decoded", () => {});
    decoder.add(encoded);
    const attachments = [];
    const data = packet.data === undefined ? null : JSON.stringify(model(packet.data, attachments));
    out[name] = {
      hex: Buffer.from(encoded).toString("hex"),
      type: packet.type,
      nsp: packet.nsp,
      id: packet.id ?? null,
      data,
      attachments,
      server: group === "server",
    };
  }
}

console.log(JSON.stringify(out));
