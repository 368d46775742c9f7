// An API server for tests: a throwaway shop in a temporary SQLite database
// (domain::testing::TestShop, on a FakeClock), a Writer, the real
// SegmentEngine (with its change-feed thread), an admin API key, and a Server
// on an ephemeral loopback port. Tests talk to it over real HTTP.
#pragma once

#include <memory>
#include <string>

#include "api/app_context.hpp"
#include "api/server.hpp"
#include "api/testing/http_client.hpp"
#include "cti/call_center.hpp"
#include "domain/testing/test_shop.hpp"
#include "segment/engine.hpp"
#include "service/engine.hpp"
#include "store/writer.hpp"

namespace guanxi::api::testing {

class TestServer {
 public:
  // Starts the server; options' host and port are overridden (127.0.0.1:0).
  // The call center runs with its timer thread unless `callcenter_timer` is
  // false (tests that drive time themselves, like the call simulation).
  explicit TestServer(ServerOptions options = {}, bool callcenter_timer = true);
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  // A client sending the admin key; anonymous() sends none.
  HttpClient client() const;
  HttpClient anonymous() const;

  uint16_t port() const { return server_->port(); }
  const std::string& token() const { return token_; }
  domain::testing::TestShop& shop() { return shop_; }
  Server& server() { return *server_; }
  store::Writer& writer() { return *writer_; }
  segment::SegmentEngine& segments() { return *segments_; }
  // The service desk engine, not running in the background: tests call
  // process_pending() after moving the clock.
  service::ServiceEngine& service() { return *service_; }
  cti::CallCenter& callcenter() { return *callcenter_; }
  // Creates another API key of the shop and returns its token.
  std::string create_key(const std::string& name);

 private:
  domain::testing::TestShop shop_;
  std::unique_ptr<store::Writer> writer_;
  std::unique_ptr<segment::SegmentEngine> segments_;
  std::unique_ptr<service::ServiceEngine> service_;
  std::unique_ptr<cti::CallCenter> callcenter_;
  std::unique_ptr<AppContext> app_;
  std::string token_;
  std::unique_ptr<Server> server_;
};

}  // namespace guanxi::api::testing
