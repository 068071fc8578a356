// Memory: binary packets that announce 256 attachments of almost 1 MB each (just under maxHttpBufferSize),
// send 255 of them and never the last: every session keeps an incomplete 255 MB packet, and the next
// session starts another. Sending waits for the socket to drain, so this is what the server accepts.
import { parseArgs, openWebSocket, socketIoConnect, flood, drained, report } from "../lib.mjs";

const o = parseArgs();
const deadline = Date.now() + o.seconds * 1000;
const attachment = Buffer.alloc(999_000, 0x61);
const header = `4256-["echo",${Array.from({ length: 256 }, (_, num) => `{"_placeholder":true,"num":${num}}`).join(",")}]`;
const stats = { sessions: 0, attachmentsSent: 0, mbSent: 0, closedByServer: 0, closeCodes: {}, errors: {} };
const sessions = [];
await flood(1, deadline, async () => {
  const session = await socketIoConnect(await openWebSocket(o));
  sessions.push(session);
  stats.sessions++;
  session.ws.send(header);
  for (let i = 0; i < 255 && Date.now() < deadline && !session.closed; i++) {
    session.ws.send(attachment);
    stats.attachmentsSent++;
    stats.mbSent += attachment.length / 1048576;
    await drained(session.ws);
  }
}, stats);
for (const s of sessions) {
  if (s.closed) { stats.closedByServer++; stats.closeCodes[s.closeCode] = (stats.closeCodes[s.closeCode] ?? 0) + 1; }
  s.ws.terminate();
}
stats.mbSent = Math.round(stats.mbSent);
report("attachments", stats);
