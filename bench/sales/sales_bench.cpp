// sales_bench: generates a B2B shop with N opportunities (default 1,000,000)
// over three years with their stage history (~5 rows each), competitor links,
// M sales activities (default 10,000,000) and leads by prepared inserts in
// large transactions; builds the analytics rollups with the rebuild (timed);
// times the write path that keeps them current (a stage move + refresh, an
// activity + record); then times every sales report as the API runs it and
// prints Markdown tables (p50 / p95). See README.md.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <iostream>
#include <optional>
#include <random>
#include <vector>

#include "domain/shops.hpp"
#include "sales/analytics.hpp"
#include "store/query.hpp"

namespace guanxi::bench {
namespace {

constexpr int64_t kDay = 86'400'000;

struct Spec {
  int64_t opportunities = 1'000'000;
  int64_t activities = 10'000'000;
  int64_t leads = 300'000;
  int64_t users = 100;
  int repeats = 20;
  std::string db;
  bool reuse = false;  // keep a database generated before (same spec) instead of replacing it
  bool generate_only = false;  // stop after generating
  bool keep_rollups = false;   // with --reuse: skip the rebuild (rollups built by an earlier run)
};

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Shop ids of the generated pipeline.
struct Ids {
  int64_t pipeline = 0;
  int64_t stages[6] = {};  // 4 open, won, lost
  int64_t probability[6] = {10, 30, 50, 80, 100, 0};
};

Status generate(store::Connection& db, const Spec& spec, int64_t shop, Timestamp now, Ids& ids,
                int64_t& history_rows) {
  std::mt19937_64 rng(42);
  auto pick = [&](int64_t n) { return static_cast<int64_t>(rng() % static_cast<uint64_t>(n)); };
  const int64_t now_ms = to_millis(now);
  const int64_t span = 3 * 365 * kDay;
  GX_RETURN_IF_ERROR(db.begin_write());
  for (int64_t t = 1; t <= spec.users / 10; ++t) {
    store::Query q(db,
                   "INSERT INTO teams (id, shop_id, name, created_at, updated_at) "
                   "VALUES (?, ?, ?, 0, 0)");
    q.bind(t, shop, fmt::format("销售{}组", t));
    GX_RETURN_IF_ERROR(q.run());
  }
  for (int64_t u = 1; u <= spec.users; ++u) {
    store::Query q(db,
                   "INSERT INTO users (id, shop_id, username, display_name, password_hash, role, "
                   "team_id, password_changed_at, created_at, updated_at) "
                   "VALUES (?, ?, ?, ?, 'x', 'sales', ?, 0, 0, 0)");
    q.bind(u, shop, fmt::format("rep{}", u), fmt::format("销售{}", u), 1 + (u - 1) / 10);
    GX_RETURN_IF_ERROR(q.run());
  }
  {
    store::Query q(db,
                   "INSERT INTO pipelines (shop_id, name, is_default, created_at, updated_at) "
                   "VALUES (?, '默认销售流程', 1, 0, 0)");
    q.bind(shop);
    GX_ASSIGN_OR_RETURN(ids.pipeline, q.insert_row("pipelines"));
  }
  const char* names[] = {"初步接洽", "需求确认", "方案报价", "谈判", "赢单", "输单"};
  const char* kinds[] = {"open", "open", "open", "open", "won", "lost"};
  for (int i = 0; i < 6; ++i) {
    store::Query q(db,
                   "INSERT INTO pipeline_stages (shop_id, pipeline_id, name, position, "
                   "probability, kind) VALUES (?, ?, ?, ?, ?, ?)");
    q.bind(shop, ids.pipeline, names[i], i + 1, ids.probability[i], kinds[i]);
    GX_ASSIGN_OR_RETURN(ids.stages[i], q.insert_row("pipeline_stages"));
  }
  const char* competitors[] = {"用友", "金蝶", "浪潮", "Salesforce", "纷享销客"};
  for (int i = 0; i < 5; ++i) {
    store::Query q(db,
                   "INSERT INTO competitors (id, shop_id, name, created_at, updated_at) "
                   "VALUES (?, ?, ?, 0, 0)");
    q.bind(i + 1, shop, competitors[i]);
    GX_RETURN_IF_ERROR(q.run());
  }
  GX_RETURN_IF_ERROR(db.commit());

  const char* categories[] = {"pipeline", "pipeline", "best_case", "commit", "omitted"};
  const char* reasons[] = {"价格太高", "功能不足", "选择了竞品", "预算取消", "无决策人"};
  GX_RETURN_IF_ERROR(db.begin_write());
  for (int64_t id = 1; id <= spec.opportunities; ++id) {
    const int64_t created = now_ms - span + (span * id) / spec.opportunities;
    const int64_t owner = 1 + pick(spec.users);
    const int64_t amount = (10 + pick(2000)) * 10'000;
    // The path: forward through 1..4 open stages (sometimes skipping one),
    // a step back and forth now and then, then won or lost unless still open.
    std::vector<std::pair<int, int64_t>> path{{0, created}};
    int64_t t = created;
    const int furthest = static_cast<int>(pick(4));
    for (int s = 1; s <= furthest; ++s) {
      if (pick(8) == 0 && s < furthest) ++s;
      t += (1 + pick(20)) * kDay;
      path.emplace_back(s, t);
    }
    for (int64_t extra = pick(4); extra > 0 && path.back().first > 0; --extra) {
      const int back = path.back().first - 1;
      t += (1 + pick(10)) * kDay;
      path.emplace_back(back, t);
      t += (1 + pick(10)) * kDay;
      path.emplace_back(back + 1, t);
    }
    const bool recent = now_ms - created < 120 * kDay;
    const int64_t fate = pick(10);
    std::string status = "open";
    if (!recent || fate < 3) {
      if (fate < 4) {
        status = "won";
      } else if (fate < 9) {
        status = "lost";
      }
    }
    if (status != "open") {
      t += (1 + pick(15)) * kDay;
      path.emplace_back(status == "won" ? 4 : 5, t);
    }
    if (t > now_ms) t = now_ms;
    const int last = path.back().first;
    std::optional<int64_t> closed;
    if (status != "open") closed = std::min(path.back().second, now_ms);
    const int64_t expected_day = status == "open" ? now_ms + pick(270) * kDay : created + 90 * kDay;
    const CivilDate expected = ShopZone::shanghai().local_date(from_millis(expected_day));
    std::optional<int64_t> last_activity;
    if (pick(4) != 0) last_activity = std::min(now_ms, path.back().second + pick(60) * kDay);
    store::Query q(db,
                   "INSERT INTO opportunities (id, shop_id, pipeline_id, stage_id, name, "
                   "amount_minor, currency, expected_close_date, owner_user_id, status, "
                   "forecast_category, close_reason, closed_at, stage_entered_at, "
                   "last_activity_at, created_at, updated_at) "
                   "VALUES (?, ?, ?, ?, ?, ?, 'CNY', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(id, shop, ids.pipeline, ids.stages[last], fmt::format("商机{}", id), amount,
           expected.to_string(), owner, status, status == "open" ? categories[pick(5)] : "closed",
           status == "lost" ? reasons[pick(5)] : "", closed, std::min(path.back().second, now_ms),
           last_activity, created, std::min(path.back().second, now_ms));
    GX_RETURN_IF_ERROR(q.run());
    std::optional<int64_t> from;
    for (const auto& [stage, at] : path) {
      store::Query h(db,
                     "INSERT INTO opportunity_stage_history (shop_id, opportunity_id, "
                     "from_stage_id, to_stage_id, amount_minor, probability, moved_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)");
      h.bind(shop, id, from, ids.stages[stage], amount, ids.probability[stage],
             std::min(at, now_ms));
      GX_RETURN_IF_ERROR(h.run());
      from = ids.stages[stage];
      ++history_rows;
    }
    if (pick(10) < 3) {
      store::Query c(db,
                     "INSERT INTO opportunity_competitors (opportunity_id, competitor_id, shop_id) "
                     "VALUES (?, ?, ?)");
      c.bind(id, 1 + pick(5), shop);
      GX_RETURN_IF_ERROR(c.run());
    }
    if (id % 200'000 == 0) {
      GX_RETURN_IF_ERROR(db.commit());
      GX_RETURN_IF_ERROR(db.begin_write());
    }
  }
  GX_RETURN_IF_ERROR(db.commit());

  const char* kinds_of_activity[] = {"call", "call", "email", "meeting", "visit", "note"};
  GX_RETURN_IF_ERROR(db.begin_write());
  for (int64_t id = 1; id <= spec.activities; ++id) {
    const int64_t at = now_ms - span + (span * id) / spec.activities;
    store::Query q(db,
                   "INSERT INTO sales_activities (shop_id, kind, opportunity_id, user_id, "
                   "occurred_at, created_at) VALUES (?, ?, ?, ?, ?, ?)");
    q.bind(shop, kinds_of_activity[pick(6)], 1 + pick(spec.opportunities), 1 + pick(spec.users), at,
           at);
    GX_RETURN_IF_ERROR(q.run());
    if (id % 500'000 == 0) {
      GX_RETURN_IF_ERROR(db.commit());
      GX_RETURN_IF_ERROR(db.begin_write());
    }
  }
  const char* lead_status[] = {"new",       "working",      "nurturing",
                               "qualified", "disqualified", "converted"};
  for (int64_t id = 1; id <= spec.leads; ++id) {
    const int64_t at = now_ms - span + (span * id) / spec.leads;
    const char* status = lead_status[pick(6)];
    std::optional<int64_t> opp;
    if (std::string_view(status) == "converted") opp = 1 + pick(spec.opportunities);
    store::Query q(db,
                   "INSERT INTO leads (shop_id, name, source, status, owner_user_id, "
                   "converted_opportunity_id, created_at, updated_at) "
                   "VALUES (?, ?, 'web_form', ?, ?, ?, ?, ?)");
    q.bind(shop, fmt::format("线索{}", id), status, 1 + pick(spec.users), opp, at, at);
    GX_RETURN_IF_ERROR(q.run());
  }
  GX_RETURN_IF_ERROR(db.commit());
  return Status::ok();
}

struct Timing {
  std::string name;
  double p50 = 0;
  double p95 = 0;
  std::string size;
};

Timing time_it(const std::string& name, int repeats, const std::function<std::string()>& run) {
  std::vector<double> ms;
  std::string size;
  for (int i = 0; i < repeats; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    size = run();
    ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  const auto at = [&](double p) {
    return ms[std::min(ms.size() - 1, static_cast<size_t>(p * static_cast<double>(ms.size())))];
  };
  return {name, at(0.5), at(0.95), size};
}

template <typename T>
T must(Result<T> r) {
  if (!r.ok()) {
    std::cerr << r.status().to_string() << "\n";
    std::exit(1);
  }
  return std::move(*r);
}

// The shop, pipeline and history size of a database generated by an earlier
// run (--reuse); nullopt when there is none.
std::optional<domain::Shop> reuse_shop(store::Connection& db, Ids& ids, int64_t& history_rows) {
  auto shops = domain::list_shops(db);
  if (!shops.ok() || shops->empty()) return std::nullopt;
  const domain::Shop shop = shops->front();
  {
    store::Query q(db, "SELECT COUNT(*) FROM opportunities WHERE shop_id = ?");
    q.bind(shop.id);
    if (q.single_int64().value().value_or(0) == 0) return std::nullopt;
  }
  {
    store::Query q(db, "SELECT id FROM pipelines WHERE shop_id = ? AND is_default = 1");
    q.bind(shop.id);
    ids.pipeline = q.single_int64().value().value_or(0);
  }
  store::Query q(db, "SELECT id FROM pipeline_stages WHERE pipeline_id = ? ORDER BY position");
  q.bind(ids.pipeline);
  for (int i = 0; i < 6 && q.next(); ++i) ids.stages[i] = q.i64(0);
  store::Query h(db, "SELECT MAX(id) FROM opportunity_stage_history");
  history_rows = h.single_int64().value().value_or(0);
  return shop;
}

int run(const Spec& spec) {
  const std::string path =
      spec.db.empty() ? (std::filesystem::temp_directory_path() / "guanxi_sales_bench.db").string()
                      : spec.db;
  if (!spec.reuse) {
    for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path + ext);
  }
  auto db = store::open_database(path);
  if (!db.ok()) {
    std::cerr << db.status().to_string() << "\n";
    return 1;
  }
  auto conn = (*db)->connect().value();
  (void)conn->execute("PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF;");
  const Timestamp now = ShopZone::shanghai().parse_local("2026-11-30 10:00").value();
  FakeClock clock(now);
  Ids ids;
  int64_t history_rows = 0;
  double gen_s = -1;
  std::optional<domain::Shop> shop;
  if (spec.reuse) shop = reuse_shop(*conn, ids, history_rows);
  if (shop) {
    std::cerr << "reusing " << path << " (shop " << shop->id << ")\n";
  } else {
    auto created =
        domain::create_shop(*conn, clock, domain::Shop{0, "关系销售", "Asia/Shanghai", "CNY"});
    if (!created.ok()) {
      std::cerr << created.status().to_string() << "\n";
      return 1;
    }
    shop = *created;
    const auto g0 = std::chrono::steady_clock::now();
    if (Status s = generate(*conn, spec, shop->id, now, ids, history_rows); !s.is_ok()) {
      std::cerr << s.to_string() << "\n";
      return 1;
    }
    gen_s = seconds_since(g0);
    std::cerr << fmt::format("generated in {:.0f} s\n", gen_s);
  }
  if (spec.generate_only) {
    (void)conn->execute("ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);");
    return 0;
  }
  (void)conn->execute("ANALYZE");
  const auto r0 = std::chrono::steady_clock::now();
  domain::WriteContext w{*conn, clock, *shop, ShopZone::shanghai(), "bench"};
  const bool rebuild = !(spec.keep_rollups && gen_s < 0);
  if (rebuild) {
    (void)conn->begin_write();
    const int64_t n = must(sales::rebuild_sales_analytics(w));
    (void)conn->commit();
    if (n != spec.opportunities) std::cerr << "rebuild saw " << n << " opportunities\n";
  }
  const double rebuild_s = rebuild ? seconds_since(r0) : -1;
  (void)conn->execute("ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);");
  int64_t rollup_rows = 0;
  {
    store::Query q(*conn, "SELECT COUNT(*) FROM sales_rollups");
    rollup_rows = q.single_int64().value().value_or(0);
  }

  // The write path: a stage move (history row + opportunity update) and the
  // refresh, one transaction each, durable (synchronous = FULL).
  (void)conn->execute("PRAGMA synchronous = FULL;");
  std::vector<double> move_us, refresh_us, activity_us;
  std::mt19937_64 rng(7);
  for (int i = 0; i < 500; ++i) {
    const int64_t opp = 1 + static_cast<int64_t>(rng() % static_cast<uint64_t>(spec.opportunities));
    const int stage = static_cast<int>(rng() % 4);
    const int64_t at = to_millis(now) - static_cast<int64_t>(rng() % 1000);
    const auto t0 = std::chrono::steady_clock::now();
    (void)conn->begin_write();
    {
      store::Query h(*conn,
                     "INSERT INTO opportunity_stage_history (shop_id, opportunity_id, "
                     "to_stage_id, amount_minor, probability, moved_at) "
                     "SELECT shop_id, id, ?, amount_minor, ?, ? FROM opportunities WHERE id = ?");
      h.bind(ids.stages[stage], ids.probability[stage], at, opp);
      (void)h.run();
      store::Query u(*conn,
                     "UPDATE opportunities SET stage_id = ?, status = 'open', closed_at = NULL, "
                     "stage_entered_at = ?, updated_at = ? WHERE id = ?");
      u.bind(ids.stages[stage], at, at, opp);
      (void)u.run();
    }
    const auto t1 = std::chrono::steady_clock::now();
    if (Status s = sales::refresh_opportunity_analytics(w, opp); !s.is_ok()) {
      std::cerr << s.to_string() << "\n";
      return 1;
    }
    const auto t2 = std::chrono::steady_clock::now();
    (void)conn->commit();
    const auto t3 = std::chrono::steady_clock::now();
    move_us.push_back(std::chrono::duration<double, std::micro>(t3 - t0).count());
    refresh_us.push_back(std::chrono::duration<double, std::micro>(t2 - t1).count());
  }
  for (int i = 0; i < 500; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    (void)conn->begin_write();
    store::Query q(*conn,
                   "INSERT INTO sales_activities (shop_id, kind, user_id, occurred_at, created_at) "
                   "VALUES (?, 'call', ?, ?, ?)");
    q.bind(shop->id, 1 + static_cast<int64_t>(rng() % 100), to_millis(now), to_millis(now));
    const int64_t id = must(q.insert_row("sales_activities"));
    if (Status s = sales::record_activity_analytics(w, id); !s.is_ok()) {
      std::cerr << s.to_string() << "\n";
      return 1;
    }
    (void)conn->commit();
    activity_us.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
  }
  auto pct = [](std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
  };

  auto reader = (*db)->connect(true).value();
  domain::ReadContext r{*reader, clock, *shop, ShopZone::shanghai()};
  sales::ReportFilter all;
  sales::ReportFilter rep;
  rep.owners = std::vector<int64_t>{7};
  sales::ReportFilter team;
  team.owners = must(sales::team_members(r, 3));
  sales::ReportFilter quarter;
  const auto q4 = must(sales::parse_period("2026-Q3", "period"));
  quarter.from_month = q4.first;
  quarter.to_month = q4.second;
  sales::ReportFilter year;
  const auto y = must(sales::parse_period("2025", "period"));
  year.from_month = y.first;
  year.to_month = y.second;

  std::vector<Timing> rows;
  const int n = spec.repeats;
  auto funnel = [&](const sales::ReportFilter& f) {
    return [&r, f] {
      auto x = must(sales::funnel_report(r, f));
      return fmt::format("{} created", x.created);
    };
  };
  rows.push_back(time_it("funnel, whole shop", n, funnel(all)));
  rows.push_back(time_it("funnel, one rep", n, funnel(rep)));
  rows.push_back(time_it("funnel, one team (10 reps)", n, funnel(team)));
  rows.push_back(time_it("funnel, created in 2026-Q3", n, funnel(quarter)));
  auto velocity = [&](const sales::ReportFilter& f) {
    return [&r, f] {
      auto x = must(sales::velocity_report(r, f));
      int64_t stays = 0;
      for (const auto& s : x.stages) stays += s.finished.count;
      return fmt::format("{} stays", stays);
    };
  };
  rows.push_back(time_it("velocity, whole shop", n, velocity(all)));
  rows.push_back(time_it("velocity, one team", n, velocity(team)));
  rows.push_back(time_it("velocity, created in 2025", n, velocity(year)));
  sales::ReportFilter team_year = year;
  team_year.owners = team.owners;
  rows.push_back(time_it("velocity, one team, created in 2025", n, velocity(team_year)));
  auto stalled = [&](const sales::ReportFilter& f, int64_t days) {
    return [&r, f, days] {
      auto x = must(sales::stalled_report(r, f, days, 100));
      return fmt::format("{} stalled", x.total);
    };
  };
  rows.push_back(time_it("stalled ≥ 30 days, whole shop (100 listed)", n, stalled(all, 30)));
  rows.push_back(time_it("stalled ≥ 30 days, one rep", n, stalled(rep, 30)));
  rows.push_back(time_it("stalled ≥ 30 days, one team", n, stalled(team, 30)));
  auto forecast = [&](const sales::ReportFilter& f) {
    return [&r, f] {
      auto x = must(sales::forecast_report(r, f, "2026-Q4"));
      return fmt::format("{} open", x.total.open_count);
    };
  };
  rows.push_back(time_it("forecast, next 6 months + quotas", n, forecast(all)));
  rows.push_back(time_it("forecast, one team", n, forecast(team)));
  rows.push_back(time_it("competitors, whole shop", n, [&] {
    auto x = must(sales::competitor_report(r, all));
    return fmt::format("{} competitors", x.competitors.size());
  }));
  rows.push_back(time_it("leaderboard, 2026-Q3 (100 reps)", n, [&] {
    auto x = must(sales::leaderboard_report(r, quarter, ""));
    return fmt::format("{} reps", x.reps.size());
  }));
  rows.push_back(time_it("leaderboard, 2025 by activities", n, [&] {
    auto x = must(sales::leaderboard_report(r, year, "activities"));
    return fmt::format("{} reps", x.reps.size());
  }));
  rows.push_back(time_it("lead cohorts, last 6 months", n, [&] {
    auto x = must(sales::lead_cohort_report(r, all));
    return fmt::format("{} leads", x.total.leads);
  }));
  rows.push_back(time_it("lead cohorts, 2025 (12 months)", n, [&] {
    auto x = must(sales::lead_cohort_report(r, year));
    return fmt::format("{} leads", x.total.leads);
  }));
  rows.push_back(time_it("lead cohorts, 2025, one team", n, [&] {
    auto x = must(sales::lead_cohort_report(r, team_year));
    return fmt::format("{} leads", x.total.leads);
  }));

  std::cout << fmt::format(
      "\nSales: {} opportunities, {} stage-history rows, {} activities, {} leads, {} reps; "
      "{}; {} ({} rollup rows)\n\n",
      spec.opportunities, history_rows, spec.activities, spec.leads, spec.users,
      gen_s < 0 ? std::string("database reused") : fmt::format("generated in {:.0f} s", gen_s),
      rebuild_s < 0 ? std::string("rollups kept")
                    : fmt::format("rollups rebuilt in {:.1f} s", rebuild_s),
      rollup_rows);
  std::cout << "| report | result | p50 ms | p95 ms |\n|---|---:|---:|---:|\n";
  for (const auto& t : rows) {
    std::cout << fmt::format("| {} | {} | {:.2f} | {:.2f} |\n", t.name, t.size, t.p50, t.p95);
  }
  std::cout << "\n| write path (durable, one transaction each) | p50 µs | p95 µs |\n"
               "|---|---:|---:|\n";
  std::cout << fmt::format("| stage move + refresh (whole transaction) | {:.0f} | {:.0f} |\n",
                           pct(move_us, 0.5), pct(move_us, 0.95));
  std::cout << fmt::format("| of which refresh_opportunity_analytics | {:.0f} | {:.0f} |\n",
                           pct(refresh_us, 0.5), pct(refresh_us, 0.95));
  std::cout << fmt::format("| activity insert + record_activity_analytics | {:.0f} | {:.0f} |\n",
                           pct(activity_us, 0.5), pct(activity_us, 0.95));
  return 0;
}

}  // namespace
}  // namespace guanxi::bench

