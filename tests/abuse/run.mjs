// The abuse suite's runner (issue #9, item 9): a no-attack baseline of the honest load, then each attack
// with the honest load running beside it; one JSON line per phase.
//
//   node run.mjs --start cluster [--attacks all|a,b] [--seconds 15]   # deploy/local/cluster.sh, 2 silos, 3 gateways, nginx
//   node run.mjs --start node ...                                     # tests/bench/node-server.mjs (socket.io 4.8.4)
//   node run.mjs --cluster-dir DIR ...                                # a cluster that is already up
//   node run.mjs --url http://127.0.0.1:3000 --pids 1,2 ...           # anything else
//   --attacks none: the baseline alone; --class memory: the attacks of one class (attacks.mjs)
//
// Options: --baseline-p99 MS (skip the baseline run), --pong-seconds 50 (the pong attack must outlive the
// heartbeat to show anything), --background pongs (it runs beside the other phases, not in its own), --rss-cap-mb 3000 (an attack is stopped once the server grew this much, so a
// broken server cannot take the machine with it), --settle 3 (seconds between phases).
// Honest clients connect from 127.0.0.2, attackers from 127.0.0.3; each line shows the peers the target saw.
import { spawn, execFileSync } from "node:child_process";
import { createInterface } from "node:readline";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ATTACKS, verdict } from "./attacks.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const argv = process.argv.slice(2);
const get = (name, fallback) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : fallback; };
const seconds = Number(get("seconds", 15));
const pongSeconds = Number(get("pong-seconds", 50));
const rssCapMb = Number(get("rss-cap-mb", 3000));
const settleMs = Number(get("settle", 3)) * 1000;
const names = get("class", null) !== null
  ? Object.keys(ATTACKS).filter((a) => ATTACKS[a].class === get("class"))
  : get("attacks", "all") === "all" ? Object.keys(ATTACKS) : get("attacks").split(",").filter((a) => a && a !== "none");
const env = process.env;
const target = await startTarget(get("start", null));
process.on("SIGINT", () => { target.stop(); process.exit(130); });

try {
  let baselineP99 = get("baseline-p99", null) === null ? null : Number(get("baseline-p99"));
  if (baselineP99 === null) {
    const baseline = await phase(null, seconds);
    baselineP99 = baseline.honest.p99Ms;
    print(baseline);
  }
  // --background pongs: the pong attack runs beside the other phases instead of one of its own; it only has to
  // outlive the heartbeat, and its verdict is its own (sessions still alive), printed last.
  const background = get("background", null) !== null && names.includes(get("background")) ? get("background") : null;
  const behind = background
    ? child(ATTACKS[background].script, [target.url, String(Math.max(pongSeconds, seconds)), "--local", "127.0.0.3"])
    : null;
  for (const name of names.filter((n) => n !== background)) {
    if (!ATTACKS[name]) throw new Error(`unknown attack ${name}; known: ${Object.keys(ATTACKS).join(", ")}`);
    if (ATTACKS[name].only && ATTACKS[name].only !== target.kind) {
      print({ attack: name, class: ATTACKS[name].class, target: target.kind, skipped: `only meaningful against ${ATTACKS[name].only}` });
      continue;
    }
    const line = await phase(name, name === "pongs" ? Math.max(seconds, pongSeconds) : seconds);
    print({ ...line, baselineP99Ms: baselineP99, ...verdict(line, baselineP99) });
  }
  if (behind) {
    const attacker = await behind.next((pongSeconds + 120) * 1000);
    const line = { attack: background, class: ATTACKS[background].class, target: target.kind, background: true, seconds: attacker?.seconds ?? null,
      attacker: attacker ?? { ok: false, reason: behind.stderr() }, alive: target.alive() };
    const failures = attacker?.aliveAtEnd > 0 ? [`${attacker.aliveAtEnd} pong-only sessions outlived the heartbeat`] : attacker ? [] : ["no verdict"];
    if (!line.alive) failures.push("a server process died");
    print({ ...line, pass: failures.length === 0, failures });
  }
} finally {
  target.stop();
}

function print(line) {
  console.log(JSON.stringify(line));
}

