#!/usr/bin/env bash
# Fuzzes one target of OrleansEio.Fuzz with afl-fuzz (AFL++) through SharpFuzz for a given time, then prints what
# afl-fuzz counted. Usage: bash tests/OrleansEio.Fuzz/run.sh <eio-payload|eio-text|sio-packet|gateway-classify> <seconds>
# Installs what is missing: afl++ (Debian), SharpFuzz.CommandLine 2.3.0 (into .tools/ here, git-ignored).
# Findings go to findings/<target>/default/{crashes,hangs}; replay one (or a folder) uninstrumented with
#   dotnet run --project tests/OrleansEio.Fuzz -c Release -- <target> <file or folder>
set -euo pipefail

target=${1:?usage: run.sh <eio-payload|eio-text|sio-packet|gateway-classify> <seconds>}
seconds=${2:?usage: run.sh <target> <seconds>}
case "$target" in
  eio-payload|eio-text|sio-packet|gateway-classify) ;;
  *) echo "unknown target: $target" >&2; exit 2 ;;
esac

here=$(cd "$(dirname "$0")" && pwd)
tools="$here/.tools"
out="$here/out/$target"
findings="$here/findings/$target"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v afl-fuzz >/dev/null; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++
fi
if [ ! -x "$tools/sharpfuzz" ]; then
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tools"
fi

# A fresh output each time: sharpfuzz instruments in place and refuses an assembly it has already instrumented.
rm -rf "$out"
dotnet publish "$here/OrleansEio.Fuzz.csproj" -c Release -o "$out" --nologo -v quiet
"$tools/sharpfuzz" "$out/OrleansEio.Protocol.dll"
if [ "$target" = gateway-classify ]; then
  # Only the classifier: the rest of the gateway library is not reached and would only add noise to the map.
  "$tools/sharpfuzz" "$out/OrleansEio.AspNetCore.dll" OrleansEio.Gateway.EngineIo.RequestClassifier
fi

# Keep the findings of an earlier run of this target beside the new ones.
if [ -d "$findings" ]; then
  mv "$findings" "$findings.$(date +%Y%m%d-%H%M%S)"
fi
mkdir -p "$(dirname "$findings")"

dict=()
case "$target" in
  eio-payload|sio-packet) dict=(-x "$here/socketio.dict") ;;
esac

# dotnet is not instrumented itself (SharpFuzz reports coverage), hence SKIP_BIN_CHECK; the machine is shared, so no
# CPU pinning; the kernel's core pattern is left as it is, since .NET exceptions are not core dumps.
export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 AFL_NO_UI=1
status=0
afl-fuzz -i "$here/corpus/$target" -o "$findings" "${dict[@]}" -t 10000 -m none -V "$seconds" \
  -- dotnet "$out/OrleansEio.Fuzz.dll" "$target" > "$findings.log" 2>&1 || status=$?

stats="$findings/default/fuzzer_stats"
if [ ! -f "$stats" ]; then
  echo "afl-fuzz exited ($status) before writing statistics; see $findings.log" >&2
  tail -20 "$findings.log" >&2
  exit 1
fi
value() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
crashes=$(find "$findings/default/crashes" -type f -name 'id:*' 2>/dev/null | wc -l)
hangs=$(find "$findings/default/hangs" -type f -name 'id:*' 2>/dev/null | wc -l)
echo "target:     $target"
echo "run time:   $(value run_time) s"
echo "executions: $(value execs_done)"
echo "exec/s:     $(value execs_per_sec)"
echo "corpus:     $(value corpus_count) (found $(value corpus_found))"
echo "crashes:    $crashes"
echo "hangs:      $hangs"
echo "afl-fuzz exit status: $status; log $findings.log"
[ "$crashes" -eq 0 ] && [ "$hangs" -eq 0 ]
