#!/usr/bin/env bash
# The customer-intelligence benchmark (bench/segment/README.md): generates a
# shop at a scale, runs the fixed rule suite (rules.txt) on Guanxi's engine
# (segment_bench, when built) and the same semantics as SQL on DuckDB (from the
# CSVs) and SQLite (from the database's raw tables), and prints one Markdown
# table with the ratios. Builds nothing: expects gen_intel_db and sqlite_peer in
# the build (GUANXI_BUILD_DIR, default build/release).
#
# Knobs (environment):
#   GUANXI_BENCH_SCALE=1m    small (100k customers / 1M orders), 1m (1M / 10M), 10m (10M / 100M)
#   BENCH_SEED=42            generator seed
#   SEGMENT_RUNS=5           timed runs per rule (median, p95), after SEGMENT_WARMUP=1 untimed
#   SEGMENT_SQLITE_RUNS      timed runs per rule for SQLite (default SEGMENT_RUNS; 3 at 10m)
#   SEGMENT_SKIP_DUCKDB=0    1: no DuckDB peer (then no CSVs are written either)
#   SEGMENT_SKIP_SQLITE=0    1: no SQLite peer
#   SEGMENT_WORK_DIR         where the data goes (default: a fresh mktemp -d under /tmp,
#                            deleted at the end unless SEGMENT_KEEP=1). Never commit it.
#   SEGMENT_REUSE=0          1: reuse the data already in SEGMENT_WORK_DIR (same scale and seed)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${GUANXI_BUILD_DIR:-$ROOT/build/release}
SCALE=${GUANXI_BENCH_SCALE:-1m}
SEED=${BENCH_SEED:-42}
RUNS=${SEGMENT_RUNS:-5}
WARMUP=${SEGMENT_WARMUP:-1}
SKIP_DUCKDB=${SEGMENT_SKIP_DUCKDB:-0}
SKIP_SQLITE=${SEGMENT_SKIP_SQLITE:-0}
KEEP=${SEGMENT_KEEP:-0}
REUSE=${SEGMENT_REUSE:-0}
AS_OF=2026-11-01   # the generator's "now" (intel_shop.hpp)
HEADLINE=high_value_lapsed
HEADLINE_TARGET_MS=50  # median, at 10M customers
PEER_TARGET_RATIO=10   # Guanxi >= 10x faster than DuckDB from raw orders

case "$SCALE" in
  small) CUSTOMERS=100000; ORDERS=1000000 ;;
  1m) CUSTOMERS=1000000; ORDERS=10000000 ;;
  10m) CUSTOMERS=10000000; ORDERS=100000000 ;;
  *) echo "segment bench: GUANXI_BENCH_SCALE must be small, 1m or 10m (got '$SCALE')" >&2; exit 2 ;;
esac
if [ "$SCALE" = 10m ]; then SQLITE_RUNS=${SEGMENT_SQLITE_RUNS:-3}; else SQLITE_RUNS=${SEGMENT_SQLITE_RUNS:-$RUNS}; fi

GEN=$BUILD/bench/segment/gen_intel_db
SQLITE_PEER=$BUILD/bench/segment/sqlite_peer
ENGINE=""
for candidate in "$BUILD/bench/segment/segment_bench" "$BUILD/bench/segment_bench" "$BUILD/src/segment/segment_bench"; do
  if [ -x "$candidate" ]; then ENGINE=$candidate; break; fi
done
RULES=$HERE/rules.txt
RULES_SQL=$HERE/rules.sql

die() { echo "segment bench: $*" >&2; exit 1; }
step() { echo "==> $*" >&2; }
# JSON lines printed by the tools are compact, with string values free of quotes.
json_number() { sed -n "s/.*\"$1\":\(-\{0,1\}[0-9][0-9.e+-]*\).*/\1/p" <<<"$2" | head -n1; }
json_string() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p" <<<"$2" | head -n1; }
# The line of FILE about rule NAME ("" when absent).
rule_line() { [ -f "$1" ] && grep -F "\"rule\":\"$2\"" "$1" | head -n1 || true; }

for exe in "$GEN" "$SQLITE_PEER"; do
  [ -x "$exe" ] || die "$exe is missing: build first (cmake --build $BUILD --target gen_intel_db sqlite_peer)"
