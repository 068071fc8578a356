// Activation amplification: POSTs of just under 1 MB (maxHttpBufferSize) to random sids, 10 in flight. A
// server that reads and parses the body before it looks at the sid pays for every byte.
import { parseArgs, makeHttp, randomSid, sessionPath, flood, count, report } from "../lib.mjs";

const o = parseArgs();
const deadline = Date.now() + o.seconds * 1000;
const h = makeHttp(o, { maxSockets: 10 });
const body = Array.from({ length: 1000 }, () => "4" + "p".repeat(995)).join("\x1e");
const stats = { requests: 0, mbSent: 0, statuses: {}, errors: {} };
await flood(10, deadline, async () => {
  const res = await h.request("POST", sessionPath(o.path, randomSid()), { body });
  stats.requests++;
  stats.mbSent += body.length / 1048576;
  count(stats.statuses, res.status);
}, stats);
stats.mbSent = Math.round(stats.mbSent);
stats.perSecond = Math.round(stats.requests / o.seconds);
h.close();
report("big-posts", stats);
