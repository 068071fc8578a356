// Memory: one session sends CONNECTs without end, 1,000 a second: random namespaces with 8 KB names (the
// interop app has only "/" and "/custom") and "/custom" again and again without ever leaving it. Nothing
// waits for the answers: whatever the server has not answered yet, it holds.
import { randomBytes } from "node:crypto";
import { parseArgs, sharedSession, flood, count, drained, sleep, report } from "../lib.mjs";

const o = parseArgs();
const deadline = Date.now() + o.seconds * 1000;
const stats = { connects: 0, answers: {}, errors: {} };
const onMessage = (text) => {
  if (typeof text === "string" && text.startsWith("40")) count(stats.answers, "connect");
  else if (typeof text === "string" && text.startsWith("44")) count(stats.answers, "connect_error");
};
const session = sharedSession(o, stats, { onMessage });
await flood(1, deadline, async () => {
  const s = await session();
  for (let i = 0; i < 50; i++) {
    const nsp = i % 2 === 0 ? "/custom" : "/" + randomBytes(6 * 1024).toString("base64url");
    s.ws.send(`40${nsp},`);
    stats.connects++;
  }
  await drained(s.ws, 1024 * 1024);
  await sleep(50);
}, stats);
await session.end();
report("namespaces", stats);
