// The sales analytics on constructed data sets, against figures computed by
// hand in the comments. Rows are inserted directly (the record code is
// tested on its own); every opportunity is then refreshed through the hook the
// record code calls, and the rollups are checked against a full rebuild. The
// lead cohort rollups are driven through the record code itself (create,
// update, status, conversion, stage moves of the converted deal, import) and
// compared with the cohorts counted from the leads.
#include "sales/analytics.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "core/embedded.hpp"
#include "domain/testing/test_shop.hpp"
#include "importer/byte_source.hpp"
#include "sales/import.hpp"
#include "sales/leads.hpp"
#include "sales/opportunities.hpp"
#include "store/migrations.hpp"
#include "store/query.hpp"

namespace guanxi {
std::span<const EmbeddedFile> store_migrations();
}

namespace guanxi::sales {
namespace {

constexpr int64_t kDay = 86'400'000;

class SalesAnalyticsTest : public ::testing::Test {
 protected:
  SalesAnalyticsTest() {
    shop_.clock().set(at("2024-06-15 09:00"));
    team1_ = insert("INSERT INTO teams (shop_id, name, created_at, updated_at) VALUES (?, ?, 0, 0)",
                    "华东");
    team2_ = insert("INSERT INTO teams (shop_id, name, created_at, updated_at) VALUES (?, ?, 0, 0)",
                    "华南");
    alice_ = user("alice", "王丽", team1_);
    bob_ = user("bob", "李强", team1_);
    carol_ = user("carol", "陈静", team2_);
    pipeline_ = insert(
        "INSERT INTO pipelines (shop_id, name, is_default, created_at, updated_at) "
        "VALUES (?, ?, 1, 0, 0)",
        "默认");
    const char* names[] = {"初步接洽", "需求确认", "方案报价", "谈判", "赢单", "输单"};
    const int64_t probability[] = {10, 30, 50, 80, 100, 0};
    const char* kinds[] = {"open", "open", "open", "open", "won", "lost"};
    for (int i = 0; i < 6; ++i) {
      store::Query q(shop_.conn(),
                     "INSERT INTO pipeline_stages (shop_id, pipeline_id, name, position, "
                     "probability, kind) VALUES (?, ?, ?, ?, ?, ?)");
      q.bind(shop_.shop().id, pipeline_, names[i], i + 1, probability[i], kinds[i]);
      stage_[i + 1] = q.insert_row("pipeline_stages").value();
      probability_[stage_[i + 1]] = probability[i];
    }
  }

  static Timestamp at(const std::string& local) {
    return ShopZone::shanghai().parse_local(local).value();
  }
  static int64_t ms(const std::string& local) { return to_millis(at(local)); }

  int64_t insert(const std::string& sql, const std::string& name) {
    store::Query q(shop_.conn(), sql);
    q.bind(shop_.shop().id, name);
    return q.insert_row("test").value();
  }
  int64_t user(const std::string& username, const std::string& display, int64_t team) {
    store::Query q(shop_.conn(),
                   "INSERT INTO users (shop_id, username, display_name, password_hash, role, "
                   "team_id, password_changed_at, created_at, updated_at) "
                   "VALUES (?, ?, ?, 'x', 'sales', ?, 0, 0, 0)");
    q.bind(shop_.shop().id, username, display, team);
    return q.insert_row("users").value();
  }

  struct Opp {
    int64_t owner = 0;
    int64_t amount = 0;   // minor units
    std::string created;  // shop-local
    // (stage number 1..6, days after creation) in order; the first is the creation.
    std::vector<std::pair<int, int64_t>> moves;
    std::string reason;
    std::optional<std::string> expected_close;
    std::string category = "pipeline";
    std::optional<std::string> last_activity;
  };

  // Inserts the opportunity and its stage history the way the record code
  // writes them, then refreshes it through the hook.
  int64_t opportunity(int64_t owner, int64_t amount, const std::string& created_at,
                      std::vector<std::pair<int, int64_t>> moves, const std::string& reason = "",
                      std::optional<std::string> expected_close = std::nullopt,
                      const std::string& category = "pipeline",
                      std::optional<std::string> last_activity = std::nullopt) {
    Opp o{owner,  amount,         created_at, std::move(moves),
          reason, expected_close, category,   last_activity};
    const int64_t created = ms(o.created);
    const auto& [last_stage, last_day] = o.moves.back();
    const int64_t entered = created + last_day * kDay;
    const std::string status = last_stage == 5 ? "won" : last_stage == 6 ? "lost" : "open";
    std::optional<int64_t> closed;
    if (status != "open") closed = entered;
    std::optional<int64_t> activity;
    if (o.last_activity) activity = ms(*o.last_activity);
    store::Query q(shop_.conn(),
                   "INSERT INTO opportunities (shop_id, pipeline_id, stage_id, name, amount_minor, "
                   "currency, expected_close_date, owner_user_id, status, forecast_category, "
                   "close_reason, closed_at, stage_entered_at, last_activity_at, created_at, "
                   "updated_at) VALUES (?, ?, ?, ?, ?, 'CNY', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(shop_.shop().id, pipeline_, stage_[last_stage], "商机" + std::to_string(++opps_),
           o.amount, o.expected_close, o.owner, status,
           status == "open" ? o.category : std::string("closed"), o.reason, closed, entered,
           activity, created, entered);
    const int64_t id = q.insert_row("opportunities").value();
    std::optional<int64_t> from;
    for (const auto& [stage, day] : o.moves) {
      store::Query h(shop_.conn(),
                     "INSERT INTO opportunity_stage_history (shop_id, opportunity_id, "
                     "from_stage_id, to_stage_id, amount_minor, probability, moved_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)");
      h.bind(shop_.shop().id, id, from, stage_[stage], o.amount, probability_[stage_[stage]],
             created + day * kDay);
      EXPECT_TRUE(h.run().is_ok());
      from = stage_[stage];
    }
    refresh(id);
    return id;
  }

  void refresh(int64_t id) {
    Status s =
        shop_.write([&](domain::WriteContext& w) { return refresh_opportunity_analytics(w, id); });
    ASSERT_TRUE(s.is_ok()) << s.to_string();
  }

  int64_t competitor(const std::string& name) {
    return insert(
        "INSERT INTO competitors (shop_id, name, created_at, updated_at) VALUES (?, ?, 0, 0)",
        name);
  }
  void link(int64_t opp, int64_t competitor) {
    store::Query q(shop_.conn(),
                   "INSERT INTO opportunity_competitors (opportunity_id, competitor_id, shop_id) "
                   "VALUES (?, ?, ?)");
    q.bind(opp, competitor, shop_.shop().id);
    ASSERT_TRUE(q.run().is_ok());
    refresh(opp);
  }

