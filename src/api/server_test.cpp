// The server end to end over loopback HTTP: authentication, routing errors,
// health, metrics, keep-alive and stop.
#include <gtest/gtest.h>

#include <thread>

#include "api/testing/test_server.hpp"
#include "store/admin_table.hpp"

namespace guanxi::api {
namespace {

using testing::HttpResponse;
using testing::TestServer;

void expect_problem_document(const HttpResponse& r, int status) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_EQ(r.header("Content-Type"), "application/problem+json") << r.body;
  const Json doc = r.json();
  ASSERT_TRUE(doc.is_object()) << r.body;
  EXPECT_EQ(doc["status"], status);
  EXPECT_TRUE(doc["type"].is_string());
  EXPECT_TRUE(doc["title"].is_string());
  EXPECT_TRUE(doc["detail"].is_string());
}

TEST(ServerTest, HealthzNeedsNoCredentials) {
  TestServer s;
  const auto r = s.anonymous().get("/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.json()["status"], "ok");
}

TEST(ServerTest, MissingBadAndRevokedKeysAre401) {
  TestServer s;
  auto anon = s.anonymous();
  const auto missing = anon.get("/api/v1/customers");
  expect_problem_document(missing, 401);
  EXPECT_EQ(missing.header("WWW-Authenticate"), "Bearer");

  anon.set_token("gx_000000000000_notasecret");
  expect_problem_document(anon.get("/api/v1/customers"), 401);
  expect_problem_document(
      anon.request("GET", "/api/v1/customers", {}, {}, {{"Authorization", "Basic dXNlcjpwYXNz"}}),
      401);

  const std::string second = s.create_key("to revoke");
  auto c = s.client();
  auto other = s.anonymous();
  other.set_token(second);
  EXPECT_EQ(other.get("/api/v1/customers").status, 200);
  const Json keys = c.get("/api/v1/apikeys").json();
  int64_t id = 0;
  for (const auto& k : keys["items"]) {
    if (k["name"] == "to revoke") id = k["id"].get<int64_t>();
  }
  ASSERT_GT(id, 0);
  EXPECT_EQ(c.del("/api/v1/apikeys/" + std::to_string(id)).status, 204);
  expect_problem_document(other.get("/api/v1/customers"), 401);
  EXPECT_EQ(c.get("/api/v1/customers").status, 200);
}

TEST(ServerTest, NewKeyIsShownOnceAndWorks) {
  TestServer s;
  auto c = s.client();
  const auto created = c.post("/api/v1/apikeys", {{"name", "integration"}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string token = created.json()["token"];
  auto other = s.anonymous();
  other.set_token(token);
  const auto shop = other.get("/api/v1/shop");
  EXPECT_EQ(shop.status, 200);
  EXPECT_EQ(shop.json()["time_zone"], "Asia/Shanghai");
  const Json keys = c.get("/api/v1/apikeys").json();
  for (const auto& k : keys["items"]) EXPECT_FALSE(k.contains("token"));
}

TEST(ServerTest, UnknownPathIs404AndWrongMethodIs405WithAllow) {
  TestServer s;
  auto c = s.client();
  expect_problem_document(c.get("/api/v1/nothing-here"), 404);
  expect_problem_document(c.get("/api/v1/customers/"), 404);
  const auto r = c.request("PUT", "/api/v1/customers/5", "{}");
  expect_problem_document(r, 405);
  EXPECT_EQ(r.header("Allow"), "GET, PATCH");
  const auto d = c.del("/api/v1/customers");
  expect_problem_document(d, 405);
  EXPECT_EQ(d.header("Allow"), "GET, POST");
}

TEST(ServerTest, MetricsCountRequestsByRouteTemplate) {
  TestServer s;
  auto c = s.client();
  c.get("/api/v1/customers/12345");
  c.get("/api/v1/customers");
  c.get("/no/such/path");
  const auto r = s.anonymous().get("/metrics");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(r.body.find("# TYPE guanxi_http_requests_total counter"), std::string::npos);
  EXPECT_NE(
      r.body.find(
          R"(guanxi_http_requests_total{route="/api/v1/customers/{id}",method="GET",status="404"} 1)"),
      std::string::npos)
      << r.body;
  EXPECT_NE(
      r.body.find(
          R"(guanxi_http_requests_total{route="/api/v1/customers",method="GET",status="200"} 1)"),
      std::string::npos);
  EXPECT_NE(
      r.body.find(R"(guanxi_http_requests_total{route="unmatched",method="GET",status="404"} 1)"),
      std::string::npos);
  EXPECT_NE(
      r.body.find(
          R"(guanxi_http_request_duration_seconds_bucket{route="/api/v1/customers",method="GET",le="+Inf"} 1)"),
      std::string::npos);
  EXPECT_NE(r.body.find("guanxi_http_requests_in_flight "), std::string::npos);
}

TEST(ServerTest, MetricsReportTheImportLog) {
  TestServer s;
  store::ImportRunRecord run;
  run.shop_id = s.shop().shop().id;
  run.kind = "orders";
  run.file = "orders.csv";
  run.format = "taobao";
  run.started_at = 1;
  const int64_t id = store::insert_import_run(s.shop().conn(), run).value();
  ASSERT_TRUE(
      store::finish_import_run(s.shop().conn(), id, 2,
                               R"({"rows_read": 120, "rows_rejected": 3, "encoding": "gb18030"})")
          .is_ok());
  run.kind = "customers";
  ASSERT_TRUE(store::insert_import_run(s.shop().conn(), run).ok());
  const std::string body = s.anonymous().get("/metrics").body;
  const std::string shop = std::to_string(s.shop().shop().id);
  EXPECT_NE(
      body.find("guanxi_import_runs{shop=\"" + shop + "\",kind=\"orders\",state=\"finished\"} 1"),
      std::string::npos)
      << body;
  EXPECT_NE(
      body.find("guanxi_import_runs{shop=\"" + shop + "\",kind=\"customers\",state=\"running\"} 1"),
      std::string::npos);
  EXPECT_NE(body.find("guanxi_import_summary_total{shop=\"" + shop +
                      "\",kind=\"orders\",field=\"rows_read\"} 120"),
            std::string::npos);
  EXPECT_EQ(body.find("encoding"), std::string::npos);
}

TEST(ServerTest, IdleConnectionsTimeOut) {
  ServerOptions o;
  o.idle_timeout = std::chrono::milliseconds(200);
  o.read_timeout = std::chrono::milliseconds(300);
  TestServer s(o);
  auto c = s.client();
  ASSERT_EQ(c.get("/api/v1/shop").status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  // The server closed the kept-alive connection; the client notices and reconnects.
  EXPECT_EQ(c.get("/api/v1/shop").status, 200);
  // A request that never completes is cut off after the read timeout, unanswered.
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(c.raw("GET /healthz HTTP/1.1\r\nHost: x\r\n").status, 0);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(ServerTest, KeepAliveServesManyRequestsOnOneConnection) {
  TestServer s;
  auto c = s.client();
  for (int i = 0; i < 50; ++i) ASSERT_EQ(c.get("/api/v1/shop").status, 200);
}

TEST(ServerTest, ConcurrentClientsAreServed) {
  TestServer s;
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      auto c = s.client();
      for (int i = 0; i < 20; ++i) {
        const auto r =
            c.post("/api/v1/customers", {{"name", "并发" + std::to_string(t * 100 + i)}});
        if (r.status == 201) ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 80);
}

TEST(ServerTest, StopClosesIdleConnectionsPromptly) {
  TestServer s;
  auto c = s.client();
  ASSERT_EQ(c.get("/api/v1/shop").status, 200);  // leaves an idle keep-alive connection
  const auto start = std::chrono::steady_clock::now();
  s.server().stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  EXPECT_EQ(c.get("/api/v1/shop").status, 0);
}

TEST(ServerTest, RejectsInvalidOptions) {
  ServerOptions o;
  o.io_threads = 0;
  const Status s = o.validate();
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.location().field, "io_threads");
}

TEST(ServerTest, BindFailureIsAnIoError) {
  TestServer s;
  store::Writer& w = s.writer();
  AppContext app(s.shop().db(), w, s.shop().clock());
  ServerOptions o;
  o.host = "127.0.0.1";
  o.port = s.port();  // taken
  auto second = Server::start(o, app);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), ErrorCode::kIoError);
}

}  // namespace
}  // namespace guanxi::api
