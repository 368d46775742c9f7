#!/usr/bin/env bash
# Guanxi's benchmarks (`make bench`): durable import throughput of a 1M-order
# Taobao export, and customer-360 GET latency under a fixed request rate.
# Builds nothing: expects the release build (make) in build/release, or
# GUANXI_BUILD_DIR. Everything it writes goes to bench/out/. See bench/README.md.
#
# Knobs (environment):
#   BENCH_ORDERS=1000000     orders in the generated CSV
#   BENCH_SEED=42            seed of the generated CSV
#   BENCH_RATE=2000          HTTP requests per second
#   BENCH_SECONDS=20         measured seconds of HTTP load (after 2 s warm-up)
#   BENCH_CONNECTIONS=32     keep-alive connections
#   BENCH_API_DB=imported    serve the imported DB, or "demo" for a `guanxi demo` DB
#   BENCH_STRICT=0           1: exit 1 when a target is missed
#   BENCH_SEGMENT=1          0: skip the customer-intelligence benchmark (bench/segment/run.sh,
#                            sized by GUANXI_BENCH_SCALE=small|1m|10m; several minutes at 1m)
#   BENCH_CARE=1             0: skip the care-automation benchmark (bench/care/run.sh, sized by
#                            GUANXI_BENCH_CARE_CUSTOMERS and GUANXI_BENCH_CARE_MESSAGES)
#   BENCH_CALLCENTER=1       0: skip the call-center routing benchmark (callcenter_bench, a few
#                            seconds; GUANXI_BENCH_CC_CALLS calls per scenario, default 400000)
#   BENCH_CTI=1              0: skip the screen-pop latency benchmark (cti_bench, a few seconds;
#                            GUANXI_BENCH_CTI_CALLS calls, default 4000)
#   BENCH_SERVICE=1          0: skip the service-desk benchmark (service_bench: ticket-list
#                            queries and reports; GUANXI_BENCH_SERVICE_TICKETS, default 1000000)
#   BENCH_SALES=1            0: skip the sales-analytics benchmark (sales_bench: every sales
#                            report; GUANXI_BENCH_SALES_OPPS default 1000000, GUANXI_BENCH_SALES_ACTIVITIES
#                            default 10000000; several minutes to generate)
#   BENCH_WEB=1              0: skip the web UI first-load benchmark (bench/web/run.sh: 1M customers
#                            via gen_intel_db, headless Chromium; BENCH_WEB_CUSTOMERS, BENCH_WEB_RUNS)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${GUANXI_BUILD_DIR:-$ROOT/build/release}
OUT=$ROOT/bench/out
ORDERS=${BENCH_ORDERS:-1000000}
SEED=${BENCH_SEED:-42}
RATE=${BENCH_RATE:-2000}
DURATION=${BENCH_SECONDS:-20}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
API_DB=${BENCH_API_DB:-imported}
STRICT=${BENCH_STRICT:-0}

GUANXI=$BUILD/src/cli/guanxi
GEN=$BUILD/bench/gen_taobao_csv
LOAD=$BUILD/bench/http_load

IMPORT_TARGET=200000   # orders/s, durable
P99_TARGET_MS=5        # GET /api/v1/customers/{id} p99 at BENCH_RATE

die() { echo "bench: $*" >&2; exit 1; }
step() { echo "==> $*" >&2; }

# json_number KEY_PATH_REGEX JSON: the first number following the pattern, e.g.
# json_number '"orders":{"created":' "$json". JSON printed by guanxi and
# http_load to a pipe is compact (one line, no spaces).
json_number() { sed -n "s/.*$1\(-\{0,1\}[0-9][0-9.e+-]*\).*/\1/p" <<<"$2" | head -n1; }
json_string() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p" <<<"$2" | head -n1; }

for exe in "$GUANXI" "$GEN" "$LOAD"; do
  [ -x "$exe" ] || die "$exe is missing: build first (make), or set GUANXI_BUILD_DIR"
done
mkdir -p "$OUT"

