// Activation amplification: GETs with random sids shaped like real ones (22 base64url characters), 50 in
// flight on kept-alive connections. Every one must be refused; the question is what refusing costs.
import { parseArgs, makeHttp, randomSid, sessionPath, flood, count, report } from "../lib.mjs";

const o = parseArgs();
const deadline = Date.now() + o.seconds * 1000;
const h = makeHttp(o);
const stats = { requests: 0, statuses: {}, errors: {} };
await flood(50, deadline, async () => {
  const res = await h.request("GET", sessionPath(o.path, randomSid()));
  stats.requests++;
  count(stats.statuses, res.status);
}, stats);
stats.perSecond = Math.round(stats.requests / o.seconds);
h.close();
report("random-sids", stats);
