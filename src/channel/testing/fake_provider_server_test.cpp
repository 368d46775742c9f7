#include "channel/testing/fake_provider_server.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "channel/http_transport.hpp"
#include "channel/testing/test_support.hpp"

namespace guanxi::channel::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

Result<HttpResponse> post(HttpTransport& http, const std::string& url, const std::string& key,
                          const std::string& body = "{}") {
  HttpHeaders headers = {{"Content-Type", "application/json"}};
  if (!key.empty()) headers.emplace_back("Idempotency-Key", key);
  return http.post(url, headers, body);
}

TEST(FakeProviderServer, CountsUniqueKeysAndDuplicates) {
  FakeProviderServer server;
  ASSERT_TRUE(server.start().is_ok());
  HttpTransport http({});
  for (const char* key : {"a", "b", "a", "c", "a"}) {
    auto r = post(http, server.url("/sms"), key);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, 200);
  }
  // Keys are also found in the JSON bodies of each shape.
  ASSERT_EQ(post(http, server.url("/sms"), "", R"({"idempotency_key":"d"})")->status, 200);
  const auto stats = server.stats();
  EXPECT_EQ(stats.requests, 6u);
  EXPECT_EQ(stats.accepted, 6u);
  EXPECT_EQ(stats.unique_keys, 4u);
  EXPECT_EQ(stats.duplicates, 2u);
  EXPECT_EQ(server.accepted_keys(), (std::vector<std::string>{"a", "b", "a", "c", "a", "d"}));

  auto stats_page = http.get(server.url("/_stats"), {});
  ASSERT_TRUE(stats_page.ok());
  const Json j = Json::parse(stats_page->body);
  EXPECT_EQ(j["unique_keys"], 4);
  EXPECT_EQ(j["duplicates"], 2);
  EXPECT_EQ(server.stats().requests, 6u);  // /_stats is not counted

  server.reset();
  EXPECT_EQ(server.stats().accepted, 0u);
  EXPECT_TRUE(server.requests().empty());
}

TEST(FakeProviderServer, RequestWithoutKeyIs400) {
  FakeProviderServer server;
  ASSERT_TRUE(server.start().is_ok());
  HttpTransport http({});
  auto r = post(http, server.url("/sms"), "");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(server.stats().accepted, 0u);
}

TEST(FakeProviderServer, AppendsAcceptedKeysToAFile) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("guanxi-fake-keys-" + std::to_string(::getpid()) + ".txt");
  std::filesystem::remove(path);
  {
    FakeProviderOptions options;
    options.accepted_keys_file = path.string();
    options.faults = FaultPlan::fail_every(2, 500);
    FakeProviderServer server(options);
    ASSERT_TRUE(server.start().is_ok());
    HttpTransport http({});
    for (const char* key : {"k1", "k2", "k3", "k1"})
      ASSERT_TRUE(post(http, server.url("/x"), key).ok());
    // Lines are written as requests are answered, before the server stops.
    std::ifstream in(path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    EXPECT_EQ(lines, (std::vector<std::string>{"k1", "k3"}));  // 2nd and 4th were faulted
  }
  std::filesystem::remove(path);
}

TEST(FakeProviderServer, InjectsEveryNth429WithRetryAfter) {
  FakeProviderServer server;
  ASSERT_TRUE(server.start().is_ok());
  server.set_faults(FaultPlan::fail_every(3, 429, std::chrono::seconds(9)));
  HttpTransport http({});
  std::vector<int> statuses;
  for (int i = 0; i < 6; ++i) {
    auto r = post(http, server.url("/sms"), "k" + std::to_string(i));
    ASSERT_TRUE(r.ok());
    statuses.push_back(r->status);
    if (r->status == 429) {
      EXPECT_EQ(r->header("Retry-After"), "9");
    }
  }
  EXPECT_EQ(statuses, (std::vector<int>{200, 200, 429, 200, 200, 429}));
  EXPECT_EQ(server.stats().faults, 2u);
  EXPECT_EQ(server.stats().unique_keys, 4u);
}

TEST(FakeProviderServer, InjectsDelays) {
  FakeProviderServer server;
  ASSERT_TRUE(server.start().is_ok());
  server.set_faults(FaultPlan::delay_every(1, std::chrono::milliseconds(150)));
  HttpTransport http({});
  const auto start = std::chrono::steady_clock::now();
  auto r = post(http, server.url("/sms"), "slow");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 200);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(150));
  EXPECT_EQ(server.stats().accepted, 1u);
}

