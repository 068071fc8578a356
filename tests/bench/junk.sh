#!/usr/bin/env bash
# Server CPU per rejected junk request (issue #9, item 10), the embedded default next to Node socket.io 4.8.4:
# the load driver's `junk` scenario (tests/OrleansEio.LoadDriver/JunkScenario.cs) sends REQUESTS forged-sid
# GETs, REQUESTS malformed-sid GETs and REQUESTS/10 oversized POSTs to unknown sids, 50 in flight, and divides
# the server's CPU time (utime + stime from /proc/PID/stat) by the requests. Servers alternate, a fresh one
# per run; prints one JSON line per run and a table of medians.
#
#   bash tests/bench/junk.sh          # REPS=3 REQUESTS=20000; EMBEDDED_PORT=3200 NODE_PORT=3100
#                                     # EMBEDDED_SILO_PORT=11111 EMBEDDED_SILO_GATEWAY_PORT=30000
# tests/bench/run.sh runs the same scenario as `junk` for docs/benchmarks.md's table.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
REPS="${REPS:-3}"
REQUESTS="${REQUESTS:-20000}"
EMBEDDED_PORT="${EMBEDDED_PORT:-3200}"
NODE_PORT="${NODE_PORT:-3100}"
work="$(mktemp -d)"
server_pid=""
trap '[ -n "$server_pid" ] && kill -TERM "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT

(cd "$here" && npm ci --no-audit --no-fund >/dev/null)
dotnet build "$root/src/Gateway" -c Release -v q -nologo >/dev/null
dotnet build "$root/tests/OrleansEio.LoadDriver" -c Release -v q -nologo >/dev/null
driver="$root/tests/OrleansEio.LoadDriver/bin/Release/net10.0/OrleansEio.LoadDriver.dll"

wait_http() { for _ in $(seq 1 120); do curl -fs -o /dev/null --max-time 1 "$1" && return 0; sleep 0.25; done; echo "no answer from $1" >&2; return 1; }

start_embedded() {
  (cd "$root/src/Gateway/bin/Release/net10.0" && exec env Urls="http://127.0.0.1:$EMBEDDED_PORT" Logging__LogLevel__Default=Warning TestApps__Enabled=true \
    Cluster__SiloPort="${EMBEDDED_SILO_PORT:-11111}" Cluster__GatewayPort="${EMBEDDED_SILO_GATEWAY_PORT:-30000}" dotnet OrleansEio.Gateway.dll) >"$work/embedded.log" 2>&1 &
  server_pid=$!; url="http://127.0.0.1:$EMBEDDED_PORT"; wait_http "$url/healthz"
}

start_node() {
  (cd "$here" && exec env PORT="$NODE_PORT" node node-server.mjs) >"$work/node.log" 2>&1 &
  server_pid=$!; url="http://127.0.0.1:$NODE_PORT"
  for _ in $(seq 1 40); do grep -q listening "$work/node.log" && break; sleep 0.25; done
}

stop_server() { kill -TERM "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""; }

for rep in $(seq 1 "$REPS"); do
  for server in embedded node; do
    "start_$server"
    line="$(dotnet "$driver" junk --url "$url" --pids "$server_pid" --clients 50 --requests "$REQUESTS")"
    echo "{\"server\":\"$server\",\"rep\":$rep,\"result\":$line}" | tee -a "$work/junk.jsonl"
    stop_server
  done
done

python3 - "$work/junk.jsonl" <<'PY'
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
def med(server, key):
    return statistics.median(r["result"][key] for r in runs if r["server"] == server)
print("| server | forged sid GET µs | malformed sid GET µs | oversized POST µs |")
print("| --- | --- | --- | --- |")
for server, name in (("embedded", "OrleansEio embedded"), ("node", "Node socket.io 4.8.4")):
    print(f"| {name} | " + " | ".join(f"{med(server, k):g}" for k in ("forgedUs", "malformedUs", "oversizedUs")) + " |")
PY