/** One phase: honest clients connect, then (unless baseline) the attacker runs as long as they measure. */
async function phase(name, phaseSeconds) {
  const honest = child("honest.mjs", [target.url, String(phaseSeconds), "--local", "127.0.0.2"], { nice: -10 });
  const ready = await honest.next(60000);
  if (!ready?.ready) {
    // The server could not even take the honest clients in: that is this phase's verdict, and the next goes on.
    honest.kill();
    const line = { attack: name ?? "baseline", class: name ? ATTACKS[name].class : null, target: target.kind, seconds: phaseSeconds,
      honest: { ok: false, reason: `did not connect: ${ready?.reason ?? honest.stderr()}` }, attacker: null, alive: target.alive(), loadAvg1m: os.loadavg()[0] };
    await new Promise((r) => setTimeout(r, settleMs));
    return line;
  }
  const pids = target.pids();
  const logBefore = logBytes();
  const rssBefore = rssMb(pids);
  const cpuBefore = cpuSeconds(pids);
  let attacker = null;
  let capped = false;
  let peak = rssBefore;
  let peers = {};
  if (name) attacker = child(ATTACKS[name].script, [target.url, String(phaseSeconds), "--local", "127.0.0.3"]);
  const sampler = setInterval(() => {
    const now = rssMb(pids);
    peak = Math.max(peak, now);
    if (attacker && now - rssBefore > rssCapMb && !capped) { capped = true; attacker.kill(); }
  }, 500);
  const peersAt = setTimeout(() => { peers = peersOf(target.port); }, Math.min(phaseSeconds * 500, 5000));
  const attackResult = attacker ? await attacker.next((phaseSeconds + 60) * 1000) : await new Promise((r) => setTimeout(() => r(null), phaseSeconds * 1000));
  const rssEnd = rssMb(pids);
  const cpuUsed = cpuSeconds(pids) - cpuBefore;
  const honestResult = await honest.next(90000);
  clearInterval(sampler);
  clearTimeout(peersAt);
  const line = {
    attack: name ?? "baseline", class: name ? ATTACKS[name].class : null, target: target.kind, seconds: phaseSeconds,
    honest: honestResult ?? { ok: false, reason: `no verdict: ${honest.stderr()}` },
    attacker: attackResult ?? (attacker ? { ok: false, reason: capped ? "stopped at the RSS cap" : `no verdict: ${attacker.stderr()}` } : null),
    rssBeforeMb: Math.round(rssBefore), rssEndMb: Math.round(rssEnd), rssPeakMb: Math.round(Math.max(peak, rssEnd)),
    rssGrowthMb: Math.round(rssEnd - rssBefore), rssCapped: capped, serverCpuS: Math.round(cpuUsed * 100) / 100,
    logMb: Math.round(((logBytes() - logBefore) / 1048576) * 100) / 100, peers,
    alive: target.alive(), loadAvg1m: Math.round(os.loadavg()[0] * 100) / 100,
  };
  await new Promise((r) => setTimeout(r, settleMs));
  return line;
}

/** A node script of this folder whose stdout is JSON lines; next() is the next line (bounded). */
// The honest clients are the measuring instrument: as root they run at a higher priority, so that on a busy
// machine their round trips measure the server rather than their own wait for a core (clientLoopDelayP99Ms
// in their verdict says how much waiting was left).
function child(script, args, { nice = 0 } = {}) {
  const command = nice !== 0 && process.getuid?.() === 0 ? ["nice", ["-n", String(nice), process.execPath]] : [process.execPath, []];
  const proc = spawn(command[0], [...command[1], path.join(here, script), ...args], { cwd: here, stdio: ["ignore", "pipe", "pipe"] });
  const lines = [];
  const waiters = [];
  let err = "";
  proc.stderr.on("data", (d) => { err = (err + d).slice(-4000); });
  createInterface({ input: proc.stdout }).on("line", (l) => {
    let value;
    try { value = JSON.parse(l); } catch { return; }
    if (waiters.length) waiters.shift()(value); else lines.push(value);
  });
  proc.on("exit", () => { while (waiters.length) waiters.shift()(null); });
  return {
    next: (ms) => new Promise((resolve) => {
      if (lines.length) return resolve(lines.shift());
      if (proc.exitCode !== null) return resolve(null);
      const timer = setTimeout(() => { proc.kill("SIGKILL"); resolve(null); }, ms);
      waiters.push((v) => { clearTimeout(timer); resolve(v); });
    }),
    kill: () => proc.kill("SIGKILL"),
    stderr: () => err,
  };
}

function rssMb(pids) {
  let kb = 0;
  for (const pid of pids) {
    try { kb += Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))[1]); } catch { /* gone */ }
  }
  return kb / 1024;
}

function cpuSeconds(pids) {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch { /* gone */ }
  }
  return ticks / 100; // USER_HZ
}

function logBytes() {
  return target.logs().reduce((sum, f) => { try { return sum + fs.statSync(f).size; } catch { return sum; } }, 0);
}

