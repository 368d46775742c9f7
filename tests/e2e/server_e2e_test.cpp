// The real `guanxi serve` over HTTP: the demo shop answers with the key the CLI
// printed, and an acknowledged write survives kill -9 of the server.
#include <regex>

#include "api/testing/http_client.hpp"
#include "e2e.hpp"

namespace guanxi::e2e {
namespace {

using api::testing::HttpClient;

class ServerTest : public E2eTest {
 protected:
  // Starts `guanxi serve` on a free port and returns the port (0 on failure).
  uint16_t start_server(std::unique_ptr<Child>& server, const std::string& db_path) {
    server = std::make_unique<Child>(
        std::vector<std::string>{kGuanxi, "serve", "--db", db_path, "--port", "0", "--host", "127.0.0.1"}, dir_,
        "server" + std::to_string(starts_++));
    std::smatch m;
    const std::regex listening(R"(listening on http://127\.0\.0\.1:(\d+))");
    std::string out;
    wait_until([&] {
      out = server->out();
      return std::regex_search(out, m, listening) || !server->running();
    }, std::chrono::seconds(20));
    if (!std::regex_search(out, m, listening)) {
      ADD_FAILURE() << "server did not start: " << server->err();
      return 0;
    }
    return static_cast<uint16_t>(std::stoi(m[1].str()));
  }
  int starts_ = 0;
};

TEST_F(ServerTest, DemoShopServesACustomer360WithThePrintedKey) {
  const std::string path = db();
  auto demo = guanxi({"demo", "--db", path, "--customers", "200", "--orders", "800", "--seed", "3"});
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
  const std::string token = guanxi_json({"apikey", "create", "--db", path})["token"].get<std::string>();
  std::unique_ptr<Child> server;
  uint16_t port = start_server(server, path);
  ASSERT_NE(port, 0);
  int64_t last_id = 0;
  {
    HttpClient http("127.0.0.1", port);
    http.set_token(token);
    for (int i = 0; i < 50; ++i) {
      const Json order = {{"platform", "api"},
                          {"external_id", "K-" + std::to_string(i)},
                          {"customer", {{"identities", {{{"type", "phone"}, {"value", "1380013" + std::to_string(8000 + i)}}}}}},
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

}  // namespace
}  // namespace guanxi::e2e
