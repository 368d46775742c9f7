// The generator against a real (temporary) database: what it writes is what
// it planned, it is deterministic, and it goes through the domain (merges,
// change feed, 360s all work).
#include "demo/demo_shop.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "demo/test_util.hpp"
#include "domain/customer360.hpp"
#include "domain/customers.hpp"
#include "domain/shops.hpp"
#include "domain/testing/test_shop.hpp"
#include "store/query.hpp"

namespace guanxi::demo {
namespace {

using domain::testing::TestShop;
using testing::as_of;

DemoOptions small_options(uint64_t seed) {
  DemoOptions o;
  o.customers = 300;
  o.orders = 1'500;
  o.seed = seed;
  o.as_of = as_of();
  o.writes_per_commit = 500;
  return o;
}

// What the database holds for the demo shop, read back through the domain.
struct Totals {
  int64_t customers = 0;
  int64_t orders = 0;
  int64_t purchases = 0;
  int64_t paid = 0;
  int64_t refunded = 0;
  int64_t with_merges = 0;
  int64_t tagged = 0;
  int64_t notes = 0;
  std::vector<int64_t> per_customer_paid;  // in id order
  bool operator==(const Totals&) const = default;
};

Totals read_totals(TestShop& ts, domain::ShopId shop_id) {
  auto conn = ts.db().connect(true).value();
  const domain::Shop shop = domain::find_shop(*conn, shop_id).value().value();
  domain::ReadContext ctx{*conn, ts.clock(), shop, ShopZone::shanghai()};
  Totals t;
  domain::CustomerQuery q;
  q.limit = 500;
  for (;;) {
    auto page = domain::list_customers(ctx, q);
    EXPECT_TRUE(page.ok()) << page.status().to_string();
    for (const domain::Customer& c : page->customers) {
      auto c360 = domain::customer_360(ctx, c.id);
      EXPECT_TRUE(c360.ok()) << c360.status().to_string();
      ++t.customers;
      t.orders += c360->stats.order_count;
      t.purchases += c360->stats.purchase_count;
      t.paid += c360->stats.total_paid;
      t.refunded += c360->stats.total_refunded;
      t.with_merges += c360->merged_ids.empty() ? 0 : 1;
      t.tagged += c360->tags.empty() ? 0 : 1;
      t.notes += static_cast<int64_t>(c360->notes.size());
      t.per_customer_paid.push_back(c360->stats.total_paid);
    }
    if (page->next_cursor.empty()) break;
    q.cursor = page->next_cursor;
  }
  return t;
}

TEST(DemoShopTest, WritesWhatItPlannedThroughTheDomain) {
  TestShop ts;
  auto summary = generate_demo_shop(ts.db(), small_options(7), ts.clock());
  ASSERT_TRUE(summary.ok()) << summary.status().to_string();
  const DemoSummary& s = *summary;
  EXPECT_NE(s.shop_id, ts.shop().id);  // a new shop
  EXPECT_EQ(s.people, 300);
  EXPECT_EQ(s.orders, 1'500);
  EXPECT_GT(s.merges, 0);
  EXPECT_EQ(s.customers, s.customers_created - s.merges);
  EXPECT_GT(s.notes, 0);
  EXPECT_GT(s.tags, 0);
  EXPECT_GT(s.events, 0);
  EXPECT_GT(s.refunded_orders, 0);

  const Totals t = read_totals(ts, s.shop_id);
  EXPECT_EQ(t.customers, s.customers);
  EXPECT_EQ(t.orders, s.orders);
  EXPECT_EQ(t.refunded, s.refunded);
  EXPECT_EQ(t.notes, s.notes);
  EXPECT_GT(t.with_merges, 0);
  EXPECT_GT(t.tagged, 0);
  // Revenue counted by the 360 is over purchases (fully refunded orders excluded).
  EXPECT_LT(t.paid, s.revenue);
  EXPECT_GT(t.paid, s.revenue * 9 / 10);

  // The catalogue carries consumption cycles for replenishment products.
  store::Query cycles(ts.conn(),
                      "SELECT COUNT(*) FROM products WHERE shop_id = ? AND cycle_days > 0");
  cycles.bind(s.shop_id);
  EXPECT_GT(cycles.single_int64().value().value_or(0), 5);

  const Json j = s.to_json();
  EXPECT_EQ(j["orders"], 1'500);
  EXPECT_EQ(j["as_of"], "2024-06-01T02:00:00.000Z");
}

TEST(DemoShopTest, SameSeedGivesIdenticalDatabases) {
  TestShop a;
  TestShop b;
  auto sa = generate_demo_shop(a.db(), small_options(11), a.clock());
  auto sb = generate_demo_shop(b.db(), small_options(11), b.clock());
  ASSERT_TRUE(sa.ok()) << sa.status().to_string();
  ASSERT_TRUE(sb.ok()) << sb.status().to_string();
  Json ja = sa->to_json();
  Json jb = sb->to_json();
  ja.erase("seconds");
  jb.erase("seconds");
  EXPECT_EQ(ja, jb);
  EXPECT_EQ(read_totals(a, sa->shop_id), read_totals(b, sb->shop_id));
}

TEST(DemoShopTest, WritesIntoAnExistingShopWithHistoricalTimes) {
  TestShop ts;
  DemoOptions o = small_options(3);
  o.customers = 40;
  o.orders = 120;
  o.shop_id = ts.shop().id;
  auto s = generate_demo_shop(ts.db(), o, ts.clock());
  ASSERT_TRUE(s.ok()) << s.status().to_string();
  EXPECT_EQ(s->shop_id, ts.shop().id);
  auto ctx = ts.read_context();
  auto page = domain::list_customers(ctx, domain::CustomerQuery{});
  ASSERT_TRUE(page.ok());
  ASSERT_FALSE(page->customers.empty());
  // Profiles were created on the simulated clock, within the three years before as_of.
  for (const domain::Customer& c : page->customers) {
    EXPECT_LE(c.created_at, as_of());
    EXPECT_GE(c.created_at, as_of() - std::chrono::days(1'100));
    ASSERT_TRUE(c.signup_at.has_value());
  }
}

TEST(DemoShopTest, SmallShopIsFast) {
  TestShop ts;
  DemoOptions o = small_options(5);
  o.customers = 50;
  o.orders = 100;
  const auto start = std::chrono::steady_clock::now();
  auto s = generate_demo_shop(ts.db(), o, ts.clock());
  ASSERT_TRUE(s.ok()) << s.status().to_string();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  EXPECT_EQ(s->orders, 100);
}

TEST(DemoShopTest, ReportsProgressAfterEachJob) {
  TestShop ts;
  DemoOptions o = small_options(5);
  o.customers = 50;
  o.orders = 200;
  o.writes_per_commit = 100;
  std::vector<DemoProgress> seen;
  o.progress = [&](const DemoProgress& p) { seen.push_back(p); };
  ASSERT_TRUE(generate_demo_shop(ts.db(), o, ts.clock()).ok());
  ASSERT_GE(seen.size(), 3u);
  EXPECT_EQ(seen.back().steps_done, seen.back().steps_total);
  for (size_t i = 1; i < seen.size(); ++i) {
    EXPECT_GT(seen[i].steps_done, seen[i - 1].steps_done);
  }
}

TEST(DemoShopTest, RejectsBadOptionsNamingThem) {
  TestShop ts;
  DemoOptions o = small_options(1);
  o.customers = 0;
  auto s = generate_demo_shop(ts.db(), o, ts.clock());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.status().location().field, "customers");

  o = small_options(1);
  o.orders = -1;
  EXPECT_EQ(generate_demo_shop(ts.db(), o, ts.clock()).status().location().field, "orders");

  o = small_options(1);
  o.shop_id = 999;
  EXPECT_EQ(generate_demo_shop(ts.db(), o, ts.clock()).status().code(), ErrorCode::kNotFound);

  o = small_options(1);
  o.currency = "JPY";
  EXPECT_EQ(generate_demo_shop(ts.db(), o, ts.clock()).status().location().field, "currency");

  o = small_options(1);
  o.time_zone = "Mars/Olympus";
  EXPECT_EQ(generate_demo_shop(ts.db(), o, ts.clock()).status().code(),
            ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace guanxi::demo