int main(int argc, char** argv) {
  guanxi::bench::Spec spec;
  CLI::App app{"Sales analytics benchmark"};
  app.add_option("--opportunities", spec.opportunities, "Opportunities (default 1,000,000)");
  app.add_option("--activities", spec.activities, "Sales activities (default 10,000,000)");
  app.add_option("--leads", spec.leads, "Leads (default 300,000)");
  app.add_option("--users", spec.users, "Sales reps, 10 per team (default 100)");
  app.add_option("--repeats", spec.repeats, "Runs of each report (default 20)");
  app.add_option("--db", spec.db, "Database file (default: a temporary file, replaced)");
  app.add_flag("--reuse", spec.reuse,
               "Keep the database of --db when it holds a generated shop (generated by an earlier "
               "run with the same sizes; the write-path timings of each run stay in it)");
  app.add_flag("--generate-only", spec.generate_only, "Generate the shop and stop");
  app.add_flag("--keep-rollups", spec.keep_rollups,
               "With --reuse: keep the rollups of the earlier run (no rebuild; only after a run "
               "of the same code)");
  CLI11_PARSE(app, argc, argv);
  if (spec.opportunities < 1 || spec.activities < 1 || spec.users < 10 || spec.repeats < 1) {
    std::cerr << "--opportunities, --activities and --repeats must be positive, --users >= 10\n";
    return 2;
  }
  return guanxi::bench::run(spec);
}
