// Loyalty over HTTP: coupon batches (create, validate, pause, issue, codes,
// redemption by a posted order, report, delete), points (settings, earning,
// ledger, adjust / redeem and the 409 past the balance), referrals and the
// loyalty report, the customer 360's loyalty block, and `points` in a rule.
#include <gtest/gtest.h>

#include "api/testing/helpers.hpp"
#include "api/testing/test_server.hpp"

namespace guanxi::api {
namespace {

using testing::customer_path;
using testing::expect_problem;
using testing::HttpClient;
using testing::HttpResponse;
using testing::new_customer;
using testing::TestServer;

Json coupon_order(const std::string& external_id, int64_t paid, const std::string& phone,
                  const std::string& coupon = "") {
  Json o = {{"platform", "jd"},
            {"external_id", external_id},
            {"status", "paid"},
            {"created_at", "2024-06-01T09:30:00+08:00"},
            {"paid_at", "2024-06-01T09:31:00+08:00"},
            {"goods_amount", paid},
            {"paid_amount", paid},
            {"items",
             {{{"sku", "SKU-1"}, {"product_name", "茶叶"}, {"quantity", 1}, {"unit_price", paid}}}},
            {"customer", {{"identities", {{{"type", "phone"}, {"value", phone}}}}}}};
  if (!coupon.empty()) o["coupon_code"] = coupon;
  return o;
}

int64_t buy_with_coupon(HttpClient& c, const std::string& external_id, int64_t paid,
                        const std::string& phone, const std::string& coupon = "") {
  const auto r = c.post("/api/v1/orders", coupon_order(external_id, paid, phone, coupon));
  EXPECT_EQ(r.status, 201) << r.body;
  return r.json()["customer_id"].get<int64_t>();
}

const Json kBatch = {{"name", "满200减20"},
                     {"kind", "amount"},
                     {"amount_off", 2000},
                     {"threshold", 20000},
                     {"valid_from", "2024-05-01T00:00:00+08:00"},
                     {"valid_until", "2024-07-01T00:00:00+08:00"},
                     {"code_prefix", "vip"}};

TEST(LoyaltyApiTest, CouponBatchFromCreationToRedemptionAndReport) {
  TestServer s;
  auto c = s.client();
  const auto made = c.post("/api/v1/coupon-batches", kBatch);
  ASSERT_EQ(made.status, 201) << made.body;
  const Json batch = made.json();
  const int64_t id = batch["id"].get<int64_t>();
  const std::string base = "/api/v1/coupon-batches/" + std::to_string(id);
  EXPECT_EQ(made.header("Location"), base);
  EXPECT_EQ(batch["kind"], "amount");
  EXPECT_EQ(batch["code_prefix"], "VIP");
  EXPECT_EQ(batch["currency"], "CNY");
  EXPECT_EQ(batch["status"], "active");
  EXPECT_EQ(batch["valid_until_local"], "2024-07-01 00:00:00");
  EXPECT_TRUE(batch["total_limit"].is_null());

  expect_problem(c.post("/api/v1/coupon-batches", kBatch), 409, "/name");
  Json bad = kBatch;
  bad["name"] = "坏";
  bad["kind"] = "percent";
  bad.erase("amount_off");
  bad["percent_off"] = 0;
  expect_problem(c.post("/api/v1/coupon-batches", bad), 400, "/percent_off");
  bad["percent_off"] = 10;
  bad["valid_days"] = 7;
  expect_problem(c.post("/api/v1/coupon-batches", bad), 400, "/valid_days");
  bad.erase("valid_days");
  bad["kind"] = "gift";
  expect_problem(c.post("/api/v1/coupon-batches", bad), 400, "/kind");

  const auto list = c.get("/api/v1/coupon-batches");
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.json()["items"].size(), 1U);

  const int64_t buyer = new_customer(c, "13800000001");
  ASSERT_EQ(c.patch(base, {{"status", "paused"}}).status, 200);
  expect_problem(c.post(base + "/coupons", {{"customer_id", buyer}}), 409);
  ASSERT_EQ(c.patch(base, {{"status", "active"}, {"total_limit", 5}}).status, 200);
  const auto issued = c.post(base + "/coupons", {{"customer_id", buyer}, {"source", "campaign:9"}});
  ASSERT_EQ(issued.status, 201) << issued.body;
  const Json coupon = issued.json();
  const std::string code = coupon["code"];
  EXPECT_EQ(code.substr(0, 4), "VIP-");
  EXPECT_EQ(coupon["customer_id"], buyer);
  EXPECT_EQ(coupon["status"], "issued");
  EXPECT_EQ(coupon["source"], "campaign:9");
  expect_problem(c.post(base + "/coupons", {{"customer_id", buyer}}), 409);  // limit 1
  expect_problem(c.post(base + "/coupons", {{"customer_id", 9999}}), 404);
  expect_problem(c.post(base + "/coupons", {{"customer_id", buyer}, {"source", "web"}}), 400,
                 "/source");