  void activity(int64_t user, const std::string& kind, const std::string& when) {
    store::Query q(shop_.conn(),
                   "INSERT INTO sales_activities (shop_id, kind, user_id, occurred_at, created_at) "
                   "VALUES (?, ?, ?, ?, ?)");
    q.bind(shop_.shop().id, kind, user, ms(when), ms(when));
    const int64_t id = q.insert_row("sales_activities").value();
    Status s =
        shop_.write([&](domain::WriteContext& w) { return record_activity_analytics(w, id); });
    ASSERT_TRUE(s.is_ok()) << s.to_string();
  }

  // The base data set (amounts in minor units: 100000 = ¥1,000.00).
  //  O1 alice ¥1000, created 03-01: 1 →(2d) 2 →(3d) 3 →(4d) 4 →(1d) won on 03-11.
  //  O2 alice ¥2000, created 03-02: 1 →(4d) 3 (skips 2) →(6d) lost on 03-12 "价格太高".
  //  O3 bob   ¥3000, created 03-03: 1 →(6d) 2, open since 03-09; close 2024-07-20, commit;
  //           last activity 06-10.
  //  O4 bob   ¥4000, created 03-04: 1, open; close 2024-07-05, best_case; no activity.
  //  O5 carol ¥5000, created 03-05: 1 →(1d) 2 →(2d) 4 (skips 3), open since 03-08;
  //           close 2024-06-28, pipeline; last activity 05-31.
  //  O6 carol ¥6000, created 04-01: 1 →(8d) won on 04-09 (skips 2, 3, 4).
  //  O7 alice ¥1500, created 06-01: 1, open; no expected close date; no activity.
  void base() {
    o_[1] =
        opportunity(alice_, 100000, "2024-03-01 09:00", {{1, 0}, {2, 2}, {3, 5}, {4, 9}, {5, 10}});
    o_[2] = opportunity(alice_, 200000, "2024-03-02 09:00", {{1, 0}, {3, 4}, {6, 10}}, "价格太高");
    o_[3] = opportunity(bob_, 300000, "2024-03-03 09:00", {{1, 0}, {2, 6}}, "", "2024-07-20",
                        "commit", "2024-06-10 09:00");
    o_[4] = opportunity(bob_, 400000, "2024-03-04 09:00", {{1, 0}}, "", "2024-07-05", "best_case");
    o_[5] = opportunity(carol_, 500000, "2024-03-05 09:00", {{1, 0}, {2, 1}, {4, 3}}, "",
                        "2024-06-28", "pipeline", "2024-05-31 09:00");
    o_[6] = opportunity(carol_, 600000, "2024-04-01 09:00", {{1, 0}, {5, 8}});
    o_[7] = opportunity(alice_, 150000, "2024-06-01 09:00", {{1, 0}});
  }

  domain::ReadContext reader() { return shop_.read_context(); }

  // Every non-zero rollup row, to compare the incremental path with a rebuild.
  std::map<std::string, std::vector<int64_t>> rollups() {
    store::Query q(shop_.conn(),
                   "SELECT metric, owner_user_id, month, pipeline_id, stage_id, dim, status, "
                   "label, currency, n, amount_minor, total FROM sales_rollups WHERE n <> 0 OR "
                   "amount_minor <> 0 OR total <> 0");
    std::map<std::string, std::vector<int64_t>> out;
    while (q.next()) {
      std::string key;
      for (int c = 0; c < 9; ++c) key += q.text(c) + "|";
      out[key] = {q.i64(9), q.i64(10), q.i64(11)};
    }
    EXPECT_TRUE(q.ok());
    return out;
  }
  void expect_rollups_match_rebuild() {
    const auto incremental = rollups();
    auto n = shop_.write([&](domain::WriteContext& w) { return rebuild_sales_analytics(w); });
    ASSERT_TRUE(n.ok()) << n.status().to_string();
    EXPECT_EQ(incremental, rollups());
  }

  FunnelStage stage_of(const FunnelReport& r, int n) {
    for (const auto& s : r.stages) {
      if (s.stage_id == stage_[n]) return s;
    }
    ADD_FAILURE() << "no stage " << n;
    return {};
  }
  VelocityStage stage_of(const VelocityReport& r, int n) {
    for (const auto& s : r.stages) {
      if (s.stage_id == stage_[n]) return s;
    }
    ADD_FAILURE() << "no stage " << n;
    return {};
  }

