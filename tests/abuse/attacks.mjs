// The attacks of issue #9, by class, and the bar every one is judged by (item 9 of the issue).
export const ATTACKS = {
  "cross-client": { class: "cross-client", script: "attacks/cross-client.mjs" },
  "unread-polling": { class: "memory", script: "attacks/unread-polling.mjs" },
  attachments: { class: "memory", script: "attacks/attachments.mjs" },
  placeholders: { class: "memory", script: "attacks/placeholders.mjs" },
  rooms: { class: "memory", script: "attacks/rooms.mjs" },
  namespaces: { class: "memory", script: "attacks/namespaces.mjs" },
  "slow-reader": { class: "memory", script: "attacks/slow-reader.mjs" },
  pongs: { class: "memory", script: "attacks/pongs.mjs" },
  "random-sids": { class: "amplification", script: "attacks/random-sids.mjs" },
  "malformed-sids": { class: "amplification", script: "attacks/malformed-sids.mjs" },
  "big-posts": { class: "amplification", script: "attacks/big-posts.mjs" },
  // The Node reference server has no readiness endpoint: only ours has something to protect there.
  readyz: { class: "amplification", script: "attacks/readyz.mjs", only: "cluster" },
  handshakes: { class: "global", script: "attacks/handshakes.mjs" },
  "log-flood": { class: "log", script: "attacks/log-flood.mjs" },
};

export const RSS_BUDGET_MB = 100;

// p99 at most twice the no-attack run's, with a floor: a baseline p99 of a few milliseconds on two shared
// cores moves by tens of milliseconds between two no-attack runs, and twice noise is not a bar.
export const P99_FLOOR_MS = 50;

export const p99Bound = (baselineP99) => Math.max(2 * baselineP99, baselineP99 + P99_FLOOR_MS);

/** What the issue asks of every attack: the honest clients do not notice, the server does not grow. */
export function verdict(line, baselineP99) {
  const h = line.honest ?? {};
  const failures = [];
  if (!h.ok) failures.push(`honest load failed: ${h.reason}`);
  if (h.lostAcks !== 0) failures.push(`${h.lostAcks} acks lost`);
  if (h.disconnects !== 0) failures.push(`${h.disconnects} disconnects ${JSON.stringify(h.disconnectReasons)}`);
  if (!(h.p99Ms <= p99Bound(baselineP99))) failures.push(`p99 ${h.p99Ms} ms > ${p99Bound(baselineP99)} ms`);
  if (h.deliveredPct !== 100 || h.foreign > 0) failures.push(`room broadcasts ${h.deliveredPct} % delivered, ${h.foreign} to the wrong room`);
  if (!(line.rssGrowthMb <= RSS_BUDGET_MB)) failures.push(`RSS +${line.rssGrowthMb} MB${line.rssCapped ? " (stopped at the cap)" : ""}`);
  if (!line.alive) failures.push("a server process died");
  // Bad input gets the protocol's error; a 500 is an exception that escaped to the request.
  if (line.attacker?.statuses?.["500"] > 0) failures.push(`${line.attacker.statuses["500"]} answers were 500`);
  if (line.class === "log" && line.logMb > 1) failures.push(`the logs grew by ${line.logMb} MB`);
  if (line.attacker?.aliveAtEnd > 0 && line.seconds > 45) failures.push(`${line.attacker.aliveAtEnd} pong-only sessions outlived the heartbeat`);
  return { p99Ratio: h.p99Ms && baselineP99 ? Math.round((h.p99Ms / baselineP99) * 100) / 100 : null, pass: failures.length === 0, failures };
}
