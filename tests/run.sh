#!/usr/bin/env bash
# README's test command: installs what the tests need on a fresh machine, then runs every test.
# Needs the .NET SDK and Node.js; Debian packages are installed when missing (root, or sudo).
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(python3-socketio python3-websocket python3-requests chromium redis-server nginx curl)
# Prometheus scrapes the multi-process cluster in one test; its recommended node exporter is not needed.
lean_packages=(prometheus)
missing() {
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || echo "$package"
  done
}
mapfile -t missing_apt < <(missing "${apt_packages[@]}")
mapfile -t missing_lean < <(missing "${lean_packages[@]}")
if [ $((${#missing_apt[@]} + ${#missing_lean[@]})) -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing Debian packages the interop tests use: ${missing_apt[*]} ${missing_lean[*]}"
  $sudo apt-get update -qq
  [ ${#missing_apt[@]} -eq 0 ] || DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing_apt[@]}" >/dev/null
  [ ${#missing_lean[@]} -eq 0 ] || DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing_lean[@]}" >/dev/null
fi

# The pinned npm clients (tests/interop/package-lock.json).
if [ ! -f tests/interop/node_modules/.package-lock.json ] || [ tests/interop/package-lock.json -nt tests/interop/node_modules/.package-lock.json ]; then
  npm ci --prefix tests/interop --no-audit --no-fund --silent
fi

# The packages, for the sample that consumes them like a user's app (samples/, tests/.../Samples). Each run
# packs a version of its own, so the sample never restores a stale copy from the NuGet cache.
rm -rf artifacts/packages
version=$(dotnet msbuild src/Protocol/OrleansEio.Protocol.csproj -getProperty:VersionPrefix)-local.$(date -u +%Y%m%d%H%M%S)
dotnet pack packages.slnf -c Release -o artifacts/packages -p:Version="$version" -v q -nologo
echo "$version" > artifacts/packages/version

dotnet test OrleansEio.sln "$@"
