#!/usr/bin/env bash
# Installs every Debian package Guanxi needs to build, run, test and benchmark.
# Idempotent: installs only what is missing, and runs `apt-get update` only then.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  libboost1.81-dev libsqlite3-dev sqlite3 nlohmann-json3-dev libspdlog-dev libfmt-dev
  libcli11-dev libsodium-dev libroaring-dev libhowardhinnant-date-dev tzdata
  libjemalloc-dev
  libcurl4-openssl-dev libkainjow-mustache-dev libpq-dev python3-aiosmtpd
  libgtest-dev libgmock-dev libbenchmark-dev
  clang-format clang-tidy curl procps time
  chromium fonts-wqy-microhei   # the web UI's end-to-end tests (headless) and CJK text in screenshots
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

# The web UI (web/) builds with Node.js 18+ and npm. A Node.js installed another way (NodeSource,
# nvm) is used as it is; Debian's nodejs package ships npm separately.
if ! command -v node >/dev/null 2>&1; then missing+=(nodejs); fi
if ! command -v npm >/dev/null 2>&1; then missing+=(npm); fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
