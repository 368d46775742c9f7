// The service desk demo on a small demo shop: the team, queues and IVR are
// there, tickets reach every status with replies, breaches and CSAT answers,
// the call log has answered and abandoned calls with memos, the service
// report and call statistics work on it, and it is deterministic.
#include "demo/service_demo.hpp"

#include <gtest/gtest.h>

#include <map>

#include "cti/call_log.hpp"
#include "demo/demo_shop.hpp"
#include "domain/shops.hpp"
#include "domain/testing/test_shop.hpp"
#include "service/reports.hpp"
#include "store/query.hpp"

namespace guanxi::demo {
namespace {

using domain::testing::TestShop;

Timestamp as_of() {
  // A Wednesday afternoon: the desk closed at 14:00, so the newest tickets wait.
  return ShopZone::shanghai().parse_local("2024-06-05 16:00:00").value();
}

struct Generated {
  domain::ShopId shop = 0;
  ServiceDemoSummary summary;
};

Generated generate(TestShop& ts, uint64_t seed) {
  DemoOptions o;
  o.customers = 300;
  o.orders = 1'000;
  o.seed = 7;
  o.as_of = as_of();
  o.writes_per_commit = 500;
  auto shop = generate_demo_shop(ts.db(), o, ts.clock());
  EXPECT_TRUE(shop.ok()) << shop.status().to_string();
  ServiceDemoOptions s;
  s.shop_id = shop->shop_id;
  s.seed = seed;
  s.as_of = as_of();
  auto summary = generate_service_demo(ts.db(), s, ts.clock());
  EXPECT_TRUE(summary.ok()) << summary.status().to_string();
  return {shop->shop_id, summary.ok() ? *summary : ServiceDemoSummary{}};
}

std::map<std::string, int64_t> count_by(TestShop& ts, const std::string& sql) {
  std::map<std::string, int64_t> out;
  store::Query q(ts.conn(), sql);
  while (q.next()) out[q.text(0)] = q.i64(1);
  return out;
}

TEST(ServiceDemoTest, WritesARealisticDeskAndCallLog) {
  TestShop ts;
  const Generated g = generate(ts, 42);
  const ServiceDemoSummary& s = g.summary;
  EXPECT_EQ(s.agents, 8);
  EXPECT_EQ(s.queues, 4);
  EXPECT_GT(s.tickets, 250);
  EXPECT_GT(s.replies, s.tickets);
  EXPECT_GT(s.reopens, 5);
  EXPECT_GT(s.csat_answers, 80);
  EXPECT_GT(s.sla_breaches, 10);
  EXPECT_GT(s.auto_picked, 0);  // tickets of the night picked up at the morning login
  EXPECT_GT(s.calls, 400);
  EXPECT_GT(s.calls_answered, 200);
  EXPECT_GT(s.calls_abandoned, 10);
  EXPECT_GT(s.call_memos, 100);

  const auto statuses = count_by(ts, "SELECT status, COUNT(*) FROM tickets WHERE shop_id = " +
                                         std::to_string(g.shop) + " GROUP BY status");
  for (const char* st :
       {"new", "assigned", "in_progress", "waiting_customer", "resolved", "closed"})
    EXPECT_GT(statuses.count(st) ? statuses.at(st) : 0, 0)
        << st << " " << Json(statuses).dump() << s.to_json().dump();
  const auto skills = count_by(ts, "SELECT name, COUNT(*) FROM call_queues GROUP BY name");
  EXPECT_EQ(skills.size(), 4u);

  auto conn = ts.db().connect(true).value();
  const domain::Shop shop = domain::find_shop(*conn, g.shop).value().value();
  domain::ReadContext r{*conn, ts.clock(), shop, ShopZone::shanghai()};
  EXPECT_TRUE(cti::load_ivr_menu(r, "main").ok());
  service::ReportQuery q;
  q.from = as_of() - std::chrono::days(61);
  q.to = as_of();
  q.group_by = "agent";
  const auto report = service::service_report(r, q);
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  EXPECT_EQ(report->total.tickets, s.tickets);
  EXPECT_GT(report->total.fcr_rate().value_or(0), 0.5);
  EXPECT_GT(report->total.csat_average().value_or(0), 3.0);
  EXPECT_GT(report->total.first_response_breached, 0);
  EXPECT_GT(report->groups.size(), 5u);
  const auto stats = cti::call_statistics(r, q.from, q.to, std::chrono::minutes(60));
  ASSERT_TRUE(stats.ok()) << stats.status().to_string();

  // Once per shop.
  ServiceDemoOptions again;
  again.shop_id = g.shop;
  again.as_of = as_of();
  EXPECT_EQ(generate_service_demo(ts.db(), again, ts.clock()).status().code(),
            ErrorCode::kConflict);
}

TEST(ServiceDemoTest, SameSeedSameDesk) {
  TestShop a;
  TestShop b;
  Json x = generate(a, 9).summary.to_json();
  Json y = generate(b, 9).summary.to_json();
  x.erase("seconds");
  y.erase("seconds");
  EXPECT_EQ(x, y);
  const std::string sql =
      "SELECT subject || status || created_at || COALESCE(assignee_agent_id, 0), 1 FROM tickets";
  EXPECT_EQ(count_by(a, sql), count_by(b, sql));
}

}  // namespace
}  // namespace guanxi::demo