# Runs a command, keeping its stdout in $RUN_OUT and setting RUN_WALL (seconds)
# and RUN_RSS_KB (peak resident set size). GNU time when installed (package
# `time`); otherwise VmHWM sampled from /proc while the command runs.
run_measured() {
  local errfile=$OUT/.measure.err
  if [ -x /usr/bin/time ]; then
    local start end
    start=$(date +%s.%N)
    RUN_OUT=$(/usr/bin/time -v -o "$OUT/.time.txt" "$@" 2>"$errfile") || { cat "$errfile" >&2; return 1; }
    end=$(date +%s.%N)
    RUN_WALL=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
    RUN_RSS_KB=$(sed -n 's/.*Maximum resident set size (kbytes): *\([0-9]*\).*/\1/p' "$OUT/.time.txt")
  else
    local start end pid hwm=0 now
    start=$(date +%s.%N)
    "$@" >"$OUT/.measure.out" 2>"$errfile" &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
      now=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
      [ -n "$now" ] && [ "$now" -gt "$hwm" ] && hwm=$now
      sleep 0.05
    done
    wait "$pid" || { cat "$errfile" >&2; return 1; }
    end=$(date +%s.%N)
    RUN_OUT=$(cat "$OUT/.measure.out")
    RUN_WALL=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
    RUN_RSS_KB="$hwm (sampled)"
  fi
}

# ---- (a) import ---------------------------------------------------------------
CSV=$OUT/taobao_${ORDERS}_seed${SEED}.csv
DB=$OUT/bench.db
if [ ! -s "$CSV" ]; then
  step "generating $ORDERS Taobao orders -> $CSV"
  "$GEN" --orders "$ORDERS" --seed "$SEED" --out "$CSV"
fi
rm -f "$DB" "$DB-wal" "$DB-shm" "$CSV.errors.csv"
"$GUANXI" shop create --db "$DB" --name "Bench 基准店" --json >/dev/null

step "importing $CSV into a fresh $DB"
run_measured "$GUANXI" import orders "$CSV" --format taobao --db "$DB" --json --no-progress
IMPORT_JSON=$RUN_OUT
IMPORT_WALL=$RUN_WALL
IMPORT_RSS_KB=$RUN_RSS_KB
ROWS=$(json_number '"rows_read":' "$IMPORT_JSON")
CREATED=$(json_number '"orders":{"created":' "$IMPORT_JSON")
REJECTED=$(json_number '"rows_rejected":' "$IMPORT_JSON")
CUSTOMERS=$(json_number '"customers":{"created":' "$IMPORT_JSON")
IMPORT_RATE=$(awk -v n="$CREATED" -v s="$IMPORT_WALL" 'BEGIN { printf "%.0f", n / s }')
DB_MB=$(du -m "$DB" | cut -f1)

# ---- (b) customer-360 GETs -------------------------------------------------------
SERVE_DB=$DB
MAX_ID=$CUSTOMERS
if [ "$API_DB" = demo ]; then
  SERVE_DB=$OUT/demo.db
  rm -f "$SERVE_DB" "$SERVE_DB-wal" "$SERVE_DB-shm"
  step "generating a demo shop -> $SERVE_DB"
  DEMO_JSON=$("$GUANXI" demo --db "$SERVE_DB" --customers 20000 --orders 100000 --json)
  MAX_ID=$(json_number '"customers_created":' "$DEMO_JSON")
fi
[ -n "$MAX_ID" ] && [ "$MAX_ID" -gt 0 ] || die "no customers to ask for"

KEY_JSON=$("$GUANXI" apikey create --db "$SERVE_DB" --name bench --json)
TOKEN=$(json_string token "$KEY_JSON")
[ -n "$TOKEN" ] || die "could not create an API key: $KEY_JSON"

