// The sales analytics over HTTP: every report route with an admin key, the
// rendered shapes (money as {amount_minor, currency}), errors that name the
// query parameter, record visibility (a rep sees their own numbers, a manager
// the team's, asking for more is a 403), and the 503 of stale rollups.
#include <gtest/gtest.h>

#include <string>

#include "api/testing/helpers.hpp"
#include "api/testing/test_server.hpp"
#include "domain/users.hpp"
#include "sales/analytics.hpp"
#include "store/query.hpp"

namespace guanxi::api {
namespace {

using testing::expect_problem;
using testing::HttpClient;
using testing::HttpResponse;
using testing::kPassword;
using testing::TestServer;

constexpr int64_t kDay = 86'400'000;

class SalesReportsApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { domain::set_password_cost(domain::PasswordCost::minimum()); }

  SalesReportsApiTest() {
    auto& shop = server_.shop();
    shop.clock().set(ShopZone::shanghai().parse_local("2024-06-15 09:00").value());
    team_a_ = team("华东");
    team_b_ = team("华南");
    rep_ = user("rep", "sales", team_a_, {"analytics.read"});
    mate_ = user("mate", "sales", team_a_, {});
    boss_ = user("boss", "manager", team_a_, {});
    other_ = user("other", "sales", team_b_, {});
    store::Query p(shop.conn(),
                   "INSERT INTO pipelines (shop_id, name, is_default, created_at, updated_at) "
                   "VALUES (?, '默认', 1, 0, 0)");
    p.bind(shop.shop().id);
    pipeline_ = p.insert_row("pipelines").value();
    const char* kinds[] = {"open", "open", "won", "lost"};
    const int64_t probability[] = {20, 60, 100, 0};
    const char* names[] = {"初步接洽", "谈判", "赢单", "输单"};
    for (int i = 0; i < 4; ++i) {
      store::Query q(shop.conn(),
                     "INSERT INTO pipeline_stages (shop_id, pipeline_id, name, position, "
                     "probability, kind) VALUES (?, ?, ?, ?, ?, ?)");
      q.bind(shop.shop().id, pipeline_, names[i], i + 1, probability[i], kinds[i]);
      stages_[i] = q.insert_row("pipeline_stages").value();
    }
    // rep: one won (¥1000, 10 days), one open in 谈判 (¥2000, close 2024-06-30);
    // mate: one lost (¥500); other: one open in 初步接洽 (¥4000), idle since creation.
    opportunity(rep_, 100000, {0, 2}, "2024-05-01 09:00", 10, "2024-05-20");
    opportunity(rep_, 200000, {0, 1}, "2024-05-02 09:00", 3, "2024-06-30");
    opportunity(mate_, 50000, {0, 3}, "2024-05-03 09:00", 4, std::nullopt);
    opportunity(other_, 400000, {0}, "2024-05-04 09:00", 0, "2024-07-10");
  }

  int64_t team(const std::string& name) {
    auto t = server_.shop().write_through(server_.writer(), [&](domain::WriteContext& w) {
      return domain::create_team(w, name, std::nullopt);
    });
    return t.ok() ? t->id : 0;
  }

  int64_t user(const std::string& username, const std::string& role, int64_t team,
               std::vector<std::string> grants) {
    domain::NewUser u;
    u.username = username;
    u.role = role;
    u.team_id = team;
    u.grants = std::move(grants);
    u.password_hash = domain::hash_password(kPassword).value();
    auto created = server_.shop().write_through(
        server_.writer(), [&](domain::WriteContext& w) { return domain::create_user(w, u); });
    EXPECT_TRUE(created.ok()) << created.status().to_string();
    return created.ok() ? created->id : 0;
  }

  // An opportunity created at `created` (shop-local) that moved through the
  // stages `path` (indexes), one move every `step_days`.
  void opportunity(int64_t owner, int64_t amount, std::vector<int> path, const std::string& created,
                   int64_t step_days, std::optional<std::string> expected_close) {
    auto& shop = server_.shop();
    const int64_t c = to_millis(ShopZone::shanghai().parse_local(created).value());
    const int last = path.back();
    const int64_t entered = c + static_cast<int64_t>(path.size() - 1) * step_days * kDay;
    const std::string status = last == 2 ? "won" : last == 3 ? "lost" : "open";
    std::optional<int64_t> closed;
    if (status != "open") closed = entered;
    store::Query q(shop.conn(),
                   "INSERT INTO opportunities (shop_id, pipeline_id, stage_id, name, amount_minor, "
                   "currency, expected_close_date, owner_user_id, status, close_reason, closed_at, "
                   "stage_entered_at, created_at, updated_at) "
                   "VALUES (?, ?, ?, '商机', ?, 'CNY', ?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(shop.shop().id, pipeline_, stages_[last], amount, expected_close, owner, status,
           status == "lost" ? "价格太高" : "", closed, entered, c, entered);
    const int64_t id = q.insert_row("opportunities").value();
    for (size_t i = 0; i < path.size(); ++i) {
      store::Query h(shop.conn(),
                     "INSERT INTO opportunity_stage_history (shop_id, opportunity_id, "
                     "to_stage_id, amount_minor, probability, moved_at) VALUES (?, ?, ?, ?, 0, ?)");
      h.bind(shop.shop().id, id, stages_[path[i]], amount,
             c + static_cast<int64_t>(i) * step_days * kDay);
      EXPECT_TRUE(h.run().is_ok());
    }
    Status s = server_.shop().write_through(server_.writer(), [&](domain::WriteContext& w) {
      return sales::refresh_opportunity_analytics(w, id);
    });
    EXPECT_TRUE(s.is_ok()) << s.to_string();
  }

