// duckdb_peer: the DuckDB side of the customer-intelligence peer comparison
// (bench/segment/README.md). Loads the raw tables that gen_intel_db wrote as
// CSV into DuckDB, then runs each rule's hand-written SQL (rules.sql, the same
// texts the SQLite peer runs) computing every per-customer feature from the raw
// orders/events/tags tables each time, and prints JSON lines on stdout:
//
//   node duckdb_peer.mjs --csv-dir DIR --rules-sql ../rules.sql [--as-of 2026-11-01]
//        [--runs 5] [--warmup 1] [--only NAME] [--db FILE] [--threads N]
//
//   {"peer":"duckdb","version":"v1.x","threads":2,"load_ms":1234.5,"rows":{"orders":...}}
//   {"peer":"duckdb","rule":"at_risk","count":123,"id_sum":456,"median_ms":7.1,"p95_ms":7.4,"runs_ms":[...]}
//
// Shop-local days use a fixed +08:00 offset: Asia/Shanghai has had no DST since
// 1991, so for these data floor((utc_ms + 8 h) / 1 day) is exactly what Guanxi's
// gx_local_day(utc_ms, 'Asia/Shanghai') returns.
//
// The database is a file (default DIR/peer.duckdb, replaced) so that 100M orders
// do not have to fit in memory; DuckDB's buffer manager keeps what it can in RAM.
import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const DAY_MS = 86_400_000;
const OFFSET_MS = 8 * 3_600_000;

