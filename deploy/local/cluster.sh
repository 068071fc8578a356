#!/usr/bin/env bash
# A local multi-process OrleansEio cluster: redis (membership), S silos, G gateways and, unless --no-lb,
# nginx in front with plain round-robin (no ip_hash, no hash, no cookies: no affinity of any kind).
#
#   deploy/local/cluster.sh up [--silos S] [--gateways G] [--no-lb]
#   deploy/local/cluster.sh add silo|gateway   (one more node in the running cluster; a gateway joins the balancer)
#   deploy/local/cluster.sh status
#   deploy/local/cluster.sh down
#
# Environment variables given to it reach every host (e.g. ASPNETCORE_ENVIRONMENT=Conformance); the
# script sets each node's ports, one sid key per cluster run for every node (EngineIo__SessionIdKeys__0, unless
# given), the test apps on (TestApps__Enabled, unless given) and, on gateways, nginx (127.0.0.1) as the trusted
# proxy whose X-Forwarded-For is the client address. Ports start at LB_PORT (3000: the balancer), GATEWAY_PORT (3001..),
# SILO_HTTP_PORT (8081..), SILO_PORT (11111..), SILO_GATEWAY_PORT (30000..) and REDIS_PORT (6390).
# State, pids and logs live in CLUSTER_DIR (deploy/local/.run).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
run="${CLUSTER_DIR:-$here/.run}"
LB_PORT="${LB_PORT:-3000}"
GATEWAY_PORT="${GATEWAY_PORT:-3001}"
SILO_HTTP_PORT="${SILO_HTTP_PORT:-8081}"
SILO_PORT="${SILO_PORT:-11111}"
SILO_GATEWAY_PORT="${SILO_GATEWAY_PORT:-30000}"
REDIS_PORT="${REDIS_PORT:-6390}"
CONFIGURATION="${CONFIGURATION:-Release}"

die() { echo "cluster.sh: $*" >&2; exit 1; }

need() {
  command -v "$1" >/dev/null 2>&1 || die "$1 is not installed; install it with: sudo apt-get install -y $2"
}

alive() { kill -0 "$1" 2>/dev/null; }

# Waits until a URL answers 200, or fails after a bound.
wait_ready() {
  local url="$1" what="$2" pid="$3"
  for _ in $(seq 1 240); do
    alive "$pid" || die "$what exited; see $run/$what.log"
    curl -fs -o /dev/null --max-time 2 "$url" && return 0
    sleep 0.25
  done
  die "$what did not become ready at $url within 60 s; see $run/$what.log"
}

print_status() {
  [ -f "$run/processes" ] || { echo "no cluster is up"; return 1; }
  local ok=0
  while read -r kind name pid address; do
    if alive "$pid"; then
      case "$kind" in
        silo) echo "silo $name pid $pid" ;;
        *) echo "$kind $address pid $pid" ;;
      esac
    else
      echo "$kind $name DEAD (pid $pid)"; ok=1
    fi
  done < "$run/processes"
  return $ok
}

silo_bin="$root/src/Silo/bin/$CONFIGURATION/net10.0"
gateway_bin="$root/src/Gateway/bin/$CONFIGURATION/net10.0"

start_silo() {
  local i="$1" http=$((SILO_HTTP_PORT + $1 - 1))
  (cd "$silo_bin" && exec env Urls="http://127.0.0.1:$http" Node__Name="silo-$i" \
    Cluster__SiloPort=$((SILO_PORT + i - 1)) Cluster__GatewayPort=$((SILO_GATEWAY_PORT + i - 1)) \
    dotnet OrleansEio.Silo.dll) >"$run/silo-$i.log" 2>&1 &
  echo "silo silo-$i $! http://127.0.0.1:$http" >> "$run/processes"
}

start_gateway() {
  local i="$1" port=$((GATEWAY_PORT + $1 - 1))
  (cd "$gateway_bin" && exec env Urls="http://127.0.0.1:$port" Node__Name="gateway-$i" Cluster__Mode=Client \
    Gateway__ForwardedHeaders__KnownProxies__0=127.0.0.1 \
    dotnet OrleansEio.Gateway.dll) >"$run/gateway-$i.log" 2>&1 &
  echo "gateway gateway-$i $! http://127.0.0.1:$port" >> "$run/processes"
}

# nginx's upstream is every gateway this cluster ever started (a dead one is skipped after one failure).
write_nginx_conf() {
  local upstreams="" k a
  while read -r k _ _ a; do
    [ "$k" = gateway ] && upstreams="$upstreams    server ${a#http://} max_fails=1 fail_timeout=5s;\n"
  done < "$run/processes"
  sed -e "s#@RUN@#$run#g" -e "s#@LB_PORT@#$LB_PORT#g" -e "s#@UPSTREAMS@#$upstreams#" "$here/nginx.conf.template" > "$run/nginx.conf"
}

