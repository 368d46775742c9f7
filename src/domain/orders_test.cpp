#include "domain/orders.hpp"

#include <gtest/gtest.h>

#include "domain/customer360.hpp"
#include "domain/products.hpp"
#include "domain/testing/test_shop.hpp"

namespace guanxi::domain {
namespace {

using testing::TestShop;

OrderInput taobao_order(std::string id, std::string nick, std::string phone, OrderStatus status,
                        int64_t paid) {
  OrderInput o;
  o.platform = "taobao";
  o.external_id = std::move(id);
  o.customer.identities = {{IdentityType::kTaobaoNick, std::move(nick)},
                           {IdentityType::kPhone, std::move(phone)}};
  o.customer.name = "李雷";
  o.status = status;
  o.created_at = ShopZone::shanghai().parse_local("2024-05-01 10:00:00").value();
  if (status != OrderStatus::kCreated) o.paid_at = *o.created_at + std::chrono::minutes(5);
  o.goods_amount = paid;
  o.paid_amount = paid;
  o.items = {{"SKU-1", "补水面膜", "面膜", 2, paid / 2}};
  return o;
}

TEST(OrdersTest, UpsertIsIdempotentAndTracksStatusMoves) {
  TestShop t;
  OrderInput o = taobao_order("T1", "lilei", "13800138000", OrderStatus::kPaid, 19800);
  auto first = t.write([&](WriteContext& ctx) { return upsert_order(ctx, o); });
  ASSERT_TRUE(first.ok()) << first.status().to_string();
  EXPECT_EQ(first->outcome, UpsertOutcome::kCreated);
  EXPECT_TRUE(first->customer_created);
  auto same = t.write([&](WriteContext& ctx) { return upsert_order(ctx, o); });
  EXPECT_EQ(same->outcome, UpsertOutcome::kUnchanged);
  EXPECT_EQ(t.count("changes"), 2);  // customer_created, order_paid; nothing for the no-op

  o.status = OrderStatus::kCompleted;
  o.completed_at = *o.paid_at + std::chrono::hours(72);
  auto done = t.write([&](WriteContext& ctx) { return upsert_order(ctx, o); });
  EXPECT_EQ(done->outcome, UpsertOutcome::kUpdated);
  EXPECT_EQ(done->order_id, first->order_id);
  store::Query q(t.conn(), "SELECT kind FROM changes ORDER BY seq DESC LIMIT 1");
  ASSERT_TRUE(q.next());
  EXPECT_EQ(q.text(0), "order_completed");
}

TEST(OrdersTest, StatsCountPurchasesAndRefunds) {
  TestShop t;
  ASSERT_TRUE(t.write([&](WriteContext& ctx) {
                 return upsert_order(
                     ctx, taobao_order("A", "n", "13800138000", OrderStatus::kCompleted, 10000));
               }).ok());
  ASSERT_TRUE(t.write([&](WriteContext& ctx) {
                 return upsert_order(
                     ctx, taobao_order("B", "n", "13800138000", OrderStatus::kPaid, 5000));
               }).ok());
  OrderInput refunded = taobao_order("C", "n", "13800138000", OrderStatus::kRefunded, 3000);
  refunded.refunded_amount = 3000;
  ASSERT_TRUE(t.write([&](WriteContext& ctx) { return upsert_order(ctx, refunded); }).ok());
  OrderInput partial = taobao_order("D", "n", "13800138000", OrderStatus::kPartiallyRefunded, 2000);
  partial.refunded_amount = 500;
  ASSERT_TRUE(t.write([&](WriteContext& ctx) { return upsert_order(ctx, partial); }).ok());
  ASSERT_TRUE(t.write([&](WriteContext& ctx) {
                 return upsert_order(
                     ctx, taobao_order("E", "n", "13800138000", OrderStatus::kCreated, 999));
               }).ok());

  auto rc = t.read_context();
  auto view = customer_360(rc, 1).value();
  EXPECT_EQ(view.stats.order_count, 5);
  EXPECT_EQ(view.stats.purchase_count, 3);  // A, B, D
  EXPECT_EQ(view.stats.total_paid, 17000);
  EXPECT_EQ(view.stats.net_revenue, 16500);
  EXPECT_EQ(view.stats.total_refunded, 3500);
  EXPECT_EQ(view.stats.refund_count, 2);
  EXPECT_EQ(view.stats.average_order_value, 5666);
  EXPECT_EQ(view.stats.days_since_last_order, 31);  // 2024-05-01 -> 2024-06-01
  EXPECT_EQ(view.recent_orders.size(), 5u);
  EXPECT_EQ(view.recent_orders[0].items.size(), 1u);
}

TEST(OrdersTest, InvalidOrdersNameTheField) {
  TestShop t;
  OrderInput o = taobao_order("X", "n", "13800138000", OrderStatus::kPaid, 100);
  o.refunded_amount = 200;
  auto r = t.write([&](WriteContext& ctx) { return upsert_order(ctx, o); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().location().field, "/refunded_amount");
  o.refunded_amount = 0;
  o.items[0].quantity = 0;
  EXPECT_EQ(validate_order(o).location().field, "/items/0/quantity");
  o.items[0].quantity = 1;
  o.external_id.clear();
  EXPECT_EQ(validate_order(o).location().field, "/external_id");
  EXPECT_EQ(t.count("orders"), 0);
}

TEST(OrdersTest, AnOrderCarryingTwoProfilesIdentitiesMergesThem) {
  TestShop t;
  ASSERT_TRUE(t.write([&](WriteContext& ctx) {
                 return upsert_order(
                     ctx, taobao_order("1", "nick_a", "13800000001", OrderStatus::kPaid, 100));
               }).ok());
  ASSERT_TRUE(t.write([&](WriteContext& ctx) {
                 return upsert_order(
                     ctx, taobao_order("2", "nick_b", "13800000002", OrderStatus::kPaid, 100));
               }).ok());
  auto joined = t.write([&](WriteContext& ctx) {
    return upsert_order(ctx, taobao_order("3", "nick_b", "13800000001", OrderStatus::kPaid, 100));
  });
  ASSERT_TRUE(joined.ok());
  EXPECT_EQ(joined->customers_merged, 1);
  auto rc = t.read_context();
  EXPECT_EQ(customer_360(rc, 2).value().stats.order_count, 3);
}

}  // namespace
}  // namespace guanxi::domain

namespace guanxi::domain {
namespace {

TEST(ProductsTest, UpsertSetsCycleAndImportDoesNotOverwrite) {
  testing::TestShop t;
  Product p;
  p.sku = "SKU-1";
  p.name = "补水面膜";
  p.category = "面膜";
  p.list_price = 9900;
  p.cycle_days = 30;
  ASSERT_TRUE(t.write([&](WriteContext& ctx) { return upsert_product(ctx, p); }).ok());
  ASSERT_TRUE(t.write([&](WriteContext& ctx) {
                 return upsert_order(
                     ctx, taobao_order("P1", "n", "13800138000", OrderStatus::kPaid, 100));
               }).ok());
  auto rc = t.read_context();
  auto products = list_products(rc, 10).value();
  ASSERT_EQ(products.size(), 1u);
  EXPECT_EQ(products[0].cycle_days, 30);
  p.cycle_days = 0;
  EXPECT_EQ(
      t.write([&](WriteContext& ctx) { return upsert_product(ctx, p); }).status().location().field,
      "/cycle_days");
}

}  // namespace
}  // namespace guanxi::domain
