// Log floods: events whose arguments make the interop app's handlers throw (join and request-ack with an
// object where a string belongs), 2,000 a second from one WebSocket session.
import { parseArgs, sharedSession, flood, sleep, report } from "../lib.mjs";

const o = parseArgs();
const deadline = Date.now() + o.seconds * 1000;
const stats = { events: 0, errors: {} };
const session = sharedSession(o, stats);
await flood(1, deadline, async () => {
  const s = await session();
  for (let i = 0; i < 100; i++) {
    s.ws.send(i % 2 === 0 ? '42["join",{"not":"a room"}]' : '42["request-ack",{"not":"an event"}]');
    stats.events++;
  }
  await sleep(50);
}, stats);
await session.end();
stats.perSecond = Math.round(stats.events / o.seconds);
report("log-flood", stats);
