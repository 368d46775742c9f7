#include "domain/coupons.hpp"

#include <gtest/gtest.h>

#include <set>

#include "domain/customers.hpp"
#include "domain/orders.hpp"
#include "domain/testing/test_helpers.hpp"
#include "domain/testing/test_shop.hpp"
#include "store/change_feed.hpp"

namespace guanxi::domain {
namespace {

using testing::customer;
using testing::local;
using testing::put;
using testing::TestShop;

// ¥20 off orders of at least ¥200, valid in June 2024.
CouponBatchInput june_batch(std::string name = "六月满200减20") {
  CouponBatchInput in;
  in.name = std::move(name);
  in.kind = CouponKind::kAmountOff;
  in.amount_off = 20'00;
  in.threshold = 200'00;
  in.valid_from = local("2024-06-01 00:00");
  in.valid_until = local("2024-07-01 00:00");
  in.code_prefix = "vip";
  return in;
}

CouponBatch create(TestShop& t, const CouponBatchInput& in) {
  auto r = t.write([&](WriteContext& w) { return create_coupon_batch(w, in); });
  EXPECT_TRUE(r.ok()) << r.status().to_string();
  return r.ok() ? *r : CouponBatch{};
}

Result<IssuedCoupon> issue(TestShop& t, int64_t batch, CustomerId c,
                           std::string_view source = "api") {
  return t.write([&](WriteContext& w) { return issue_coupon(w, batch, c, source); });
}

OrderInput order(const std::string& id, const std::string& phone, int64_t goods, int64_t paid,
                 const std::string& code, const char* paid_local = "2024-06-10 12:00") {
  OrderInput o;
  o.platform = "taobao";
  o.external_id = id;
  o.customer.identities = {{IdentityType::kPhone, phone}};
  o.status = OrderStatus::kPaid;
  o.created_at = local(paid_local);
  o.paid_at = local(paid_local);
  o.goods_amount = goods;
  o.discount_amount = goods - paid;
  o.paid_amount = paid;
  o.coupon_code = code;
  o.items = {{"SKU-1", "龙井", "茶叶", 1, goods}};
  return o;
}

std::vector<IssuedCoupon> coupons_of(TestShop& t, CustomerId c) {
  auto rc = t.read_context();
  return list_customer_coupons(rc, c, 100).value();
}

int64_t changes_of_kind(TestShop& t, std::string_view kind) {
  store::Query q(t.conn(), "SELECT COUNT(*) FROM changes WHERE kind = ?");
  q.bind(kind);
  return q.single_int64().value().value_or(-1);
}

TEST(CouponsTest, IssueHonoursPerCustomerAndTotalLimits) {
  TestShop t;
  CouponBatchInput in = june_batch();
  in.total_limit = 3;
  const CouponBatch b = create(t, in);
  EXPECT_EQ(b.code_prefix, "VIP");
  EXPECT_EQ(b.currency, "CNY");
  EXPECT_EQ(b.status, CouponBatchStatus::kActive);
  const CustomerId a = customer(t, "13800000001");
  const CustomerId c2 = customer(t, "13800000002");
  const CustomerId c3 = customer(t, "13800000003");
  const CustomerId c4 = customer(t, "13800000004");

  auto first = issue(t, b.id, a, "journey:7");
  ASSERT_TRUE(first.ok()) << first.status().to_string();
  EXPECT_EQ(first->batch_id, b.id);
  EXPECT_EQ(first->customer_id, a);
  EXPECT_EQ(first->kind, CouponKind::kAmountOff);
  EXPECT_EQ(first->amount_off, 20'00);
  EXPECT_EQ(first->threshold, 200'00);
  EXPECT_EQ(first->valid_from, local("2024-06-01 00:00"));
  EXPECT_EQ(first->valid_until, local("2024-07-01 00:00"));
  EXPECT_EQ(first->source, "journey:7");
  ASSERT_EQ(first->code.size(), 14U);
  EXPECT_EQ(first->code.substr(0, 4), "VIP-");
  EXPECT_EQ(first->code.substr(4).find_first_not_of("23456789ABCDEFGHJKLMNPQRSTUVWXYZ"),
            std::string::npos);

  auto again = issue(t, b.id, a);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), ErrorCode::kConflict);
  EXPECT_NE(again.status().message().find("limit 1"), std::string::npos);

  ASSERT_TRUE(issue(t, b.id, c2).ok());
  ASSERT_TRUE(issue(t, b.id, c3, "campaign:双11").ok());
  auto exhausted = issue(t, b.id, c4);
  ASSERT_FALSE(exhausted.ok());
  EXPECT_EQ(exhausted.status().code(), ErrorCode::kConflict);
  EXPECT_NE(exhausted.status().message().find("exhausted (3 of 3"), std::string::npos);

  auto rc = t.read_context();
  EXPECT_EQ(get_coupon_batch(rc, b.id)->issued, 3);
  EXPECT_EQ(changes_of_kind(t, "coupon_issued"), 3);
  EXPECT_EQ(t.count("coupons"), 3);
}

TEST(CouponsTest, RefusesPausedArchivedAndExpiredBatchesAndUnknownIds) {
  TestShop t;
  const CustomerId a = customer(t, "13800000001");
  const CouponBatch b = create(t, june_batch());
  CouponBatchPatch pause;
  pause.status = CouponBatchStatus::kPaused;
  ASSERT_TRUE(t.write([&](WriteContext& w) { return update_coupon_batch(w, b.id, pause); }).ok());
  EXPECT_EQ(issue(t, b.id, a).status().code(), ErrorCode::kConflict);
  pause.status = CouponBatchStatus::kActive;
  ASSERT_TRUE(t.write([&](WriteContext& w) { return update_coupon_batch(w, b.id, pause); }).ok());
  ASSERT_TRUE(issue(t, b.id, a).ok());

  EXPECT_EQ(issue(t, b.id + 100, a).status().code(), ErrorCode::kNotFound);
  auto nobody = issue(t, b.id, 9999);
  EXPECT_EQ(nobody.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(nobody.status().location().field, "/customer_id");

  t.clock().set(local("2024-07-01 00:00"));
  auto expired = issue(t, b.id, customer(t, "13800000002"));
  EXPECT_EQ(expired.status().code(), ErrorCode::kConflict);
  EXPECT_NE(expired.status().message().find("expired"), std::string::npos);

  auto bad_source = issue(t, b.id, a, "web");
  EXPECT_EQ(bad_source.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad_source.status().location().field, "/source");
}

TEST(CouponsTest, BatchInputIsValidatedFieldByField) {
  TestShop t;
  auto error_field = [&](const CouponBatchInput& in) {
    auto r = t.write([&](WriteContext& w) { return create_coupon_batch(w, in); });
    EXPECT_FALSE(r.ok());
    return r.status().location().field;
  };
  CouponBatchInput in = june_batch();
  in.kind = CouponKind::kPercentOff;
  EXPECT_EQ(error_field(in), "/percent_off");  // percent 0 and an amount given
  in.amount_off = 0;
  in.percent_off = 101;
  EXPECT_EQ(error_field(in), "/percent_off");
  in = june_batch();
  in.valid_days = 7;
  EXPECT_EQ(error_field(in), "/valid_days");  // both validities
  in = june_batch();
  in.valid_until.reset();
  in.valid_from.reset();
  EXPECT_EQ(error_field(in), "/valid_until");  // none
  in = june_batch();
  in.code_prefix = "VIP-";
  EXPECT_EQ(error_field(in), "/code_prefix");
  in = june_batch();
  in.threshold = -1;
  EXPECT_EQ(error_field(in), "/threshold");
  in = june_batch();
  in.per_customer_limit = 0;
  EXPECT_EQ(error_field(in), "/per_customer_limit");
  in = june_batch("");
  EXPECT_EQ(error_field(in), "/name");

  create(t, june_batch());
  auto taken = t.write([&](WriteContext& w) { return create_coupon_batch(w, june_batch()); });
  EXPECT_EQ(taken.status().code(), ErrorCode::kAlreadyExists);
}

TEST(CouponsTest, CodesAreUniqueAndACollisionDrawsAgain) {
  TestShop t;
  CouponBatchInput in = june_batch();
  in.per_customer_limit = 1000;
  in.code_prefix = "";
  const CouponBatch b = create(t, in);
  const CustomerId a = customer(t, "13800000001");
  std::set<std::string> codes;
  for (int i = 0; i < 300; ++i) {
    auto c = issue(t, b.id, a);
    ASSERT_TRUE(c.ok()) << c.status().to_string();
    EXPECT_EQ(c->code.size(), 10U);
    codes.insert(c->code);
  }
  EXPECT_EQ(codes.size(), 300U);

  // A drawn code that is taken is drawn again; eight taken draws in a row fail.
  std::vector<std::string> draws = {"AAAAAAAAAA", "AAAAAAAAAA", "BBBBBBBBBB"};
  size_t next = 0;
  auto draw = [&] { return draws[next++ % draws.size()]; };
  auto one = t.write([&](WriteContext& w) { return issue_coupon_with(w, b.id, a, "cli", draw); });
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->code, "AAAAAAAAAA");
  auto two = t.write([&](WriteContext& w) { return issue_coupon_with(w, b.id, a, "cli", draw); });
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(two->code, "BBBBBBBBBB");
  EXPECT_EQ(next, 3U);
  auto stuck = t.write([&](WriteContext& w) {
    return issue_coupon_with(w, b.id, a, "cli", [] { return std::string("AAAAAAAAAA"); });
  });
  EXPECT_EQ(stuck.status().code(), ErrorCode::kInternal);
}

TEST(CouponsTest, RelativeValidityEndsWithTheNthShopLocalDay) {
  TestShop t;  // clock: 2024-06-01 10:00 Shanghai
  CouponBatchInput in = june_batch();
  in.valid_from.reset();
  in.valid_until.reset();
  in.valid_days = 7;
  const CouponBatch b = create(t, in);
  auto c = issue(t, b.id, customer(t, "13800000001"));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->valid_from, local("2024-06-01 10:00"));
  EXPECT_EQ(c->valid_until, local("2024-06-08 00:00"));  // through 06-07
}

TEST(CouponsTest, AnImportedOrderRedeemsItsCouponOnceAndReimportChangesNothing) {
  TestShop t;
  const CouponBatch b = create(t, june_batch());
  const CustomerId a = customer(t, "13800000001");
  const IssuedCoupon c = issue(t, b.id, a).value();

  // Written as exports do: lowercase, with spaces.
  std::string lower = "  " + c.code + " ";
  for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  const OrderInput o = order("T-1", "13800000001", 250'00, 230'00, lower);
  const OrderUpsert up = put(t, o);
  ASSERT_EQ(up.customer_id, a);
  auto held = coupons_of(t, a);
  ASSERT_EQ(held.size(), 1U);
  EXPECT_EQ(held[0].status, CouponStatus::kRedeemed);
  EXPECT_EQ(held[0].order_id, up.order_id);
  EXPECT_EQ(held[0].redeemed_at, local("2024-06-10 12:00"));

  auto changes = store::read_customer_changes(t.conn(), t.shop().id, a, 50).value();
  const auto redeemed = std::find_if(changes.begin(), changes.end(),
                                     [](const auto& ch) { return ch.kind == "coupon_redeemed"; });
  ASSERT_NE(redeemed, changes.end());
  EXPECT_EQ(redeemed->entity_id, c.id);
  const Json payload = Json::parse(redeemed->payload);
  EXPECT_EQ(payload["order_id"], up.order_id);
  EXPECT_EQ(payload["batch_id"], b.id);
  EXPECT_EQ(payload["code"], c.code);

  // Re-import (unchanged), then a status update: still one redemption.
  EXPECT_EQ(put(t, o).outcome, UpsertOutcome::kUnchanged);
  OrderInput shipped = o;
  shipped.status = OrderStatus::kShipped;
  EXPECT_EQ(put(t, shipped).outcome, UpsertOutcome::kUpdated);
  EXPECT_EQ(changes_of_kind(t, "coupon_redeemed"), 1);

  // A refund does not un-redeem.
  OrderInput refunded = o;
  refunded.status = OrderStatus::kRefunded;
  refunded.refunded_amount = refunded.paid_amount;
  put(t, refunded);
  EXPECT_EQ(coupons_of(t, a)[0].status, CouponStatus::kRedeemed);
  EXPECT_EQ(changes_of_kind(t, "coupon_redeemed"), 1);
}

TEST(CouponsTest, ThresholdValidityOwnerAndPaymentDecideRedemption) {
  TestShop t;
  const CouponBatch b = create(t, june_batch());
  const CustomerId a = customer(t, "13800000001");
  customer(t, "13800000002");
  const std::string code = issue(t, b.id, a).value().code;
  auto status = [&] { return coupons_of(t, a)[0].status; };

  put(t, order("U-1", "13800000001", 199'99, 199'99, code));  // ¥0.01 short
  EXPECT_EQ(status(), CouponStatus::kIssued);
  put(t, order("U-2", "13800000001", 300'00, 280'00, code, "2024-07-01 00:00"));  // expired
  EXPECT_EQ(status(), CouponStatus::kIssued);
  put(t, order("U-3", "13800000001", 300'00, 280'00, code, "2024-05-31 23:59"));  // not yet
  EXPECT_EQ(status(), CouponStatus::kIssued);
  put(t, order("U-4", "13800000002", 300'00, 280'00, code));  // another customer
  EXPECT_EQ(status(), CouponStatus::kIssued);
  OrderInput usd = order("U-5", "13800000001", 300'00, 280'00, code);
  usd.currency = "USD";
  put(t, usd);
  EXPECT_EQ(status(), CouponStatus::kIssued);

  // Not yet paid: nothing; once paid (same order updated): redeemed.
  OrderInput pending = order("U-6", "13800000001", 200'00, 180'00, code, "2024-06-30 23:59:59");
  pending.status = OrderStatus::kCreated;
  pending.paid_at.reset();
  pending.paid_amount = 0;
  put(t, pending);
  EXPECT_EQ(status(), CouponStatus::kIssued);
  pending.status = OrderStatus::kPaid;
  pending.paid_at = pending.created_at;
  pending.paid_amount = 180'00;
  const OrderUpsert paid = put(t, pending);
  EXPECT_EQ(status(), CouponStatus::kRedeemed);
  EXPECT_EQ(coupons_of(t, a)[0].order_id, paid.order_id);

  // Redeemed once: a second order with the code leaves it with the first.
  put(t, order("U-7", "13800000001", 300'00, 280'00, code));
  EXPECT_EQ(coupons_of(t, a)[0].order_id, paid.order_id);
}

TEST(CouponsTest, BatchReportCountsRedemptionsAndNetRevenue) {
  TestShop t;
  const CouponBatch b = create(t, june_batch());
  const std::string phones[] = {"13800000001", "13800000002", "13800000003"};
  std::vector<std::string> codes;
  for (const auto& p : phones) codes.push_back(issue(t, b.id, customer(t, p)).value().code);
  put(t, order("R-1", phones[0], 300'00, 280'00, codes[0]));
  OrderInput second = order("R-2", phones[1], 500'00, 480'00, codes[1]);
  second.status = OrderStatus::kPartiallyRefunded;
  second.refunded_amount = 80'00;
  put(t, second);
  put(t, order("R-3", phones[2], 100'00, 100'00, ""));  // no coupon

  auto rc = t.read_context();
  auto r = coupon_batch_report(rc, b.id);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->issued, 3);
  EXPECT_EQ(r->redeemed, 2);
  ASSERT_TRUE(r->redemption_rate.has_value());
  EXPECT_DOUBLE_EQ(*r->redemption_rate, 2.0 / 3.0);
  EXPECT_EQ(r->paid, 280'00 + 480'00);
  EXPECT_EQ(r->revenue, 280'00 + 400'00);
  EXPECT_EQ(r->currency, "CNY");