function parseArgs(argv) {
  const args = { asOf: '2026-11-01', runs: 5, warmup: 1, only: '', db: '', threads: 0 };
  for (let i = 0; i < argv.length; i += 1) {
    const key = argv[i];
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${key} needs a value`);
    i += 1;
    switch (key) {
      case '--csv-dir': args.csvDir = value; break;
      case '--rules-sql': args.rulesSql = value; break;
      case '--as-of': args.asOf = value; break;
      case '--runs': args.runs = Number.parseInt(value, 10); break;
      case '--warmup': args.warmup = Number.parseInt(value, 10); break;
      case '--only': args.only = value; break;
      case '--db': args.db = value; break;
      case '--threads': args.threads = Number.parseInt(value, 10); break;
      default: throw new Error(`unknown option ${key}`);
    }
  }
  if (!args.csvDir || !args.rulesSql) {
    throw new Error('usage: duckdb_peer.mjs --csv-dir DIR --rules-sql rules.sql [--as-of YYYY-MM-DD] ' +
                    '[--runs N] [--warmup N] [--only NAME] [--db FILE] [--threads N]');
  }
  if (!(args.runs >= 1) || !(args.warmup >= 0)) throw new Error('--runs must be >= 1, --warmup >= 0');
  if (!args.db) args.db = join(args.csvDir, 'peer.duckdb');
  return args;
}

// Splits rules.sql at its "-- rule: NAME" lines.
function readRules(path) {
  const rules = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.startsWith('-- rule: ')) rules.push({ name: line.slice('-- rule: '.length).trim(), sql: '' });
    else if (rules.length > 0) rules[rules.length - 1].sql += `${line}\n`;
  }
  if (rules.length === 0) throw new Error(`${path} has no '-- rule: NAME' sections`);
  return rules;
}

// Fills the placeholders documented at the top of rules.sql, for a +08:00 shop.
function expand(sql, day) {
  const midnight = (d) => d * DAY_MS - OFFSET_MS;
  return sql
    .replaceAll('{D}', String(day))
    .replaceAll('{until}', String(midnight(day + 1)))
    .replace(/\{since:(\d+)\}/g, (_, n) => String(midnight(day - Number(n) + 1)))
    .replace(/\{local_day\((.*?)\)\}/g, (_, e) => `((${e} + ${OFFSET_MS}) // ${DAY_MS})`)
    .replace(/;\s*$/, '');
}

function median(values) {
  const v = [...values].sort((a, b) => a - b);
  const n = v.length;
  return n % 2 === 1 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// Nearest rank: the smallest value with at least 95% of the runs at or below it.
function p95(values) {
  const v = [...values].sort((a, b) => a - b);
  return v[Math.max(Math.ceil(0.95 * v.length), 1) - 1];
}

const round2 = (x) => Math.round(x * 100) / 100;

// Column types of the CSVs gen_intel_db writes (times are UTC ms, money fen).
const TABLES = {
  customers: {
    columns: { id: 'BIGINT', merged_into: 'BIGINT', gender: 'VARCHAR', province: 'VARCHAR', city: 'VARCHAR',
               birthday: 'VARCHAR', signup_at: 'BIGINT', tier: 'VARCHAR', consent_sms: 'VARCHAR' },
    // An empty CSV field reads as NULL; tier is NOT NULL DEFAULT '' in Guanxi.
    select: "* REPLACE (COALESCE(tier, '') AS tier)",
  },
  orders: {
    columns: { id: 'BIGINT', customer_id: 'BIGINT', platform: 'VARCHAR', status: 'VARCHAR',
               created_at: 'BIGINT', paid_at: 'BIGINT', paid_amount: 'BIGINT', refunded_amount: 'BIGINT' },
  },
  order_items: {
    columns: { order_id: 'BIGINT', line_no: 'INTEGER', sku: 'VARCHAR', category: 'VARCHAR',
               quantity: 'INTEGER', unit_price: 'BIGINT' },
  },
  tags: { columns: { id: 'BIGINT', name: 'VARCHAR' } },
  customer_tags: { columns: { customer_id: 'BIGINT', tag_id: 'BIGINT' } },
  events: {
    columns: { id: 'BIGINT', customer_id: 'BIGINT', kind: 'VARCHAR', name: 'VARCHAR', occurred_at: 'BIGINT' },
  },
};

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const rules = readRules(args.rulesSql);
  const [y, m, d] = args.asOf.split('-').map((x) => Number.parseInt(x, 10));
  const day = Date.UTC(y, m - 1, d) / DAY_MS;
  if (!Number.isInteger(day)) throw new Error(`bad --as-of ${args.asOf}`);

  for (const suffix of ['', '.wal']) rmSync(args.db + suffix, { force: true });
  const options = args.threads > 0 ? { threads: String(args.threads) } : {};
  const instance = await DuckDBInstance.create(args.db, options);
  const conn = await instance.connect();
  const scalar = async (sql) => (await conn.runAndReadAll(sql)).getRows()[0][0];

  const loadStart = performance.now();
  const rows = {};
  for (const [table, spec] of Object.entries(TABLES)) {
    const file = join(args.csvDir, `${table}.csv`);
    if (!existsSync(file)) throw new Error(`${file} is missing (gen_intel_db --csv-dir)`);
    const columns = Object.entries(spec.columns).map(([k, v]) => `'${k}': '${v}'`).join(', ');
    await conn.run(`CREATE TABLE ${table} AS SELECT ${spec.select ?? '*'} FROM read_csv('${file}', ` +
                   `header = true, delim = ',', quote = '"', columns = {${columns}})`);
    rows[table] = Number(await scalar(`SELECT count(*) FROM ${table}`));
  }
  await conn.run('CHECKPOINT');
  const loadMs = performance.now() - loadStart;
  const version = await scalar('SELECT version()');
  const threads = Number(await scalar("SELECT current_setting('threads')"));
  console.log(JSON.stringify({ peer: 'duckdb', version, threads, as_of: args.asOf, day,
                               load_ms: round2(loadMs), rows }));

  for (const rule of rules) {
    if (args.only && rule.name !== args.only) continue;
    const sql = expand(rule.sql, day);
    const times = [];
    let count = 0;
    let idSum = '0';
    for (let i = 0; i < args.warmup + args.runs; i += 1) {
      const start = performance.now();
      const result = (await conn.runAndReadAll(sql)).getRows()[0];
      const ms = performance.now() - start;
      count = Number(result[0]);
      idSum = String(result[1]);
      if (i >= args.warmup) times.push(ms);
    }
    // id_sum is a number in the JSON (it fits in 64 bits for any realistic run).
    console.log(`{"peer":"duckdb","rule":${JSON.stringify(rule.name)},"count":${count},"id_sum":${idSum},` +
                `"median_ms":${round2(median(times))},"p95_ms":${round2(p95(times))},` +
                `"runs_ms":${JSON.stringify(times.map(round2))}}`);
  }
  conn.closeSync();
  instance.closeSync?.();
}

main().catch((err) => {
  console.error(`duckdb_peer: ${err.message}`);
  process.exit(1);
});
