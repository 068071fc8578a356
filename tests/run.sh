#!/usr/bin/env bash
# README's test command: installs what the tests need on a fresh machine, then runs every test.
# Needs the .NET SDK and Node.js; Debian packages are installed when missing (root, or sudo).
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(python3-socketio python3-websocket python3-requests chromium redis-server nginx curl)
missing=()
for package in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing Debian packages the interop tests use: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
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
