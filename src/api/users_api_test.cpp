// Users, sessions and security over real HTTP: sign-in and sign-out, cookie
// flags, CSRF, session fixation, lockout and rate limiting, expiry, password
// changes, the permission matrix (every route denies the unauthenticated and
// the unpermitted), PII masking and reveal, the audit log.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <tuple>

#include "api/auth.hpp"
#include "api/handlers/routes.hpp"
#include "api/testing/helpers.hpp"
#include "api/testing/test_server.hpp"
#include "demo/users_demo.hpp"
#include "domain/users.hpp"

namespace guanxi::api {
namespace {

using testing::HttpClient;
using testing::HttpResponse;
using testing::kPassword;
using testing::TestServer;

// A browser-like client: keeps the session cookie and the CSRF token.
struct Browser {
  HttpClient http;
  std::string cookie;  // "gx_session=..." ("" = none)
  std::string csrf;
  bool send_csrf = true;

  HttpClient::Headers headers(bool state_changing) const {
    HttpClient::Headers h;
    if (!cookie.empty()) h.emplace_back("Cookie", cookie);
    if (state_changing && send_csrf && !csrf.empty()) h.emplace_back("X-CSRF-Token", csrf);
    return h;
  }
  HttpResponse get(std::string_view target) {
    return http.request("GET", target, {}, "", headers(false));
  }
  HttpResponse send(std::string_view method, std::string_view target, const Json& body = nullptr) {
    const std::string text = body.is_null() ? std::string() : body.dump();
    return http.request(method, target, text, text.empty() ? "" : "application/json",
                        headers(true));
  }
  std::string json_scope() { return get("/api/v1/session").json()["user"]["scope"]; }
  // Signs in and keeps the cookie and token from the response.
  HttpResponse sign_in(const std::string& username, const std::string& password) {
    HttpResponse r =
        send("POST", "/api/v1/session", Json{{"username", username}, {"password", password}});
    if (r.status == 200) {
      const std::string set = r.header("Set-Cookie");
      cookie = set.substr(0, set.find(';'));
      csrf = r.json()["csrf_token"].get<std::string>();
    }
    return r;
  }
};

class UsersApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { domain::set_password_cost(domain::PasswordCost::minimum()); }

  explicit UsersApiTest(ServerOptions options = {}) : server_(std::move(options)) {}

  int64_t add_user(const std::string& username, const std::string& role,
                   std::optional<int64_t> team = std::nullopt,
                   std::vector<std::string> grants = {}) {
    domain::NewUser u;
    u.username = username;
    u.role = role;
    u.team_id = team;
    u.grants = std::move(grants);
    u.password_hash = domain::hash_password(kPassword).value();
    auto user = server_.shop().write_through(
        server_.writer(), [&](domain::WriteContext& w) { return domain::create_user(w, u); });
    EXPECT_TRUE(user.ok()) << user.status().to_string();
    return user.ok() ? user->id : 0;
  }

  Browser browser() { return Browser{server_.anonymous(), "", "", true}; }

  TestServer server_;
};

TEST_F(UsersApiTest, SignInSetsAHardenedCookieAndReturnsTheUser) {
  const int64_t id = add_user("Alice", "csr");
  Browser b = browser();
  HttpResponse r = b.sign_in("alice", kPassword);
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string set = r.header("Set-Cookie");
  EXPECT_EQ(set.rfind("gx_session=", 0), 0U) << set;
  EXPECT_NE(set.find("HttpOnly"), std::string::npos);
  EXPECT_NE(set.find("SameSite=Lax"), std::string::npos);
  EXPECT_NE(set.find("Path=/"), std::string::npos);
  EXPECT_EQ(set.find("Secure"), std::string::npos);  // not behind TLS
  const Json body = r.json();
  EXPECT_EQ(body["user"]["id"], id);
  EXPECT_EQ(body["user"]["username"], "alice");
  EXPECT_EQ(body["user"]["role"], "csr");
  EXPECT_EQ(body["user"]["scope"], "own");
  EXPECT_EQ(body["csrf_token"].get<std::string>().size(), 64U);
  const Json& perms = body["user"]["permissions"];
  auto has = [&](const char* p) { return std::find(perms.begin(), perms.end(), p) != perms.end(); };
  EXPECT_TRUE(has("tickets.write"));
  EXPECT_TRUE(has("customers.read"));
  EXPECT_FALSE(has("pii.view"));
  EXPECT_FALSE(has("users.manage"));

  HttpResponse me = b.get("/api/v1/session");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json()["user"]["id"], id);
  EXPECT_EQ(me.json()["csrf_token"], body["csrf_token"]);
  EXPECT_FALSE(me.header("Content-Security-Policy").empty());
}

