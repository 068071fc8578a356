// Global budgets: polling handshakes from one address, 50 in flight, each with 4 KB of extra headers and
// never used again: every one is a session that lives until its heartbeat times out.
import { parseArgs, makeHttp, flood, count, report } from "../lib.mjs";

const o = parseArgs();
const deadline = Date.now() + o.seconds * 1000;
const h = makeHttp(o);
const stats = { requests: 0, opened: 0, statuses: {}, errors: {} };
const headers = { "x-padding": "h".repeat(4096), "user-agent": "abuse-suite" };
await flood(50, deadline, async () => {
  const res = await h.request("GET", `${o.path}?EIO=4&transport=polling`, { headers });
  stats.requests++;
  if (res.status === 200 && res.body[0] === "0") stats.opened++;
  count(stats.statuses, res.status);
}, stats);
stats.perSecond = Math.round(stats.requests / o.seconds);
h.close();
report("handshakes", stats);
