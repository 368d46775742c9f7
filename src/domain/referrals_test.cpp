#include "domain/referrals.hpp"

#include <gtest/gtest.h>

#include "domain/customers.hpp"
#include "domain/orders.hpp"
#include "domain/testing/test_shop.hpp"

namespace guanxi::domain {
namespace {

using testing::TestShop;

CustomerId add_customer(TestShop& t, const std::string& phone, const std::string& name = "") {
  CustomerInput in;
  in.identities = {{IdentityType::kPhone, phone}};
  if (!name.empty()) in.name = name;
  auto r = t.write([&](WriteContext& w) { return upsert_customer(w, in); });
  EXPECT_TRUE(r.ok()) << r.status().to_string();
  return r.ok() ? r->customer_id : 0;
}

Result<ReferralAdd> refer(TestShop& t, CustomerId referrer, CustomerId referred,
                          std::string_view source = "api") {
  return t.write([&](WriteContext& w) { return add_referral(w, referrer, referred, source); });
}

CustomerReferrals referrals_of(TestShop& t, CustomerId c) {
  auto rc = t.read_context();
  auto r = customer_referrals(rc, c, 100);
  EXPECT_TRUE(r.ok()) << r.status().to_string();
  return r.ok() ? *r : CustomerReferrals{};
}

void buy(TestShop& t, const std::string& id, CustomerId c,
         OrderStatus status = OrderStatus::kPaid) {
  OrderInput o;
  o.platform = "api";
  o.external_id = id;
  o.customer_id = c;
  o.status = status;
  o.created_at = t.clock().now() - std::chrono::hours(24);
  if (status != OrderStatus::kCreated) o.paid_at = o.created_at;
  o.goods_amount = o.paid_amount = 100'00;
  if (status == OrderStatus::kRefunded) o.refunded_amount = o.paid_amount;
  auto r = t.write([&](WriteContext& w) { return upsert_order(w, o); });
  ASSERT_TRUE(r.ok()) << r.status().to_string();
}

void merge(TestShop& t, CustomerId survivor, CustomerId other) {
  auto r =
      t.write([&](WriteContext& w) { return merge_customers(w, survivor, {other}, "同一人"); });
  ASSERT_TRUE(r.ok()) << r.status().to_string();
}

TEST(ReferralsTest, OneReferrerPerCustomerIdempotentWithoutSelfOrCycles) {
  TestShop t;
  const CustomerId a = add_customer(t, "13800000001");
  const CustomerId b = add_customer(t, "13800000002");
  const CustomerId c = add_customer(t, "13800000003");

  auto first = refer(t, a, b, "campaign:老带新");
  ASSERT_TRUE(first.ok()) << first.status().to_string();
  EXPECT_TRUE(first->created);
  EXPECT_EQ(first->referral.referrer_id, a);
  EXPECT_EQ(first->referral.referred_id, b);
  EXPECT_EQ(first->referral.source, "campaign:老带新");
  auto again = refer(t, a, b);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->referral.id, first->referral.id);
  EXPECT_EQ(t.count("referrals"), 1);
  store::Query q(t.conn(), "SELECT COUNT(*) FROM changes WHERE kind = 'referral_added'");
  EXPECT_EQ(q.single_int64().value(), 1);

