#include "domain/points.hpp"

#include <gtest/gtest.h>

#include "domain/customers.hpp"
#include "domain/orders.hpp"
#include "domain/testing/test_helpers.hpp"
#include "domain/testing/test_shop.hpp"
#include "domain/tiers.hpp"
#include "store/change_feed.hpp"

namespace guanxi::domain {
namespace {

using testing::customer;
using testing::local;
using testing::put;
using testing::TestShop;

void enable_points(TestShop& t, PointsSettings s = default_points_settings()) {
  const Status st = t.write([&](WriteContext& w) { return save_points_settings(w, s); });
  ASSERT_TRUE(st.is_ok()) << st.to_string();
}

OrderInput points_purchase(const std::string& id, const std::string& phone, int64_t paid,
                           const char* paid_local = "2024-05-01 10:00",
                           OrderStatus status = OrderStatus::kPaid) {
  OrderInput o;
  o.platform = "jd";
  o.external_id = id;
  o.customer.identities = {{IdentityType::kPhone, phone}};
  o.status = status;
  o.created_at = local(paid_local);
  o.paid_at = local(paid_local);
  o.goods_amount = paid;
  o.paid_amount = paid;
  o.items = {{"SKU-1", "面膜", "美妆", 1, paid}};
  return o;
}

PointsAccount account(TestShop& t, CustomerId c) {
  auto rc = t.read_context();
  auto a = points_account(rc, c, 1000);
  EXPECT_TRUE(a.ok()) << a.status().to_string();
  return a.ok() ? *a : PointsAccount{};
}

int64_t balance(TestShop& t, CustomerId c) {
  return account(t, c).balance;
}

Result<int64_t> add(TestShop& t, CustomerId c, int64_t delta, std::string_view reason = "调整",
                    std::string_view source = "api") {
  return t.write([&](WriteContext& w) { return add_points(w, c, delta, reason, source); });
}

Result<PointsExpiry> expire(TestShop& t, const char* as_of) {
  return t.write([&](WriteContext& w) { return expire_points(w, local(as_of)); });
}

// Sum of the lots' remaining points: the FIFO bookkeeping, which must equal max(balance, 0).
int64_t lots(TestShop& t, CustomerId c) {
  store::Query q(t.conn(),
                 "SELECT COALESCE(SUM(remaining), 0) FROM points_ledger WHERE customer_id = ?");
  q.bind(c);
  return q.single_int64().value().value_or(-1);
}

TEST(PointsTest, PaidOrdersEarnWithTheTierMultiplierHeldAtPayment) {
  TestShop t;
  enable_points(t);
  TierConfig ladder = default_tier_config();
  ladder.levels = {{"银卡", 100'00, 0, 0, 100, false}, {"金卡", 500'00, 0, 5, 150, true}};
  ASSERT_TRUE(t.write([&](WriteContext& w) { return save_tier_config(w, ladder); }).is_ok());

  // No tier yet: 1x on ¥200.50 (the half yuan earns nothing); the purchase makes 银卡.
  const OrderUpsert o1 = put(t, points_purchase("P-1", "13800000001", 200'50));
  EXPECT_EQ(balance(t, o1.customer_id), 200);
  // 银卡 (1x) at payment; this purchase lifts the buyer to 金卡 afterwards.
  put(t, points_purchase("P-2", "13800000001", 400'00, "2024-05-02 10:00"));
  EXPECT_EQ(balance(t, o1.customer_id), 600);
  // 金卡: 1.5x.
  put(t, points_purchase("P-3", "13800000001", 101'00, "2024-05-03 10:00"));
  EXPECT_EQ(balance(t, o1.customer_id), 751);  // 600 + floor(101 × 150 / 100)

  const auto entries = account(t, o1.customer_id).entries;
  ASSERT_EQ(entries.size(), 3U);
  EXPECT_EQ(entries[0].kind, PointsKind::kEarn);
  EXPECT_EQ(entries[0].delta, 151);
  EXPECT_EQ(entries[0].balance_after, 751);
  EXPECT_EQ(entries[0].reason, "purchase");
  EXPECT_EQ(entries[0].source, "order");
  EXPECT_TRUE(entries[0].order_id.has_value());
  // Earned 2024-05-03, 12 months: usable through 2025-05-03.
  EXPECT_EQ(entries[0].expires_at, local("2025-05-04 00:00"));
}

TEST(PointsTest, RatesAndUnitsComeFromTheSettingAndTiersOffMeansOneX) {
  TestShop t;
  PointsSettings s;
  s.unit_amount = 10'00;  // per ¥10
  s.points_per_unit = 3;
  s.expiry_months = std::nullopt;
  enable_points(t, s);
  const OrderUpsert o = put(t, points_purchase("Q-1", "13800000001", 99'99));
  EXPECT_EQ(balance(t, o.customer_id), 27);  // floor(99.99 / 10) × 3
  EXPECT_FALSE(account(t, o.customer_id).entries[0].expires_at.has_value());
  EXPECT_EQ(points_for_purchase(s, 10'00, 250), 7);  // 1 unit × 3 × 2.5, floored
}

TEST(PointsTest, AShopThatNeverSavedTheSettingEarnsNothing) {
  TestShop t;
  const OrderUpsert o = put(t, points_purchase("N-1", "13800000001", 500'00));
  EXPECT_EQ(balance(t, o.customer_id), 0);
  EXPECT_EQ(t.count("points_ledger"), 0);
  auto rc = t.read_context();
  EXPECT_FALSE(load_points_settings(rc.db, t.shop().id)->enabled);
}

TEST(PointsTest, AnOrderEarnsOnceWhateverIsReimportedOrUpdated) {
  TestShop t;
  enable_points(t);
  OrderInput o = points_purchase("I-1", "13800000001", 300'00);
  const OrderUpsert first = put(t, o);
  EXPECT_EQ(put(t, o).outcome, UpsertOutcome::kUnchanged);
  o.status = OrderStatus::kShipped;
  put(t, o);
  o.status = OrderStatus::kCompleted;
  o.receiver_name = "张三";
  put(t, o);
  EXPECT_EQ(balance(t, first.customer_id), 300);
  EXPECT_EQ(t.count("points_ledger"), 1);

  // Unpaid, then paid: earns when paid.
  OrderInput later =
      points_purchase("I-2", "13800000001", 50'00, "2024-05-02 10:00", OrderStatus::kCreated);
  later.paid_at.reset();
  later.paid_amount = 0;
  put(t, later);
  EXPECT_EQ(balance(t, first.customer_id), 300);
  later.status = OrderStatus::kPaid;
  later.paid_at = later.created_at;
  later.paid_amount = 50'00;
  put(t, later);
  EXPECT_EQ(balance(t, first.customer_id), 350);
}

TEST(PointsTest, RefundsReverseProportionallyAndCancellationReversesAll) {
  TestShop t;
  enable_points(t);
  OrderInput o = points_purchase("F-1", "13800000001", 300'00);
  const CustomerId c = put(t, o).customer_id;
  o.status = OrderStatus::kPartiallyRefunded;
  o.refunded_amount = 100'00;
  put(t, o);
  EXPECT_EQ(balance(t, c), 200);  // floor(300 × 100 / 300) = 100 back
  o.refunded_amount = 150'00;
  put(t, o);
  EXPECT_EQ(balance(t, c), 150);  // 150 due in total, 100 already
  o.refunded_amount = 120'00;     // corrected downwards: nothing comes back
  put(t, o);
  EXPECT_EQ(balance(t, c), 150);
  o.status = OrderStatus::kRefunded;
  o.refunded_amount = 300'00;
  put(t, o);
  EXPECT_EQ(balance(t, c), 0);
  const auto entries = account(t, c).entries;
  ASSERT_EQ(entries.size(), 4U);
  EXPECT_EQ(entries[0].kind, PointsKind::kReverse);
  EXPECT_EQ(entries[0].delta, -150);
  EXPECT_EQ(entries[0].reason, "refund");

  // Rounding in the customer's favour: 7 points, ¥3 of ¥7.99 back -> floor(7 × 300 / 799) = 2.
  OrderInput small = points_purchase("F-2", "13800000002", 7'99);
  const CustomerId d = put(t, small).customer_id;
  small.status = OrderStatus::kPartiallyRefunded;
  small.refunded_amount = 3'00;
  put(t, small);
  EXPECT_EQ(balance(t, d), 5);

  // Paid then cancelled: everything back; an order arriving refunded earns nothing.
  OrderInput cancelled = points_purchase("F-3", "13800000003", 80'00);
  const CustomerId e = put(t, cancelled).customer_id;
  cancelled.status = OrderStatus::kCancelled;
  put(t, cancelled);
  EXPECT_EQ(balance(t, e), 0);
  EXPECT_EQ(account(t, e).entries[0].reason, "cancelled");
  OrderInput refunded = points_purchase("F-4", "13800000004", 80'00);
  refunded.status = OrderStatus::kRefunded;
  refunded.refunded_amount = 80'00;
  EXPECT_EQ(balance(t, put(t, refunded).customer_id), 0);
  EXPECT_EQ(t.count("points_ledger"), 4 + 2 + 2);
}

TEST(PointsTest, RedeemingMoreThanTheBalanceIsRefusedAndWritesNothing) {
  TestShop t;
  const CustomerId c = customer(t, "13800000001");
  EXPECT_EQ(add(t, c, 500, "生日礼遇", "journey:3").value(), 500);
  auto over = t.write([&](WriteContext& w) { return redeem_points(w, c, 501, "兑换", "api"); });
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(add(t, c, -501).status().code(), ErrorCode::kConflict);
  EXPECT_EQ(balance(t, c), 500);
  EXPECT_EQ(t.count("points_ledger"), 1);

  auto spent = t.write([&](WriteContext& w) { return redeem_points(w, c, 500, "兑换", "cli"); });
  ASSERT_TRUE(spent.ok());
  EXPECT_EQ(*spent, 0);
  const auto entries = account(t, c).entries;
  EXPECT_EQ(entries[0].kind, PointsKind::kRedeem);
  EXPECT_EQ(entries[0].delta, -500);
  EXPECT_EQ(entries[1].kind, PointsKind::kAdjust);
  EXPECT_EQ(entries[1].source, "journey:3");

  EXPECT_EQ(add(t, c, 0).status().location().field, "/delta");
  EXPECT_EQ(add(t, c, 5, "").status().location().field, "/reason");
  EXPECT_EQ(add(t, c, 5, "x", "import").status().location().field, "/source");
  EXPECT_EQ(add(t, 9999, 5).status().code(), ErrorCode::kNotFound);

  // Every movement is a points_changed change.
  const auto changes = store::read_customer_changes(t.conn(), t.shop().id, c, 10).value();
  ASSERT_GE(changes.size(), 2U);
  EXPECT_EQ(changes[0].kind, "points_changed");
  const Json p = Json::parse(changes[0].payload);
  EXPECT_EQ(p["kind"], "redeem");
  EXPECT_EQ(p["delta"], -500);
  EXPECT_EQ(p["balance"], 0);
  EXPECT_EQ(p["reason"], "兑换");
  EXPECT_EQ(p["source"], "cli");
}

TEST(PointsTest, ExpiryTakesWhatIsLeftOfExpiredLotsFirstInFirstOut) {
  TestShop t;
  PointsSettings s;
  s.expiry_months = 1;
  enable_points(t, s);
  const CustomerId c = customer(t, "13800000001");
  t.clock().set(local("2024-01-10 09:00"));
  ASSERT_TRUE(add(t, c, 100).ok());  // lot A: expires 2024-02-11 00:00
  t.clock().set(local("2024-01-20 09:00"));
  ASSERT_TRUE(add(t, c, 50).ok());  // lot B: expires 2024-02-21 00:00
  t.clock().set(local("2024-01-25 09:00"));
  ASSERT_TRUE(
      t.write([&](WriteContext& w) { return redeem_points(w, c, 30, "兑换", "api"); }).ok());
  EXPECT_EQ(lots(t, c), 120);  // A 70, B 50

  auto none = expire(t, "2024-02-10 23:59:59");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->points, 0);
  auto first = expire(t, "2024-02-11 00:00");
  ASSERT_TRUE(first.ok()) << first.status().to_string();
  EXPECT_EQ(first->customers, 1);
  EXPECT_EQ(first->points, 70);
  EXPECT_EQ(first->lots, 1);
  EXPECT_EQ(balance(t, c), 50);
  auto again = expire(t, "2024-02-11 00:00");  // idempotent
  EXPECT_EQ(again->points, 0);
  EXPECT_EQ(balance(t, c), 50);

  const auto entries = account(t, c).entries;
  EXPECT_EQ(entries[0].kind, PointsKind::kExpire);
  EXPECT_EQ(entries[0].delta, -70);
  EXPECT_EQ(entries[0].balance_after, 50);

  auto second = expire(t, "2024-03-01 00:00");
  EXPECT_EQ(second->points, 50);
  EXPECT_EQ(balance(t, c), 0);
  EXPECT_EQ(lots(t, c), 0);
}

TEST(PointsTest, ExpiryClampsToTheEndOfShorterMonths) {
  PointsSettings s;
  s.expiry_months = 1;
  const ShopZone& z = ShopZone::shanghai();
  EXPECT_EQ(points_expiry(s, z, local("2024-01-31 23:00")), local("2024-03-01 00:00"));  // 02-29
  s.expiry_months = 12;
  EXPECT_EQ(points_expiry(s, z, local("2024-02-29 08:00")), local("2025-03-01 00:00"));  // 02-28
  s.expiry_months = std::nullopt;
  EXPECT_EQ(points_expiry(s, z, local("2024-02-29 08:00")), std::nullopt);
}

TEST(PointsTest, OrderPointsExpireFromThePaymentDay) {
  TestShop t;
  PointsSettings s;
  s.expiry_months = 12;
  enable_points(t, s);
  // Imported history: paid 2023-03-15, expired since 2024-03-16.
  const CustomerId c =
      put(t, points_purchase("H-1", "13800000001", 120'00, "2023-03-15 20:00")).customer_id;
  put(t, points_purchase("H-2", "13800000001", 30'00, "2023-06-01 20:00"));
  EXPECT_EQ(balance(t, c), 150);
  auto r = expire(t, "2024-06-01 10:00");
  EXPECT_EQ(r->points, 120);
  EXPECT_EQ(balance(t, c), 30);
}

TEST(PointsTest, AReversalOfSpentPointsLeavesADebtThatLaterEarningsPayFirst) {
  TestShop t;
  enable_points(t);
  OrderInput o = points_purchase("D-1", "13800000001", 300'00);
  const CustomerId c = put(t, o).customer_id;
  ASSERT_TRUE(
      t.write([&](WriteContext& w) { return redeem_points(w, c, 300, "兑换", "api"); }).ok());
  o.status = OrderStatus::kRefunded;
  o.refunded_amount = 300'00;
  put(t, o);
  EXPECT_EQ(balance(t, c), -300);
  EXPECT_EQ(lots(t, c), 0);
  put(t, points_purchase("D-2", "13800000001", 100'00, "2024-05-02 10:00"));
  EXPECT_EQ(balance(t, c), -200);
  EXPECT_EQ(lots(t, c), 0);  // the new lot paid the debt
  put(t, points_purchase("D-3", "13800000001", 250'00, "2024-05-03 10:00"));
  EXPECT_EQ(balance(t, c), 50);
  EXPECT_EQ(lots(t, c), 50);
  EXPECT_EQ(add(t, c, -51).status().code(), ErrorCode::kConflict);
}

TEST(PointsTest, MergeMovesLedgerAndBalanceToTheSurvivor) {
  TestShop t;
  const CustomerId a = customer(t, "13800000001");
  const CustomerId b = customer(t, "13800000002");
  ASSERT_TRUE(add(t, a, 100).ok());
  ASSERT_TRUE(add(t, b, 50).ok());
  ASSERT_TRUE(t.write([&](WriteContext& w) { return merge_customers(w, a, {b}, "同一人"); }).ok());
  EXPECT_EQ(balance(t, a), 150);
  EXPECT_EQ(balance(t, b), 150);  // resolves to the survivor
  EXPECT_EQ(account(t, a).entries.size(), 2U);
  EXPECT_EQ(lots(t, a), 150);
  store::Query q(t.conn(), "SELECT points_balance FROM customers WHERE id = ?");
  q.bind(b);
  EXPECT_EQ(q.single_int64().value(), 0);
  const auto changes = store::read_customer_changes(t.conn(), t.shop().id, a, 20).value();
  bool merge_change = false;
  for (const auto& ch : changes) {
    if (ch.kind != "points_changed") continue;
    const Json p = Json::parse(ch.payload);
    if (p["kind"] == "merge") {
      merge_change = true;
      EXPECT_EQ(p["delta"], 50);
      EXPECT_EQ(p["balance"], 150);
    }
  }
  EXPECT_TRUE(merge_change);

  // A debt on one side drains the other's lots.
  enable_points(t);
  OrderInput o = points_purchase("M-1", "13800000003", 100'00);
  const CustomerId d = put(t, o).customer_id;
  ASSERT_TRUE(
      t.write([&](WriteContext& w) { return redeem_points(w, d, 100, "兑换", "api"); }).ok());
  o.status = OrderStatus::kRefunded;
  o.refunded_amount = 100'00;
  put(t, o);
  ASSERT_EQ(balance(t, d), -100);
  ASSERT_TRUE(t.write([&](WriteContext& w) { return merge_customers(w, a, {d}, "同一人"); }).ok());
  EXPECT_EQ(balance(t, a), 50);
  EXPECT_EQ(lots(t, a), 50);
}

TEST(PointsTest, SettingsAreValidatedWithTheKeyNamed) {
  auto error = [](const Json& j) {
    auto r = points_settings_from_json(j);
    EXPECT_FALSE(r.ok()) << j.dump();
    return r.status();
  };
  EXPECT_EQ(error({{"unit_amount", 0}}).location().field, "/unit_amount");
  EXPECT_NE(error({{"unit_amount", 0}}).message().find("points.unit_amount"), std::string::npos);
  EXPECT_EQ(error({{"points_per_unit", 101}}).location().field, "/points_per_unit");
  EXPECT_EQ(error({{"expiry_months", "12"}}).location().field, "/expiry_months");
  EXPECT_EQ(error({{"enabled", 1}}).location().field, "/enabled");
  EXPECT_EQ(error({{"rate", 1}}).location().field, "/rate");
  EXPECT_EQ(error(Json::array()).location().field, "/");

  auto defaults = points_settings_from_json(Json::object());
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(*defaults, default_points_settings());
  PointsSettings s;
  s.expiry_months = std::nullopt;
  s.points_per_unit = 2;
  EXPECT_EQ(points_settings_from_json(points_settings_to_json(s)).value(), s);
}

}  // namespace
}  // namespace guanxi::domain