TEST_F(UsersApiTest, BadCredentialsGetTheSameAnswerForUnknownUsersAndWrongPasswords) {
  add_user("bob", "sales");
  Browser b = browser();
  HttpResponse wrong = b.sign_in("bob", "not-the-password");
  HttpResponse unknown = b.sign_in("nobody", "not-the-password");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.json()["detail"], unknown.json()["detail"]);
  EXPECT_EQ(wrong.header("Content-Type"), "application/problem+json");
  EXPECT_TRUE(wrong.header("Set-Cookie").empty());
  EXPECT_EQ(b.get("/api/v1/session").status, 401);
}

TEST_F(UsersApiTest, SignOutEndsTheSessionAndClearsTheCookie) {
  add_user("carol", "csr");
  Browser b = browser();
  ASSERT_EQ(b.sign_in("carol", kPassword).status, 200);
  HttpResponse out = b.send("DELETE", "/api/v1/session");
  ASSERT_EQ(out.status, 204) << out.body;
  EXPECT_NE(out.header("Set-Cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(b.get("/api/v1/session").status, 401);  // the old cookie no longer works
}

TEST_F(UsersApiTest, SignOutEverywhereRevokesEverySessionOfTheUser) {
  add_user("dave", "csr");
  Browser one = browser();
  Browser two = browser();
  ASSERT_EQ(one.sign_in("dave", kPassword).status, 200);
  ASSERT_EQ(two.sign_in("dave", kPassword).status, 200);
  HttpResponse r = one.send("DELETE", "/api/v1/session/all");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["sessions_revoked"], 2);
  EXPECT_EQ(one.get("/api/v1/session").status, 401);
  EXPECT_EQ(two.get("/api/v1/session").status, 401);
}

TEST_F(UsersApiTest, CsrfTokenIsRequiredForCookieAuthenticatedWrites) {
  add_user("erin", "csr");
  Browser b = browser();
  ASSERT_EQ(b.sign_in("erin", kPassword).status, 200);
  const Json task{{"title", "call back"}};
  b.send_csrf = false;
  HttpResponse none = b.send("DELETE", "/api/v1/session");
  EXPECT_EQ(none.status, 403) << none.body;
  EXPECT_EQ(none.header("Content-Type"), "application/problem+json");
  b.send_csrf = true;
  const std::string real = b.csrf;
  b.csrf = std::string(real.size(), 'a');
  EXPECT_EQ(b.send("DELETE", "/api/v1/session").status, 403);
  EXPECT_EQ(b.get("/api/v1/session").status, 200);  // reads need no token; still signed in
  b.csrf = real;
  EXPECT_EQ(b.send("DELETE", "/api/v1/session").status, 204);
}

TEST_F(UsersApiTest, BearerRequestsNeedNoCsrfToken) {
  HttpClient admin = server_.client();
  HttpResponse r = admin.post("/api/v1/teams", Json{{"name", "华东销售"}});
  EXPECT_EQ(r.status, 201) << r.body;
}

TEST_F(UsersApiTest, SessionFixationIsImpossible) {
  add_user("frank", "csr");
  Browser attacker = browser();
  ASSERT_EQ(attacker.sign_in("frank", kPassword).status, 200);
  const std::string planted = attacker.cookie;
  // The victim's browser carries the planted cookie when signing in.
  Browser victim = browser();
  victim.cookie = planted;
  ASSERT_EQ(victim.sign_in("frank", kPassword).status, 200);
  EXPECT_NE(victim.cookie, planted);
  EXPECT_EQ(victim.get("/api/v1/session").status, 200);
  EXPECT_EQ(attacker.get("/api/v1/session").status, 401);  // the planted one was revoked
  // A made-up cookie never authenticates.
  Browser forged = browser();
  forged.cookie = "gx_session=" + std::string(64, '0');
  EXPECT_EQ(forged.get("/api/v1/session").status, 401);
}

TEST_F(UsersApiTest, RepeatedFailuresLockTheAccount) {
  add_user("grace", "csr");
  Browser b = browser();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(b.sign_in("grace", "wrong-password!").status, 401) << i;
  HttpResponse locked = b.sign_in("grace", kPassword);
  EXPECT_EQ(locked.status, 423) << locked.body;
  EXPECT_EQ(locked.header("Retry-After"), "900");
  server_.shop().clock().advance(std::chrono::minutes(16));
  EXPECT_EQ(b.sign_in("grace", kPassword).status, 200);
}

TEST_F(UsersApiTest, PasswordChangeRevokesOtherSessions) {
  add_user("heidi", "csr");
  Browser one = browser();
  Browser two = browser();
  ASSERT_EQ(one.sign_in("heidi", kPassword).status, 200);
  ASSERT_EQ(two.sign_in("heidi", kPassword).status, 200);
  HttpResponse weak = one.send("POST", "/api/v1/session/password",
                               Json{{"current_password", kPassword}, {"new_password", "short"}});
  EXPECT_EQ(weak.status, 400);
  EXPECT_EQ(weak.json()["field"], "/new_password");
  HttpResponse wrong = one.send(
      "POST", "/api/v1/session/password",
      Json{{"current_password", "not-my-password"}, {"new_password", "a-new-long-password"}});
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(wrong.json()["field"], "/current_password");
  HttpResponse ok =
      one.send("POST", "/api/v1/session/password",
               Json{{"current_password", kPassword}, {"new_password", "a-new-long-password"}});
  ASSERT_EQ(ok.status, 204) << ok.body;
  EXPECT_EQ(one.get("/api/v1/session").status, 200);
  EXPECT_EQ(two.get("/api/v1/session").status, 401);
  Browser three = browser();
  EXPECT_EQ(three.sign_in("heidi", kPassword).status, 401);
  EXPECT_EQ(three.sign_in("heidi", "a-new-long-password").status, 200);
}

TEST_F(UsersApiTest, SessionsExpireWhenIdleAndAbsolutely) {
  add_user("ivan", "csr");
  Browser b = browser();
  ASSERT_EQ(b.sign_in("ivan", kPassword).status, 200);
  server_.shop().clock().advance(std::chrono::minutes(119));
  EXPECT_EQ(b.get("/api/v1/session").status, 200);
  server_.shop().clock().advance(std::chrono::minutes(121));  // idle past 2 h (no touch)
  EXPECT_EQ(b.get("/api/v1/session").status, 401);

  ASSERT_EQ(b.sign_in("ivan", kPassword).status, 200);
  for (int i = 0; i < 13; ++i) {  // active every hour, but 12 h is the limit
    server_.shop().clock().advance(std::chrono::hours(1));
    HttpResponse r = b.get("/api/v1/session");
    EXPECT_EQ(r.status, i < 11 ? 200 : 401) << "hour " << i + 1;
    (void)server_.writer().run([](store::Connection&) { return Status::ok(); });  // touch done
  }
}

class RateLimitTest : public UsersApiTest {
 protected:
  static ServerOptions options() {
    ServerOptions o;
    o.login_attempts_per_username = 3;
    o.login_attempts_per_ip = 5;
    return o;
  }
  RateLimitTest() : UsersApiTest(options()) {}
};

TEST_F(RateLimitTest, SignInAttemptsAreRateLimitedPerUsernameAndAddress) {
  Browser b = browser();
  for (int i = 0; i < 3; ++i) EXPECT_EQ(b.sign_in("mallory", "guess-number-x").status, 401);
  HttpResponse limited = b.sign_in("mallory", "guess-number-x");
  EXPECT_EQ(limited.status, 429);
  EXPECT_FALSE(limited.header("Retry-After").empty());
  EXPECT_EQ(b.sign_in("trudy", "guess-number-x").status, 401);
  EXPECT_EQ(b.sign_in("oscar", "guess-number-x").status, 401);
  EXPECT_EQ(b.sign_in("peggy", "guess-number-x").status, 429);  // 5 per address
  server_.shop().clock().advance(std::chrono::minutes(6));
  EXPECT_EQ(b.sign_in("mallory", "guess-number-x").status, 401);
}

// Every route that is not public answers 401 without credentials, and 403 to
// a signed-in role whose (default) permissions lack the route's.
TEST_F(UsersApiTest, EveryRouteDeniesTheUnauthenticatedAndTheUnpermitted) {
  const std::vector<std::string> roles = {"manager", "marketer", "sales", "csr", "analyst"};
  std::map<std::string, Browser> signed_in;
  for (const auto& role : roles) {
    add_user("role-" + role, role);
    Browser b = browser();
    ASSERT_EQ(b.sign_in("role-" + role, kPassword).status, 200) << role;
    signed_in.emplace(role, std::move(b));
  }
  auto router = build_router();
  ASSERT_TRUE(router.ok());
  Browser anonymous = browser();
  int checked_401 = 0;
  int checked_403 = 0;
  for (const auto& route : router->routes()) {
    if (route.spec.permission == kPublic) continue;
    std::string path;
    for (const auto& seg : route.segments) path += "/" + (seg.front() == '{' ? "1" : seg);
    const std::string method(method_name(route.spec.method));
    const Json body = route.spec.body == BodyKind::kNone ? Json(nullptr) : Json::object();
    SCOPED_TRACE(method + " " + path + " (" + std::string(route.spec.permission) + ")");
    HttpResponse r = anonymous.send(method, path, body);
    EXPECT_EQ(r.status, 401) << r.body;
    ++checked_401;
    if (route.spec.permission == kAnyCaller) continue;
    for (const auto& role : roles) {
      if (role_allows(role, route.spec.permission)) continue;
      HttpResponse denied = signed_in.at(role).send(method, path, body);
      EXPECT_EQ(denied.status, 403) << role << ": " << denied.body;
      ++checked_403;
      break;
    }
  }
  EXPECT_GT(checked_401, 100);
  EXPECT_GT(checked_403, 50);
}

TEST_F(UsersApiTest, ACsrSeesMaskedPersonalDataAndRevealingIsAudited) {
  HttpClient admin = server_.client();
  HttpResponse made = admin.post("/api/v1/customers",
                                 Json{{"name", "王小明"},
                                      {"identities",
                                       {{{"type", "phone"}, {"value", "13800138000"}},
                                        {{"type", "email"}, {"value", "xiaoming@example.com"}}}}});
  ASSERT_EQ(made.status, 201) << made.body;
  const int64_t id = made.json()["profile"]["id"].get<int64_t>();
  const std::string path = "/api/v1/customers/" + std::to_string(id);
  auto identity = [](const Json& c360, const char* type) {
    for (const auto& i : c360["identities"]) {
      if (i["type"] == type) return i["value"].get<std::string>();
    }
    return std::string();
  };
  const Json full = admin.get(path).json();
  EXPECT_EQ(identity(full, "phone"), "+8613800138000");
  EXPECT_EQ(identity(full, "email"), "xiaoming@example.com");

  add_user("csr-zhang", "csr");
  Browser csr = browser();
  ASSERT_EQ(csr.sign_in("csr-zhang", kPassword).status, 200);
  HttpResponse seen = csr.get(path);
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_EQ(identity(seen.json(), "phone"), "138****8000");
  EXPECT_EQ(identity(seen.json(), "email"), "x***@example.com");
  EXPECT_EQ(seen.body.find("13800138000"), std::string::npos);
  HttpResponse looked_up = csr.get("/api/v1/customers/lookup?phone=13800138000");
  ASSERT_EQ(looked_up.status, 200) << looked_up.body;
  EXPECT_EQ(looked_up.body.find("13800138000"), std::string::npos);

  HttpResponse revealed = csr.send("POST", path + "/reveal");
  ASSERT_EQ(revealed.status, 200) << revealed.body;
  EXPECT_EQ(identity(revealed.json(), "phone"), "+8613800138000");
  HttpResponse audit = admin.get("/api/v1/audit?action=pii.reveal");
  ASSERT_EQ(audit.status, 200) << audit.body;
  const Json items = audit.json()["items"];
  ASSERT_EQ(items.size(), 1U);
  EXPECT_EQ(items[0]["object_id"], std::to_string(id));
  EXPECT_EQ(items[0]["actor"].get<std::string>().rfind("user:", 0), 0U);

  // A grant of pii.view lifts the mask.
  const int64_t lead = add_user("csr-lead", "csr", std::nullopt, {"pii.view"});
  (void)lead;
  Browser granted = browser();
  ASSERT_EQ(granted.sign_in("csr-lead", kPassword).status, 200);
  EXPECT_EQ(identity(granted.get(path).json(), "phone"), "+8613800138000");
}

TEST_F(UsersApiTest, AdminsManageUsersTeamsAndRoles) {
  HttpClient admin = server_.client();
  HttpResponse team = admin.post("/api/v1/teams", Json{{"name", "华南销售"}});
  ASSERT_EQ(team.status, 201) << team.body;
  const int64_t team_id = team.json()["id"].get<int64_t>();
  HttpResponse weak = admin.post(
      "/api/v1/users", Json{{"username", "kate"}, {"password", "short"}, {"role", "sales"}});
  EXPECT_EQ(weak.status, 400);
  EXPECT_EQ(weak.json()["field"], "/password");
  HttpResponse bad_role = admin.post(
      "/api/v1/users", Json{{"username", "kate"}, {"password", kPassword}, {"role", "boss"}});
  EXPECT_EQ(bad_role.status, 400);
  EXPECT_EQ(bad_role.json()["field"], "/role");
  HttpResponse made = admin.post("/api/v1/users", Json{{"username", "Kate"},
                                                       {"display_name", "凯特"},
                                                       {"password", kPassword},
                                                       {"role", "sales"},
                                                       {"team_id", team_id}});
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.json()["username"], "kate");
  EXPECT_EQ(made.json().contains("password_hash"), false);
  const std::string user_path = "/api/v1/users/" + made.json()["id"].dump();
  EXPECT_EQ(admin
                .post("/api/v1/users",
                      Json{{"username", "kate"}, {"password", kPassword}, {"role", "csr"}})
                .status,
            409);

  Browser kate = browser();
  ASSERT_EQ(kate.sign_in("kate", kPassword).status, 200);
  EXPECT_EQ(kate.get("/api/v1/users").status, 403);
  EXPECT_EQ(kate.json_scope(), "own");

  // Admin reset: sessions revoked, the new password must be changed.
  HttpResponse reset =
      admin.post(user_path + "/reset-password", Json{{"new_password", "temporary-pass-1"}});
  ASSERT_EQ(reset.status, 204) << reset.body;
  EXPECT_EQ(kate.get("/api/v1/session").status, 401);
  HttpResponse again = kate.sign_in("kate", "temporary-pass-1");
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(again.json()["user"]["must_change_password"], true);
  // Until the new password is chosen only the session routes answer.
  HttpResponse blocked = kate.get("/api/v1/segments");
  EXPECT_EQ(blocked.status, 403);
  EXPECT_NE(blocked.body.find("/api/v1/session/password"), std::string::npos) << blocked.body;
  EXPECT_EQ(kate.get("/api/v1/session").status, 200);
  HttpResponse chosen = kate.send(
      "POST", "/api/v1/session/password",
      Json{{"current_password", "temporary-pass-1"}, {"new_password", "kate-own-pass-2"}});
  ASSERT_EQ(chosen.status, 204) << chosen.body;
  EXPECT_EQ(kate.get("/api/v1/session").json()["user"]["must_change_password"], false);

  // A role change is a permission change in the audit log.
  HttpResponse promoted = admin.patch(user_path, Json{{"role", "manager"}});
  ASSERT_EQ(promoted.status, 200) << promoted.body;
  EXPECT_EQ(kate.get("/api/v1/session").json()["user"]["scope"], "team");
  HttpResponse changes = admin.get("/api/v1/audit?action=permission.change");
  EXPECT_EQ(changes.json()["items"].size(), 1U);

  // Editing the matrix takes effect at once.
  EXPECT_EQ(kate.get("/api/v1/segments").status, 200);
  HttpResponse role =
      admin.request("PUT", "/api/v1/roles/manager",
                    Json{{"permissions", {"customers.read"}}, {"scope", "own"}}.dump());
  ASSERT_EQ(role.status, 200) << role.body;
  EXPECT_EQ(kate.get("/api/v1/segments").status, 403);
  EXPECT_EQ(kate.get("/api/v1/customers").status, 200);
  HttpResponse matrix = admin.get("/api/v1/roles");
  ASSERT_EQ(matrix.status, 200);
  EXPECT_EQ(matrix.json()["items"].size(), 6U);
  EXPECT_FALSE(matrix.json()["permissions"].empty());
  HttpResponse unknown =
      admin.request("PUT", "/api/v1/roles/csr",
                    Json{{"permissions", {"rockets.launch"}}, {"scope", "own"}}.dump());
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.json()["field"], "/permissions/0");
  EXPECT_EQ(admin
                .request("PUT", "/api/v1/roles/admin",
                         Json{{"permissions", Json::array()}, {"scope", "own"}}.dump())
                .status,
            422);

  // Deactivation signs the user out.
  EXPECT_EQ(admin.del(user_path).status, 204);
  EXPECT_EQ(kate.get("/api/v1/session").status, 401);
  EXPECT_EQ(kate.sign_in("kate", "temporary-pass-1").status, 401);
}