  auto page = list_batch_coupons(rc, b.id, 2);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->coupons.size(), 2U);
  ASSERT_TRUE(page->next_after.has_value());
  auto rest = list_batch_coupons(rc, b.id, 2, page->next_after);
  EXPECT_EQ(rest->coupons.size(), 1U);
  EXPECT_FALSE(rest->next_after.has_value());
  auto redeemed = list_batch_coupons(rc, b.id, 10, std::nullopt, CouponStatus::kRedeemed);
  EXPECT_EQ(redeemed->coupons.size(), 2U);
}

TEST(CouponsTest, MergeMovesCouponsAndTheSurvivorRedeems) {
  TestShop t;
  const CouponBatch b = create(t, june_batch());
  const CustomerId old_profile = customer(t, "13800000001");
  const CustomerId wechat = customer(t, "13800000002");
  const std::string code = issue(t, b.id, wechat).value().code;
  auto merged = t.write(
      [&](WriteContext& w) { return merge_customers(w, old_profile, {wechat}, "same person"); });
  ASSERT_TRUE(merged.ok()) << merged.status().to_string();
  ASSERT_EQ(coupons_of(t, old_profile).size(), 1U);
  EXPECT_EQ(coupons_of(t, wechat).size(), 1U);  // the merged id resolves to the survivor
  put(t, order("M-1", "13800000001", 300'00, 280'00, code));
  EXPECT_EQ(coupons_of(t, old_profile)[0].status, CouponStatus::kRedeemed);
  auto rc = t.read_context();
  auto summary = customer_coupon_summary(rc, old_profile);
  EXPECT_EQ(summary->redeemed, 1);
  EXPECT_EQ(summary->held, 0);
}

