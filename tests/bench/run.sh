#!/usr/bin/env bash
# Benchmarks side by side: the embedded default, a 2-silo + 2-gateway cluster (deploy/local/cluster.sh,
# no balancer: clients are spread over the gateways, CPU and memory summed over all processes), and Node
# socket.io 4.8 with the same contract (tests/bench/node-server.mjs). For every scenario the servers
# alternate, each run on a fresh server; the table keeps the median of REPS runs.
#
#   bash tests/bench/run.sh    # REPS=3 SECONDS_PER_RUN=5 SCENARIOS="echo connect fanout idle junk" by default;
#                              # SERVERS="embedded cluster node"; needs curl and redis-server (for the cluster)
#
# It replaces the table between the markers in docs/benchmarks.md (OUT) and keeps the raw runs in
# docs/benchmarks-latest.jsonl (LATEST). Environment variables reach every OrleansEio server, so the cost of the
# metrics is the same run with and without Telemetry__Prometheus__Enabled=true (docs/operations.md), e.g.
#   SCENARIOS=echo SERVERS="embedded cluster" OUT=/tmp/off.md LATEST=/tmp/off.jsonl bash tests/bench/run.sh
#   Telemetry__Prometheus__Enabled=true SCENARIOS=echo SERVERS="embedded cluster" OUT=/tmp/on.md LATEST=/tmp/on.jsonl bash tests/bench/run.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
REPS="${REPS:-3}"
SECONDS_PER_RUN="${SECONDS_PER_RUN:-5}"
out="${OUT:-$root/docs/benchmarks.md}"
work="$(mktemp -d)"
results="$work/results.jsonl"

# Production settings, plus the test apps (the interop app is what the load driver speaks to) and handshake
# budgets wide enough for the connect scenario, whose clients all come from 127.0.0.1: the per-address budget
# exists to stop exactly that. cluster.sh passes these on to every node.
export TestApps__Enabled=true
export Gateway__Handshakes__PerSecondPerAddress=1000000 Gateway__Handshakes__BurstPerAddress=1000000
export Gateway__Handshakes__PerSecond=1000000 Gateway__Handshakes__Burst=1000000
trap 'pkill -f "OrleansEio.Gateway.dll --bench=1" 2>/dev/null || true; pkill -f "node-server.mjs" 2>/dev/null || true; CLUSTER_DIR="$work/cluster" bash "$root/deploy/local/cluster.sh" down >/dev/null 2>&1 || true' EXIT

(cd "$here" && npm ci --no-audit --no-fund >/dev/null)
dotnet build "$root/src/Gateway" -c Release -v q -nologo >/dev/null
dotnet build "$root/tests/OrleansEio.LoadDriver" -c Release -v q -nologo >/dev/null
driver="$root/tests/OrleansEio.LoadDriver/bin/Release/net10.0/OrleansEio.LoadDriver.dll"

wait_http() { for _ in $(seq 1 120); do curl -fs -o /dev/null --max-time 1 "$1" && return 0; sleep 0.25; done; echo "no answer from $1" >&2; return 1; }

# start_SERVER sets URLS and PIDS; stop_SERVER stops it.
start_embedded() {
  (cd "$root/src/Gateway/bin/Release/net10.0" && exec env Urls=http://127.0.0.1:3200 Logging__LogLevel__Default=Warning dotnet OrleansEio.Gateway.dll --bench=1) >"$work/embedded.log" 2>&1 &
  PIDS=$!; URLS=http://127.0.0.1:3200; wait_http "$URLS/healthz"
}
stop_embedded() { kill -TERM "$PIDS"; wait "$PIDS" 2>/dev/null || true; }

start_node() {
  (cd "$here" && exec env PORT=3100 node node-server.mjs) >"$work/node.log" 2>&1 &
  PIDS=$!; URLS=http://127.0.0.1:3100
  for _ in $(seq 1 40); do grep -q listening "$work/node.log" && break; sleep 0.25; done
}
stop_node() { kill -TERM "$PIDS"; wait "$PIDS" 2>/dev/null || true; }

start_cluster() {
  local status
  status="$(CLUSTER_DIR="$work/cluster" LB_PORT=13900 GATEWAY_PORT=13901 SILO_HTTP_PORT=13981 SILO_PORT=21911 SILO_GATEWAY_PORT=23900 REDIS_PORT=16399 \
    Logging__LogLevel__Default=Warning bash "$root/deploy/local/cluster.sh" up --silos 2 --gateways 2 --no-lb)"
  PIDS="$(echo "$status" | awk '$1=="silo"||$1=="gateway"{print $4}' | paste -sd, -)"
  URLS="$(echo "$status" | awk '$1=="gateway"{print $2}' | paste -sd, -)"
}
stop_cluster() { CLUSTER_DIR="$work/cluster" REDIS_PORT=16399 bash "$root/deploy/local/cluster.sh" down >/dev/null; }

declare -A args=(
  [echo]="--clients 50 --window 4 --size 32"
  [connect]="--clients 20"
  [fanout]="--clients 100 --window 4"
  [idle]="--clients 2000"
  [junk]="--clients 50 --requests 20000"
)

for scenario in ${SCENARIOS:-echo connect fanout idle junk}; do
  for rep in $(seq 1 "$REPS"); do
    for server in ${SERVERS:-embedded cluster node}; do
      "start_$server"
      # shellcheck disable=SC2086
      line="$(dotnet "$driver" "$scenario" --url "$URLS" --pids "$PIDS" --seconds "$SECONDS_PER_RUN" ${args[$scenario]})"
      echo "{\"server\":\"$server\",\"rep\":$rep,\"result\":$line}" | tee -a "$results"
      "stop_$server"
    done
  done
done

# MERGE=file.jsonl adds earlier runs (other scenarios) to this table.
[ -n "${MERGE:-}" ] && cat "$MERGE" >> "$results"
cp "$results" "${LATEST:-$root/docs/benchmarks-latest.jsonl}"
python3 "$here/table.py" "$results" "$REPS" "$SECONDS_PER_RUN" "$out"
echo "wrote $out"