step "serving $SERVE_DB"
"$GUANXI" serve --db "$SERVE_DB" --port 0 >"$OUT/serve.log" 2>&1 &
SERVER_PID=$!
trap 'kill -TERM "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true' EXIT
PORT=""
for _ in $(seq 1 100); do
  PORT=$(sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\).*/\1/p' "$OUT/serve.log" | head -n1)
  [ -n "$PORT" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || die "guanxi serve exited: $(cat "$OUT/serve.log")"
  sleep 0.1
done
[ -n "$PORT" ] || die "guanxi serve did not report its port: $(cat "$OUT/serve.log")"

step "GET /api/v1/customers/{id} at $RATE req/s for $DURATION s over $CONNECTIONS connections (ids 1-$MAX_ID)"
LOAD_JSON=$("$LOAD" --url "http://127.0.0.1:$PORT/api/v1/customers/{id}" --key "$TOKEN" --rate "$RATE" \
  --seconds "$DURATION" --warmup 2 --connections "$CONNECTIONS" --ids "1-$MAX_ID" --json) || true
[ -n "$LOAD_JSON" ] || die "http_load produced no result"
kill -TERM "$SERVER_PID" 2>/dev/null || true
wait "$SERVER_PID" 2>/dev/null || true
trap - EXIT

ACHIEVED=$(json_number '"achieved_rate":' "$LOAD_JSON")
P50=$(json_number '"p50_ms":' "$LOAD_JSON")
P90=$(json_number '"p90_ms":' "$LOAD_JSON")
P99=$(json_number '"p99_ms":' "$LOAD_JSON")
MAXMS=$(json_number '"max_ms":' "$LOAD_JSON")
ERRORS=$(json_number '"errors":' "$LOAD_JSON")

# ---- report ----------------------------------------------------------------------
verdict() { if awk "BEGIN { exit !($1) }"; then echo "met"; else echo "MISSED"; fi; }
IMPORT_OK=$(verdict "$IMPORT_RATE >= $IMPORT_TARGET")
P99_OK=$(verdict "$P99 < $P99_TARGET_MS && $ERRORS == 0 && $ACHIEVED >= 0.98 * $RATE")

cat <<EOF

## Guanxi benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs)

| measure | result | target |
|---|---|---|
| import: orders created / rows read | $CREATED / $ROWS ($REJECTED rejected) | |
| import: durable throughput | $IMPORT_RATE orders/s ($IMPORT_WALL s wall) | >= $IMPORT_TARGET orders/s: $IMPORT_OK |
| import: peak RSS | $IMPORT_RSS_KB KB | |
| import: customers created / database size | $CUSTOMERS / $DB_MB MB | |
| GET customer 360: achieved rate | $ACHIEVED req/s (target rate $RATE) | |
| GET customer 360: latency p50 / p90 / p99 / max | $P50 / $P90 / $P99 / $MAXMS ms | p99 < $P99_TARGET_MS ms: $P99_OK |
| GET customer 360: errors | $ERRORS | 0 |

Raw: import $IMPORT_JSON
Raw: http_load $LOAD_JSON
EOF

# ---- (c) customer intelligence: segment engine vs DuckDB and SQLite ---------------
# Optional and self-contained: a failure there is reported, not fatal to the above.
if [ "${BENCH_SEGMENT:-1}" != 0 ]; then
  step "customer-intelligence benchmark (bench/segment/run.sh; BENCH_SEGMENT=0 skips)"
  GUANXI_BUILD_DIR=$BUILD bash "$ROOT/bench/segment/run.sh" || echo "bench: the segment benchmark failed" >&2
fi

# ---- (d) care automation: decide + enqueue, dispatch, journey state footprint ------
# Also self-contained; under BENCH_STRICT=1 its missed target or failed check fails the run.
CARE_STATUS=0
if [ "${BENCH_CARE:-1}" != 0 ]; then
  step "care-automation benchmark (bench/care/run.sh; BENCH_CARE=0 skips)"
  GUANXI_BUILD_DIR=$BUILD BENCH_STRICT=$STRICT bash "$ROOT/bench/care/run.sh" || CARE_STATUS=$?
  [ "$CARE_STATUS" = 0 ] || echo "bench: the care benchmark failed or missed a target" >&2
fi

# ---- (e) call center: ACD routing decisions per second, screen-pop latency -----------
# In memory and quick; under BENCH_STRICT=1 a missed target fails the run.
CALLCENTER_STATUS=0
if [ "${BENCH_CALLCENTER:-1}" != 0 ]; then
  step "call-center routing benchmark (bench/callcenter; BENCH_CALLCENTER=0 skips)"
  CC_BENCH=$BUILD/bench/callcenter/callcenter_bench
  if [ -x "$CC_BENCH" ]; then
    cc_args=(--calls "${GUANXI_BENCH_CC_CALLS:-400000}")
    [ "$STRICT" = 1 ] && cc_args+=(--strict)
    "$CC_BENCH" "${cc_args[@]}" || CALLCENTER_STATUS=$?
  else
    echo "bench: $CC_BENCH is missing (cmake --build $BUILD --target callcenter_bench)" >&2
    CALLCENTER_STATUS=1
  fi
  [ "$CALLCENTER_STATUS" = 0 ] || echo "bench: the call-center benchmark failed or missed a target" >&2
fi

# Screen-pop latency: CTI offered POST -> screen_pop on the agent's event stream (loopback).
if [ "${BENCH_CTI:-1}" != 0 ]; then
  step "screen-pop latency benchmark (bench/cti; BENCH_CTI=0 skips)"
  CTI_BENCH=$BUILD/bench/cti/cti_bench
  if [ -x "$CTI_BENCH" ]; then
    cti_args=(--calls "${GUANXI_BENCH_CTI_CALLS:-4000}")
    [ "$STRICT" = 1 ] && cti_args+=(--strict)
    CTI_STATUS=0
    "$CTI_BENCH" "${cti_args[@]}" || CTI_STATUS=$?
    [ "$CTI_STATUS" = 0 ] || { echo "bench: the screen-pop benchmark failed or missed a target" >&2
                               CALLCENTER_STATUS=1; }
  else
    echo "bench: $CTI_BENCH is missing (cmake --build $BUILD --target cti_bench)" >&2
    CALLCENTER_STATUS=1
  fi
fi

# ---- (f) service desk: ticket-list queries and reports over 1M tickets ---------------
# Generates its own shop (about a minute at 1M tickets); prints a Markdown table.
SERVICE_STATUS=0
if [ "${BENCH_SERVICE:-1}" != 0 ]; then
  step "service-desk benchmark (bench/service; BENCH_SERVICE=0 skips)"
  SERVICE_BENCH=$BUILD/bench/service/service_bench
  if [ -x "$SERVICE_BENCH" ]; then
    "$SERVICE_BENCH" --tickets "${GUANXI_BENCH_SERVICE_TICKETS:-1000000}" || SERVICE_STATUS=$?
  else
    echo "bench: $SERVICE_BENCH is missing (cmake --build $BUILD --target service_bench)" >&2
    SERVICE_STATUS=1
  fi
  [ "$SERVICE_STATUS" = 0 ] || echo "bench: the service-desk benchmark failed" >&2
fi

# ---- (g) sales analytics: funnel, velocity, forecast, ... over 1M opportunities ----------
# Generates its own shop (several minutes at 1M opportunities and 10M activities).
SALES_STATUS=0
if [ "${BENCH_SALES:-1}" != 0 ]; then
  step "sales-analytics benchmark (bench/sales; BENCH_SALES=0 skips)"
  SALES_BENCH=$BUILD/bench/sales/sales_bench
  if [ -x "$SALES_BENCH" ]; then
    "$SALES_BENCH" --opportunities "${GUANXI_BENCH_SALES_OPPS:-1000000}" \
      --activities "${GUANXI_BENCH_SALES_ACTIVITIES:-10000000}" || SALES_STATUS=$?
  else
    echo "bench: $SALES_BENCH is missing (cmake --build $BUILD --target sales_bench)" >&2
    SALES_STATUS=1
  fi
  [ "$SALES_STATUS" = 0 ] || echo "bench: the sales-analytics benchmark failed" >&2
fi

# ---- (h) web UI: first load of the customer list with 1M customers, in Chromium ----------
# Generates its own shop (about a minute at 1M customers); needs web/dist and web/node_modules.
WEB_STATUS=0
if [ "${BENCH_WEB:-1}" != 0 ]; then
  step "web UI first-load benchmark (bench/web/run.sh; BENCH_WEB=0 skips)"
  GUANXI_BUILD_DIR=$BUILD BENCH_STRICT=$STRICT bash "$ROOT/bench/web/run.sh" || WEB_STATUS=$?
  [ "$WEB_STATUS" = 0 ] || echo "bench: the web UI benchmark failed or missed its target" >&2
fi

if [ "$STRICT" = 1 ] && { [ "$IMPORT_OK" != met ] || [ "$P99_OK" != met ] || [ "$CARE_STATUS" != 0 ] ||
                          [ "$CALLCENTER_STATUS" != 0 ] || [ "$SERVICE_STATUS" != 0 ] ||
                          [ "$SALES_STATUS" != 0 ] || [ "$WEB_STATUS" != 0 ]; }; then
  exit 1
fi