done
if [ "$SKIP_DUCKDB" != 1 ] && ! command -v node >/dev/null; then
  echo "segment bench: node not found: skipping the DuckDB peer" >&2
  SKIP_DUCKDB=1
fi

if [ -n "${SEGMENT_WORK_DIR:-}" ]; then
  WORK=$SEGMENT_WORK_DIR
  mkdir -p "$WORK"
else
  WORK=$(mktemp -d /tmp/guanxi-segbench.XXXXXX)
  if [ "$KEEP" != 1 ]; then trap 'rm -rf "$WORK"' EXIT; fi
fi
DB=$WORK/intel.db
CSV=$WORK/csv
mkdir -p "$WORK"

# ---- data -----------------------------------------------------------------------
if [ "$REUSE" = 1 ] && [ -s "$WORK/gen.json" ] && [ -s "$DB" ]; then
  step "reusing the data in $WORK"
else
  step "generating $CUSTOMERS customers / $ORDERS orders (seed $SEED) into $WORK"
  csv_args=()
  [ "$SKIP_DUCKDB" = 1 ] || csv_args=(--csv-dir "$CSV")
  "$GEN" --db "$DB" --customers "$CUSTOMERS" --orders "$ORDERS" --seed "$SEED" "${csv_args[@]}" >"$WORK/gen.json"
fi
GEN_JSON=$(cat "$WORK/gen.json")
GEN_S=$(json_number seconds "$GEN_JSON")
GEN_RATE=$(json_number orders_per_s "$GEN_JSON")
GEN_ROWS=$(json_number rows_per_s "$GEN_JSON")
DB_MB=$(( $(json_number db_bytes "$GEN_JSON") / 1048576 ))

# ---- Guanxi's engine ---------------------------------------------------------------
: >"$WORK/guanxi.jsonl"
if [ -n "$ENGINE" ]; then
  step "Guanxi engine: $ENGINE"
  "$ENGINE" --db "$DB" --rules "$RULES" --as-of "$AS_OF" --runs "$RUNS" --warmup "$WARMUP" \
    >"$WORK/guanxi.jsonl" || echo "segment bench: segment_bench failed" >&2
else
  echo "segment bench: no segment_bench binary in $BUILD: the Guanxi columns stay empty" >&2
fi

# ---- peers ------------------------------------------------------------------------
: >"$WORK/duckdb.jsonl"
if [ "$SKIP_DUCKDB" != 1 ]; then
  if [ ! -d "$HERE/peer/node_modules/@duckdb/node-api" ]; then
    step "installing the DuckDB peer's packages (npm ci)"
    (cd "$HERE/peer" && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
  step "DuckDB peer (load CSVs, then each rule $WARMUP+$RUNS times)"
  node "$HERE/peer/duckdb_peer.mjs" --csv-dir "$CSV" --rules-sql "$RULES_SQL" --as-of "$AS_OF" \
    --runs "$RUNS" --warmup "$WARMUP" --db "$WORK/peer.duckdb" >"$WORK/duckdb.jsonl" ||
    echo "segment bench: the DuckDB peer failed" >&2
  rm -f "$WORK/peer.duckdb" "$WORK/peer.duckdb.wal"
fi
: >"$WORK/sqlite.jsonl"
if [ "$SKIP_SQLITE" != 1 ]; then
  step "SQLite peer (each rule $WARMUP+$SQLITE_RUNS times)"
  "$SQLITE_PEER" --db "$DB" --rules-sql "$RULES_SQL" --as-of "$AS_OF" --runs "$SQLITE_RUNS" --warmup "$WARMUP" \
    >"$WORK/sqlite.jsonl" || echo "segment bench: the SQLite peer failed" >&2
fi

# ---- report -------------------------------------------------------------------------
DUCK_HEAD=$(head -n1 "$WORK/duckdb.jsonl" 2>/dev/null || true)
ENGINE_STATS=$(grep -v '"rule":' "$WORK/guanxi.jsonl" | head -n1 || true)
ms() { [ -n "$1" ] && printf '%s / %s' "$1" "$2" || printf -- '-'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 <= 0) print "-"; else printf "%.1f×", a / b }'; }