/** Established connections to the target's port, by the client's address: proof of who came from where. */
function peersOf(port) {
  const counts = {};
  try {
    const out = execFileSync("ss", ["-Htn", "state", "established", `( dport = :${port} )`], { encoding: "utf8" });
    for (const line of out.split("\n")) {
      const local = line.trim().split(/\s+/)[2];
      if (local) { const ip = local.slice(0, local.lastIndexOf(":")); counts[ip] = (counts[ip] ?? 0) + 1; }
    }
  } catch { /* ss missing */ }
  return counts;
}

async function startTarget(start) {
  if (start === "node") return startNode();
  const clusterDir = start === "cluster" ? startCluster() : get("cluster-dir", null);
  if (clusterDir) return clusterTarget(clusterDir, start === "cluster");
  const url = get("url", "http://127.0.0.1:3000");
  const pids = (get("pids", "") ?? "").split(",").filter(Boolean).map(Number);
  return { kind: get("kind", "other"), url, port: new URL(url).port, pids: () => pids, logs: () => [], alive: () => pids.every(alive), stop() {} };
}

function alive(pid) {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

function clusterEnv(dir) {
  const base = Number(env.PORT_BASE ?? 14000);
  return {
    ...env, CLUSTER_DIR: dir, LB_PORT: env.LB_PORT ?? String(base), GATEWAY_PORT: env.GATEWAY_PORT ?? String(base + 1),
    SILO_HTTP_PORT: env.SILO_HTTP_PORT ?? String(base + 81), SILO_PORT: env.SILO_PORT ?? String(base + 111),
    SILO_GATEWAY_PORT: env.SILO_GATEWAY_PORT ?? String(base + 200), REDIS_PORT: env.REDIS_PORT ?? String(base + 390),
    TestApps__Enabled: "true", Logging__LogLevel__Default: env.Logging__LogLevel__Default ?? "Information",
  };
}

function startCluster() {
  const dir = env.CLUSTER_DIR ?? "/tmp/abuse-cluster";
  execFileSync("bash", [path.join(root, "deploy/local/cluster.sh"), "up", "--silos", "2", "--gateways", "3"], { env: clusterEnv(dir), stdio: ["ignore", "ignore", "inherit"] });
  return dir;
}

function clusterTarget(dir, owned) {
  const status = () => {
    let out = "";
    try { out = execFileSync("bash", [path.join(root, "deploy/local/cluster.sh"), "status"], { env: clusterEnv(dir), encoding: "utf8" }); } catch (e) { out = e.stdout ?? ""; }
    return out.split("\n").map((l) => l.split(" ")).filter((f) => f.length === 4 && f[2] === "pid");
  };
  const lb = status().find((f) => f[0] === "lb");
  if (!lb) throw new Error(`no balancer in ${dir}`);
  const processes = fs.readFileSync(path.join(dir, "processes"), "utf8").split("\n").map((l) => l.split(" ")).filter((f) => f[0] === "silo" || f[0] === "gateway");
  const serverPids = processes.map((f) => Number(f[2]));
  return {
    kind: "cluster", url: lb[1], port: new URL(lb[1]).port,
    pids: () => serverPids,
    logs: () => fs.readdirSync(dir).filter((f) => /^(silo|gateway)-\d+\.log$/.test(f)).map((f) => path.join(dir, f)),
    alive: () => serverPids.every(alive),
    stop: () => { if (owned) execFileSync("bash", [path.join(root, "deploy/local/cluster.sh"), "down"], { env: clusterEnv(dir), stdio: "ignore" }); },
  };
}

async function startNode() {
  const port = get("node-port", "14500");
  const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "abuse-node-")), "node.log");
  const out = fs.openSync(log, "a");
  const proc = spawn(process.execPath, [path.join(root, "tests/bench/node-server.mjs")], { env: { ...env, PORT: port }, stdio: ["ignore", out, out] });
  for (let i = 0; i < 80 && !fs.readFileSync(log, "utf8").includes("listening"); i++) await new Promise((r) => setTimeout(r, 250));
  if (!fs.readFileSync(log, "utf8").includes("listening")) throw new Error(`node-server did not start: ${fs.readFileSync(log, "utf8")} (npm ci in tests/bench?)`);
  return {
    kind: "node", url: `http://127.0.0.1:${port}`, port, pids: () => [proc.pid], logs: () => [log], alive: () => proc.exitCode === null,
    stop: () => { proc.kill("SIGTERM"); fs.rmSync(path.dirname(log), { recursive: true, force: true }); },
  };
}
