"""Turns tests/bench/run.sh's results into docs/benchmarks.md: medians per server, ratios to Node."""
import json, os, platform, statistics, subprocess, sys, datetime

results_path, reps, seconds, out_path = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
lines = []
print = lambda text="": lines.append(text)  # noqa: E731 - the table is collected, then spliced into the document
runs = [json.loads(line) for line in open(results_path) if line.strip()]

METRICS = {
    "echo": [("msgPerSec", "acked msg/s", False), ("p50Ms", "p50 ms", True), ("p99Ms", "p99 ms", True),
             ("p999Ms", "p99.9 ms", True), ("cpuUsPerOp", "server CPU µs/echo", True)],
    "connect": [("sessionsPerSec", "sessions/s", False), ("p99Ms", "p99 ms", True), ("cpuMsPerSession", "server CPU ms/session", True)],
    "fanout": [("deliveriesPerSec", "deliveries/s", False), ("missing", "missing", True), ("cpuUsPerDelivery", "server CPU µs/delivery", True)],
    "idle": [("alive", "sessions alive", False), ("kbPerSession", "server KB/session (RSS)", True)],
    "junk": [("forgedUs", "server CPU µs per forged-sid GET", True), ("malformedUs", "µs per malformed-sid GET", True),
             ("oversizedUs", "µs per oversized POST", True)],
}
SERVERS = [("embedded", "OrleansEio embedded"), ("cluster", "OrleansEio 2 silos + 2 gateways"), ("node", "Node socket.io 4.8.4")]
SETUP = {
    "echo": "50 WebSocket clients, 4 acked `echo` emits in flight each, 32-byte payload",
    "connect": "20 concurrent loops: polling handshake, CONNECT, upgrade to WebSocket, one acked emit, close",
    "fanout": "100 WebSocket clients in one room; one sender broadcasting with 4 acked broadcasts in flight",
    "idle": "2,000 idle WebSocket sessions answering pings; RSS growth of the server processes / 2,000",
    "junk": "Requests no session can answer, 50 in flight: 20,000 GETs with a forged sid shaped like a real one, 20,000 GETs "
            "with a malformed sid (1 to 300 random bytes), 2,000 POSTs of 1,000,001 bytes to unknown sids; server CPU / requests",
}

def median(scenario, server, key):
    values = [r["result"][key] for r in runs if r["result"]["scenario"] == scenario and r["server"] == server and key in r["result"]]
    return statistics.median(values) if values else None

def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
    except Exception:
        return "?"

cpu = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip()
# run.sh passes the environment on to every OrleansEio server: the table says which telemetry they ran with.
telemetry = ", ".join(f"`{k}={os.environ[k]}`" for k in ("Telemetry__Prometheus__Enabled", "Telemetry__Otlp__Endpoint") if os.environ.get(k))
mem = sh("awk '/MemTotal/ {printf \"%.0f GiB\", $2/1048576}' /proc/meminfo")
print(f"Measured {datetime.date.today().isoformat()} by `bash tests/bench/run.sh` on {os.cpu_count()} cores ({cpu}), {mem}, "
      f"{platform.system()} {platform.release()}, .NET SDK {sh('dotnet --version')}, Node {sh('node --version')}. "
      f"Driver and servers share the same cores; each cell is the median of {reps} runs of {seconds} s, "
      "every run on a fresh server, servers alternating. CPU is the server's own (utime + stime from /proc/PID/stat, "
      "summed over every silo and gateway process in the cluster; Redis excluded), divided by the operations completed. "
      f"OrleansEio telemetry: {telemetry or 'off (the default)'}.")
print()
for scenario, metrics in METRICS.items():
    print(f"## {scenario}")
    print()
    print(SETUP[scenario] + ".")
    print()
    print("| server | " + " | ".join(label for _, label, _ in metrics) + " |")
    print("| --- | " + " | ".join("---" for _ in metrics) + " |")
    for server, name in SERVERS:
        cells = []
        for key, _, lower_is_better in metrics:
            value = median(scenario, server, key)
            peer = median(scenario, "node", key)
            if value is None:
                cells.append("–")
                continue
            text = f"{value:,.3f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"
            if server != "node" and peer not in (None, 0) and key not in ("missing", "alive"):
                text += f" ({value / peer:.2f}× Node)"
            cells.append(text)
        print(f"| {name} | " + " | ".join(cells) + " |")
    print()

START, END = "<!-- table:start -->", "<!-- table:end -->"
table = START + "\n" + "\n".join(lines) + END
try:
    document = open(out_path).read()
except FileNotFoundError:
    document = "# Benchmarks\n\n" + START + END + "\n"
head, rest = document.split(START, 1)
tail = rest.split(END, 1)[1]
open(out_path, "w").write(head + table + tail)