echo
echo "## Guanxi customer-intelligence benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, scale $SCALE: $CUSTOMERS customers / $ORDERS orders, as of $AS_OF)"
echo
echo "| rule | members | Guanxi median / p95 ms | DuckDB median / p95 ms | SQLite median / p95 ms | DuckDB ÷ Guanxi | SQLite ÷ Guanxi | SQLite ÷ DuckDB |"
echo "|---|---|---|---|---|---|---|---|"
WARNINGS=()
HEAD_G=""
HEAD_D=""
while IFS= read -r line; do
  case "$line" in ''|'#'*) continue ;; esac
  name=${line%%:*}
  g=$(rule_line "$WORK/guanxi.jsonl" "$name")
  d=$(rule_line "$WORK/duckdb.jsonl" "$name")
  s=$(rule_line "$WORK/sqlite.jsonl" "$name")
  gc=$(json_number count "$g"); dc=$(json_number count "$d"); sc=$(json_number count "$s")
  gm=$(json_number median_ms "$g"); gp=$(json_number p95_ms "$g")
  dm=$(json_number median_ms "$d"); dp=$(json_number p95_ms "$d")
  sm=$(json_number median_ms "$s"); sp=$(json_number p95_ms "$s")
  members=${gc:-${dc:-$sc}}
  counts=$(printf '%s\n' "$gc" "$dc" "$sc" | sed '/^$/d' | sort -u | wc -l)
  if [ "$counts" -gt 1 ]; then
    members="**MISMATCH** G=${gc:--} D=${dc:--} S=${sc:--}"
    WARNINGS+=("$name: member counts differ (Guanxi ${gc:--}, DuckDB ${dc:--}, SQLite ${sc:--})")
  fi
  dsum=$(json_number id_sum "$d"); ssum=$(json_number id_sum "$s")
  if [ -n "$dsum" ] && [ -n "$ssum" ] && [ "$dsum" != "$ssum" ]; then
    WARNINGS+=("$name: DuckDB and SQLite agree on the count but not on the members (id sums $dsum vs $ssum)")
  fi
  echo "| $name | ${members:--} | $(ms "$gm" "$gp") | $(ms "$dm" "$dp") | $(ms "$sm" "$sp") | $(ratio "$dm" "$gm") | $(ratio "$sm" "$gm") | $(ratio "$sm" "$dm") |"
  if [ "$name" = "$HEADLINE" ]; then HEAD_G=$gm; HEAD_D=$dm; fi
done <"$RULES"

echo
echo "| measure | result |"
echo "|---|---|"
echo "| data generation (gen_intel_db, SQLite + CSV) | ${GEN_S} s: ${GEN_RATE} orders/s, ${GEN_ROWS} rows/s; database ${DB_MB} MB |"
if [ -n "$DUCK_HEAD" ]; then
  echo "| DuckDB $(json_string version "$DUCK_HEAD"): CSV load ($(json_number threads "$DUCK_HEAD") threads) | $(json_number load_ms "$DUCK_HEAD") ms |"
fi
if [ -n "$ENGINE_STATS" ]; then
  echo "| Guanxi feature store: build time | $(json_number build_ms "$ENGINE_STATS") ms |"
  echo "| Guanxi feature store: bytes per customer | $(json_number bytes_per_customer "$ENGINE_STATS") |"
fi
if [ -n "$HEAD_G" ]; then
  verdict() { if awk "BEGIN { exit !($1) }"; then echo "met"; else echo "MISSED"; fi; }
  note=""
  [ "$SCALE" = 10m ] || note=" (the target is stated at 10m scale)"
  echo "| $HEADLINE: Guanxi median ≤ ${HEADLINE_TARGET_MS} ms | ${HEAD_G} ms: $(verdict "$HEAD_G <= $HEADLINE_TARGET_MS")$note |"
  if [ -n "$HEAD_D" ]; then
    echo "| $HEADLINE: ≥ ${PEER_TARGET_RATIO}× faster than DuckDB | $(ratio "$HEAD_D" "$HEAD_G"): $(verdict "$HEAD_D >= $PEER_TARGET_RATIO * $HEAD_G") |"
  fi
fi
if [ "${#WARNINGS[@]}" -gt 0 ]; then
  echo
  for w in "${WARNINGS[@]}"; do echo "WARNING: $w"; done
fi
echo
echo "Raw: $WORK/{gen.json,guanxi.jsonl,duckdb.jsonl,sqlite.jsonl}$([ "$KEEP" = 1 ] || [ -n "${SEGMENT_WORK_DIR:-}" ] || echo ' (deleted on exit; SEGMENT_KEEP=1 keeps them)')"