add() {
  local kind="${1:-}"
  [ -f "$run/processes" ] || die "no cluster is up; run: $0 up"
  # shellcheck disable=SC1091
  . "$run/cluster.env"
  local next=$(( $(grep -c "^$kind " "$run/processes" || true) + 1 ))
  case "$kind" in
    silo) start_silo "$next" ;;
    gateway) start_gateway "$next" ;;
    *) die "add takes silo or gateway" ;;
  esac
  local line; line="$(tail -n 1 "$run/processes")"
  read -r _ name pid address <<< "$line"
  wait_ready "$address/readyz" "$name" "$pid"
  if [ "$kind" = gateway ] && grep -q "^lb " "$run/processes"; then
    write_nginx_conf
    nginx -p "$run/nginx" -c "$run/nginx.conf" -s reload 2>>"$run/nginx-error.log" || die "nginx did not reload; see $run/nginx-error.log"
  fi
  case "$kind" in
    silo) echo "silo $name pid $pid" ;;
    *) echo "$kind $address pid $pid" ;;
  esac
}

up() {
  local silos=2 gateways=3 lb=1
  while [ $# -gt 0 ]; do
    case "$1" in
      --silos) silos="$2"; shift 2 ;;
      --gateways) gateways="$2"; shift 2 ;;
      --no-lb) lb=0; shift ;;
      *) die "unknown option $1 (up [--silos S] [--gateways G] [--no-lb])" ;;
    esac
  done
  [ -f "$run/processes" ] && die "a cluster is already up ($run/processes); run: $0 down"
  need redis-server redis-server
  [ "$lb" -eq 1 ] && need nginx nginx
  need curl curl
  mkdir -p "$run"
  : > "$run/processes"

  dotnet build "$root/src/Silo" -c "$CONFIGURATION" -v q -nologo >"$run/build-silo.log" 2>&1 || die "silo build failed; see $run/build-silo.log"
  dotnet build "$root/src/Gateway" -c "$CONFIGURATION" -v q -nologo >"$run/build-gateway.log" 2>&1 || die "gateway build failed; see $run/build-gateway.log"

  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --pidfile "$run/redis.pid" --logfile "$run/redis.log" --dir "$run"
  for _ in $(seq 1 40); do [ -s "$run/redis.pid" ] && break; sleep 0.1; done
  echo "redis redis 0 127.0.0.1:$REDIS_PORT" | sed "s/ 0 / $(cat "$run/redis.pid") /" >> "$run/processes"

  # A fresh cluster id each time, so no stale membership row from an earlier run is ever consulted; one sid key
  # for all the nodes of this run (they verify each other's sids).
  local key="${EngineIo__SessionIdKeys__0:-$(head -c 32 /dev/urandom | base64)}"
  cat > "$run/cluster.env" <<ENV
export Cluster__Clustering=Redis Cluster__Redis="127.0.0.1:$REDIS_PORT" Cluster__ClusterId="local-$(date +%s)" Cluster__AdvertisedIp=127.0.0.1
export EngineIo__SessionIdKeys__0="$key" TestApps__Enabled="${TestApps__Enabled:-true}"
ENV
  # shellcheck disable=SC1091
  . "$run/cluster.env"

  for i in $(seq 1 "$silos"); do start_silo "$i"; done
  while read -r kind name pid address; do
    [ "$kind" = silo ] && wait_ready "$address/readyz" "$name" "$pid"
  done < "$run/processes"

  for i in $(seq 1 "$gateways"); do start_gateway "$i"; done
  while read -r kind name pid address; do
    [ "$kind" = gateway ] && wait_ready "$address/readyz" "$name" "$pid"
  done < "$run/processes"

  if [ "$lb" -eq 1 ]; then
    mkdir -p "$run/nginx"
    write_nginx_conf
    nginx -p "$run/nginx" -c "$run/nginx.conf" || die "nginx did not start; see $run/nginx-error.log"
    for _ in $(seq 1 40); do [ -s "$run/nginx.pid" ] && break; sleep 0.1; done
    echo "lb nginx $(cat "$run/nginx.pid") http://127.0.0.1:$LB_PORT" >> "$run/processes"
    wait_ready "http://127.0.0.1:$LB_PORT/healthz" lb "$(cat "$run/nginx.pid")"
  fi

  print_status
}

down() {
  [ -f "$run/processes" ] || { echo "no cluster is up"; return 0; }
  # Gateways and the balancer first, then silos, then redis; SIGTERM, and SIGKILL after 20 s.
  local order=(lb gateway silo redis)
  for kind in "${order[@]}"; do
    local pids=()
    while read -r k _ pid _; do [ "$k" = "$kind" ] && alive "$pid" && pids+=("$pid"); done < "$run/processes"
    [ ${#pids[@]} -eq 0 ] && continue
    kill -TERM "${pids[@]}" 2>/dev/null || true
    for _ in $(seq 1 80); do
      local left=0
      for pid in "${pids[@]}"; do alive "$pid" && left=1; done
      [ $left -eq 0 ] && break
      sleep 0.25
    done
    for pid in "${pids[@]}"; do alive "$pid" && kill -KILL "$pid" 2>/dev/null || true; done
  done
  rm -f "$run/processes"
  echo "cluster stopped"
}

case "${1:-}" in
  up) shift; up "$@" ;;
  add) shift; add "$@" ;;
  status) print_status ;;
  down) down ;;
  *) echo "usage: $0 up [--silos S] [--gateways G] [--no-lb] | add silo|gateway | status | down" >&2; exit 2 ;;
esac