  domain::testing::TestShop shop_;
  int64_t team1_ = 0, team2_ = 0, alice_ = 0, bob_ = 0, carol_ = 0, pipeline_ = 0;
  std::map<int, int64_t> stage_;
  std::map<int64_t, int64_t> probability_;
  std::map<int, int64_t> o_;
  int opps_ = 0;
};

TEST_F(SalesAnalyticsTest, FunnelCountsConversionAndWinRateEqualHandComputedValues) {
  base();
  auto ctx = reader();
  auto r = funnel_report(ctx, ReportFilter{});
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  // Created 7: won O1, O6; lost O2; open O3, O4, O5, O7.
  EXPECT_EQ(r->created, 7);
  EXPECT_EQ(r->won, 2);
  EXPECT_EQ(r->lost, 1);
  EXPECT_EQ(r->open, 4);
  EXPECT_EQ(r->won_amount, 700000);  // O1 + O6
  // Open now: stage 1 O4 + O7 (¥4000 + ¥1500), stage 2 O3, stage 3 none, stage 4 O5.
  EXPECT_EQ(stage_of(*r, 1).open_count, 2);
  EXPECT_EQ(stage_of(*r, 1).open_amount, 550000);
  EXPECT_EQ(stage_of(*r, 2).open_count, 1);
  EXPECT_EQ(stage_of(*r, 2).open_amount, 300000);
  EXPECT_EQ(stage_of(*r, 3).open_count, 0);
  EXPECT_EQ(stage_of(*r, 4).open_count, 1);
  EXPECT_EQ(stage_of(*r, 4).open_amount, 500000);
  // Reached (furthest open stage; skipped stages count; won reaches all):
  //  O1 won: 1-4; O2 up to 3; O3 up to 2; O4 1; O5 up to 4; O6 won: 1-4; O7 1.
  //  stage 1: 7; stage 2: O1 O2 O3 O5 O6 = 5; stage 3: O1 O2 O5 O6 = 4;
  //  stage 4: O1 O5 O6 = 3; won: 2.
  EXPECT_EQ(stage_of(*r, 1).reached, 7);
  EXPECT_EQ(stage_of(*r, 2).reached, 5);
  EXPECT_EQ(stage_of(*r, 3).reached, 4);
  EXPECT_EQ(stage_of(*r, 4).reached, 3);
  EXPECT_EQ(stage_of(*r, 5).reached, 2);
  // Conversion: 5/7, 4/5, 3/4, and to won 2/3.
  EXPECT_DOUBLE_EQ(*stage_of(*r, 1).conversion, 5.0 / 7.0);
  EXPECT_DOUBLE_EQ(*stage_of(*r, 2).conversion, 0.8);
  EXPECT_DOUBLE_EQ(*stage_of(*r, 3).conversion, 0.75);
  EXPECT_DOUBLE_EQ(*stage_of(*r, 4).conversion, 2.0 / 3.0);
  EXPECT_FALSE(stage_of(*r, 5).conversion.has_value());
  // Win rate won / (won + lost) = 2/3; overall won / reached(1) = 2/7.
  EXPECT_DOUBLE_EQ(*r->win_rate, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(*r->overall_conversion, 2.0 / 7.0);
  expect_rollups_match_rebuild();
}

TEST_F(SalesAnalyticsTest, FunnelFiltersByOwnerTeamAndCreationPeriod) {
  base();
  auto ctx = reader();
  // Alice: O1 won, O2 lost, O7 open → win rate 1/2; reached 1: 3, 2: 2 (O1, O2), 3: 2, 4: 1.
  ReportFilter f;
  f.owners = std::vector<int64_t>{alice_};
  auto r = funnel_report(ctx, f);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->created, 3);
  EXPECT_DOUBLE_EQ(*r->win_rate, 0.5);
  EXPECT_EQ(stage_of(*r, 2).reached, 2);
  EXPECT_EQ(stage_of(*r, 4).reached, 1);
  // Team 华东 (alice, bob): O1-O4, O7.
  f.owners = team_members(ctx, team1_).value();
  r = funnel_report(ctx, f);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->created, 5);
  EXPECT_EQ(stage_of(*r, 1).open_count, 2);  // O4, O7
  // Created in March 2024: O1-O5. Won O1, lost O2 → 1/2. Reached: 5, 4, 3, 2; won 1.
  f = ReportFilter{};
  f.from_month = f.to_month = parse_period("2024-03", "?period").value().first;
  r = funnel_report(ctx, f);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->created, 5);
  EXPECT_DOUBLE_EQ(*r->win_rate, 0.5);
  EXPECT_EQ(stage_of(*r, 1).reached, 5);
  EXPECT_EQ(stage_of(*r, 2).reached, 4);
  EXPECT_EQ(stage_of(*r, 3).reached, 3);
  EXPECT_EQ(stage_of(*r, 4).reached, 2);
  EXPECT_DOUBLE_EQ(*stage_of(*r, 4).conversion, 0.5);
  EXPECT_EQ(team_members(ctx, 999).status().code(), ErrorCode::kNotFound);
}

TEST_F(SalesAnalyticsTest, VelocityEqualsHandComputedDays) {
  base();
  auto ctx = reader();
  auto r = velocity_report(ctx, ReportFilter{});
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  // Finished stays: stage 1: O1 2, O2 4, O3 6, O5 1, O6 8 days → [1 2 4 6 8]: median 4, mean 4.2.
  EXPECT_EQ(stage_of(*r, 1).finished.count, 5);
  EXPECT_DOUBLE_EQ(*stage_of(*r, 1).finished.median_days, 4.0);
  EXPECT_DOUBLE_EQ(*stage_of(*r, 1).finished.mean_days, 4.2);
  // Stage 2: O1 3, O5 2 → median (2 + 3) / 2 = 2.5. Stage 3: O1 4, O2 6 → 5. Stage 4: O1 1.
  EXPECT_DOUBLE_EQ(*stage_of(*r, 2).finished.median_days, 2.5);
  EXPECT_DOUBLE_EQ(*stage_of(*r, 2).finished.mean_days, 2.5);
  EXPECT_DOUBLE_EQ(*stage_of(*r, 3).finished.median_days, 5.0);
  EXPECT_DOUBLE_EQ(*stage_of(*r, 4).finished.median_days, 1.0);
  EXPECT_EQ(stage_of(*r, 4).finished.count, 1);
  // Current stays at 06-15 09:00: stage 1 O4 (since 03-04: 103 days), O7 (since 06-01: 14)
  // → mean 58.5; stage 2 O3 since 03-09: 98; stage 4 O5 since 03-08: 99.
  EXPECT_EQ(stage_of(*r, 1).current_count, 2);
  EXPECT_DOUBLE_EQ(*stage_of(*r, 1).current_mean_days, 58.5);
  EXPECT_DOUBLE_EQ(*stage_of(*r, 2).current_mean_days, 98.0);
  EXPECT_DOUBLE_EQ(*stage_of(*r, 4).current_mean_days, 99.0);
  EXPECT_FALSE(stage_of(*r, 3).current_mean_days.has_value());
  // Sales cycle: O1 10 days, O6 8 days → median 9, mean 9.
  EXPECT_EQ(r->sales_cycle.count, 2);
  EXPECT_DOUBLE_EQ(*r->sales_cycle.median_days, 9.0);
  EXPECT_DOUBLE_EQ(*r->sales_cycle.mean_days, 9.0);
  // Carol only: stage 1 O5 1, O6 8 → median 4.5.
  ReportFilter f;
  f.owners = std::vector<int64_t>{carol_};
  r = velocity_report(ctx, f);
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(*stage_of(*r, 1).finished.median_days, 4.5);
  EXPECT_DOUBLE_EQ(*r->sales_cycle.median_days, 8.0);
}

