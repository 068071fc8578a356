// Memory: one socket joins as many rooms as the server lets it, each name 32 KB long, 32 joins in flight.
import { randomBytes } from "node:crypto";
import { parseArgs, sharedSession, flood, report } from "../lib.mjs";

const o = parseArgs();
const deadline = Date.now() + o.seconds * 1000;
const stats = { joins: 0, acked: 0, mbOfNames: 0, errors: {} };
const waiting = new Map();
let nextId = 0;
const onMessage = (text) => {
  const m = typeof text === "string" && /^43(\d+)/.exec(text);
  if (m && waiting.has(m[1])) { waiting.get(m[1])(); waiting.delete(m[1]); }
};
const session = sharedSession(o, stats, { onMessage });
await flood(32, deadline, async () => {
  const s = await session();
  const id = String(nextId++);
  const name = randomBytes(24 * 1024).toString("base64");
  const acked = new Promise((resolve, reject) => {
    waiting.set(id, resolve);
    setTimeout(() => { waiting.delete(id); reject(Object.assign(new Error("no ack"), { code: "NO-ACK" })); }, 10000);
  });
  s.ws.send(`42${id}["join",${JSON.stringify(name)}]`);
  stats.joins++;
  stats.mbOfNames += name.length / 1048576;
  await acked;
  stats.acked++;
}, stats);
await session.end();
stats.mbOfNames = Math.round(stats.mbOfNames);
report("rooms", stats);
