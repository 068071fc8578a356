// Memory: a polling session that CONNECTs and never GETs again, so nothing it is owed is ever collected,
// then POSTs bodies of 2,000 `echo` events plus a pong (`3`, to look alive) back to back.
import { parseArgs, makeHttp, pollingHandshake, sessionPath, flood, count, report } from "../lib.mjs";

const o = parseArgs();
const deadline = Date.now() + o.seconds * 1000;
const h = makeHttp(o);
const body = [...Array.from({ length: 2000 }, (_, i) => `42["echo","unread-${i}"]`), "3"].join("\x1e");
const stats = { posts: 0, mbSent: 0, statuses: {}, lastStatus: null, errors: {} };
const sid = await pollingHandshake(h, o.path);
await h.request("POST", sessionPath(o.path, sid), { body: "40" });
await flood(1, deadline, async () => {
  const res = await h.request("POST", sessionPath(o.path, sid), { body });
  stats.posts++;
  stats.mbSent += Buffer.byteLength(body) / 1048576;
  stats.lastStatus = res.status;
  count(stats.statuses, res.status);
  if (res.status !== 200) throw Object.assign(new Error("refused"), { code: `refused-${res.status}` });
}, stats);
stats.mbSent = Math.round(stats.mbSent);
stats.sessionStillAccepted = stats.lastStatus === 200;
h.close();
report("unread-polling", stats);