TEST(CouponsTest, OnlyAnUnusedBatchCanBeDeletedAndLimitsNeverDropBelowIssued) {
  TestShop t;
  const CouponBatch used = create(t, june_batch());
  const CouponBatch unused = create(t, june_batch("未使用"));
  ASSERT_TRUE(issue(t, used.id, customer(t, "13800000001")).ok());
  EXPECT_EQ(t.write([&](WriteContext& w) { return delete_coupon_batch(w, used.id); }).code(),
            ErrorCode::kConflict);
  EXPECT_TRUE(t.write([&](WriteContext& w) { return delete_coupon_batch(w, unused.id); }).is_ok());
  auto rc = t.read_context();
  EXPECT_EQ(get_coupon_batch(rc, unused.id).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(list_coupon_batches(rc)->size(), 1U);

  CouponBatchPatch patch;
  patch.total_limit = std::optional<int64_t>(0);
  EXPECT_EQ(t.write([&](WriteContext& w) { return update_coupon_batch(w, used.id, patch); })
                .status()
                .location()
                .field,
            "/total_limit");
  patch.total_limit = std::optional<int64_t>(1);
  patch.name = "改名";
  auto updated = t.write([&](WriteContext& w) { return update_coupon_batch(w, used.id, patch); });
  ASSERT_TRUE(updated.ok()) << updated.status().to_string();
  EXPECT_EQ(updated->total_limit, 1);
  EXPECT_EQ(updated->name, "改名");
  EXPECT_EQ(issue(t, used.id, customer(t, "13800000002")).status().code(), ErrorCode::kConflict);
}

}  // namespace
}  // namespace guanxi::domain