TEST_F(SalesAnalyticsTest, WeightedForecastAndQuotaAttainmentEqualHandComputedValues) {
  base();
  for (auto [u, period, amount] :
       {std::tuple{alice_, "2024-Q1", 200000}, std::tuple{bob_, "2024-Q1", 100000},
        std::tuple{carol_, "2024-Q2", 500000}}) {
    store::Query q(shop_.conn(),
                   "INSERT INTO sales_quotas (shop_id, user_id, period, amount_minor, currency) "
                   "VALUES (?, ?, ?, ?, 'CNY')");
    q.bind(shop_.shop().id, u, std::string(period), amount);
    ASSERT_TRUE(q.run().is_ok());
  }
  auto ctx = reader();
  ReportFilter f;
  f.from_month = parse_period("2024-04", "?from").value().first;
  f.to_month = parse_period("2024-07", "?to").value().first;
  auto r = forecast_report(ctx, f, "2024-Q1");
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  ASSERT_EQ(r->months.size(), 5u);  // 04, 05, 06, 07, none
  // April: O6 won on 04-09 → closed_won ¥6000; nothing open closes in April.
  EXPECT_EQ(r->months[0].month, "2024-04");
  EXPECT_EQ(r->months[0].closed_won, 600000);
  EXPECT_EQ(r->months[0].amount, 0);
  // June: O5 ¥5000 in stage 4 (80%) → weighted ¥4000; category pipeline.
  EXPECT_EQ(r->months[2].month, "2024-06");
  EXPECT_EQ(r->months[2].amount, 500000);
  EXPECT_EQ(r->months[2].weighted, 400000);
  EXPECT_EQ(r->months[2].by_category["pipeline"], 500000);
  // July: O3 ¥3000 × 30% = 900 (commit) + O4 ¥4000 × 10% = 400 (best_case) → ¥7000, ¥1300.
  EXPECT_EQ(r->months[3].amount, 700000);
  EXPECT_EQ(r->months[3].weighted, 130000);
  EXPECT_EQ(r->months[3].by_category["commit"], 300000);
  EXPECT_EQ(r->months[3].by_category["best_case"], 400000);
  EXPECT_EQ(r->months[3].open_count, 2);
  // No date: O7 ¥1500 × 10% = ¥150.
  EXPECT_EQ(r->months[4].month, "none");
  EXPECT_EQ(r->months[4].weighted, 15000);
  // Total of the months: ¥12000, weighted ¥5300, won ¥6000.
  EXPECT_EQ(r->total.amount, 1200000);
  EXPECT_EQ(r->total.weighted, 530000);
  EXPECT_EQ(r->total.closed_won, 600000);
  // Quota 2024-Q1: alice won O1 (03-11) ¥1000 of ¥2000 → 0.5; bob 0 of ¥1000 → 0;
  // carol has no Q1 quota and no Q1 win → not listed. Total ¥1000 / ¥3000.
  ASSERT_EQ(r->quotas.size(), 2u);
  EXPECT_EQ(r->quotas[0].user_id, alice_);
  EXPECT_EQ(r->quotas[0].won, 100000);
  EXPECT_DOUBLE_EQ(*r->quotas[0].attainment, 0.5);
  EXPECT_EQ(r->quotas[1].user_id, bob_);
  EXPECT_DOUBLE_EQ(*r->quotas[1].attainment, 0.0);
  EXPECT_DOUBLE_EQ(*r->quota_total.attainment, 1.0 / 3.0);
  // Q2: carol won O6 ¥6000 of ¥5000 → 1.2.
  r = forecast_report(ctx, f, "2024-Q2");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->quotas.size(), 1u);
  EXPECT_DOUBLE_EQ(*r->quotas[0].attainment, 1.2);
  EXPECT_EQ(forecast_report(ctx, f, "2024-Q5").status().location().field, "?quota_period");
}

TEST_F(SalesAnalyticsTest, StageMovesAndEditsKeepRollupsEqualToARebuild) {
  base();
  // O3 moves to stage 3 on 06-12; O4 is lost on 06-14; O7 changes owner and amount.
  auto exec = [&](const std::string& sql, int64_t a, int64_t b) {
    store::Query q(shop_.conn(), sql);
    q.bind(a, b);
    ASSERT_TRUE(q.run().is_ok());
  };
  const int64_t moved = ms("2024-06-12 09:00");
  exec("UPDATE opportunities SET stage_id = ?, stage_entered_at = " + std::to_string(moved) +
           " WHERE id = ?",
       stage_[3], o_[3]);
  {
    store::Query h(shop_.conn(),
                   "INSERT INTO opportunity_stage_history (shop_id, opportunity_id, "
                   "from_stage_id, to_stage_id, amount_minor, probability, moved_at) "
                   "VALUES (?, ?, ?, ?, 300000, 50, ?)");
    h.bind(shop_.shop().id, o_[3], stage_[2], stage_[3], moved);
    ASSERT_TRUE(h.run().is_ok());
  }
  refresh(o_[3]);
  exec("UPDATE opportunities SET owner_user_id = ?, amount_minor = 99900 WHERE id = ?", carol_,
       o_[7]);
  refresh(o_[7]);
  auto ctx = reader();
  auto r = funnel_report(ctx, ReportFilter{});
  ASSERT_TRUE(r.ok());
  // O3 now reached stage 3: reached(3) = 5.
  EXPECT_EQ(stage_of(*r, 3).reached, 5);
  EXPECT_EQ(stage_of(*r, 3).open_count, 1);
  EXPECT_EQ(stage_of(*r, 1).open_amount, 400000 + 99900);
  auto v = velocity_report(ctx, ReportFilter{});
  ASSERT_TRUE(v.ok());
  // O3's stay in stage 2 (03-09 → 06-12, 95 days) is now finished: [3 2 95] → median 3.
  EXPECT_EQ(stage_of(*v, 2).finished.count, 3);
  EXPECT_DOUBLE_EQ(*stage_of(*v, 2).finished.median_days, 3.0);
  // Soft delete: O4 counts no more.
  exec("UPDATE opportunities SET deleted_at = ? WHERE id = ?", 1, o_[4]);
  refresh(o_[4]);
  r = funnel_report(ctx, ReportFilter{});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->created, 6);
  // Refreshing twice changes nothing.
  refresh(o_[3]);
  expect_rollups_match_rebuild();
}

TEST_F(SalesAnalyticsTest, ReportsRefuseStaleRollups) {
  base();
  store::Query q(shop_.conn(),
                 "INSERT INTO opportunities (shop_id, pipeline_id, stage_id, name, currency, "
                 "stage_entered_at, created_at, updated_at) VALUES (?, ?, ?, 'x', 'CNY', 0, 0, 0)");
  q.bind(shop_.shop().id, pipeline_, stage_[1]);
  const int64_t id = q.insert_row("opportunities").value();
  auto ctx = reader();
  auto r = funnel_report(ctx, ReportFilter{});
  EXPECT_EQ(r.status().code(), ErrorCode::kUnavailable);
  EXPECT_NE(r.status().message().find("rebuild"), std::string::npos);
  refresh(id);
  EXPECT_TRUE(funnel_report(ctx, ReportFilter{}).ok());
}