TEST_F(UsersApiTest, AuditLogPagesWithACursor) {
  HttpClient admin = server_.client();
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(admin.post("/api/v1/teams", Json{{"name", "team " + std::to_string(i)}}).status, 201);
  }
  HttpResponse first = admin.get("/api/v1/audit?action=team.create&limit=3");
  ASSERT_EQ(first.status, 200) << first.body;
  ASSERT_EQ(first.json()["items"].size(), 3U);
  const std::string cursor = first.json()["next_cursor"].get<std::string>();
  HttpResponse second = admin.get("/api/v1/audit?action=team.create&limit=3&cursor=" + cursor);
  ASSERT_EQ(second.json()["items"].size(), 2U);
  EXPECT_TRUE(second.json()["next_cursor"].is_null());
  EXPECT_EQ(second.json()["items"][1]["detail"]["name"], "team 0");
  EXPECT_EQ(admin.get("/api/v1/audit?from=yesterday").status, 400);
}

TEST_F(UsersApiTest, DemoUsersCanSignInWithTheirRoles) {
  auto users = server_.shop().write_through(
      server_.writer(), [](domain::WriteContext& w) { return demo::create_demo_users(w); });
  ASSERT_TRUE(users.ok()) << users.status().to_string();
  ASSERT_EQ(users->size(), 9U);
  for (const auto& [name, role, scope] :
       {std::tuple{"admin", "admin", "all"}, std::tuple{"manager", "manager", "team"},
        std::tuple{"sales3", "sales", "own"}, std::tuple{"csr1", "csr", "own"},
        std::tuple{"analyst", "analyst", "team"}}) {
    Browser b = browser();
    HttpResponse r = b.sign_in(name, demo::kDemoPassword);
    ASSERT_EQ(r.status, 200) << name << ": " << r.body;
    EXPECT_EQ(r.json()["user"]["role"], role);
    EXPECT_EQ(r.json()["user"]["scope"], scope);
  }
  HttpResponse teams = server_.client().get("/api/v1/teams");
  ASSERT_EQ(teams.json()["items"].size(), 2U);
  EXPECT_EQ(teams.json()["items"][0]["name"], "华东销售");
  EXPECT_FALSE(teams.json()["items"][0]["manager_user_id"].is_null());
}

