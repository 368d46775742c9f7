// The shop's settings over HTTP (PATCH /api/v1/shop: who may, what is checked,
// the audit row, GET after), and client addresses behind trusted proxies
// (X-Forwarded-For for the sign-in rate limits and the audit log).
#include <gtest/gtest.h>

#include <string>

#include "api/testing/helpers.hpp"
#include "api/testing/test_server.hpp"
#include "core/time.hpp"
#include "domain/users.hpp"

namespace guanxi::api {
namespace {

using testing::HttpClient;
using testing::HttpResponse;
using testing::kPassword;
using testing::TestServer;

// A signed-in browser: the session cookie and the CSRF token.
struct Session {
  HttpClient http;
  std::string cookie;
  std::string csrf;

  HttpResponse send(std::string_view method, std::string_view target, const Json& body = nullptr) {
    HttpClient::Headers h;
    if (!cookie.empty()) h.emplace_back("Cookie", cookie);
    if (!csrf.empty()) h.emplace_back("X-CSRF-Token", csrf);
    const std::string text = body.is_null() ? std::string() : body.dump();
    return http.request(method, target, text, text.empty() ? "" : "application/json", h);
  }
};

class ShopApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { domain::set_password_cost(domain::PasswordCost::minimum()); }

  explicit ShopApiTest(ServerOptions options = {}) : server_(std::move(options)) {}

  void add_user(const std::string& username, const std::string& role) {
    domain::NewUser u;
    u.username = username;
    u.role = role;
    u.password_hash = domain::hash_password(kPassword).value();
    auto user = server_.shop().write_through(
        server_.writer(), [&](domain::WriteContext& w) { return domain::create_user(w, u); });
    ASSERT_TRUE(user.ok()) << user.status().to_string();
  }

  // Signs in a new user of `role`.
  Session signed_in(const std::string& role) {
    add_user("shop-" + role, role);
    Session s{server_.anonymous(), "", ""};
    HttpResponse r = s.send("POST", "/api/v1/session",
                            Json{{"username", "shop-" + role}, {"password", kPassword}});
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.status == 200) {
      const std::string set = r.header("Set-Cookie");
      s.cookie = set.substr(0, set.find(';'));
      s.csrf = r.json()["csrf_token"].get<std::string>();
    }
    return s;
  }

  TestServer server_;
};