  const auto before = c.get(customer_path(buyer, ""));
  ASSERT_EQ(before.status, 200);
  EXPECT_EQ(before.json()["loyalty"]["coupons"], 1);

  // The order names the code: redeemed.
  buy_with_coupon(c, "JD-1", 25000, "13800000001", code);
  const auto codes = c.get(base + "/coupons?status=redeemed");
  ASSERT_EQ(codes.status, 200) << codes.body;
  ASSERT_EQ(codes.json()["items"].size(), 1U);
  EXPECT_EQ(codes.json()["items"][0]["code"], code);
  EXPECT_FALSE(codes.json()["items"][0]["order_id"].is_null());
  EXPECT_TRUE(codes.json()["next_cursor"].is_null());
  const auto report = c.get(base + "/report");
  ASSERT_EQ(report.status, 200) << report.body;
  EXPECT_EQ(report.json()["issued"], 1);
  EXPECT_EQ(report.json()["redeemed"], 1);
  EXPECT_EQ(report.json()["redemption_rate"], 1.0);
  EXPECT_EQ(report.json()["revenue"], 25000);
  const auto mine = c.get(customer_path(buyer, "/coupons"));
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(mine.json()["items"][0]["status"], "redeemed");
  EXPECT_EQ(c.get(customer_path(buyer, "")).json()["loyalty"]["coupons"], 0);

  expect_problem(c.del(base), 409);
  const auto unused =
      c.post("/api/v1/coupon-batches",
             {{"name", "七天券"}, {"kind", "percent"}, {"percent_off", 10}, {"valid_days", 7}});
  ASSERT_EQ(unused.status, 201) << unused.body;
  const std::string unused_path =
      "/api/v1/coupon-batches/" + std::to_string(unused.json()["id"].get<int64_t>());
  EXPECT_EQ(c.del(unused_path).status, 204);
  expect_problem(c.get(unused_path), 404);
  expect_problem(c.get(base + "/coupons?status=used"), 400, "?status");
}

TEST(LoyaltyApiTest, PointsSettingsEarningLedgerAndRedemption) {
  TestServer s;
  auto c = s.client();
  const auto off = c.get("/api/v1/settings/points");
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(off.json()["enabled"], false);
  expect_problem(c.request("PUT", "/api/v1/settings/points", R"({"unit_amount": 0})"), 400,
                 "/unit_amount");
  const auto on = c.request("PUT", "/api/v1/settings/points", "{}");
  ASSERT_EQ(on.status, 200) << on.body;
  EXPECT_EQ(on.json(), Json({{"enabled", true},
                             {"unit_amount", 100},
                             {"points_per_unit", 1},
                             {"expiry_months", 12}}));

  const int64_t id = buy_with_coupon(c, "JD-1", 30050, "13800000002");  // ¥300.50: 300 points
  const auto account = c.get(customer_path(id, "/points"));
  ASSERT_EQ(account.status, 200) << account.body;
  EXPECT_EQ(account.json()["balance"], 300);
  ASSERT_EQ(account.json()["items"].size(), 1U);
  const Json earn = account.json()["items"][0];
  EXPECT_EQ(earn["kind"], "earn");
  EXPECT_EQ(earn["delta"], 300);
  EXPECT_EQ(earn["expires_at_local"], "2025-06-02 00:00:00");
  EXPECT_FALSE(earn["order_id"].is_null());

  expect_problem(c.post(customer_path(id, "/points"),
                        {{"kind", "redeem"}, {"points", 301}, {"reason", "兑换"}}),
                 409);
  const auto redeemed = c.post(customer_path(id, "/points"),
                               {{"kind", "redeem"}, {"points", 100}, {"reason", "兑换"}});
  ASSERT_EQ(redeemed.status, 200) << redeemed.body;
  EXPECT_EQ(redeemed.json()["balance"], 200);
  EXPECT_EQ(redeemed.json()["entry"]["kind"], "redeem");
  const auto adjusted = c.post(customer_path(id, "/points"),
                               {{"delta", 50}, {"reason", "补偿"}, {"source", "journey:4"}});
  ASSERT_EQ(adjusted.status, 200) << adjusted.body;
  EXPECT_EQ(adjusted.json()["balance"], 250);
  expect_problem(c.post(customer_path(id, "/points"), {{"delta", 0}, {"reason", "x"}}), 400,
                 "/delta");
  expect_problem(
      c.post(customer_path(id, "/points"), {{"kind", "redeem"}, {"delta", 5}, {"reason", "x"}}),
      400);
  expect_problem(c.post(customer_path(id, "/points"), {{"delta", 5}}), 400, "/reason");
  expect_problem(c.post(customer_path(9999, "/points"), {{"delta", 5}, {"reason", "x"}}), 404);

  // Paging: newest first, two per page.
  const auto page = c.get(customer_path(id, "/points?limit=2"));
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.json()["items"].size(), 2U);
  const int64_t cursor = page.json()["next_cursor"].get<int64_t>();
  const auto rest = c.get(customer_path(id, "/points?limit=2&cursor=" + std::to_string(cursor)));
  EXPECT_EQ(rest.json()["items"].size(), 1U);
  EXPECT_TRUE(rest.json()["next_cursor"].is_null());
  EXPECT_EQ(c.get(customer_path(id, "")).json()["loyalty"]["points"], 250);

