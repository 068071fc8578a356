// Turns run.mjs's JSON lines into docs/security.md's table: one row per attack, one column per run.
//
//   node table.mjs "OrleansEio (before fixes)=a.jsonl" "Node socket.io 4.8.4=b.jsonl" ["OrleansEio (after)=c.jsonl"]
//
// A cell: honest acks lost, disconnects, p99 against that run's own no-attack p99, room broadcasts delivered,
// server RSS growth, and what the attacker got out of it; failures of the bar are in bold.
import fs from "node:fs";
import { ATTACKS } from "./attacks.mjs";

const columns = process.argv.slice(2).map((arg) => {
  const [title, file] = arg.split("=");
  const lines = file && fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l)) : [];
  return { title, byAttack: Object.fromEntries(lines.map((l) => [l.attack, l])) };
});

const bold = (ok, text) => (ok ? text : `**${text}**`);
const signed = (n) => (n < 0 ? `−${-n}` : `+${n}`);

function attackerNote(a) {
  if (!a || !a.attack) return a?.reason ?? "";
  switch (a.attack) {
    case "unread-polling": return `${a.mbSent} MB sent, session ${a.sessionStillAccepted ? "still accepted" : "refused"}`;
    case "attachments": return `${a.mbSent} MB of attachments, ${a.closedByServer} of ${a.sessions} sessions closed`;
    case "placeholders": return `${a.packets} packets, ${a.closedByServer} sessions closed`;
    case "rooms": return `${a.acked} joins of 32 KB names acked`;
    case "namespaces": return `${a.connects} CONNECTs, ${a.closedByServer} sessions closed`;
    case "slow-reader": return `${a.mbAsked} MB of echoes asked, ${a.closedByServer} of ${a.sessions} closed`;
    case "pongs": return bold(a.aliveAtEnd === 0 || a.seconds <= 45, `${a.aliveAtEnd} of ${a.sessions} pong-only sessions alive after ${a.seconds} s`);
    case "cross-client": return `${a.packets} hostile packets, ${a.closedByServer} sessions closed`;
    case "handshakes": return `${a.opened} sessions opened (${a.perSecond}/s)`;
    case "log-flood": return `${a.events} throwing events`;
    default: return `${a.requests} requests (${a.perSecond}/s): ${Object.entries(a.statuses ?? {}).map(([s, n]) => bold(s !== "500", `${n}× ${s}`)).join(", ")}`;
  }
}

function cell(line, baseline) {
  if (!line) return "–";
  if (line.skipped) return `n/a (${line.skipped})`;
  if (line.background) return `ran beside the other attacks; ${attackerNote(line.attacker)}`;
  const h = line.honest ?? {};
  if (!h.ok) return `**honest load failed: ${h.reason}**`;
  baseline = line.baselineP99Ms ?? baseline;
  const ratio = h.p99Ms / baseline;
  const bound = Math.max(2 * baseline, baseline + 50);
  const parts = [
    bold(h.lostAcks === 0, `${h.lostAcks} lost`),
    bold(h.disconnects === 0, `${h.disconnects} disc.`),
    bold(h.p99Ms <= bound, `p99 ${Math.round(h.p99Ms)} ms (×${ratio.toFixed(1)})`),
    bold(h.deliveredPct === 100 && h.foreign === 0, `rooms ${h.deliveredPct} %`),
    bold(line.rssGrowthMb <= 100, `RSS ${signed(line.rssGrowthMb)} MB${line.rssCapped ? " (capped)" : ""}`),
  ];
  if (line.class === "log") parts.push(bold(line.logMb <= 1, `log +${line.logMb} MB`));
  if (!line.alive) parts.push("**a process died**");
  const note = attackerNote(line.attacker);
  return parts.join(", ") + (note ? `; ${note}` : "");
}

console.log(`| attack | class | ${columns.map((c) => c.title).join(" | ")} |`);
console.log(`| --- | --- | ${columns.map(() => "---").join(" | ")} |`);
const base = (c) => c.byAttack.baseline?.honest?.p99Ms;
console.log(`| no attack (baseline) | | ${columns.map((c) => c.byAttack.baseline ? `p99 ${Math.round(base(c))} ms, p50 ${Math.round(c.byAttack.baseline.honest.p50Ms)} ms, rooms ${c.byAttack.baseline.honest.deliveredPct} %` : "–").join(" | ")} |`);
for (const [name, attack] of Object.entries(ATTACKS)) {
  console.log(`| ${name} | ${attack.class} | ${columns.map((c) => cell(c.byAttack[name], base(c))).join(" | ")} |`);
}
