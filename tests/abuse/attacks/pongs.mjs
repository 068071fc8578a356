// Memory: polling sessions that CONNECT, never GET (so no ping ever reaches them) and POST an unsolicited
// pong every 2 s. A server that takes any pong for an answer keeps them forever; one that does not closes
// them pingInterval + pingTimeout after its ping went unanswered (45 s with production settings). The
// verdict says how many were still accepted at the end: run it longer than the heartbeat to see it. Each
// session's time counts from its own handshake (200 handshakes on a loaded machine take seconds), so a
// session counts as alive only if it was still accepted --seconds after it opened.
import { parseArgs, makeHttp, pollingHandshake, sessionPath, count, sleep, report } from "../lib.mjs";

const o = parseArgs();
const SESSIONS = 200;
const h = makeHttp(o, { maxSockets: 32 });
const stats = { sessions: 0, pongs: 0, aliveAtEnd: 0, seconds: o.seconds, statuses: {}, errors: {} };
await Promise.all(Array.from({ length: SESSIONS }, async () => {
  try {
    const sid = await pollingHandshake(h, o.path);
    await h.request("POST", sessionPath(o.path, sid), { body: "40" });
    stats.sessions++;
    const deadline = Date.now() + o.seconds * 1000;
    let status = 200;
    while (status === 200 && Date.now() + 2000 < deadline) {
      await sleep(2000);
      status = (await h.request("POST", sessionPath(o.path, sid), { body: "3" })).status;
      stats.pongs++;
      count(stats.statuses, status);
    }
    if (status === 200) stats.aliveAtEnd++;
  } catch (error) {
    count(stats.errors, error.code ?? error.message);
  }
}));
h.close();
report("pongs", stats);