TEST(FakeProviderServer, RecordsRequests) {
  FakeProviderServer server;
  ASSERT_TRUE(server.start().is_ok());
  HttpTransport http({});
  ASSERT_TRUE(post(http, server.url("/sms?x=1"), "key-1", R"({"to":"+86"})").ok());
  const auto reqs = server.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].method, "POST");
  EXPECT_EQ(reqs[0].target, "/sms?x=1");
  EXPECT_EQ(reqs[0].path, "/sms");
  EXPECT_EQ(reqs[0].idempotency_key, "key-1");
  EXPECT_EQ(reqs[0].json()["to"], "+86");
  EXPECT_EQ(reqs[0].status, 200);
  EXPECT_EQ(reqs[0].header("idempotency-key"), "key-1");
}

// Several sending threads, each with its own provider instance (as the
// dispatcher runs them), retrying through injected failures: every message
// arrives exactly once.
TEST(FakeProviderServer, ConcurrentProvidersDeliverExactlyOnce) {
  FakeProviderOptions options;
  options.io_threads = 2;
  options.max_recorded_requests = 0;
  FakeProviderServer server(options);
  ASSERT_TRUE(server.start().is_ok());
  server.set_faults(FaultPlan::fail_every(7, 503));
  constexpr int kThreads = 4;
  constexpr int kPerThread = 500;
  std::atomic<int> accepted{0};
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto provider = must_make({{"kind", "sms_http"}, {"url", server.url("/sms")}});
      for (int i = 0; i < kPerThread; ++i) {
        OutboundMessage m;
        m.idempotency_key = "t" + std::to_string(t) + "-" + std::to_string(i);
        m.to = "13800138000";
        m.body = "hello";
        for (int attempt = 0; attempt < 5; ++attempt) {
          if (provider->send(m).is_accepted()) {
            ++accepted;
            break;
          }
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto stats = server.stats();
  EXPECT_EQ(accepted.load(), kThreads * kPerThread);
  EXPECT_EQ(stats.unique_keys, static_cast<uint64_t>(kThreads * kPerThread));
  EXPECT_EQ(stats.duplicates, 0u);
  EXPECT_GT(stats.faults, 0u);
  std::printf(
      "[ info     ] sms_http provider via libcurl: %.0f sends/s (%llu requests, 4 threads)\n",
      static_cast<double>(stats.requests) / seconds,
      static_cast<unsigned long long>(stats.requests));
}

// One keep-alive connection sending `count` sms_http-shaped requests in turn.
asio::awaitable<void> load_connection(asio::ip::tcp::endpoint server, int first, int step,
                                      int total, std::atomic<int>& ok) {
  auto executor = co_await asio::this_coro::executor;
  asio::ip::tcp::socket socket(executor);
  co_await socket.async_connect(server, asio::use_awaitable);
  socket.set_option(asio::ip::tcp::no_delay(true));
  beast::flat_buffer buffer;
  for (int i = first; i < total; i += step) {
    http::request<http::string_body> req{http::verb::post, "/sms", 11};
    req.set(http::field::host, "127.0.0.1");
    req.set(http::field::content_type, "application/json");
    req.set("Idempotency-Key", "load-" + std::to_string(i));
    req.body() = R"({"to":"+8613800138000","text":"hello","idempotency_key":"load"})";
    req.prepare_payload();
    co_await http::async_write(socket, req, asio::use_awaitable);
    http::response<http::string_body> res;
    co_await http::async_read(socket, buffer, res, asio::use_awaitable);
    if (res.result_int() == 200) ++ok;
  }
}

// Keep-alive throughput: one client thread driving several connections
// against one server io thread. Printed, not asserted (the machine is shared).
// GUANXI_FAKE_PROVIDER_LOAD sets the request count (default 4000),
// GUANXI_FAKE_PROVIDER_CONNECTIONS the connections (default 8).
TEST(FakeProviderServer, KeepAliveThroughput) {
  FakeProviderOptions options;
  options.io_threads = 1;
  options.max_recorded_requests = 0;
  FakeProviderServer server(options);
  ASSERT_TRUE(server.start().is_ok());
  const char* env_total = std::getenv("GUANXI_FAKE_PROVIDER_LOAD");
  const char* env_conns = std::getenv("GUANXI_FAKE_PROVIDER_CONNECTIONS");
  const int total = env_total != nullptr ? std::atoi(env_total) : 4000;
  const int connections = env_conns != nullptr ? std::max(1, std::atoi(env_conns)) : 8;
  std::atomic<int> ok{0};
  asio::io_context client(1);
  const asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), server.port());
  for (int c = 0; c < connections; ++c) {
    asio::co_spawn(
        client, load_connection(endpoint, c, connections, total, ok),
        [](const std::exception_ptr& e) { EXPECT_FALSE(e) << "load connection failed"; });
  }
  const auto start = std::chrono::steady_clock::now();
  client.run();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(ok.load(), total);
  EXPECT_EQ(server.stats().unique_keys, static_cast<uint64_t>(total));
  std::printf(
      "[ info     ] fake provider keep-alive: %.0f requests/s (%d requests, %d connections)\n",
      total / seconds, total, connections);
}

}  // namespace
}  // namespace guanxi::channel::testing
