#!/usr/bin/env bash
# The care-automation benchmark (bench/care/README.md): starts
# guanxi-fake-provider as the shop's SMS gateway, runs care_bench (decide +
# enqueue a birthday journey for every customer, dispatch throughput, journey
# state footprint) and prints its Markdown table, then the provider's own
# counters. Builds nothing: expects care_bench and guanxi-fake-provider in the
# build (GUANXI_BUILD_DIR, default build/release).
#
# Knobs (environment):
#   GUANXI_BENCH_CARE_CUSTOMERS=1000000  customers whose birthday journey is decided and enqueued
#   GUANXI_BENCH_CARE_MESSAGES=200000    messages dispatched to the fake provider (0 skips)
#   CARE_SEND_THREADS=8                  dispatcher sending threads
#   CARE_BATCH=512                       messages leased per dispatcher round
#   CARE_PROVIDER_THREADS=1              io threads of guanxi-fake-provider
#   CARE_DENIED_PER_MILLE=0              customers without SMS consent (must be suppressed)
#   CARE_WORK_DIR                        where the databases go (default: a fresh mktemp -d
#                                        under /tmp, deleted at the end unless CARE_KEEP=1)
#   BENCH_STRICT=0                       1: exit 1 when a target is missed
# A failed correctness check (a message not queued, a key not received exactly
# once) always exits 1.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${GUANXI_BUILD_DIR:-$ROOT/build/release}
CUSTOMERS=${GUANXI_BENCH_CARE_CUSTOMERS:-1000000}
MESSAGES=${GUANXI_BENCH_CARE_MESSAGES:-200000}
SEND_THREADS=${CARE_SEND_THREADS:-8}
BATCH=${CARE_BATCH:-512}
PROVIDER_THREADS=${CARE_PROVIDER_THREADS:-1}
DENIED=${CARE_DENIED_PER_MILLE:-0}
KEEP=${CARE_KEEP:-0}
STRICT=${BENCH_STRICT:-0}

BENCH=$BUILD/bench/care/care_bench
PROVIDER=$BUILD/src/channel/guanxi-fake-provider

die() { echo "care bench: $*" >&2; exit 1; }
step() { echo "==> $*" >&2; }

for exe in "$BENCH" "$PROVIDER"; do
  [ -x "$exe" ] || die "$exe is missing: build first (cmake --build $BUILD --target care_bench guanxi-fake-provider)"
done

if [ -n "${CARE_WORK_DIR:-}" ]; then
  WORK=$CARE_WORK_DIR
  mkdir -p "$WORK"
else
  WORK=$(mktemp -d /tmp/guanxi-carebench.XXXXXX)
fi
PROVIDER_PID=""
cleanup() {
  if [ -n "$PROVIDER_PID" ]; then
    kill -TERM "$PROVIDER_PID" 2>/dev/null || true
    wait "$PROVIDER_PID" 2>/dev/null || true
  fi
  if [ -z "${CARE_WORK_DIR:-}" ] && [ "$KEEP" != 1 ]; then rm -rf "$WORK"; fi
}
trap cleanup EXIT

provider_args=()
if [ "$MESSAGES" -gt 0 ]; then
  KEYS=$WORK/accepted-keys.txt
  rm -f "$KEYS"
  step "starting guanxi-fake-provider ($PROVIDER_THREADS io threads, keys -> $KEYS)"
  "$PROVIDER" --port 0 --threads "$PROVIDER_THREADS" --keys-file "$KEYS" \
    >"$WORK/provider.out" 2>"$WORK/provider.err" &
  PROVIDER_PID=$!
  PORT=""
  for _ in $(seq 1 100); do
    PORT=$(head -n1 "$WORK/provider.out" 2>/dev/null || true)
    [ -n "$PORT" ] && break
    kill -0 "$PROVIDER_PID" 2>/dev/null || die "guanxi-fake-provider exited: $(cat "$WORK/provider.err")"
    sleep 0.1
  done
  [ -n "$PORT" ] || die "guanxi-fake-provider did not print its port"
  provider_args=(--provider-url "http://127.0.0.1:$PORT/sms" --keys-file "$KEYS")
fi

strict_args=()
[ "$STRICT" = 1 ] && strict_args=(--strict)
STATUS=0
"$BENCH" --work-dir "$WORK" --customers "$CUSTOMERS" --messages "$MESSAGES" \
  --threads "$SEND_THREADS" --batch "$BATCH" --denied-per-mille "$DENIED" \
  "${provider_args[@]}" "${strict_args[@]}" || STATUS=$?

if [ -n "$PROVIDER_PID" ]; then
  kill -TERM "$PROVIDER_PID" 2>/dev/null || true
  wait "$PROVIDER_PID" 2>/dev/null || true
  PROVIDER_PID=""
  echo "Provider (guanxi-fake-provider counters at stop): $(tail -n1 "$WORK/provider.err")"
fi
if [ -z "${CARE_WORK_DIR:-}" ] && [ "$KEEP" != 1 ]; then
  echo "Data: $WORK (deleted on exit; CARE_KEEP=1 keeps it)"
else
  echo "Data: $WORK"
fi
exit "$STATUS"