TEST_F(ShopApiTest, AnAdminChangesNameTimeZoneAndCurrencyAndGetReturnsThem) {
  Session admin = signed_in("admin");
  HttpResponse r =
      admin.send("PATCH", "/api/v1/shop",
                 Json{{"name", "关系旗舰店"}, {"time_zone", "Europe/Berlin"}, {"currency", "EUR"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["name"], "关系旗舰店");
  EXPECT_EQ(r.json()["time_zone"], "Europe/Berlin");
  EXPECT_EQ(r.json()["currency"], "EUR");

  HttpResponse got = admin.send("GET", "/api/v1/shop");
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.json()["name"], "关系旗舰店");
  EXPECT_EQ(got.json()["time_zone"], "Europe/Berlin");
  EXPECT_EQ(got.json()["currency"], "EUR");
  // Rendered times follow the new zone at once.
  HttpResponse customer = server_.client().post("/api/v1/customers", Json{{"name", "王小明"}});
  ASSERT_EQ(customer.status, 201) << customer.body;
  const Json profile = customer.json()["profile"];
  const Timestamp created = parse_iso8601(profile["created_at"].get<std::string>()).value();
  EXPECT_EQ(profile["created_at_local"],
            ShopZone::load("Europe/Berlin").value().format_local(created));

  // Members left out stay; an API key with the admin role may change it too.
  HttpResponse renamed = server_.client().patch("/api/v1/shop", Json{{"name", "关系小店"}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.json()["time_zone"], "Europe/Berlin");
  EXPECT_EQ(server_.client().get("/api/v1/shop").json()["name"], "关系小店");
}

TEST_F(ShopApiTest, TheChangeIsInTheAuditLogWithBeforeAndAfter) {
  Session admin = signed_in("admin");
  const Json before = admin.send("GET", "/api/v1/shop").json();
  ASSERT_EQ(admin.send("PATCH", "/api/v1/shop", Json{{"time_zone", "Asia/Tokyo"}}).status, 200);
  HttpResponse audit = admin.send("GET", "/api/v1/audit?action=shop.change");
  ASSERT_EQ(audit.status, 200) << audit.body;
  const Json items = audit.json()["items"];
  ASSERT_EQ(items.size(), 1U) << audit.body;
  EXPECT_EQ(items[0]["object_type"], "shop");
  EXPECT_EQ(items[0]["actor"].get<std::string>().rfind("user:", 0), 0U);
  EXPECT_EQ(items[0]["detail"]["before"], Json({{"time_zone", before["time_zone"]}}));
  EXPECT_EQ(items[0]["detail"]["after"], Json({{"time_zone", "Asia/Tokyo"}}));
  EXPECT_EQ(items[0]["ip"], "127.0.0.1");
  // Nothing changed, nothing audited.
  ASSERT_EQ(admin.send("PATCH", "/api/v1/shop", Json{{"time_zone", "Asia/Tokyo"}}).status, 200);
  EXPECT_EQ(admin.send("GET", "/api/v1/audit?action=shop.change").json()["items"].size(), 1U);
}

TEST_F(ShopApiTest, OnlyAdminsMayChangeItAndTheAnonymousAreUnauthenticated) {
  const Json body = {{"name", "不该改"}};
  for (const char* role : {"manager", "csr", "marketer"}) {
    Session s = signed_in(role);
    HttpResponse r = s.send("PATCH", "/api/v1/shop", body);
    EXPECT_EQ(r.status, 403) << role << ": " << r.body;
    EXPECT_EQ(s.send("GET", "/api/v1/shop").status, 200) << role;  // shop.read stays
  }
  EXPECT_EQ(server_.anonymous().patch("/api/v1/shop", body).status, 401);
  EXPECT_NE(server_.client().get("/api/v1/shop").json()["name"], "不该改");
}

TEST_F(ShopApiTest, BadValuesAre422NamingTheField) {
  HttpClient c = server_.client();
  const Json shop = c.get("/api/v1/shop").json();
  struct Case {
    Json body;
    const char* field;
  };
  const Case cases[] = {
      {{{"time_zone", "Mars/Olympus_Mons"}}, "/time_zone"},
      {{{"time_zone", ""}}, "/time_zone"},
      {{{"time_zone", "../../etc/passwd"}}, "/time_zone"},
      {{{"currency", "XYZ"}}, "/currency"},
      {{{"currency", "cny"}}, "/currency"},
      {{{"currency", "JPY"}}, "/currency"},  // 0 decimals; amounts are stored in fen
      {{{"name", "   "}}, "/name"},
      {{{"name", std::string(201, 'x')}}, "/name"},
  };
  for (const Case& k : cases) {
    HttpResponse r = c.patch("/api/v1/shop", k.body);
    EXPECT_EQ(r.status, 422) << k.body.dump() << ": " << r.body;
    EXPECT_EQ(r.header("Content-Type"), "application/problem+json");
    EXPECT_EQ(r.json()["field"], k.field) << r.body;
  }
  // Wrong types and unknown members are malformed requests (400).
  EXPECT_EQ(c.patch("/api/v1/shop", Json{{"time_zone", 8}}).status, 400);
  EXPECT_EQ(c.patch("/api/v1/shop", Json{{"zone", "Asia/Tokyo"}}).status, 400);
  // A valid member next to a bad one changes nothing.
  EXPECT_EQ(c.patch("/api/v1/shop", Json{{"name", "新名字"}, {"currency", "XYZ"}}).status, 422);
  EXPECT_EQ(c.get("/api/v1/shop").json(), shop);
}

// Sign-in rate limits per address behind a reverse proxy.
class ForwardedForTest : public ShopApiTest {
 protected:
  static ServerOptions options(bool trusted) {
    ServerOptions o;
    o.login_attempts_per_username = 100;
    o.login_attempts_per_ip = 2;
    o.lockout_failures = 100;
    if (trusted) o.trusted_proxies = {"127.0.0.1"};
    return o;
  }
  explicit ForwardedForTest(bool trusted = true) : ShopApiTest(options(trusted)) {}

  // A failed sign-in of `username` sent through a proxy that saw `client`.
  int sign_in_from(const std::string& client, const std::string& username) {
    HttpClient http = server_.anonymous();
    const std::string body = Json{{"username", username}, {"password", "wrong-password-1"}}.dump();
    return http
        .request("POST", "/api/v1/session", body, "application/json",
                 {{"X-Forwarded-For", "198.51.100.66, " + client}})
        .status;
  }
};

class UntrustedForwardedForTest : public ForwardedForTest {
 protected:
  UntrustedForwardedForTest() : ForwardedForTest(false) {}
};

TEST_F(ForwardedForTest, TwoForwardedClientsAreRateLimitedSeparatelyWhenTheProxyIsTrusted) {
  add_user("mallory", "csr");
  EXPECT_EQ(sign_in_from("203.0.113.1", "mallory"), 401);
  EXPECT_EQ(sign_in_from("203.0.113.1", "mallory"), 401);
  EXPECT_EQ(sign_in_from("203.0.113.1", "mallory"), 429);  // 2 per address
  EXPECT_EQ(sign_in_from("203.0.113.2", "mallory"), 401);  // another client
  EXPECT_EQ(sign_in_from("203.0.113.2", "mallory"), 401);
  EXPECT_EQ(sign_in_from("203.0.113.2", "mallory"), 429);
  // The audit log names the client, not the proxy.
  HttpResponse audit = server_.client().get("/api/v1/audit?action=login.failed");
  ASSERT_EQ(audit.status, 200) << audit.body;
  const Json items = audit.json()["items"];
  ASSERT_EQ(items.size(), 4U) << audit.body;
  EXPECT_EQ(items[0]["ip"], "203.0.113.2");
  EXPECT_EQ(items[3]["ip"], "203.0.113.1");
}

TEST_F(UntrustedForwardedForTest, WithoutATrustedProxyTheHeaderIsIgnored) {
  add_user("mallory", "csr");
  EXPECT_EQ(sign_in_from("203.0.113.1", "mallory"), 401);
  EXPECT_EQ(sign_in_from("203.0.113.2", "mallory"), 401);
  EXPECT_EQ(sign_in_from("203.0.113.3", "mallory"), 429);  // all from 127.0.0.1
  HttpResponse audit = server_.client().get("/api/v1/audit?action=login.failed");
  ASSERT_EQ(audit.status, 200) << audit.body;
  const Json rows = audit.json();  // bound: a range-for over a temporary's member dangles
  for (const auto& e : rows["items"]) EXPECT_EQ(e["ip"], "127.0.0.1");
}

TEST(ServerOptionsTest, ABadTrustedProxyIsRefusedAtStart) {
  ServerOptions o;
  o.trusted_proxies = {"127.0.0.1", "proxy.internal"};
  const Status s = o.validate();
  ASSERT_FALSE(s.is_ok());
  EXPECT_NE(s.message().find("proxy.internal"), std::string::npos) << s.to_string();
}

}  // namespace
}  // namespace guanxi::api