// Acceptance 4: the competitor report on a constructed set.
TEST_F(SalesAnalyticsTest, CompetitorWinRateLostRevenueAndReasonsEqualHandComputedValues) {
  const int64_t yonyou = competitor("用友");
  const int64_t kingdee = competitor("金蝶");
  const int64_t other = competitor("浪潮");
  const int64_t a = opportunity(alice_, 100000, "2024-03-01 09:00", {{1, 0}, {5, 3}});
  const int64_t b = opportunity(alice_, 200000, "2024-03-01 09:00", {{1, 0}, {6, 3}}, "价格太高");
  const int64_t c = opportunity(bob_, 300000, "2024-03-02 09:00", {{1, 0}, {6, 5}}, "价格太高");
  const int64_t d = opportunity(bob_, 50000, "2024-03-03 09:00", {{1, 0}, {6, 2}}, "功能不足");
  const int64_t e = opportunity(carol_, 70000, "2024-03-04 09:00", {{1, 0}});
  const int64_t f = opportunity(carol_, 80000, "2024-03-05 09:00", {{1, 0}, {5, 1}});
  const int64_t g = opportunity(carol_, 90000, "2024-03-06 09:00", {{1, 0}, {5, 2}});
  for (int64_t o : {a, b, c, d, e}) link(o, yonyou);
  for (int64_t o : {b, f, g}) link(o, kingdee);
  auto ctx = reader();
  auto r = competitor_report(ctx, ReportFilter{});
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  ASSERT_EQ(r->competitors.size(), 3u);
  // 用友: met A B C D E = 5; open E; won A; lost B C D → win rate 1 / (1 + 3) = 0.25;
  // lost revenue ¥2000 + ¥3000 + ¥500 = ¥5500; reasons 价格太高 ×2 (¥5000), 功能不足 ×1 (¥500).
  const auto& y = r->competitors[0];
  EXPECT_EQ(y.competitor_id, yonyou);
  EXPECT_EQ(y.name, "用友");
  EXPECT_EQ(y.met, 5);
  EXPECT_EQ(y.open, 1);
  EXPECT_EQ(y.won, 1);
  EXPECT_EQ(y.lost, 3);
  EXPECT_DOUBLE_EQ(*y.win_rate, 0.25);
  EXPECT_EQ(y.lost_amount, 550000);
  ASSERT_EQ(y.lost_reasons.size(), 2u);
  EXPECT_EQ(y.lost_reasons[0].reason, "价格太高");
  EXPECT_EQ(y.lost_reasons[0].count, 2);
  EXPECT_EQ(y.lost_reasons[0].amount, 500000);
  EXPECT_EQ(y.lost_reasons[1].reason, "功能不足");
  EXPECT_EQ(y.lost_reasons[1].count, 1);
  // 金蝶: met B F G; won F G, lost B → 2/3; lost ¥2000, 价格太高 ×1.
  const auto& k = r->competitors[1];
  EXPECT_EQ(k.competitor_id, kingdee);
  EXPECT_EQ(k.met, 3);
  EXPECT_DOUBLE_EQ(*k.win_rate, 2.0 / 3.0);
  EXPECT_EQ(k.lost_amount, 200000);
  ASSERT_EQ(k.lost_reasons.size(), 1u);
  EXPECT_EQ(k.lost_reasons[0].count, 1);
  // 浪潮: never met, no win rate.
  EXPECT_EQ(r->competitors[2].competitor_id, other);
  EXPECT_EQ(r->competitors[2].met, 0);
  EXPECT_FALSE(r->competitors[2].win_rate.has_value());
  // Bob's deals only: 用友 met C D (both lost) → 0; 金蝶 none.
  ReportFilter bob;
  bob.owners = std::vector<int64_t>{bob_};
  r = competitor_report(ctx, bob);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->competitors[0].met, 2);
  EXPECT_DOUBLE_EQ(*r->competitors[0].win_rate, 0.0);
  // Unlinking E from 用友 and refreshing: met 4.
  {
    store::Query q(shop_.conn(), "DELETE FROM opportunity_competitors WHERE opportunity_id = ?");
    q.bind(e);
    ASSERT_TRUE(q.run().is_ok());
  }
  refresh(e);
  r = competitor_report(ctx, ReportFilter{});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->competitors[0].met, 4);
  EXPECT_EQ(r->competitors[0].open, 0);
  expect_rollups_match_rebuild();
}

TEST_F(SalesAnalyticsTest, LeaderboardCountsWinsPipelineAndActivitiesPerRep) {
  base();
  activity(alice_, "call", "2024-03-05 10:00");
  activity(alice_, "call", "2024-03-06 10:00");
  activity(alice_, "visit", "2024-04-02 10:00");
  activity(bob_, "meeting", "2024-04-20 10:00");
  activity(carol_, "call", "2024-05-02 10:00");  // outside the period
  auto ctx = reader();
  ReportFilter f;
  f.from_month = parse_period("2024-03", "?from").value().first;
  f.to_month = parse_period("2024-04", "?to").value().first;
  auto r = leaderboard_report(ctx, f, "");
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  // March-April: carol won O6 ¥6000 (04-09); alice won O1 ¥1000, lost O2; bob nothing closed.
  ASSERT_EQ(r->reps.size(), 3u);
  EXPECT_EQ(r->reps[0].user_id, carol_);
  EXPECT_EQ(r->reps[0].won_amount, 600000);
  EXPECT_EQ(r->reps[0].pipeline_created, 1100000);  // O5 + O6
  EXPECT_EQ(r->reps[0].activities_total, 0);
  EXPECT_EQ(r->reps[1].user_id, alice_);
  EXPECT_EQ(r->reps[1].name, "王丽");
  EXPECT_EQ(r->reps[1].won_count, 1);
  EXPECT_DOUBLE_EQ(*r->reps[1].win_rate, 0.5);
  EXPECT_EQ(r->reps[1].pipeline_created, 300000);  // O1 + O2 (O7 is June's)
  EXPECT_EQ(r->reps[1].activities["call"], 2);
  EXPECT_EQ(r->reps[1].activities["visit"], 1);
  EXPECT_EQ(r->reps[2].user_id, bob_);
  EXPECT_FALSE(r->reps[2].win_rate.has_value());
  EXPECT_EQ(r->reps[2].activities["meeting"], 1);
  // By activities: alice 3, bob 1, carol 0.
  r = leaderboard_report(ctx, f, "activities");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->reps[0].user_id, alice_);
  EXPECT_EQ(leaderboard_report(ctx, f, "bogus").status().location().field, "?sort");
  // The default pipeline: the same; another one: no deals, the activities stay.
  f.pipeline_id = pipeline_;
  r = leaderboard_report(ctx, f, "");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->reps.size(), 3u);
  EXPECT_EQ(r->reps[0].won_amount, 600000);
  EXPECT_EQ(r->reps[1].pipeline_created, 300000);
  f.pipeline_id = pipeline_ + 1000;
  r = leaderboard_report(ctx, f, "activities");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->reps.size(), 2u);  // carol has neither deals nor activities
  EXPECT_EQ(r->reps[0].user_id, alice_);
  EXPECT_EQ(r->reps[0].won_count, 0);
  EXPECT_EQ(r->reps[0].opportunities_created, 0);
  EXPECT_EQ(r->reps[0].activities_total, 3);
  // An owner filter lists its owners, with or without numbers.
  f.pipeline_id.reset();
  f.owners = std::vector<int64_t>{bob_, carol_};
  r = leaderboard_report(ctx, f, "");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->reps.size(), 2u);
  EXPECT_EQ(r->reps[0].user_id, carol_);
  EXPECT_EQ(r->reps[1].opportunities_created, 2);  // O3 + O4
  expect_rollups_match_rebuild();
}

