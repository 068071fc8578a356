// Activation amplification: the readiness probe from the internet, 50 in flight. Through the balancer it
// is public; it must not cost a grain call per request.
import { parseArgs, makeHttp, flood, count, report } from "../lib.mjs";

const o = parseArgs();
const deadline = Date.now() + o.seconds * 1000;
const h = makeHttp(o);
const stats = { requests: 0, statuses: {}, errors: {} };
await flood(50, deadline, async () => {
  const res = await h.request("GET", "/readyz", { timeoutMs: 5000 });
  stats.requests++;
  count(stats.statuses, res.status);
}, stats);
stats.perSecond = Math.round(stats.requests / o.seconds);
h.close();
report("readyz", stats);
