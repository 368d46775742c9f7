// Orders over HTTP: idempotent upsert, updates, the buyer by id or identity,
// and batches where one bad order does not stop the others.
#include <gtest/gtest.h>

#include "api/testing/test_server.hpp"

namespace guanxi::api {
namespace {

using testing::TestServer;

Json order(const std::string& external_id, int64_t paid, const std::string& phone) {
  return {
      {"platform", "jd"},
      {"external_id", external_id},
      {"status", "paid"},
      {"created_at", "2024-05-01T09:30:00+08:00"},
      {"paid_at", "2024-05-01T09:31:00+08:00"},
      {"goods_amount", paid},
      {"paid_amount", paid},
      {"items",
       {{{"sku", "SKU-1"}, {"product_name", "茶叶"}, {"quantity", 2}, {"unit_price", paid / 2}}}},
      {"customer", {{"name", "买家"}, {"identities", {{{"type", "phone"}, {"value", phone}}}}}}};
}

TEST(OrdersApiTest, UpsertIsIdempotent) {
  TestServer s;
  auto c = s.client();
  const Json body = order("JD-100", 12800, "13700137000");
  const auto first = c.post("/api/v1/orders", body);
  ASSERT_EQ(first.status, 201) << first.body;
  const Json created = first.json();
  EXPECT_EQ(created["outcome"], "created");
  EXPECT_EQ(created["customer_created"], true);
  const int64_t id = created["order"]["id"].get<int64_t>();
  EXPECT_EQ(first.header("Location"), "/api/v1/orders/" + std::to_string(id));
  EXPECT_EQ(created["order"]["paid_amount"], 12800);
  EXPECT_EQ(created["order"]["currency"], "CNY");
  EXPECT_EQ(created["order"]["paid_at"], "2024-05-01T01:31:00.000Z");
  EXPECT_EQ(created["order"]["paid_at_local"], "2024-05-01 09:31:00");
  ASSERT_EQ(created["order"]["items"].size(), 1U);
  EXPECT_EQ(created["order"]["items"][0]["unit_price"], 6400);

  const auto again = c.post("/api/v1/orders", body);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json()["outcome"], "unchanged");
  EXPECT_EQ(again.json()["order"]["id"], id);

  Json refunded = body;
  refunded["status"] = "partially_refunded";
  refunded["refunded_amount"] = 3000;
  const auto updated = c.post("/api/v1/orders", refunded);
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(updated.json()["outcome"], "updated");
  const auto got = c.get("/api/v1/orders/" + std::to_string(id)).json();
  EXPECT_EQ(got["status"], "partially_refunded");
  EXPECT_EQ(got["refunded_amount"], 3000);
  EXPECT_EQ(c.get("/api/v1/orders/987654").status, 404);
}

TEST(OrdersApiTest, BuyerByCustomerId) {
  TestServer s;
  auto c = s.client();
  const int64_t customer =
      c.post("/api/v1/customers", {{"name", "老客"}}).json()["profile"]["id"].get<int64_t>();
  const auto r = c.post("/api/v1/orders", {{"external_id", "API-1"},
                                           {"status", "paid"},
                                           {"paid_amount", 500},
                                           {"goods_amount", 500},
                                           {"customer_id", customer}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["customer_id"], customer);
  EXPECT_EQ(r.json()["order"]["platform"], "api");
  EXPECT_EQ(c.get("/api/v1/customers/" + std::to_string(customer)).json()["stats"]["total_paid"],
            500);
}

TEST(OrdersApiTest, InvalidOrdersAreProblemsNamingTheField) {
  TestServer s;
  auto c = s.client();
  Json negative = order("JD-NEG", 100, "13700137001");
  negative["paid_amount"] = -5;
  auto r = c.post("/api/v1/orders", negative);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.json()["field"], "/paid_amount");

  Json bad_qty = order("JD-QTY", 100, "13700137001");
  bad_qty["items"][0]["quantity"] = "two";
  r = c.post("/api/v1/orders", bad_qty);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json()["field"], "/items/0/quantity");

  Json bad_time = order("JD-TIME", 100, "13700137001");
  bad_time["paid_at"] = "2024-05-01 09:31";  // no offset
  r = c.post("/api/v1/orders", bad_time);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json()["field"], "/paid_at");

  Json bad_phone = order("JD-PHONE", 100, "138****1234");
  r = c.post("/api/v1/orders", bad_phone);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.json()["field"].get<std::string>().rfind("/customer/identities/0", 0), 0U) << r.body;

  EXPECT_EQ(c.post("/api/v1/orders", {{"external_id", "X"}}).status, 400);  // status required
  EXPECT_EQ(c.post("/api/v1/orders", {{"external_id", "X"}, {"status", "lost"}}).status, 400);
}

TEST(OrdersApiTest, BatchCommitsGoodOrdersAndReportsBadOnes) {
  TestServer s;
  auto c = s.client();
  Json bad = order("B-2", 100, "13600136002");
  bad["refunded_amount"] = 500;  // more than paid
  Json orders = Json::array({order("B-1", 100, "13600136001"), bad, Json{{"external_id", 7}},
                             order("B-3", 300, "13600136003")});
  const auto r = c.post("/api/v1/orders/batch", {{"orders", orders}});
  ASSERT_EQ(r.status, 200) << r.body;
  const Json j = r.json();
  ASSERT_EQ(j["results"].size(), 4U);
  EXPECT_EQ(j["results"][0]["outcome"], "created");
  EXPECT_EQ(j["results"][1]["error"]["status"], 400);
  EXPECT_EQ(j["results"][1]["error"]["field"], "/orders/1/refunded_amount");
  EXPECT_EQ(j["results"][2]["error"]["field"], "/orders/2/external_id");
  EXPECT_EQ(j["results"][3]["outcome"], "created");
  EXPECT_EQ(j["summary"]["created"], 2);
  EXPECT_EQ(j["summary"]["failed"], 2);
  EXPECT_EQ(s.shop().count("orders"), 2);

  const auto repeat =
      c.post("/api/v1/orders/batch", {{"orders", Json::array({order("B-1", 100, "13600136001")})}});
  EXPECT_EQ(repeat.json()["results"][0]["outcome"], "unchanged");
}

TEST(OrdersApiTest, BatchOverTheLimitIs413) {
  TestServer s;
  auto c = s.client();
  Json orders = Json::array();
  for (int i = 0; i < 1001; ++i)
    orders.push_back({{"external_id", "E" + std::to_string(i)}, {"status", "created"}});
  const auto r = c.post("/api/v1/orders/batch", {{"orders", orders}});
  EXPECT_EQ(r.status, 413) << r.body;
  EXPECT_EQ(s.shop().count("orders"), 0);
}

}  // namespace
}  // namespace guanxi::api