TEST_F(SalesAnalyticsTest, StalledDealsListOpenOpportunitiesIdleForNDays) {
  base();
  auto ctx = reader();
  // Idle at 06-15 09:00: O3 5 days (activity 06-10), O4 103 (created 03-04), O5 15
  // (activity 05-31), O7 14 (created 06-01). ≥ 10 days: O4, O5, O7, oldest first.
  ReportFilter f;
  auto r = stalled_report(ctx, f, 10, 100);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->total, 3);
  ASSERT_EQ(r->deals.size(), 3u);
  EXPECT_EQ(r->deals[0].opportunity_id, o_[4]);
  EXPECT_EQ(r->deals[0].days_idle, 103);
  EXPECT_EQ(r->deals[0].owner_name, "李强");
  EXPECT_EQ(r->deals[0].stage_name, "初步接洽");
  EXPECT_EQ(r->deals[0].amount_minor, 400000);
  EXPECT_EQ(r->deals[1].opportunity_id, o_[5]);
  EXPECT_EQ(r->deals[1].days_idle, 15);
  EXPECT_EQ(r->deals[2].opportunity_id, o_[7]);
  r = stalled_report(ctx, f, 10, 2);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total, 3);
  EXPECT_EQ(r->deals.size(), 2u);
  f.owners = std::vector<int64_t>{carol_};
  r = stalled_report(ctx, f, 10, 100);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->deals.size(), 1u);
  EXPECT_EQ(r->deals[0].opportunity_id, o_[5]);
  f.owners = std::vector<int64_t>{};
  EXPECT_EQ(stalled_report(ctx, f, 10, 100)->total, 0);
}

TEST_F(SalesAnalyticsTest, LeadCohortsShowHowFarLeadsGot) {
  base();
  auto lead = [&](const std::string& status, const std::string& created,
                  std::optional<int64_t> opp) {
    store::Query q(shop_.conn(),
                   "INSERT INTO leads (shop_id, name, source, status, owner_user_id, "
                   "converted_opportunity_id, created_at, updated_at) "
                   "VALUES (?, '线索', 'web_form', ?, ?, ?, ?, ?)");
    q.bind(shop_.shop().id, status, alice_, opp, ms(created), ms(created));
    ASSERT_TRUE(q.run().is_ok());
  };
  // May: new, working, disqualified, qualified, converted (→ O6 won), converted (→ O3 open).
  lead("new", "2024-05-01 10:00", std::nullopt);
  lead("working", "2024-05-02 10:00", std::nullopt);
  lead("disqualified", "2024-05-03 10:00", std::nullopt);
  lead("qualified", "2024-05-04 10:00", std::nullopt);
  lead("converted", "2024-05-05 10:00", o_[6]);
  lead("converted", "2024-05-31 23:30", o_[3]);  // still May in Shanghai
  // June: nurturing.
  lead("nurturing", "2024-06-01 00:10", std::nullopt);
  auto ctx = reader();
  ReportFilter f;
  f.from_month = parse_period("2024-05", "?from").value().first;
  f.to_month = parse_period("2024-06", "?to").value().first;
  auto r = lead_cohort_report(ctx, f);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  ASSERT_EQ(r->cohorts.size(), 2u);
  const auto& may = r->cohorts[0];
  EXPECT_EQ(may.month, "2024-05");
  // 6 leads; worked: all but new = 5; qualified: qualified + 2 converted = 3; converted 2; won 1.
  EXPECT_EQ(may.leads, 6);
  EXPECT_EQ(may.reached_working, 5);
  EXPECT_EQ(may.reached_qualified, 3);
  EXPECT_EQ(may.converted, 2);
  EXPECT_EQ(may.won, 1);
  EXPECT_EQ(r->cohorts[1].leads, 1);
  EXPECT_EQ(r->cohorts[1].reached_working, 1);
  EXPECT_EQ(r->total.leads, 7);
  f.owners = std::vector<int64_t>{bob_};
  EXPECT_EQ(lead_cohort_report(ctx, f)->total.leads, 0);
}

// Velocity without a period reads the all-months rows; with a period that
// covers everything it sums the monthly rows: the same numbers.
TEST_F(SalesAnalyticsTest, VelocityWithoutAPeriodEqualsTheSumOfEveryMonth) {
  base();
  auto ctx = reader();
  std::vector<ReportFilter> filters(5);
  filters[1].owners = std::vector<int64_t>{alice_};
  filters[2].owners = std::vector<int64_t>{alice_, bob_};
  filters[3].owners = std::vector<int64_t>{carol_, bob_, alice_};
  filters[4].owners = std::vector<int64_t>{};
  for (const auto& f : filters) {
    ReportFilter every = f;
    every.from_month = parse_period("1970", "?from").value().first;
    every.to_month = parse_period("9998", "?to").value().second;
    auto a = velocity_report(ctx, f);
    auto b = velocity_report(ctx, every);
    ASSERT_TRUE(a.ok()) << a.status().to_string();
    ASSERT_TRUE(b.ok()) << b.status().to_string();
    ASSERT_EQ(a->stages.size(), b->stages.size());
    for (size_t i = 0; i < a->stages.size(); ++i) {
      EXPECT_EQ(a->stages[i].finished.count, b->stages[i].finished.count);
      EXPECT_EQ(a->stages[i].finished.median_days, b->stages[i].finished.median_days);
      EXPECT_EQ(a->stages[i].finished.mean_days, b->stages[i].finished.mean_days);
      EXPECT_EQ(a->stages[i].current_count, b->stages[i].current_count);
    }
    EXPECT_EQ(a->sales_cycle.count, b->sales_cycle.count);
    EXPECT_EQ(a->sales_cycle.median_days, b->sales_cycle.median_days);
    EXPECT_EQ(a->sales_cycle.mean_days, b->sales_cycle.mean_days);
  }
  // Team alice + bob: stage 1 stays O1 2d, O2 4d, O3 6d → median 4; cycle O1 10d.
  auto team = velocity_report(ctx, filters[2]);
  ASSERT_TRUE(team.ok());
  EXPECT_EQ(stage_of(*team, 1).finished.count, 3);
  EXPECT_DOUBLE_EQ(*stage_of(*team, 1).finished.median_days, 4.0);
  EXPECT_EQ(team->sales_cycle.count, 1);
  EXPECT_DOUBLE_EQ(*team->sales_cycle.median_days, 10.0);
}

