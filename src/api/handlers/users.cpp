// Sign-in (the session), users, teams, roles and the audit log.
//
// Sign-in checks the in-memory rate limits (429), the account lockout (423),
// then the password (argon2id, verified on this io thread, not the Writer);
// the same 401 answers an unknown username and a wrong password. A new
// session always gets a fresh cookie; a cookie the client sent along is
// revoked (no session fixation).
#include "domain/users.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <unordered_set>

#include "api/handlers/common.hpp"
#include "api/handlers/routes.hpp"
#include "api/input_fields.hpp"
#include "api/login_limiter.hpp"
#include "api/render.hpp"
#include "api/url.hpp"
#include "domain/audit.hpp"
#include "domain/roles.hpp"

namespace guanxi::api::handlers {

namespace {

constexpr std::string_view kBadCredentials = "wrong username or password";

Location at(std::string field) {
  Location loc;
  loc.field = std::move(field);
  return loc;
}

// 429 / 423 problem documents (no ErrorCode of their own) with Retry-After.
Response retry_later(int status, std::string_view code, std::string_view title, std::string detail,
                     std::chrono::seconds wait) {
  Json doc{{"type", "urn:guanxi:problem:" + std::string(code)},
           {"title", title},
           {"status", status},
           {"detail", std::move(detail)},
           {"code", code},
           {"retry_after", wait.count()}};
  Response r = json_response(status, doc);
  r.content_type = "application/problem+json";
  r.headers.emplace_back("Retry-After", std::to_string(std::max<int64_t>(1, wait.count())));
  return r;
}

// Every permission string the application knows: the routes' and the extra ones.
std::set<std::string> known_permissions(const Router& router) {
  std::set<std::string> out(domain::extra_permissions().begin(), domain::extra_permissions().end());
  for (const auto& r : router.routes()) {
    if (r.spec.permission != kPublic && r.spec.permission != kAnyCaller)
      out.insert(std::string(r.spec.permission));
  }
  return out;
}

std::string_view action_of(std::string_view permission) {
  const std::string_view a = permission.substr(permission.find('.') + 1);
  if (a == "read" || a == "view") return "view";
  if (a == "write" || a == "merge" || a == "callback") return "edit";
  if (a == "delete") return "delete";
  if (a == "export") return "export";
  return "manage";
}

Principal principal_of(const domain::User& u, std::shared_ptr<const domain::RoleMatrix> roles) {
  Principal p;
  p.shop_id = u.shop_id;
  p.role = u.role;
  p.user_id = u.id;
  p.team_id = u.team_id.value_or(0);
  p.grants = u.grants;
  p.username = u.username;
  p.actor = "user:" + std::to_string(u.id) + " " + u.username;
  p.roles = std::move(roles);
  return p;
}

Json render_user(const domain::User& u, const ShopZone& zone) {
  Json j{{"id", u.id},
         {"username", u.username},
         {"display_name", u.display_name},
         {"email", u.email},
         {"role", u.role},
         {"grants", u.grants},
         {"team_id", optional_value(u.team_id)},
         {"locale", u.locale},
         {"active", u.active},
         {"must_change_password", u.must_change_password}};
  put_time(j, "locked_until", u.locked_until, zone);
  put_time(j, "last_login_at", u.last_login_at, zone);
  put_time(j, "created_at", u.created_at, zone);
  put_time(j, "updated_at", u.updated_at, zone);
  return j;
}

Json render_team(const domain::Team& t, const ShopZone& zone) {
  Json j{{"id", t.id}, {"name", t.name}, {"manager_user_id", optional_value(t.manager_user_id)}};
  put_time(j, "created_at", t.created_at, zone);
  put_time(j, "updated_at", t.updated_at, zone);
  return j;
}

// The body of POST/GET /session: the user with every effective permission,
// and the CSRF token to send with state-changing requests.
Json session_body(const domain::User& u, const Principal& p, const Router& router,
                  const std::string& csrf) {
  Json perms = Json::array();
  for (const auto& perm : known_permissions(router)) {
    if (has_permission(p, perm)) perms.push_back(perm);
  }
  Json user{{"id", u.id},
            {"username", u.username},
            {"display_name", u.display_name},
            {"email", u.email},
            {"role", u.role},
            {"team_id", optional_value(u.team_id)},
            {"locale", u.locale},
            {"grants", u.grants},
            {"permissions", std::move(perms)},
            {"scope", record_scope_name(record_scope(p))},
            {"must_change_password", u.must_change_password}};
  return Json{{"user", std::move(user)}, {"csrf_token", csrf}};
}

Status need_session(const Principal& p) {
  if (p.session_id == 0) {
    return Status(ErrorCode::kUnauthenticated,
                  "this request is authenticated with an API key, not a signed-in session");
  }
  return Status::ok();
}

// --- /session ----------------------------------------------------------------

// A hash to verify against when the username is unknown, so that both cases
// take the same time.
const std::string& dummy_hash() {
  static const std::string hash = [] {
    auto h = domain::hash_password(domain::generate_password());
    return h.ok() ? *h : std::string();
  }();
  return hash;
}

awaitable<Response> sign_in(RequestContext& ctx) {
  JsonFields f(ctx.body());
  const std::string username = f.string("username", JsonFields::Need::kRequired).value_or("");
  const std::string password = f.string("password", JsonFields::Need::kRequired).value_or("");
  GX_CO_RETURN_IF_ERROR(f.finish());
  const Request& req = ctx.request();
  Services& svc = ctx.services();
  const Timestamp now = ctx.app().clock().now();
  if (svc.logins != nullptr) {
    if (auto wait = svc.logins->attempt(username, req.remote_ip, now)) {
      co_return retry_later(429, "too_many_requests", "Too many requests",
                            "too many sign-in attempts; try again later", *wait);
    }
  }
  GX_CO_ASSIGN_OR_RETURN(store::Connection * conn, ctx.reader());
  GX_CO_ASSIGN_OR_RETURN(auto user, domain::find_user_by_username(*conn, username));
  if (!user || !user->active) {
    (void)domain::verify_password(dummy_hash(), password);
    co_return problem_response(Status(ErrorCode::kUnauthenticated, std::string(kBadCredentials)));
  }
  if (user->locked_until && *user->locked_until > now) {
    const auto wait = std::chrono::ceil<std::chrono::seconds>(*user->locked_until - now);
    co_return retry_later(423, "locked", "Locked",
                          "too many failed sign-ins: the account is locked for a while", wait);
  }
  GX_CO_ASSIGN_OR_RETURN(std::string hash,
                         domain::password_hash_of(*conn, user->shop_id, user->id));
  GX_CO_ASSIGN_OR_RETURN(const LoadedShop* shop, ctx.app().shop(user->shop_id, *conn));
  const int64_t user_id = user->id;
  const std::string ip = req.remote_ip;
  if (!domain::verify_password(hash, password)) {
    const domain::LockoutPolicy lockout = svc.lockout;
    auto job = [user_id, ip, lockout](domain::WriteContext& w) {
      return domain::record_failed_sign_in(w.db, w.clock, user_id, ip, lockout);
    };
    GX_CO_RETURN_IF_ERROR((co_await ctx.write_for(*shop, "anonymous", job)).status());
    co_return problem_response(Status(ErrorCode::kUnauthenticated, std::string(kBadCredentials)));
  }
  const std::string previous(cookie_value(req.cookie, kSessionCookie));
  const std::string agent(req.user_agent);
  const domain::SessionPolicy policy = svc.auth.options().sessions;
  auto job = [user_id, previous, ip, agent, policy](domain::WriteContext& w) {
    return domain::complete_sign_in(w.db, w.clock, user_id, previous, ip, agent, policy);
  };
  GX_CO_ASSIGN_OR_RETURN(domain::NewSession session,
                         co_await ctx.write_for(*shop, "user:" + std::to_string(user_id), job));
  GX_CO_ASSIGN_OR_RETURN(store::Connection * conn2, ctx.reader());
  GX_CO_ASSIGN_OR_RETURN(auto roles, svc.auth.roles(user->shop_id, *conn2));
  GX_CO_ASSIGN_OR_RETURN(domain::User fresh, domain::get_user(*conn2, user->shop_id, user_id));
  const Principal p = principal_of(fresh, roles);
  Response r = ok(session_body(fresh, p, svc.router, session.session.csrf_token));
  r.headers.emplace_back("Set-Cookie", svc.auth.session_cookie(session.token));
  r.headers.emplace_back("Cache-Control", "no-store");
  co_return r;
}

awaitable<Response> get_session(RequestContext& ctx) {
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  const Principal& p = ctx.principal();
  GX_CO_RETURN_IF_ERROR(need_session(p));
  GX_CO_ASSIGN_OR_RETURN(domain::User user, ctx.read([&](domain::ReadContext& r) {
    return domain::get_user(r.db, r.shop.id, p.user_id);
  }));
  Response r = ok(session_body(user, p, ctx.services().router, p.csrf_token));
  r.headers.emplace_back("Cache-Control", "no-store");
  co_return r;
}

awaitable<Response> sign_out(RequestContext& ctx) {
  const Principal& p = ctx.principal();
  GX_CO_RETURN_IF_ERROR(need_session(p));
  const int64_t session = p.session_id;
  auto job = [session](domain::WriteContext& w) { return domain::end_session(w, session); };
  GX_CO_RETURN_IF_ERROR(co_await ctx.write(job));
  Response r = no_content();
  r.headers.emplace_back("Set-Cookie", ctx.services().auth.clear_session_cookie());
  co_return r;
}

awaitable<Response> sign_out_everywhere(RequestContext& ctx) {
  const Principal& p = ctx.principal();
  GX_CO_RETURN_IF_ERROR(need_session(p));
  const int64_t user = p.user_id;
  auto job = [user](domain::WriteContext& w) { return domain::end_all_sessions(w, user); };
  GX_CO_ASSIGN_OR_RETURN(int64_t n, co_await ctx.write(job));
  Response r = ok(Json{{"sessions_revoked", n}});
  r.headers.emplace_back("Set-Cookie", ctx.services().auth.clear_session_cookie());
  co_return r;
}

awaitable<Response> change_password(RequestContext& ctx) {
  JsonFields f(ctx.body());
  const std::string current =
      f.string("current_password", JsonFields::Need::kRequired).value_or("");
  const std::string next = f.string("new_password", JsonFields::Need::kRequired).value_or("");
  GX_CO_RETURN_IF_ERROR(f.finish());
  const Principal& p = ctx.principal();
  GX_CO_RETURN_IF_ERROR(need_session(p));
  GX_CO_RETURN_IF_ERROR(domain::check_password_policy(next, "new_password"));
  GX_CO_ASSIGN_OR_RETURN(std::string hash, ctx.read([&](domain::ReadContext& r) {
    return domain::password_hash_of(r.db, r.shop.id, p.user_id);
  }));
  if (!domain::verify_password(hash, current)) {
    co_return problem_response(
        Status::invalid("the current password is wrong", at("current_password")));
  }
  if (current == next) {
    co_return problem_response(
        Status::invalid("the new password must differ from the current one", at("new_password")));
  }
  GX_CO_ASSIGN_OR_RETURN(std::string new_hash, domain::hash_password(next, "new_password"));
  const int64_t user = p.user_id;
  const int64_t keep = p.session_id;
  auto job = [user, new_hash, keep](domain::WriteContext& w) {
    return domain::set_password(w, user, new_hash, false, keep);
  };
  GX_CO_RETURN_IF_ERROR(co_await ctx.write(job));
  co_return no_content();
}

// --- /users ------------------------------------------------------------------

std::optional<std::vector<std::string>> string_list(JsonFields& f, std::string_view key) {
  const Json* arr = f.array(key);
  if (arr == nullptr) return std::nullopt;
  std::vector<std::string> out;
  for (size_t i = 0; i < arr->size(); ++i) {
    if (!(*arr)[i].is_string()) {
      f.fail(key, "'" + std::string(key) + "' must be an array of strings");
      return std::nullopt;
    }
    out.push_back((*arr)[i].get<std::string>());
  }
  return out;
}

awaitable<Response> list_users(RequestContext& ctx) {
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(auto users, ctx.read([](domain::ReadContext& r) {
    return domain::list_users(r.db, r.shop.id);
  }));
  Json items = Json::array();
  for (const auto& u : users) items.push_back(render_user(u, ctx.shop().zone));
  co_return ok(items_of(std::move(items)));
}

awaitable<Response> create_user(RequestContext& ctx) {
  JsonFields f(ctx.body());
  domain::NewUser u;
  u.username = f.string("username", JsonFields::Need::kRequired).value_or("");
  u.display_name = f.string("display_name").value_or("");
  u.email = f.string("email").value_or("");
  const std::string password = f.string("password", JsonFields::Need::kRequired).value_or("");
  u.role = f.string("role", JsonFields::Need::kRequired).value_or("");
  u.team_id = detail::id_member(f, "team_id");
  if (f.is_null("team_id")) f.allow("team_id");
  u.grants = string_list(f, "grants").value_or(std::vector<std::string>{});
  u.locale = f.string("locale").value_or("zh-CN");
  u.must_change_password = f.boolean("must_change_password").value_or(false);
  GX_CO_RETURN_IF_ERROR(f.finish());
  GX_CO_ASSIGN_OR_RETURN(u.password_hash, domain::hash_password(password, "password"));
  auto job = [u](domain::WriteContext& w) { return domain::create_user(w, u); };
  GX_CO_ASSIGN_OR_RETURN(domain::User user, co_await ctx.write(job));
  co_return created(render_user(user, ctx.shop().zone), "/api/v1/users/" + std::to_string(user.id));
}

awaitable<Response> get_user(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(domain::User user, ctx.read([id](domain::ReadContext& r) {
    return domain::get_user(r.db, r.shop.id, id);
  }));
  co_return ok(render_user(user, ctx.shop().zone));
}

awaitable<Response> update_user(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  JsonFields f(ctx.body());
  domain::UserChange c;
  c.display_name = f.string("display_name");
  c.email = f.string("email");
  c.role = f.string("role");
  c.team_id = detail::nullable_id(f, "team_id");
  c.grants = string_list(f, "grants");
  c.locale = f.string("locale");
  c.active = f.boolean("active");
  GX_CO_RETURN_IF_ERROR(f.finish());
  const Principal& p = ctx.principal();
  if (id == p.user_id && ((c.active && !*c.active) || (c.role && *c.role != p.role))) {
    co_return problem_response(Status::conflict(
        "you cannot deactivate yourself or change your own role; ask another administrator"));
  }
  auto job = [id, c](domain::WriteContext& w) { return domain::update_user(w, id, c); };
  GX_CO_ASSIGN_OR_RETURN(domain::User user, co_await ctx.write(job));
  co_return ok(render_user(user, ctx.shop().zone));
}

awaitable<Response> reset_password(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  JsonFields f(ctx.body());
  const std::string next = f.string("new_password", JsonFields::Need::kRequired).value_or("");
  GX_CO_RETURN_IF_ERROR(f.finish());
  GX_CO_ASSIGN_OR_RETURN(std::string hash, domain::hash_password(next, "new_password"));
  auto job = [id, hash](domain::WriteContext& w) {
    return domain::set_password(w, id, hash, true, 0);
  };
  GX_CO_RETURN_IF_ERROR(co_await ctx.write(job));
  co_return no_content();
}

awaitable<Response> deactivate_user(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  if (id == ctx.principal().user_id) {
    co_return problem_response(Status::conflict("you cannot deactivate yourself"));
  }
  domain::UserChange c;
  c.active = false;
  auto job = [id, c](domain::WriteContext& w) { return domain::update_user(w, id, c); };
  GX_CO_RETURN_IF_ERROR((co_await ctx.write(job)).status());
  co_return no_content();
}

// --- /teams ------------------------------------------------------------------

awaitable<Response> list_teams(RequestContext& ctx) {
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(auto teams, ctx.read([](domain::ReadContext& r) {
    return domain::list_teams(r.db, r.shop.id);
  }));
  Json items = Json::array();
  for (const auto& t : teams) items.push_back(render_team(t, ctx.shop().zone));
  co_return ok(items_of(std::move(items)));
}

awaitable<Response> create_team(RequestContext& ctx) {
  JsonFields f(ctx.body());
  const std::string name = f.string("name", JsonFields::Need::kRequired).value_or("");
  const auto manager = detail::id_member(f, "manager_user_id");
  if (f.is_null("manager_user_id")) f.allow("manager_user_id");
  GX_CO_RETURN_IF_ERROR(f.finish());
  auto job = [name, manager](domain::WriteContext& w) {
    return domain::create_team(w, name, manager);
  };
  GX_CO_ASSIGN_OR_RETURN(domain::Team team, co_await ctx.write(job));
  co_return created(render_team(team, ctx.shop().zone), "/api/v1/teams/" + std::to_string(team.id));
}

awaitable<Response> update_team(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  JsonFields f(ctx.body());
  const auto name = f.string("name");
  const auto manager = detail::nullable_id(f, "manager_user_id");
  GX_CO_RETURN_IF_ERROR(f.finish());
  auto job = [id, name, manager](domain::WriteContext& w) {
    return domain::update_team(w, id, name, manager);
  };
  GX_CO_ASSIGN_OR_RETURN(domain::Team team, co_await ctx.write(job));
  co_return ok(render_team(team, ctx.shop().zone));
}

// --- /roles ------------------------------------------------------------------

awaitable<Response> list_roles(RequestContext& ctx) {
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(store::Connection * conn, ctx.reader());
  GX_CO_ASSIGN_OR_RETURN(auto roles, ctx.services().auth.roles(ctx.shop().shop.id, *conn));
  Json items = Json::array();
  for (const auto& r : roles->roles()) {
    Json j = domain::role_to_json(r);
    j["editable"] = r.role != "admin";
    items.push_back(std::move(j));
  }
  Json perms = Json::array();
  for (const auto& p : known_permissions(ctx.services().router)) {
    perms.push_back(
        Json{{"name", p}, {"module", p.substr(0, p.find('.'))}, {"action", action_of(p)}});
  }
  co_return ok(Json{{"items", std::move(items)}, {"permissions", std::move(perms)}});
}

awaitable<Response> put_role(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(std::string role, ctx.text_param("role"));
  JsonFields f(ctx.body());
  auto permissions = string_list(f, "permissions");
  if (!permissions && !f.array("permissions", JsonFields::Need::kRequired)) permissions.reset();
  const std::string scope = f.string("scope", JsonFields::Need::kRequired).value_or("");
  GX_CO_RETURN_IF_ERROR(f.finish());
  const auto known = known_permissions(ctx.services().router);
  const std::unordered_set<std::string> known_set(known.begin(), known.end());
  std::vector<std::string> perms = permissions.value_or(std::vector<std::string>{});
  GX_CO_RETURN_IF_ERROR(domain::validate_role(role, perms, scope, known_set));
  auto job = [role, perms, scope](domain::WriteContext& w) {
    return domain::set_role(w, role, perms, scope);
  };
  GX_CO_ASSIGN_OR_RETURN(domain::RoleDefinition def, co_await ctx.write(job));
  ctx.services().auth.forget_roles(ctx.shop().shop.id);
  Json j = domain::role_to_json(def);
  j["editable"] = true;
  co_return ok(j);
}

// --- /audit ------------------------------------------------------------------

awaitable<Response> list_audit(RequestContext& ctx) {
  QueryParams q(ctx.request().query());
  domain::AuditQuery query;
  query.action = q.string("action").value_or("");
  query.actor = q.string("actor").value_or("");
  const auto from = q.string("from");
  const auto to = q.string("to");
  query.cursor = q.int64("cursor", 1, INT64_MAX);
  query.limit = static_cast<int>(q.int64("limit", 1, 500).value_or(50));
  GX_CO_RETURN_IF_ERROR(q.finish());
  for (const auto& [name, text] : {std::pair{"from", from}, std::pair{"to", to}}) {
    if (!text) continue;
    auto t = parse_iso8601(*text);
    if (!t.ok()) {
      co_return problem_response(Status::invalid(std::string(name) + ": " + t.status().message(),
                                                 at("?" + std::string(name))));
    }
    (std::string_view(name) == "from" ? query.from : query.to) = *t;
  }
  GX_CO_ASSIGN_OR_RETURN(domain::AuditPage page, ctx.read([&](domain::ReadContext& r) {
    return domain::list_audit(r.db, r.shop.id, query);
  }));
  Json items = Json::array();
  for (const auto& e : page.items) {
    Json j{{"id", e.id},
           {"actor", e.actor},
           {"user_id", optional_value(e.user_id)},
           {"action", e.action},
           {"object_type", e.object_type},
           {"object_id", e.object_id},
           {"detail", e.detail},
           {"ip", e.ip}};
    put_time(j, "occurred_at", e.occurred_at, ctx.shop().zone);
    items.push_back(std::move(j));
  }
  co_return ok(Json{
      {"items", std::move(items)},
      {"next_cursor", page.next_cursor ? Json(std::to_string(*page.next_cursor)) : Json(nullptr)}});
}

constexpr RouteSpec kUserRoutes[] = {
    {Method::kPost, "/api/v1/session", kPublic, sign_in, BodyKind::kJson},
    {Method::kGet, "/api/v1/session", kAnyCaller, get_session},
    {Method::kDelete, "/api/v1/session", kAnyCaller, sign_out},
    {Method::kDelete, "/api/v1/session/all", kAnyCaller, sign_out_everywhere},
    {Method::kPost, "/api/v1/session/password", kAnyCaller, change_password, BodyKind::kJson},
    {Method::kGet, "/api/v1/users", "users.manage", list_users},
    {Method::kPost, "/api/v1/users", "users.manage", create_user, BodyKind::kJson},
    {Method::kGet, "/api/v1/users/{id}", "users.manage", get_user},
    {Method::kPatch, "/api/v1/users/{id}", "users.manage", update_user, BodyKind::kJson},
    {Method::kDelete, "/api/v1/users/{id}", "users.manage", deactivate_user},
    {Method::kPost, "/api/v1/users/{id}/reset-password", "users.manage", reset_password,
     BodyKind::kJson},
    {Method::kGet, "/api/v1/teams", "users.manage", list_teams},
    {Method::kPost, "/api/v1/teams", "users.manage", create_team, BodyKind::kJson},
    {Method::kPatch, "/api/v1/teams/{id}", "users.manage", update_team, BodyKind::kJson},
    {Method::kGet, "/api/v1/roles", "users.manage", list_roles},
    {Method::kPut, "/api/v1/roles/{role}", "users.manage", put_role, BodyKind::kJson},
    {Method::kGet, "/api/v1/audit", "audit.read", list_audit},
};

}  // namespace

Status add_user_routes(Router& router) {
  for (const RouteSpec& r : kUserRoutes) GX_RETURN_IF_ERROR(router.add(r));
  return Status::ok();
}

}  // namespace guanxi::api::handlers