  // A client signed in as `username` (session cookie on every request).
  struct Session {
    HttpClient http;
    std::string cookie;
    HttpResponse get(const std::string& target) {
      return http.request("GET", target, {}, "", {{"Cookie", cookie}});
    }
  };
  Session sign_in(const std::string& username) {
    Session s{server_.anonymous(), ""};
    HttpResponse r = s.http.request("POST", "/api/v1/session",
                                    Json{{"username", username}, {"password", kPassword}}.dump());
    EXPECT_EQ(r.status, 200) << r.body;
    const std::string set = r.header("Set-Cookie");
    s.cookie = set.substr(0, set.find(';'));
    return s;
  }

  TestServer server_;
  int64_t team_a_ = 0, team_b_ = 0, rep_ = 0, mate_ = 0, boss_ = 0, other_ = 0, pipeline_ = 0;
  int64_t stages_[4] = {};
};

TEST_F(SalesReportsApiTest, FunnelRendersStagesConversionAndMoney) {
  HttpClient c = server_.client();
  HttpResponse r = c.get("/api/v1/analytics/sales/funnel");
  ASSERT_EQ(r.status, 200) << r.body;
  const Json j = r.json();
  // 4 created: won 1, lost 1, open 2 → win rate 1/2. Reached: 初步接洽 4, 谈判 2 (rep's two:
  // the won one reached every open stage); → 谈判 2/4, 谈判 → won 1/2.
  EXPECT_EQ(j["created"], 4);
  EXPECT_DOUBLE_EQ(j["win_rate"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(j["overall_conversion"].get<double>(), 0.25);
  const Json stages = j["stages"];
  ASSERT_EQ(stages.size(), 4u);
  EXPECT_EQ(stages[0]["name"], "初步接洽");
  EXPECT_EQ(stages[0]["reached"], 4);
  EXPECT_DOUBLE_EQ(stages[0]["conversion"].get<double>(), 0.5);
  EXPECT_EQ(stages[1]["open_amount"], (Json{{"amount_minor", 200000}, {"currency", "CNY"}}));
  EXPECT_TRUE(stages[2]["conversion"].is_null());
  EXPECT_EQ(j["won_amount"]["amount_minor"], 100000);
  // Created in June: nothing.
  r = c.get("/api/v1/analytics/sales/funnel?period=2024-06");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["created"], 0);
  EXPECT_TRUE(r.json()["win_rate"].is_null());
}

TEST_F(SalesReportsApiTest, EveryReportAnswersAnAdmin) {
  HttpClient c = server_.client();
  HttpResponse r = c.get("/api/v1/analytics/sales/velocity");
  ASSERT_EQ(r.status, 200) << r.body;
  // 初步接洽 stays: 10 (won), 3 (open → 谈判), 4 (lost) days → median 4.
  EXPECT_DOUBLE_EQ(r.json()["stages"][0]["finished"]["median_days"].get<double>(), 4.0);
  EXPECT_DOUBLE_EQ(r.json()["sales_cycle"]["mean_days"].get<double>(), 10.0);

  r = c.get("/api/v1/analytics/sales/stalled?stalled_days=30");
  ASSERT_EQ(r.status, 200) << r.body;
  // Open and idle ≥ 30 days on 06-15 (no activity: idle since creation): rep's (05-02, 44
  // days), then other's (05-04, 42 days).
  EXPECT_EQ(r.json()["total"], 2);
  EXPECT_EQ(r.json()["items"][0]["owner_name"], "rep");
  EXPECT_EQ(r.json()["items"][0]["days_idle"], 44);
  EXPECT_EQ(r.json()["items"][1]["owner_name"], "other");
  EXPECT_EQ(r.json()["items"][1]["days_idle"], 42);
  EXPECT_EQ(r.json()["items"][1]["idle_since_local"], "2024-05-04 09:00:00");
  EXPECT_EQ(r.json()["items"][1]["amount"]["amount_minor"], 400000);

  r = c.get("/api/v1/analytics/sales/forecast?from=2024-06&to=2024-07&quota_period=2024-Q2");
  ASSERT_EQ(r.status, 200) << r.body;
  // June: ¥2000 × 60% = ¥1200; July: ¥4000 × 20% = ¥800.
  EXPECT_EQ(r.json()["months"][0]["weighted"]["amount_minor"], 120000);
  EXPECT_EQ(r.json()["months"][1]["weighted"]["amount_minor"], 80000);
  EXPECT_EQ(r.json()["total"]["weighted"]["amount_minor"], 200000);
  EXPECT_EQ(r.json()["quota_period"], "2024-Q2");

  r = c.get("/api/v1/analytics/sales/competitors");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json()["items"].is_array());

  r = c.get("/api/v1/analytics/sales/leaderboard?period=2024-Q2&sort=won_amount");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_GE(r.json()["items"].size(), 1u);
  EXPECT_EQ(r.json()["items"][0]["user_id"], rep_);
  EXPECT_EQ(r.json()["items"][0]["won_amount"]["amount_minor"], 100000);

  r = c.get("/api/v1/analytics/sales/lead-cohorts?from=2024-05&to=2024-06");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["cohorts"].size(), 2u);
  EXPECT_EQ(r.json()["total"]["leads"], 0);
}

