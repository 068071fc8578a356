// Turns run.mjs's JSON lines into docs/security.md's tables: one row per attack, one column per server.
//
//   node table.mjs "OrleansEio (before fixes)=a.jsonl" "Node socket.io 4.8.4=b.jsonl" ["OrleansEio (after)=c.jsonl"]
//   node table.mjs "OrleansEio (before fixes)=a.jsonl,b.jsonl,c.jsonl" ...     # several runs: the range of each figure
//
// A cell of one run: honest acks lost, disconnects, p99 against that run's own no-attack p99, room broadcasts
// delivered, server RSS growth, and what the attacker got out of it; failures of the bar are in bold.
import fs from "node:fs";
import { ATTACKS } from "./attacks.mjs";

const columns = process.argv.slice(2).map((arg) => {
  const [title, files = ""] = arg.split("=");
  const runs = files.split(",").filter((f) => f && fs.existsSync(f)).map((f) => {
    const lines = fs.readFileSync(f, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
    return Object.fromEntries(lines.map((l) => [l.attack, l]));
  });
  return { title, runs, byAttack: runs[0] ?? {} };
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

/** Several runs: each figure as a range over the runs in which the honest load ran. */
function rangeCell(runs, name) {
  const lines = runs.map((r) => [r[name], r[name]?.baselineP99Ms ?? r.baseline?.honest?.p99Ms]).filter(([l]) => l && !l.skipped && l.honest?.ok !== false);
  if (lines.length === 0) return runs.some((r) => r[name]?.skipped) ? "n/a" : "–";
  const range = (values, format = (v) => v) => {
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    return lo === hi ? format(lo) : `${format(lo)} to ${format(hi)}`;
  };
  const h = lines.map(([l]) => l.honest);
  const parts = [`${lines.length} runs`];
  if (h.every((x) => x)) {
    const lost = h.reduce((n, x) => n + x.lostAcks, 0);
    const disconnects = h.reduce((n, x) => n + x.disconnects, 0);
    parts.push(bold(lost === 0, `${lost} lost`), bold(disconnects === 0, `${disconnects} disc.`),
      bold(lines.every(([l, b]) => l.honest.p99Ms <= Math.max(2 * b, b + 50)), `p99 ×${range(lines.map(([l, b]) => Math.round((l.honest.p99Ms / b) * 10) / 10))}`),
      bold(h.every((x) => x.deliveredPct === 100), `rooms ${range(h.map((x) => x.deliveredPct))} %`),
      bold(lines.every(([l]) => l.rssGrowthMb <= 100), `RSS ${range(lines.map(([l]) => l.rssGrowthMb), signed)} MB`));
  }
  const a = lines.map(([l]) => l.attacker).filter((x) => x?.attack);
  if (name === "log-flood") parts.push(bold(lines.every(([l]) => l.logMb <= 1), `log +${range(lines.map(([l]) => l.logMb))} MB`));
  if (name === "pongs") parts.push(bold(a.every((x) => x.aliveAtEnd === 0), `alive after 50 s: ${range(a.map((x) => x.aliveAtEnd))} of 200`));
  if (name === "unread-polling") parts.push(`${range(a.map((x) => x.mbSent))} MB sent`);
  if (a[0]?.perSecond !== undefined) parts.push(`${range(a.map((x) => x.perSecond))} /s`);
  if (name === "readyz") parts.push(`503: ${range(a.map((x) => Math.round((100 * (x.statuses?.["503"] ?? 0)) / x.requests)))} %`);
  const errors = a.reduce((n, x) => n + (x.statuses?.["500"] ?? 0), 0);
  if (errors > 0) parts.push(bold(false, `${errors}× 500`));
  return parts.join(", ");
}

console.log(`| attack | class | ${columns.map((c) => c.title).join(" | ")} |`);
console.log(`| --- | --- | ${columns.map(() => "---").join(" | ")} |`);
const base = (c) => c.byAttack.baseline?.honest?.p99Ms;
console.log(`| no attack (baseline) | | ${columns.map((c) => c.runs.length > 1 ? `p99 ${c.runs.map((r) => Math.round(r.baseline?.honest?.p99Ms)).join(", ")} ms` : c.byAttack.baseline ? `p99 ${Math.round(base(c))} ms, p50 ${Math.round(c.byAttack.baseline.honest.p50Ms)} ms, rooms ${c.byAttack.baseline.honest.deliveredPct} %` : "–").join(" | ")} |`);
for (const [name, attack] of Object.entries(ATTACKS)) {
  console.log(`| ${name} | ${attack.class} | ${columns.map((c) => (c.runs.length > 1 ? rangeCell(c.runs, name) : cell(c.byAttack[name], base(c)))).join(" | ")} |`);
}
