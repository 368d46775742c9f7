// The demo's sales records: the sizes asked for, histories over the period,
// owners drawn from the shop's sales users, and the same data for the same seed.
#include "demo/sales_demo.hpp"

#include <gtest/gtest.h>

#include "domain/testing/test_shop.hpp"
#include "store/query.hpp"

namespace guanxi::demo {
namespace {

int64_t scalar(store::Connection& db, const std::string& sql) {
  store::Query q(db, sql, store::Query::Uncached{});
  return q.single_int64().value().value_or(-1);
}

SalesDemoOptions small() {
  SalesDemoOptions o;
  o.accounts = 12;
  o.contacts = 40;
  o.leads = 50;
  o.opportunities = 40;
  o.activities = 200;
  return o;
}

void add_sales_users(domain::testing::TestShop& shop, const std::string& prefix) {
  for (const char* name : {"rep1", "rep2"}) {
    store::Query q(shop.conn(),
                   "INSERT INTO users (shop_id, username, password_hash, role, "
                   "password_changed_at, created_at, updated_at) VALUES (?, ?, 'x', 'sales', 0, 0, "
                   "0)");
    q.bind(shop.shop().id, prefix + name);
    ASSERT_TRUE(q.run().is_ok());
  }
}

TEST(SalesDemoTest, BuildsDatedRecordsOwnedBySalesUsers) {
  domain::testing::TestShop shop;
  add_sales_users(shop, "a_");
  auto summary = shop.write([](domain::WriteContext& w) { return build_sales_demo(w, small()); });
  ASSERT_TRUE(summary.ok()) << summary.status().to_string();
  EXPECT_EQ(summary->accounts, 12);
  EXPECT_EQ(summary->contacts, 40);
  EXPECT_EQ(summary->leads, 50);
  EXPECT_EQ(summary->opportunities, 40);
  EXPECT_EQ(summary->competitors, 6);
  EXPECT_GT(summary->stage_moves, 20);
  EXPECT_EQ(summary->activities + 0, scalar(shop.conn(), "SELECT COUNT(*) FROM sales_activities"));
  auto& db = shop.conn();
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM opportunities WHERE owner_user_id IS NULL"), 0);
  EXPECT_GT(scalar(db, "SELECT COUNT(*) FROM opportunities WHERE status = 'won'"), 0);
  EXPECT_GT(scalar(db, "SELECT COUNT(*) FROM opportunities WHERE status = 'lost'"), 0);
  EXPECT_EQ(scalar(db,
                   "SELECT COUNT(*) FROM opportunities WHERE status = 'lost' AND "
                   "close_reason = ''"),
            0);
  // One creation row per opportunity plus one per move.
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM opportunity_stage_history"),
            summary->opportunities + summary->stage_moves);
  // Histories reach back months, not minutes.
  const int64_t now = to_millis(shop.clock().now());
  EXPECT_LT(scalar(db, "SELECT MIN(moved_at) FROM opportunity_stage_history"),
            now - 90LL * 86'400'000);
  EXPECT_GT(scalar(db, "SELECT COUNT(*) FROM accounts WHERE parent_account_id IS NOT NULL"), 0);

  domain::testing::TestShop again;
  add_sales_users(again, "b_");
  auto second = again.write([](domain::WriteContext& w) { return build_sales_demo(w, small()); });
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->stage_moves, summary->stage_moves);
  EXPECT_EQ(scalar(again.conn(), "SELECT SUM(amount_minor) FROM opportunities"),
            scalar(db, "SELECT SUM(amount_minor) FROM opportunities"));
}

}  // namespace
}  // namespace guanxi::demo