TEST_F(SalesAnalyticsTest, StalledDealsOfATeamAndAPipeline) {
  base();
  auto ctx = reader();
  // Team 1 (alice, bob) idle ≥ 10 days: O4 (103), O7 (14), oldest first.
  ReportFilter f;
  f.owners = std::vector<int64_t>{alice_, bob_};
  auto r = stalled_report(ctx, f, 10, 100);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->total, 2);
  ASSERT_EQ(r->deals.size(), 2u);
  EXPECT_EQ(r->deals[0].opportunity_id, o_[4]);
  EXPECT_EQ(r->deals[0].owner_name, "李强");
  EXPECT_EQ(r->deals[1].opportunity_id, o_[7]);
  EXPECT_EQ(r->deals[1].days_idle, 14);
  r = stalled_report(ctx, f, 10, 1);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total, 2);
  ASSERT_EQ(r->deals.size(), 1u);
  EXPECT_EQ(r->deals[0].opportunity_id, o_[4]);
  f.pipeline_id = pipeline_;
  EXPECT_EQ(stalled_report(ctx, f, 10, 100)->total, 2);
  f.pipeline_id = pipeline_ + 1000;
  EXPECT_EQ(stalled_report(ctx, f, 10, 100)->total, 0);
  // Everyone, ≥ 5 days: O3 too (exactly 5 days).
  r = stalled_report(ctx, ReportFilter{}, 5, 100);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total, 4);
  ASSERT_EQ(r->deals.size(), 4u);
  EXPECT_EQ(r->deals[3].opportunity_id, o_[3]);
}

// A database upgraded to 0010 gets the all-months velocity rows from its
// monthly rows: the same rows a rebuild writes.
TEST_F(SalesAnalyticsTest, Migration0010FillsTheAllMonthsRowsFromTheMonthlyOnes) {
  base();
  std::string_view migration;
  for (const auto& f : store_migrations()) {
    if (f.name.starts_with("0010_")) migration = f.contents;
  }
  const size_t fill = migration.find("INSERT INTO sales_rollups");
  ASSERT_NE(fill, std::string_view::npos);
  ASSERT_TRUE(
      store::Query(shop_.conn(),
                   "DELETE FROM sales_rollups WHERE metric IN ('stage_time_all', 'cycle_all')")
          .run()
          .is_ok());
  Status s =
      shop_.conn().execute(store::expand_migration(migration.substr(fill), shop_.conn().dialect()));
  ASSERT_TRUE(s.is_ok()) << s.to_string();
  expect_rollups_match_rebuild();
}

// The cohorts from the rollups and counted from the leads, for several filters.
class SalesLeadCohortRollupTest : public SalesAnalyticsTest {
 protected:
  static void expect_same(const LeadCohort& a, const LeadCohort& b) {
    EXPECT_EQ(a.month, b.month);
    EXPECT_EQ(a.leads, b.leads) << a.month;
    EXPECT_EQ(a.by_status, b.by_status) << a.month;
    EXPECT_EQ(a.reached_working, b.reached_working) << a.month;
    EXPECT_EQ(a.reached_qualified, b.reached_qualified) << a.month;
    EXPECT_EQ(a.converted, b.converted) << a.month;
    EXPECT_EQ(a.won, b.won) << a.month;
  }

  bool ready() {
    store::Query q(shop_.conn(), "SELECT COUNT(*) FROM sales_lead_cohorts_ready");
    return q.single_int64().value().value_or(0) > 0;
  }

  // Reports from the rollups, then (without the ready mark) from the leads.
  void expect_rollups_match_records() {
    ASSERT_TRUE(ready());
    std::vector<ReportFilter> filters(6);
    filters[1].owners = std::vector<int64_t>{alice_};
    filters[2].owners = std::vector<int64_t>{alice_, bob_};
    filters[3].owners = std::vector<int64_t>{carol_};
    filters[4].from_month = parse_period("2024-01", "?from").value().first;
    filters[4].to_month = parse_period("2024-12", "?to").value().first;
    filters[5] = filters[4];
    filters[5].owners = std::vector<int64_t>{bob_, carol_};
    auto ctx = reader();
    std::vector<LeadCohortReport> rolled;
    for (const auto& f : filters) {
      auto r = lead_cohort_report(ctx, f);
      ASSERT_TRUE(r.ok()) << r.status().to_string();
      rolled.push_back(std::move(*r));
    }
    store::Query mark(shop_.conn(), "SELECT ready_at FROM sales_lead_cohorts_ready");
    const int64_t ready_at = mark.single_int64().value().value_or(0);
    ASSERT_TRUE(store::Query(shop_.conn(), "DELETE FROM sales_lead_cohorts_ready").run().is_ok());
    for (size_t i = 0; i < filters.size(); ++i) {
      auto r = lead_cohort_report(ctx, filters[i]);
      ASSERT_TRUE(r.ok()) << r.status().to_string();
      ASSERT_EQ(r->cohorts.size(), rolled[i].cohorts.size());
      for (size_t c = 0; c < r->cohorts.size(); ++c)
        expect_same(rolled[i].cohorts[c], r->cohorts[c]);
      expect_same(rolled[i].total, r->total);
    }
    store::Query again(shop_.conn(),
                       "INSERT INTO sales_lead_cohorts_ready (shop_id, ready_at) VALUES (?, ?)");
    again.bind(shop_.shop().id, ready_at);
    ASSERT_TRUE(again.run().is_ok());
  }

  int64_t lead(const std::string& name, std::optional<int64_t> owner) {
    LeadFields f;
    f.name = name;
    f.source = "web_form";
    f.owner_user_id = owner;
    auto r = shop_.write(
        [&](domain::WriteContext& w) { return create_lead(w, all_, f, OnDuplicate::kAllow); });
    EXPECT_TRUE(r.ok()) << r.status().to_string();
    return r.ok() ? r->lead.id : 0;
  }
  void status(int64_t id, const std::string& s) {
    auto r = shop_.write(
        [&](domain::WriteContext& w) { return set_lead_status(w, all_, id, s, "无预算"); });
    ASSERT_TRUE(r.ok()) << r.status().to_string();
  }
  void move(int64_t opp, int stage, const std::string& reason = "") {
    StageMoveInput m;
    m.stage_id = stage_[stage];
    if (!reason.empty()) m.close_reason = reason;
    auto r = shop_.write([&](domain::WriteContext& w) { return move_stage(w, all_, opp, m); });
    ASSERT_TRUE(r.ok()) << r.status().to_string();
  }

