// Cross-client harm: arguments no real client sends, aimed at the structures sessions share (the router,
// the namespace directory, the room registry). Five times a second, from a WebSocket session:
// broadcast(null, "x"), join(null), wrong types, an empty room, 42[null], 42[]; and a polling session whose
// first POST carries three CONNECTs for one namespace. A session the server closes is replaced.
import { parseArgs, makeHttp, sharedSession, pollingHandshake, sessionPath, flood, count, sleep, report } from "../lib.mjs";

const o = parseArgs();
const deadline = Date.now() + o.seconds * 1000;
const h = makeHttp(o);
const stats = { packets: 0, connectPosts: {}, errors: {} };
const hostile = [
  '42["broadcast",null,"x"]', '42["join",null]', '42["broadcast",1,2]', '42["join",["a"]]', '42["join",{"room":1}]',
  '42["join",""]', '42["broadcast","",null]', '42["broadcast"]', '42["join"]', '42[null]', '42[]', '42[1,2]',
];
const session = sharedSession(o, stats);
await Promise.all([
  flood(1, deadline, async () => {
    for (const packet of hostile) {
      const s = await session();
      s.ws.send(packet);
      stats.packets++;
    }
    await sleep(200);
  }, stats),
  flood(1, deadline, async () => {
    const sid = await pollingHandshake(h, o.path);
    const res = await h.request("POST", sessionPath(o.path, sid), { body: "40\x1e40\x1e40" });
    count(stats.connectPosts, res.status);
    await sleep(200);
  }, stats),
]);
await session.end();
h.close();
report("cross-client", stats);
