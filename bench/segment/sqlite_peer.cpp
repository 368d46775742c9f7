// sqlite_peer: the SQLite side of the customer-intelligence peer comparison.
// Runs each rule's hand-written SQL (rules.sql) against a Guanxi database
// written by gen_intel_db, computing every per-customer feature from the raw
// orders/events/tags tables each time, and prints one JSON line per rule:
//
//   sqlite_peer --db intel.db --rules-sql bench/segment/rules.sql [--as-of 2026-11-01]
//               [--runs 5] [--warmup 1] [--only NAME]
//
//   {"peer":"sqlite","as_of":"2026-11-01","day":20758,"open_ms":1.2,"db_bytes":N}
//   {"peer":"sqlite","rule":"at_risk","count":123,"id_sum":456,"median_ms":7.1,"p95_ms":7.4,"runs_ms":[...]}
//
// The database is opened through store::open_database, as Guanxi opens it, so
// the SQL function gx_local_day (the shop-local day of an instant) is there and
// the connection has Guanxi's pragmas (256 MB page cache, 2 GB mmap). Each run
// prepares and steps the query from scratch; `--warmup` runs are not timed.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "store/database.hpp"
#include "store/query.hpp"

namespace {

using guanxi::Result;
using guanxi::ShopZone;
using guanxi::Status;

struct Args {
  std::string db;
  std::string rules_sql;
  std::string as_of = "2026-11-01";
  std::string zone = "Asia/Shanghai";
  int runs = 5;
  int warmup = 1;
  std::string only;
};

struct RuleSql {
  std::string name;
  std::string sql;
};

// Splits rules.sql at its "-- rule: NAME" lines.
Result<std::vector<RuleSql>> read_rules(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::io_error("cannot read " + path);
  std::vector<RuleSql> rules;
  std::string line;
  constexpr std::string_view kMarker = "-- rule: ";
  while (std::getline(in, line)) {
    if (line.starts_with(kMarker)) {
      rules.push_back({line.substr(kMarker.size()), ""});
    } else if (!rules.empty()) {
      rules.back().sql += line;
      rules.back().sql += '\n';
    }
  }
  if (rules.empty()) return Status::invalid(path + " has no '-- rule: NAME' sections");
  return rules;
}

// Fills the placeholders documented at the top of rules.sql.
Result<std::string> expand(std::string_view sql, int64_t day, const ShopZone& zone) {
  auto midnight_ms = [&](int64_t d) {
    return guanxi::to_millis(
        zone.at_local(guanxi::LocalDays(std::chrono::days(d)), std::chrono::minutes(0)));
  };
  std::string out;
  size_t pos = 0;
  while (true) {
    const size_t open = sql.find('{', pos);
    if (open == std::string_view::npos) break;
    out.append(sql.substr(pos, open - pos));
    const std::string_view rest = sql.substr(open);
    if (rest.starts_with("{D}")) {
      out += std::to_string(day);
      pos = open + 3;
    } else if (rest.starts_with("{until}")) {
      out += std::to_string(midnight_ms(day + 1));
      pos = open + 7;
    } else if (rest.starts_with("{since:")) {
      const size_t close = rest.find('}');
      if (close == std::string_view::npos) return Status::invalid("unterminated {since:N}");
      const int64_t n = std::stoll(std::string(rest.substr(7, close - 7)));
      out += std::to_string(midnight_ms(day - n + 1));
      pos = open + close + 1;
    } else if (rest.starts_with("{local_day(")) {
      const size_t close = rest.find(")}");
      if (close == std::string_view::npos) return Status::invalid("unterminated {local_day(...)}");
      out += fmt::format("gx_local_day({}, '{}')", rest.substr(11, close - 11), zone.name());
      pos = open + close + 2;
    } else {
      return Status::invalid(fmt::format("unknown placeholder at '{}'", rest.substr(0, 20)));
    }
  }
  out.append(sql.substr(pos));
  return out;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// Nearest rank: the smallest value with at least 95% of the runs at or below it.
double p95(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<size_t>(std::ceil(0.95 * static_cast<double>(v.size())));
  return v[std::max<size_t>(rank, 1) - 1];
}

Status run(const Args& args) {
  GX_ASSIGN_OR_RETURN(auto rules, read_rules(args.rules_sql));
  GX_ASSIGN_OR_RETURN(auto date, guanxi::parse_civil_date(args.as_of));
  GX_ASSIGN_OR_RETURN(auto zone, ShopZone::load(args.zone));
  const std::chrono::year_month_day ymd{std::chrono::year(date.year),
                                        std::chrono::month(date.month), std::chrono::day(date.day)};
  const int64_t day = std::chrono::local_days(ymd).time_since_epoch().count();

  if (!std::filesystem::exists(args.db)) return Status::not_found(args.db + " does not exist");
  const auto open_start = std::chrono::steady_clock::now();
  GX_ASSIGN_OR_RETURN(auto db, guanxi::store::open_database(args.db));
  GX_ASSIGN_OR_RETURN(auto conn, db->connect(/*read_only=*/true));
  const double open_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - open_start)
          .count();
  std::error_code ec;
  const auto bytes = std::filesystem::file_size(args.db, ec);
  std::printf(
      "{\"peer\":\"sqlite\",\"as_of\":\"%s\",\"day\":%lld,\"open_ms\":%.1f,\"db_bytes\":%llu}\n",
      args.as_of.c_str(), static_cast<long long>(day), open_ms,
      static_cast<unsigned long long>(ec ? 0 : bytes));
  std::fflush(stdout);

  for (const auto& rule : rules) {
    if (!args.only.empty() && rule.name != args.only) continue;
    GX_ASSIGN_OR_RETURN(const std::string sql, expand(rule.sql, day, zone));
    std::vector<double> times;
    int64_t count = 0;
    int64_t id_sum = 0;
    for (int i = 0; i < args.warmup + args.runs; ++i) {
      const auto start = std::chrono::steady_clock::now();
      guanxi::store::Query q(*conn, sql, guanxi::store::Query::Uncached{});
      if (!q.next()) {
        GX_RETURN_IF_ERROR(q.status());
        return Status::internal(rule.name + ": the query returned no row");
      }
      count = q.i64(0);
      id_sum = q.i64(1);
      const double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count();
      if (i >= args.warmup) times.push_back(ms);
    }
    std::string runs;
    for (const double t : times) runs += fmt::format("{}{:.2f}", runs.empty() ? "" : ",", t);
    std::printf(
        "{\"peer\":\"sqlite\",\"rule\":\"%s\",\"count\":%lld,\"id_sum\":%lld,\"median_ms\":%.2f,"
        "\"p95_ms\":%.2f,\"runs_ms\":[%s]}\n",
        rule.name.c_str(), static_cast<long long>(count), static_cast<long long>(id_sum),
        median(times), p95(times), runs.c_str());
    std::fflush(stdout);
  }
  return Status::ok();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "Runs the segment benchmark's rules as SQL on SQLite (the raw tables of a Guanxi database)"};
  Args args;
  app.add_option("--db", args.db, "database written by gen_intel_db")->required();
  app.add_option("--rules-sql", args.rules_sql, "bench/segment/rules.sql")->required();
  app.add_option("--as-of", args.as_of, "the shop-local day D the rules are evaluated as of");
  app.add_option("--zone", args.zone, "the shop's time zone");
  app.add_option("--runs", args.runs, "timed runs per rule")->check(CLI::Range(1, 1000));
  app.add_option("--warmup", args.warmup, "untimed runs per rule first")->check(CLI::Range(0, 100));
  app.add_option("--only", args.only, "run just this rule");
  CLI11_PARSE(app, argc, argv);
  const Status s = run(args);
  if (!s.is_ok()) {
    std::fprintf(stderr, "sqlite_peer: %s\n", s.to_string().c_str());
    return 1;
  }
  return 0;
}