TEST_F(SalesReportsApiTest, BadParametersAreNamed) {
  HttpClient c = server_.client();
  expect_problem(c.get("/api/v1/analytics/sales/funnel?from=2024-13"), 400, "?from");
  expect_problem(c.get("/api/v1/analytics/sales/funnel?owner=abc"), 400, "?owner");
  expect_problem(c.get("/api/v1/analytics/sales/funnel?period=2024&from=2024-01"), 400, "?period");
  expect_problem(c.get("/api/v1/analytics/sales/funnel?from=2024-06&to=2024-01"), 400, "?to");
  expect_problem(c.get("/api/v1/analytics/sales/funnel?currency=rmb"), 400, "?currency");
  expect_problem(c.get("/api/v1/analytics/sales/funnel?bogus=1"), 400, "?bogus");
  expect_problem(c.get("/api/v1/analytics/sales/funnel?team=9999"), 404, "?team");
  expect_problem(c.get("/api/v1/analytics/sales/funnel?pipeline_id=9999"), 404, "?pipeline_id");
  expect_problem(c.get("/api/v1/analytics/sales/stalled?stalled_days=0"), 400, "?stalled_days");
  expect_problem(c.get("/api/v1/analytics/sales/leaderboard?sort=fastest"), 400, "?sort");
  expect_problem(c.get("/api/v1/analytics/sales/forecast?quota_period=Q3"), 400, "?quota_period");
  EXPECT_EQ(server_.anonymous().get("/api/v1/analytics/sales/funnel").status, 401);
}

TEST_F(SalesReportsApiTest, RepsSeeTheirOwnNumbersAndManagersTheirTeams) {
  // rep (sales, own scope): only rep's two opportunities.
  Session rep = sign_in("rep");
  HttpResponse r = rep.get("/api/v1/analytics/sales/funnel");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["created"], 2);
  EXPECT_EQ(rep.get("/api/v1/analytics/sales/funnel?owner=" + std::to_string(rep_)).status, 200);
  expect_problem(rep.get("/api/v1/analytics/sales/funnel?owner=" + std::to_string(mate_)), 403,
                 "?owner");
  expect_problem(rep.get("/api/v1/analytics/sales/funnel?team=" + std::to_string(team_a_)), 403,
                 "?team");
  r = rep.get("/api/v1/analytics/sales/stalled?stalled_days=30");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["total"], 1);
  // mate (sales, own scope): only mate's lost deal.
  r = sign_in("mate").get("/api/v1/analytics/sales/funnel");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["created"], 1);
  EXPECT_EQ(r.json()["lost"], 1);
  // boss (manager of 华东, team scope): rep's and mate's three, not other's.
  Session boss = sign_in("boss");
  r = boss.get("/api/v1/analytics/sales/funnel");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["created"], 3);
  r = boss.get("/api/v1/analytics/sales/funnel?owner=" + std::to_string(mate_));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["lost"], 1);
  expect_problem(boss.get("/api/v1/analytics/sales/funnel?owner=" + std::to_string(other_)), 403,
                 "?owner");
  expect_problem(boss.get("/api/v1/analytics/sales/funnel?team=" + std::to_string(team_b_)), 403,
                 "?team");
  r = boss.get("/api/v1/analytics/sales/leaderboard?period=2024-Q2");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto board = r.json();
  for (const auto& item : board["items"]) EXPECT_NE(item["user_id"], other_);
}

TEST_F(SalesReportsApiTest, StaleRollupsAreA503NotWrongNumbers) {
  auto& shop = server_.shop();
  store::Query q(shop.conn(),
                 "INSERT INTO opportunities (shop_id, pipeline_id, stage_id, name, currency, "
                 "stage_entered_at, created_at, updated_at) VALUES (?, ?, ?, 'x', 'CNY', 0, 0, 0)");
  q.bind(shop.shop().id, pipeline_, stages_[0]);
  ASSERT_TRUE(q.run().is_ok());
  HttpResponse r = server_.client().get("/api/v1/analytics/sales/funnel");
  EXPECT_EQ(r.status, 503) << r.body;
  EXPECT_NE(r.body.find("rebuild"), std::string::npos);
}

}  // namespace
}  // namespace guanxi::api
