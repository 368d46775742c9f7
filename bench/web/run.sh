#!/usr/bin/env bash
# The web UI's first load (bench/web/README.md): a shop with 1M customers, `guanxi serve`
# serving the built UI on loopback, headless Chromium signing in once and then opening
# /customers cold and warm; prints a Markdown table (FCP, first page of rows painted, the
# list API's time, JS/CSS bytes) against the target "first page of rows on screen < 1 s".
# Builds nothing: expects `guanxi` and `gen_intel_db` in the build (GUANXI_BUILD_DIR, default
# build/release), the UI in web/dist (make web) and web/node_modules (playwright-core).
#
# Knobs (environment):
#   BENCH_WEB_CUSTOMERS=1000000  customers of the generated shop (gen_intel_db)
#   BENCH_WEB_ORDERS=3000000     their orders
#   BENCH_SEED=42                generator seed
#   BENCH_WEB_RUNS=10            measured loads, cold and warm each
#   BENCH_WEB_API_RUNS=20        curl timings of the list's first page
#   BENCH_WEB_REUSE=0            1: keep bench/out/web/web.db when it exists (same size and seed)
#   BENCH_WEB_ROOT=web/dist      the built UI to serve
#   CHROMIUM=/usr/bin/chromium
#   BENCH_STRICT=0               1: exit 1 when the target is missed
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${GUANXI_BUILD_DIR:-$ROOT/build/release}
OUT=$ROOT/bench/out/web
CUSTOMERS=${BENCH_WEB_CUSTOMERS:-1000000}
ORDERS=${BENCH_WEB_ORDERS:-3000000}
SEED=${BENCH_SEED:-42}
RUNS=${BENCH_WEB_RUNS:-10}
API_RUNS=${BENCH_WEB_API_RUNS:-20}
REUSE=${BENCH_WEB_REUSE:-0}
WEB_ROOT=${BENCH_WEB_ROOT:-$ROOT/web/dist}
STRICT=${BENCH_STRICT:-0}
TARGET_MS=1000  # first page of rows painted, cold, p50

GUANXI=$BUILD/src/cli/guanxi
GEN=$BUILD/bench/segment/gen_intel_db

die() { echo "web bench: $*" >&2; exit 1; }
step() { echo "==> $*" >&2; }
json_number() { sed -n "s/.*\"$1\":\(-\{0,1\}[0-9][0-9.e+-]*\).*/\1/p" <<<"$2" | head -n1; }
json_string() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p" <<<"$2" | head -n1; }

for exe in "$GUANXI" "$GEN"; do
  [ -x "$exe" ] || die "$exe is missing: build first (cmake --build $BUILD --target guanxi gen_intel_db)"
done
command -v node >/dev/null || die "node is missing"
command -v curl >/dev/null || die "curl is missing"
[ -f "$WEB_ROOT/index.html" ] || die "$WEB_ROOT/index.html is missing: build the UI first (make web)"
[ -d "$ROOT/web/node_modules/playwright-core" ] || die "web/node_modules/playwright-core is missing (make web)"
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || die "${CHROMIUM:-/usr/bin/chromium} is missing"
mkdir -p "$OUT"