// Record-level visibility over HTTP: a sales rep cannot open another rep's
// account; their team's manager can.
TEST_F(UsersApiTest, ASalesRepCannotReadAnotherRepsAccount) {
  HttpClient admin = server_.client();
  HttpResponse team = admin.post("/api/v1/teams", Json{{"name", "华东销售"}});
  ASSERT_EQ(team.status, 201) << team.body;
  const int64_t team_id = team.json()["id"].get<int64_t>();
  const int64_t rep1 = add_user("rep1", "sales", team_id);
  add_user("rep2", "sales", team_id);
  add_user("boss", "manager", team_id);
  HttpResponse made =
      admin.post("/api/v1/accounts", Json{{"name", "星河地产"}, {"owner_user_id", rep1}});
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string path = "/api/v1/accounts/" + made.json()["id"].dump();
  Browser one = browser();
  Browser two = browser();
  Browser boss = browser();
  ASSERT_EQ(one.sign_in("rep1", kPassword).status, 200);
  ASSERT_EQ(two.sign_in("rep2", kPassword).status, 200);
  ASSERT_EQ(boss.sign_in("boss", kPassword).status, 200);
  EXPECT_EQ(one.get(path).status, 200);
  HttpResponse denied = two.get(path);
  EXPECT_EQ(denied.status, 403) << denied.body;
  EXPECT_EQ(two.get("/api/v1/accounts").json()["items"].size(), 0U);
  EXPECT_EQ(boss.get(path).status, 200);
}

