// Memory: one 100 KB attachment referenced by 20,000 placeholders in one event (the same `num` again and
// again): a server that copies the buffer per placeholder holds 2 GB for a 700 KB message.
import { parseArgs, sharedSession, flood, drained, report } from "../lib.mjs";

const o = parseArgs();
const deadline = Date.now() + o.seconds * 1000;
const attachment = Buffer.alloc(100_000, 0x62);
const header = `451-["nothing",${Array.from({ length: 20000 }, () => '{"_placeholder":true,"num":0}').join(",")}]`;
const stats = { packets: 0, errors: {} };
const session = sharedSession(o, stats);
await flood(1, deadline, async () => {
  const s = await session();
  s.ws.send(header);
  s.ws.send(attachment);
  stats.packets++;
  await drained(s.ws, 1024 * 1024);
}, stats);
await session.end();
report("placeholders", stats);
