// Acceptance: kill -9 of the server while it dispatches a campaign of 100,000
// SMS to a provider (a local HTTP server that deduplicates by idempotency key,
// as real providers do), then a restart: the provider has received every
// message's key, each accepted exactly once, and the outbox shows every
// message sent. Keys resent after the crash (leased but not yet recorded as
// sent when the process died) arrive with the same key and are counted as
// duplicates by the provider, never as a second message.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <set>

#include "api/testing/http_client.hpp"
#include "domain/context.hpp"
#include "domain/customers.hpp"
#include "domain/shops.hpp"
#include "e2e.hpp"

namespace guanxi::e2e {
namespace {

using api::testing::HttpClient;

class KillDispatchTest : public E2eTest {
 protected:
  // `n` customers with a phone and SMS consent, in one transaction.
  void add_customers(const std::string& path, int64_t n) {
    auto database = store::open_database(path).value();
    auto conn = database->connect().value();
    const auto shops = domain::list_shops(*conn).value();
    ASSERT_EQ(shops.size(), 1U);
    SystemClock clock;
    ASSERT_TRUE(conn->begin_write().is_ok());
    domain::WriteContext w{*conn, clock, shops[0], ShopZone::shanghai(), "e2e"};
    for (int64_t i = 0; i < n; ++i) {
      domain::CustomerInput in;
      in.name = "客户" + std::to_string(i);
      in.identities.push_back({domain::IdentityType::kPhone, std::to_string(13000000000 + i)});
      in.consent_sms = domain::Consent::kGranted;
      ASSERT_TRUE(domain::create_customer(w, in).ok());
    }
    ASSERT_TRUE(conn->commit().is_ok());
  }

  void write_file(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
  }
};

TEST_F(KillDispatchTest, KilledWhileDispatchingEveryKeyReachesTheProviderOnce) {
  const char* env = std::getenv("GUANXI_KILL_DISPATCH_MESSAGES");
  const int64_t n = env != nullptr ? std::stoll(env) : 100'000;
  const std::string path = db();
  ASSERT_EQ(guanxi({"shop", "create", "--db", path, "--name", "kill"}).exit_code, 0);
  add_customers(path, n);

  // The provider: prints its port, appends each accepted key to a file.
  const std::string keys_file = (dir_ / "keys.txt").string();
  Child provider({kFakeProvider, "--port", "0", "--threads", "2", "--keys-file", keys_file}, dir_,
                 "provider");
  std::string port;
  ASSERT_TRUE(wait_until(
      [&] {
        const std::string out = provider.out();
        const size_t nl = out.find('\n');
        if (nl != std::string::npos) port = out.substr(0, nl);
        return !port.empty();
      },
      std::chrono::seconds(10)));
  HttpClient stats_client("127.0.0.1", static_cast<uint16_t>(std::stoi(port)));
  auto stats = [&] { return stats_client.get("/_stats").json(); };

  // No quiet hours (the test runs at any hour), SMS through the provider.
  write_file(
      "care.json",
      Json{{"quiet_hours", {{"start", "00:00"}, {"end", "00:00"}}},
           {"providers",
            {{"sms", {{"kind", "sms_http"}, {"url", "http://127.0.0.1:" + port + "/sms/send"}}}}}}
          .dump());
  ASSERT_EQ(guanxi({"care-settings", "set", "--db", path, "--file", (dir_ / "care.json").string()})
                .exit_code,
            0);
  ASSERT_EQ(guanxi({"segment", "create", "--db", path, "全部", "orders >= 0"}).exit_code, 0);
  auto tmpl = guanxi({"templates", "create", "--db", path, "--name", "上新", "--channel", "sms",
                      "--class", "marketing", "--body", "{{customer.name}}您好，新品上市"});
  ASSERT_EQ(tmpl.exit_code, 0) << tmpl.err;
  write_file("campaign.json",
             Json{{"segment", "全部"},
                  {"variants", {{{"key", "A"}, {"template", "上新"}, {"weight", 1}}}},
                  {"control_pct", 0}}
                 .dump());
  auto made = guanxi_json({"campaigns", "create", "--db", path, "--name", "上新", "--file",
                           (dir_ / "campaign.json").string()});
  ASSERT_EQ(guanxi({"campaigns", "schedule", "--db", path, "1"}).exit_code, 0);

  // Dispatching: pull the plug once a good part has reached the provider.
  std::unique_ptr<Child> server;
  ASSERT_NE(start_server(server, path), 0);
  ASSERT_TRUE(wait_until([&] { return stats()["accepted"].get<int64_t>() >= n / 4; },
                         std::chrono::seconds(300)))
      << server->err();
  server->kill9();
  server->wait();
  const int64_t before_restart = stats()["unique_keys"].get<int64_t>();
  EXPECT_LT(before_restart, n) << "the kill came too late to test anything";

  ASSERT_NE(start_server(server, path), 0);
  ASSERT_TRUE(wait_until(
      [&] { return scalar(path, "SELECT COUNT(*) FROM messages WHERE status = 'sent'") == n; },
      std::chrono::seconds(600)))
      << "sent: " << scalar(path, "SELECT COUNT(*) FROM messages WHERE status = 'sent'") << " of "
      << n << "; " << server->err();
  server->terminate();
  EXPECT_EQ(server->wait(), 0) << server->err();

  const Json s = stats();
  std::cout << "provider before the restart: " << before_restart
            << " keys; at the end: " << s.dump() << "\n";
  EXPECT_EQ(s["unique_keys"].get<int64_t>(), n) << s.dump();
  EXPECT_EQ(scalar(path, "SELECT COUNT(*) FROM messages"), n);
  // Only messages in flight at the kill can arrive twice (one leased batch).
  EXPECT_LE(s["duplicates"].get<int64_t>(), 512) << s.dump();

  // The keys the provider took are exactly the outbox's keys.
  provider.terminate();
  provider.wait();
  std::set<std::string> received;
  std::ifstream in(keys_file);
  for (std::string line; std::getline(in, line);) received.insert(line);
  std::set<std::string> expected;
  {
    auto database = store::open_database(path).value();
    auto conn = database->connect(true).value();
    store::Query q(*conn, "SELECT idempotency_key FROM messages");
    while (q.next()) expected.insert(q.text(0));
  }
  EXPECT_EQ(expected.size(), static_cast<size_t>(n));
  EXPECT_TRUE(received == expected) << "received " << received.size() << " distinct keys";
}

}  // namespace
}  // namespace guanxi::e2e
