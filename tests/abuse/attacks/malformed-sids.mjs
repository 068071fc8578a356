// Activation amplification: GETs whose sid is anything at all: 1 to 2,000 characters (now and then 6,000)
// of any byte, percent-encoded, or blank, a NUL; 50 in flight. Nothing about them can be a session.
import { randomBytes, randomInt } from "node:crypto";
import { parseArgs, makeHttp, flood, count, report } from "../lib.mjs";

const o = parseArgs();
const deadline = Date.now() + o.seconds * 1000;
const h = makeHttp(o);
const stats = { requests: 0, statuses: {}, errors: {} };
// Every tenth sid is one of a few short nasty ones: blank (a 500 on main before issue #9's fixes), a NUL,
// line breaks, a path, bytes that are not UTF-8. (An empty sid is a handshake: that is another attack.)
const nasty = ["%20", "%09", "%20%20", "%00", "%0d%0a", "..%2f..%2f", "%ff%fe"];
const junk = () => {
  if (randomInt(10) === 0) return nasty[randomInt(nasty.length)];
  const length = randomInt(50) === 0 ? 6000 : 1 + randomInt(2000);
  return [...randomBytes(length)].map((b) => "%" + b.toString(16).padStart(2, "0")).join("");
};
await flood(50, deadline, async () => {
  const res = await h.request("GET", `${o.path}?EIO=4&transport=polling&sid=${junk()}`);
  stats.requests++;
  count(stats.statuses, res.status);
}, stats);
stats.perSecond = Math.round(stats.requests / o.seconds);
h.close();
report("malformed-sids", stats);