  EXPECT_EQ(refer(t, c, b).status().code(), ErrorCode::kConflict);  // b has a referrer
  auto self = refer(t, a, a);
  EXPECT_EQ(self.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(self.status().location().field, "/referred_id");
  ASSERT_TRUE(refer(t, b, c).ok());
  EXPECT_EQ(refer(t, c, a).status().code(), ErrorCode::kConflict);  // a -> b -> c -> a
  EXPECT_EQ(refer(t, b, a).status().code(), ErrorCode::kConflict);  // a -> b -> a
  auto unknown = refer(t, 9999, a);
  EXPECT_EQ(unknown.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(unknown.status().location().field, "/referrer_id");

  const auto ra = referrals_of(t, a);
  EXPECT_FALSE(ra.referred_by.has_value());
  EXPECT_EQ(ra.referral_count, 1);
  ASSERT_EQ(ra.referred.size(), 1U);
  EXPECT_EQ(ra.referred[0].referred_id, b);
  const auto rb = referrals_of(t, b);
  ASSERT_TRUE(rb.referred_by.has_value());
  EXPECT_EQ(rb.referred_by->referrer_id, a);
  EXPECT_EQ(rb.referral_count, 1);
}

TEST(ReferralsTest, MergedIdsResolveAndAMergedPairIsOnePerson) {
  TestShop t;
  const CustomerId a = add_customer(t, "13800000001");
  const CustomerId b = add_customer(t, "13800000002");
  const CustomerId c = add_customer(t, "13800000003");
  merge(t, a, b);
  EXPECT_EQ(refer(t, b, a).status().code(), ErrorCode::kInvalidArgument);
  auto r = refer(t, b, c);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->referral.referrer_id, a);
}

TEST(ReferralsTest, MergeMovesReferralsKeepingTheEarlierReferrer) {
  TestShop t;
  const CustomerId s = add_customer(t, "13800000001");  // survivor
  const CustomerId m = add_customer(t, "13800000002");  // merged into s
  const CustomerId x = add_customer(t, "13800000003");
  const CustomerId y = add_customer(t, "13800000004");
  const CustomerId z = add_customer(t, "13800000005");
  ASSERT_TRUE(refer(t, m, x).ok());  // moves: s referred x
  t.clock().advance(std::chrono::minutes(1));
  ASSERT_TRUE(refer(t, y, m).ok());  // earlier: wins
  t.clock().advance(std::chrono::minutes(1));
  ASSERT_TRUE(refer(t, z, s).ok());  // later: superseded
  merge(t, s, m);

  const auto rs = referrals_of(t, s);
  ASSERT_TRUE(rs.referred_by.has_value());
  EXPECT_EQ(rs.referred_by->referrer_id, y);
  EXPECT_EQ(rs.referral_count, 1);
  EXPECT_EQ(rs.referred[0].referred_id, x);
  EXPECT_EQ(referrals_of(t, z).referral_count, 0);
  store::Query q(t.conn(), "SELECT COUNT(*) FROM referrals WHERE status = 'superseded'");
  EXPECT_EQ(q.single_int64().value(), 1);
  EXPECT_EQ(t.count("referrals"), 3);  // nothing deleted
}

TEST(ReferralsTest, MergeDropsSelfReferralsAndBreaksCycles) {
  TestShop t;
  const CustomerId s = add_customer(t, "13800000001");
  const CustomerId m = add_customer(t, "13800000002");
  const CustomerId x = add_customer(t, "13800000003");
  ASSERT_TRUE(refer(t, s, m).ok());  // s referred m: after the merge, s referred s
  merge(t, s, m);
  EXPECT_EQ(referrals_of(t, s).referral_count, 0);
  EXPECT_FALSE(referrals_of(t, s).referred_by.has_value());

  // p referred q, q referred r2; merging p into r2 would make r2 -> q -> r2.
  const CustomerId p = add_customer(t, "13800000011");
  const CustomerId q = add_customer(t, "13800000012");
  const CustomerId r2 = add_customer(t, "13800000013");
  ASSERT_TRUE(refer(t, p, q).ok());
  ASSERT_TRUE(refer(t, q, r2).ok());
  merge(t, r2, p);
  const auto rr = referrals_of(t, r2);
  EXPECT_FALSE(rr.referred_by.has_value());  // its own referral (by q) went
  EXPECT_EQ(rr.referral_count, 1);           // it still referred q
  EXPECT_EQ(referrals_of(t, q).referred_by->referrer_id, r2);
  ASSERT_TRUE(refer(t, x, r2).ok());  // and it can be referred again, without a cycle
}

// 7 live customers: R1 referred A, B, C; R2 referred D; E came alone.
// Purchases: A 2, B 1, C 0 (a cancelled order), D 3, E 1 (+ one fully
// refunded), R1 1, R2 0. Hand-computed:
//   referred: A B C D = 4, purchasers A B D = 3, repeat A D = 2, rate 2/3
//   not referred: R1 R2 E = 3, purchasers R1 E = 2, repeat 0, rate 0
//   top: R1 (3 referrals, 2 purchasers, 1 repeat, own 1), R2 (1, 1, 1, own 0)
TEST(ReferralsTest, LoyaltyReportOnConstructedData) {
  TestShop t;
  const CustomerId r1 = add_customer(t, "13900000001", "老客甲");
  const CustomerId r2 = add_customer(t, "13900000002", "老客乙");
  const CustomerId a = add_customer(t, "13900000003");
  const CustomerId b = add_customer(t, "13900000004");
  const CustomerId c = add_customer(t, "13900000005");
  const CustomerId d = add_customer(t, "13900000006");
  const CustomerId e = add_customer(t, "13900000007");
  // A merged duplicate of E: not a customer of its own.
  const CustomerId e2 = add_customer(t, "13900000008");
  merge(t, e, e2);
  for (const CustomerId x : {a, b, c}) ASSERT_TRUE(refer(t, r1, x).ok());
  ASSERT_TRUE(refer(t, r2, d).ok());
  buy(t, "A1", a);
  buy(t, "A2", a);
  buy(t, "B1", b);
  buy(t, "C1", c, OrderStatus::kCancelled);
  buy(t, "D1", d);
  buy(t, "D2", d);
  buy(t, "D3", d);
  buy(t, "E1", e);
  buy(t, "E2", e, OrderStatus::kRefunded);
  buy(t, "R1", r1);

  auto rc = t.read_context();
  auto report = loyalty_report(rc, 10);
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  EXPECT_EQ(report->referrals, 4);
  EXPECT_EQ(report->customers_with_referrals, 2);
  EXPECT_EQ(report->referred.customers, 4);
  EXPECT_EQ(report->referred.purchasers, 3);
  EXPECT_EQ(report->referred.repeat_purchasers, 2);
  EXPECT_DOUBLE_EQ(report->referred.repeat_rate.value(), 2.0 / 3.0);
  EXPECT_EQ(report->not_referred.customers, 3);
  EXPECT_EQ(report->not_referred.purchasers, 2);
  EXPECT_EQ(report->not_referred.repeat_purchasers, 0);
  EXPECT_DOUBLE_EQ(report->not_referred.repeat_rate.value(), 0.0);
  ASSERT_EQ(report->top_referrers.size(), 2U);
  const TopReferrer& top = report->top_referrers[0];
  EXPECT_EQ(top.customer_id, r1);
  EXPECT_EQ(top.name, "老客甲");
  EXPECT_EQ(top.referrals, 3);
  EXPECT_EQ(top.referred_purchasers, 2);
  EXPECT_EQ(top.referred_repeat_purchasers, 1);
  EXPECT_EQ(top.purchases, 1);
  const TopReferrer& second = report->top_referrers[1];
  EXPECT_EQ(second.customer_id, r2);
  EXPECT_EQ(second.referrals, 1);
  EXPECT_EQ(second.referred_purchasers, 1);
  EXPECT_EQ(second.referred_repeat_purchasers, 1);
  EXPECT_EQ(second.purchases, 0);

  auto one = loyalty_report(rc, 1);
  EXPECT_EQ(one->top_referrers.size(), 1U);
  EXPECT_EQ(loyalty_report(rc, 101).status().code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace guanxi::domain