  // `points` in a rule (the engine follows the change feed).
  ASSERT_TRUE(s.segments().process_pending().ok());
  const auto preview =
      c.post("/api/v1/segments/preview", {{"rule", "points >= 250"}, {"sample", 5}});
  ASSERT_EQ(preview.status, 200) << preview.body;
  EXPECT_EQ(preview.json()["count"], 1);
  EXPECT_EQ(preview.json()["sample"][0]["points"], 250);
}

TEST(LoyaltyApiTest, ReferralsAndTheLoyaltyReport) {
  TestServer s;
  auto c = s.client();
  const int64_t a = new_customer(c, "13800000001");
  const int64_t b = buy_with_coupon(c, "B-1", 10000, "13800000002");
  buy_with_coupon(c, "B-2", 10000, "13800000002");
  const int64_t d = new_customer(c, "13800000003");

  const auto made = c.post("/api/v1/referrals", {{"referrer_id", a}, {"referred_id", b}});
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.json()["created"], true);
  EXPECT_EQ(made.json()["referrer_id"], a);
  const auto again = c.post("/api/v1/referrals", {{"referrer_id", a}, {"referred_id", b}});
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json()["created"], false);
  EXPECT_EQ(again.json()["id"], made.json()["id"]);
  expect_problem(c.post("/api/v1/referrals", {{"referrer_id", d}, {"referred_id", b}}), 409);
  expect_problem(c.post("/api/v1/referrals", {{"referrer_id", b}, {"referred_id", a}}), 409);
  expect_problem(c.post("/api/v1/referrals", {{"referrer_id", a}, {"referred_id", a}}), 400,
                 "/referred_id");
  expect_problem(c.post("/api/v1/referrals", {{"referrer_id", 0}, {"referred_id", a}}), 400,
                 "/referrer_id");
  expect_problem(c.post("/api/v1/referrals", {{"referrer_id", 9999}, {"referred_id", a}}), 404,
                 "/referrer_id");

  const auto of_a = c.get(customer_path(a, "/referrals"));
  ASSERT_EQ(of_a.status, 200) << of_a.body;
  EXPECT_EQ(of_a.json()["referral_count"], 1);
  EXPECT_TRUE(of_a.json()["referred_by"].is_null());
  EXPECT_EQ(of_a.json()["referred"][0]["referred_id"], b);
  EXPECT_EQ(c.get(customer_path(b, "/referrals")).json()["referred_by"]["referrer_id"], a);

  const auto report = c.get("/api/v1/analytics/loyalty?top=5");
  ASSERT_EQ(report.status, 200) << report.body;
  const Json r = report.json();
  EXPECT_EQ(r["referrals"], 1);
  EXPECT_EQ(r["customers_with_referrals"], 1);
  EXPECT_EQ(r["referred"]["customers"], 1);
  EXPECT_EQ(r["referred"]["purchasers"], 1);
  EXPECT_EQ(r["referred"]["repeat_rate"], 1.0);
  EXPECT_EQ(r["not_referred"]["customers"], 2);
  EXPECT_TRUE(r["not_referred"]["repeat_rate"].is_null());
  ASSERT_EQ(r["top_referrers"].size(), 1U);
  EXPECT_EQ(r["top_referrers"][0]["customer_id"], a);
  EXPECT_EQ(r["top_referrers"][0]["referred_repeat_purchasers"], 1);
  expect_problem(c.get("/api/v1/analytics/loyalty?top=101"), 400, "?top");
}

}  // namespace
}  // namespace guanxi::api