TEST(RecordScopeTest, FollowsTheRoleMatrixForUsersAndIsAllForApiKeys) {
  Principal key;
  key.api_key_id = 1;
  key.role = "admin";
  EXPECT_EQ(record_scope(key), RecordScope::kAll);
  Principal rep;
  rep.user_id = 5;
  rep.role = "sales";
  EXPECT_EQ(record_scope(rep), RecordScope::kOwn);
  Principal manager = rep;
  manager.role = "manager";
  EXPECT_EQ(record_scope(manager), RecordScope::kTeam);
  EXPECT_FALSE(can_view_pii(rep));
  rep.grants.push_back("pii.view");
  EXPECT_TRUE(can_view_pii(rep));
  EXPECT_EQ(mask_phone("13800138000"), "138****8000");
  EXPECT_EQ(mask_phone("+8613800138000"), "138****8000");
  EXPECT_EQ(mask_email("xiaoming@example.com"), "x***@example.com");
  EXPECT_EQ(mask_address("上海市浦东新区世纪大道100号"), "上海市浦东新****");
}

TEST(CookieTest, FindsTheSessionCookieAmongOthers) {
  EXPECT_EQ(cookie_value("a=1; gx_session=abc; b=2", "gx_session"), "abc");
  EXPECT_EQ(cookie_value("gx_session_old=x;gx_session=\"q\"", "gx_session"), "q");
  EXPECT_EQ(cookie_value("a=1", "gx_session"), "");
}

}  // namespace
}  // namespace guanxi::api