# ---- the shop ---------------------------------------------------------------------------
DB=$OUT/web.db
STAMP=$OUT/web.db.params
PARAMS="customers=$CUSTOMERS orders=$ORDERS seed=$SEED"
if [ "$REUSE" = 1 ] && [ -s "$DB" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$PARAMS" ]; then
  step "reusing $DB ($PARAMS)"
else
  rm -f "$DB" "$DB-wal" "$DB-shm" "$STAMP"
  step "generating $CUSTOMERS customers, $ORDERS orders -> $DB (gen_intel_db)"
  GEN_JSON=$("$GEN" --db "$DB" --customers "$CUSTOMERS" --orders "$ORDERS" --seed "$SEED")
  echo "$GEN_JSON" >&2
  echo "$PARAMS" >"$STAMP"
fi
DB_MB=$(du -m "$DB" | cut -f1)

# A signed-in user for the browser, an API key for curl (fresh each run; the old ones stay).
USER_NAME=webbench$(date +%s)
USER_JSON=$("$GUANXI" user create --db "$DB" --username "$USER_NAME" --role admin --generate-password --json)
PASSWORD=$(json_string password "$USER_JSON")
[ -n "$PASSWORD" ] || die "could not create a user: $USER_JSON"
KEY_JSON=$("$GUANXI" apikey create --db "$DB" --name "web bench" --json)
TOKEN=$(json_string token "$KEY_JSON")
[ -n "$TOKEN" ] || die "could not create an API key: $KEY_JSON"

# ---- the server -------------------------------------------------------------------------
step "serving $DB and $WEB_ROOT"
"$GUANXI" serve --db "$DB" --port 0 --no-dispatch --web-root "$WEB_ROOT" >"$OUT/serve.log" 2>&1 &
SERVER_PID=$!
trap 'kill -TERM "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true' EXIT
PORT=""
for _ in $(seq 1 1200); do
  PORT=$(sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\).*/\1/p' "$OUT/serve.log" | head -n1)
  [ -n "$PORT" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || die "guanxi serve exited: $(cat "$OUT/serve.log")"
  sleep 0.1
done
[ -n "$PORT" ] || die "guanxi serve did not report its port: $(cat "$OUT/serve.log")"
BASE=http://127.0.0.1:$PORT
ENGINE_LINE=$(grep -m1 'Segment engine ready' "$OUT/serve.log" || true)

# Compression and cache headers of the entry script, as the browser is sent them.
ENTRY=$(sed -n 's/.*<script type="module"[^>]*src="\([^"]*\)".*/\1/p' "$WEB_ROOT/index.html" | head -n1)
ENTRY_HEADERS=$(curl -s -o /dev/null -D - -H 'Accept-Encoding: gzip, deflate, br, zstd' "$BASE$ENTRY" | tr -d '\r')
ENTRY_ENCODING=$(sed -n 's/^[Cc]ontent-[Ee]ncoding: //p' <<<"$ENTRY_HEADERS")
ENTRY_CACHE=$(sed -n 's/^[Cc]ache-[Cc]ontrol: //p' <<<"$ENTRY_HEADERS")
INDEX_CACHE=$(curl -s -o /dev/null -D - "$BASE/customers" | tr -d '\r' | sed -n 's/^[Cc]ache-[Cc]ontrol: //p')

# ---- the browser ------------------------------------------------------------------------
step "first loads of /customers in Chromium ($RUNS cold, $RUNS warm)"
BROWSER_TABLE=$(GX_BASE_URL=$BASE GX_USERNAME=$USER_NAME GX_PASSWORD=$PASSWORD BENCH_WEB_RUNS=$RUNS \
  BENCH_WEB_JSON=$OUT/first_load.json node "$HERE/first_load.mjs")

# ---- the list API alone -------------------------------------------------------------------
# The same first page the UI asked for (its URL from Resource Timing), by curl over a new connection.
API_PATH=$(sed -n 's/.*"api_url": "\([^"]*\)".*/\1/p' "$OUT/first_load.json" | head -n1)
[ -n "$API_PATH" ] || API_PATH="/api/v1/customers?limit=20"
step "curl $API_PATH x $API_RUNS"
: >"$OUT/api_times.txt"
for _ in $(seq 1 "$API_RUNS"); do
  curl -s -o /dev/null -w '%{time_starttransfer} %{time_total} %{size_download}\n' \
    -H "Authorization: Bearer $TOKEN" "$BASE$API_PATH" >>"$OUT/api_times.txt"
done
API_STATS=$(sort -n -k2 "$OUT/api_times.txt" | awk '{ t[NR] = $2 * 1000; b = $3 }
  END { p50 = t[int((NR + 1) / 2)]; i95 = int(NR * 0.95 + 0.999); if (i95 < 1) i95 = 1;
        printf "%.1f / %.1f ms (%d bytes)", p50, t[i95], b }')

kill -TERM "$SERVER_PID" 2>/dev/null || true
wait "$SERVER_PID" 2>/dev/null || true
trap - EXIT

ROWS_P50=$(node -e '
  const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).cold.map((x) => x.painted).sort((a, b) => a - b);
  console.log(Math.round(s[Math.ceil(0.5 * s.length) - 1]));' "$OUT/first_load.json")
if [ "$ROWS_P50" -lt "$TARGET_MS" ]; then VERDICT=met; else VERDICT=MISSED; fi

cat <<EOF

## Web UI first load ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg))

Shop: $CUSTOMERS customers, $ORDERS orders (gen_intel_db, seed $SEED), database $DB_MB MB.
${ENGINE_LINE}
Entry script \`$ENTRY\`: Content-Encoding ${ENTRY_ENCODING:-none}, Cache-Control ${ENTRY_CACHE:-none}; index.html Cache-Control ${INDEX_CACHE:-none}.

$BROWSER_TABLE

| target | result |
|---|---|
| first page of rows painted, cold, p50 < $TARGET_MS ms | $ROWS_P50 ms: $VERDICT |
| \`GET $API_PATH\` by curl, p50 / p95 of $API_RUNS | $API_STATS |
EOF

if [ "$STRICT" = 1 ] && [ "$VERDICT" != met ]; then exit 1; fi
