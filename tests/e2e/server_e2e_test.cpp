// The real `guanxi serve` over HTTP: the demo shop answers with the key the CLI
// printed, an acknowledged write survives kill -9 of the server, and an order
// moves its buyer into a dynamic segment in real time.
#include "api/testing/http_client.hpp"
#include "e2e.hpp"

namespace guanxi::e2e {
namespace {

using api::testing::HttpClient;

class ServerTest : public E2eTest {};

TEST_F(ServerTest, DemoShopServesACustomer360WithThePrintedKey) {
  const std::string path = db();
  auto demo =
      guanxi({"demo", "--db", path, "--customers", "200", "--orders", "800", "--seed", "3"});
  ASSERT_EQ(demo.exit_code, 0) << demo.err;
  const Json key = guanxi_json({"apikey", "create", "--db", path, "--name", "e2e"});
  const std::string token = key["token"].get<std::string>();

  std::unique_ptr<Child> server;
  const uint16_t port = start_server(server, path);
  ASSERT_NE(port, 0);
  HttpClient http("127.0.0.1", port);
  EXPECT_EQ(http.get("/healthz").status, 200);

  auto anonymous = http.get("/api/v1/customers/1");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(anonymous.header("Content-Type"), "application/problem+json");

  http.set_token(token);
  auto c360 = http.get("/api/v1/customers/1");
  ASSERT_EQ(c360.status, 200) << c360.body;
  const Json body = c360.json();
  EXPECT_EQ(body["profile"]["id"], 1);
  EXPECT_TRUE(body.contains("stats"));
  EXPECT_TRUE(body.contains("recent_orders"));

  // --if-empty leaves a populated database alone.
  auto again = guanxi({"demo", "--db", path, "--if-empty"});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_NE(again.out.find("already has"), std::string::npos);
  server->terminate();
  EXPECT_EQ(server->wait(), 0);
}

TEST_F(ServerTest, AnAcknowledgedWriteSurvivesKill9) {
  const std::string path = db();
  ASSERT_EQ(guanxi({"shop", "create", "--db", path, "--name", "耐久"}).exit_code, 0);
  const std::string token =
      guanxi_json({"apikey", "create", "--db", path})["token"].get<std::string>();
  std::unique_ptr<Child> server;
  uint16_t port = start_server(server, path);
  ASSERT_NE(port, 0);
  int64_t last_id = 0;
  {
    HttpClient http("127.0.0.1", port);
    http.set_token(token);
    for (int i = 0; i < 50; ++i) {
      const Json order = {
          {"platform", "api"},
          {"external_id", "K-" + std::to_string(i)},
          {"customer",
           {{"identities",
             {{{"type", "phone"}, {"value", "1380013" + std::to_string(8000 + i)}}}}}},
          {"status", "paid"},
          {"paid_amount", 1000 + i},
          {"goods_amount", 1000 + i}};
      auto r = http.post("/api/v1/orders", order);
      ASSERT_EQ(r.status, 201) << r.body;
      last_id = r.json()["order"]["id"].get<int64_t>();
    }
  }
  server->kill9();
  server->wait();
  EXPECT_EQ(scalar(path, "SELECT COUNT(*) FROM orders"), 50);

  port = start_server(server, path);
  ASSERT_NE(port, 0);
  HttpClient http("127.0.0.1", port);
  http.set_token(token);
  EXPECT_EQ(http.get("/api/v1/orders/" + std::to_string(last_id)).status, 200);
}

// Acceptance: posting an order through the API moves the customer into a
// dynamic segment and emits segment_entered within 1 s (the serving process
// runs the SegmentEngine's change-feed thread).
TEST_F(ServerTest, AnOrderMovesTheBuyerIntoADynamicSegmentWithinOneSecond) {
  const std::string path = db();
  ASSERT_EQ(guanxi({"shop", "create", "--db", path, "--name", "实时"}).exit_code, 0);
  const std::string token =
      guanxi_json({"apikey", "create", "--db", path})["token"].get<std::string>();
  std::unique_ptr<Child> server;
  const uint16_t port = start_server(server, path);
  ASSERT_NE(port, 0);
  HttpClient http("127.0.0.1", port);
  http.set_token(token);
  const auto made = http.post("/api/v1/segments", {{"name", "两单以上"}, {"rule", "orders >= 2"}});
  ASSERT_EQ(made.status, 201) << made.body;
  const int64_t segment = made.json()["id"].get<int64_t>();

  int64_t customer = 0;
  for (const char* external_id : {"RT-1", "RT-2"}) {
    const Json order = {
        {"platform", "jd"},
        {"external_id", external_id},
        {"status", "paid"},
        {"created_at", "2024-05-01T09:30:00+08:00"},
        {"paid_at", "2024-05-01T09:31:00+08:00"},
        {"goods_amount", 9900},
        {"paid_amount", 9900},
        {"items",
         {{{"sku", "TEA"}, {"product_name", "茶叶"}, {"quantity", 1}, {"unit_price", 9900}}}},
        {"customer", {{"identities", {{{"type", "phone"}, {"value", "13900000009"}}}}}}};
    const auto r = http.post("/api/v1/orders", order);
    ASSERT_EQ(r.status, 201) << r.body;
    customer = r.json()["customer_id"].get<int64_t>();
  }
  const auto posted = std::chrono::steady_clock::now();
  const std::string entered_sql =
      "SELECT COUNT(*) FROM changes WHERE kind = 'segment_entered' AND customer_id = " +
      std::to_string(customer) + " AND entity_id = " + std::to_string(segment);
  bool member = false;
  bool entered = false;
  wait_until(
      [&] {
        if (!member) {
          const Json page =
              http.get("/api/v1/segments/" + std::to_string(segment) + "/members").json();
          for (const auto& id : page["ids"]) member = member || id == customer;
        }
        entered = entered || scalar(path, entered_sql) == 1;
        return member && entered;
      },
      std::chrono::seconds(3));
  const auto elapsed = std::chrono::steady_clock::now() - posted;
  EXPECT_TRUE(member);
  EXPECT_TRUE(entered);
  EXPECT_LT(elapsed, std::chrono::seconds(1))
      << std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count() << " ms";
  server->terminate();
  EXPECT_EQ(server->wait(), 0);
}

}  // namespace
}  // namespace guanxi::e2e