  const Viewer all_ = Viewer::all();
};

TEST_F(SalesLeadCohortRollupTest, EveryLeadWriteKeepsTheCohortRollupsEqualToTheLeads) {
  base();
  EXPECT_FALSE(ready());  // the shop was created after 0010 and has no lead yet
  shop_.clock().set(at("2024-04-30 20:00"));
  const int64_t l1 = lead("张伟", alice_);
  EXPECT_TRUE(ready());  // the shop's first lead: the rollups cover every lead
  const int64_t l2 = lead("李娜", bob_);
  shop_.clock().set(at("2024-05-31 23:30"));  // still May in Shanghai
  const int64_t l3 = lead("王芳", std::nullopt);
  const int64_t l4 = lead("刘洋", carol_);
  shop_.clock().set(at("2024-06-01 00:10"));
  const int64_t l5 = lead("陈杰", alice_);
  expect_rollups_match_records();

  shop_.clock().set(at("2024-06-10 10:00"));
  status(l1, "working");
  status(l2, "disqualified");
  status(l3, "qualified");
  status(l5, "nurturing");
  expect_rollups_match_records();

  // Owner changes move the lead between owners (not between months).
  {
    LeadFields patch;
    patch.owner_user_id = std::optional<int64_t>(carol_);
    auto r = shop_.write([&](domain::WriteContext& w) { return update_lead(w, all_, l1, patch); });
    ASSERT_TRUE(r.ok()) << r.status().to_string();
    patch.owner_user_id = std::optional<int64_t>(bob_);
    r = shop_.write([&](domain::WriteContext& w) { return update_lead(w, all_, l3, patch); });
    ASSERT_TRUE(r.ok()) << r.status().to_string();
  }
  expect_rollups_match_records();

  // Conversion, then the deal is won, reopened, won again; lost for the other.
  ConvertInput in;
  in.amount_minor = 500000;
  in.expected_close_date = "2024-08-01";
  auto c1 = shop_.write([&](domain::WriteContext& w) { return convert_lead(w, all_, l3, in); });
  ASSERT_TRUE(c1.ok()) << c1.status().to_string();
  ASSERT_TRUE(c1->opportunity);
  auto c2 = shop_.write([&](domain::WriteContext& w) { return convert_lead(w, all_, l4, in); });
  ASSERT_TRUE(c2.ok()) << c2.status().to_string();
  ASSERT_TRUE(c2->opportunity);
  expect_rollups_match_records();
  move(c1->opportunity->opportunity.id, 5);
  move(c2->opportunity->opportunity.id, 6, "价格太高");
  {
    ReportFilter may;
    may.from_month = parse_period("2024-05", "?from").value().first;
    may.to_month = may.from_month;
    auto ctx = reader();
    auto r = lead_cohort_report(ctx, may);
    ASSERT_TRUE(r.ok());
    // May: l3 (converted, won), l4 (converted, lost).
    EXPECT_EQ(r->total.leads, 2);
    EXPECT_EQ(r->total.converted, 2);
    EXPECT_EQ(r->total.won, 1);
  }
  expect_rollups_match_records();
  move(c1->opportunity->opportunity.id, 3);  // reopened: no longer won
  expect_rollups_match_records();
  move(c1->opportunity->opportunity.id, 5);
  expect_rollups_match_records();

  // Import: a new lead, then the same external id with another owner.
  auto import = [&](const std::string& text) {
    auto r = shop_.write([&](domain::WriteContext& w) {
      importer::MemorySource src(text);
      return import_sales_csv(w, all_, RecordType::kLead, src, "leads.csv");
    });
    ASSERT_TRUE(r.ok()) << r.status().to_string();
    EXPECT_EQ(r->rejected, 0);
  };
  import("external_id,name,source,owner\nL9,赵敏,event,alice\n");
  import("external_id,name,source,owner\nL9,赵敏,event,bob\n");
  expect_rollups_match_records();
  {
    auto ctx = reader();
    auto r = lead_cohort_report(ctx, ReportFilter{});  // 2024-01 .. 2024-06
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->total.leads, 6);
  }

  // The rebuild finds what the writes kept, lead facts included.
  expect_rollups_match_rebuild();
  expect_rollups_match_records();
}

TEST_F(SalesLeadCohortRollupTest, ARebuildMakesLeadsWrittenWithoutTheHookCount) {
  base();
  store::Query q(shop_.conn(),
                 "INSERT INTO leads (shop_id, name, source, status, owner_user_id, "
                 "converted_opportunity_id, created_at, updated_at) "
                 "VALUES (?, '线索', 'web_form', 'converted', ?, ?, ?, ?)");
  q.bind(shop_.shop().id, alice_, o_[6], ms("2024-05-05 10:00"), ms("2024-05-05 10:00"));
  ASSERT_TRUE(q.run().is_ok());
  EXPECT_FALSE(ready());  // leads without facts: the report counts the leads
  ReportFilter f;
  f.from_month = parse_period("2024-05", "?from").value().first;
  auto ctx = reader();
  EXPECT_EQ(lead_cohort_report(ctx, f)->total.won, 1);
  auto n = shop_.write([&](domain::WriteContext& w) { return rebuild_sales_analytics(w); });
  ASSERT_TRUE(n.ok()) << n.status().to_string();
  EXPECT_TRUE(ready());
  EXPECT_EQ(lead_cohort_report(ctx, f)->total.won, 1);
  expect_rollups_match_records();
}

TEST(SalesPeriodTest, ParsesMonthsQuartersAndYears) {
  EXPECT_EQ(parse_period("2026-03", "?period").value(),
            std::make_pair(2026 * 12 + 2, 2026 * 12 + 2));
  EXPECT_EQ(parse_period("2026-Q4", "?period").value(),
            std::make_pair(2026 * 12 + 9, 2026 * 12 + 11));
  EXPECT_EQ(parse_period("2026", "?period").value(), std::make_pair(2026 * 12, 2026 * 12 + 11));
  EXPECT_EQ(month_text(2026 * 12 + 11), "2026-12");
  for (const char* bad : {"", "2026-13", "2026-Q0", "26-01", "2026-1", "abcd", "2026-00"}) {
    auto r = parse_period(bad, "?from");
    EXPECT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().location().field, "?from");
  }
}

}  // namespace
}  // namespace guanxi::sales
