#include "domain/users.hpp"

#include <sodium.h>

#include <atomic>
#include <mutex>

#include "domain/audit.hpp"
#include "domain/internal.hpp"
#include "domain/roles.hpp"
#include "domain/sodium_internal.hpp"
#include "store/users_table.hpp"

namespace guanxi::domain {

namespace {

using internal::at;
using internal::ensure_sodium;
using internal::to_hex;

std::mutex g_cost_mu;
PasswordCost g_cost;

std::string random_hex(size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  randombytes_buf(buf.data(), buf.size());
  return to_hex(buf.data(), buf.size());
}

size_t code_points(std::string_view s) {
  size_t n = 0;
  for (const char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::vector<std::string> parse_grants(const std::string& text) {
  std::vector<std::string> out;
  const Json doc = Json::parse(text, nullptr, false);
  if (!doc.is_array()) return out;
  for (const auto& g : doc) {
    if (g.is_string()) out.push_back(g.get<std::string>());
  }
  return out;
}

User to_user(const store::UserRecord& r) {
  User u;
  u.id = r.id;
  u.shop_id = r.shop_id;
  u.username = r.username;
  u.display_name = r.display_name;
  u.email = r.email;
  u.role = r.role;
  u.grants = parse_grants(r.grants);
  u.team_id = r.team_id;
  u.locale = r.locale;
  u.active = r.active;
  u.failed_logins = r.failed_logins;
  if (r.locked_until) u.locked_until = from_millis(*r.locked_until);
  u.must_change_password = r.must_change_password;
  u.password_changed_at = from_millis(r.password_changed_at);
  if (r.last_login_at) u.last_login_at = from_millis(*r.last_login_at);
  u.created_at = from_millis(r.created_at);
  u.updated_at = from_millis(r.updated_at);
  return u;
}

Team to_team(const store::TeamRecord& r) {
  return Team{r.id, r.name, r.manager_user_id, from_millis(r.created_at),
              from_millis(r.updated_at)};
}

Session to_session(const store::SessionRecord& r) {
  return Session{r.id,
                 r.user_id,
                 r.shop_id,
                 r.csrf_token,
                 from_millis(r.created_at),
                 from_millis(r.last_seen_at),
                 from_millis(r.expires_at)};
}

Status check_grants(const std::vector<std::string>& grants) {
  for (size_t i = 0; i < grants.size(); ++i) {
    const std::string& g = grants[i];
    const size_t dot = g.find('.');
    bool ok = dot != std::string::npos && dot > 0 && dot + 1 < g.size() && g.size() <= 64;
    for (const char c : g) ok = ok && ((c >= 'a' && c <= 'z') || c == '_' || c == '.');
    if (!ok)
      return Status::invalid("'" + g + "' is not a permission", at("grants/" + std::to_string(i)));
  }
  return Status::ok();
}

Status check_role(std::string_view role) {
  if (!is_known_role(role)) {
    return Status::invalid("unknown role '" + std::string(role) +
                               "' (expected admin, manager, marketer, sales, csr or analyst)",
                           at("role"));
  }
  return Status::ok();
}

Status check_locale(std::string_view locale) {
  if (locale != "zh-CN" && locale != "en") {
    return Status::invalid("locale must be zh-CN or en", at("locale"));
  }
  return Status::ok();
}

Status check_text(std::string_view value, size_t max, const char* field) {
  if (value.size() > max) {
    return Status::invalid(
        std::string(field) + " must be at most " + std::to_string(max) + " bytes", at(field));
  }
  return Status::ok();
}

Status check_team(store::Connection& db, ShopId shop, const std::optional<int64_t>& team) {
  if (!team) return Status::ok();
  GX_ASSIGN_OR_RETURN(auto t, store::find_team(db, shop, *team));
  if (!t)
    return Status::invalid("team " + std::to_string(*team) + " does not exist", at("team_id"));
  return Status::ok();
}

Result<store::UserRecord> must_find_user(store::Connection& db, ShopId shop, int64_t id) {
  GX_ASSIGN_OR_RETURN(auto rec, store::find_user(db, shop, id));
  if (!rec) return Status::not_found("user " + std::to_string(id) + " does not exist");
  return std::move(*rec);
}

Result<store::UserRecord> find_user_any_shop(store::Connection& db, int64_t id) {
  GX_ASSIGN_OR_RETURN(auto rec, store::find_user_by_id(db, id));
  if (!rec) return Status::not_found("user " + std::to_string(id) + " does not exist");
  return std::move(*rec);
}

Json user_summary(const store::UserRecord& r) {
  return Json{{"username", r.username},
              {"role", r.role},
              {"grants", parse_grants(r.grants)},
              {"team_id", r.team_id ? Json(*r.team_id) : Json(nullptr)},
              {"active", r.active}};
}

}  // namespace

// --- Passwords ---------------------------------------------------------------

PasswordCost PasswordCost::minimum() {
  return PasswordCost{crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

void set_password_cost(PasswordCost cost) {
  std::lock_guard lock(g_cost_mu);
  g_cost = cost;
}

PasswordCost password_cost() {
  std::lock_guard lock(g_cost_mu);
  return g_cost;
}

Status check_password_policy(std::string_view password, std::string_view field) {
  if (password.size() > kMaxPasswordBytes) {
    return Status::invalid("the password must be at most 1024 bytes", at(std::string(field)));
  }
  if (code_points(password) < kMinPasswordLength) {
    return Status::invalid("the password must be at least 10 characters long",
                           at(std::string(field)));
  }
  return Status::ok();
}

Result<std::string> hash_password(std::string_view password, std::string_view field) {
  GX_RETURN_IF_ERROR(ensure_sodium());
  GX_RETURN_IF_ERROR(check_password_policy(password, field));
  const PasswordCost cost = password_cost();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost.ops, cost.mem_bytes,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::internal("hashing a password failed (out of memory)");
  }
  return std::string(out);
}

bool verify_password(const std::string& hash, std::string_view password) {
  if (!ensure_sodium().is_ok() || password.size() > kMaxPasswordBytes) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string generate_password() {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  (void)ensure_sodium();
  std::string out;
  for (int i = 0; i < 16; ++i) {
    out += kAlphabet[randombytes_uniform(static_cast<uint32_t>(kAlphabet.size()))];
  }
  return out;
}

// --- Teams and users ---------------------------------------------------------

Result<std::string> normalize_username(std::string_view username) {
  std::string out;
  for (const char c : username) {
    const char l = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if (!((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9') || l == '.' || l == '_' || l == '-')) {
      return Status::invalid("username may contain only letters, digits, '.', '_' and '-'",
                             at("username"));
    }
    out += l;
  }
  if (out.size() < 2 || out.size() > 64) {
    return Status::invalid("username must be 2-64 characters", at("username"));
  }
  return out;
}

Result<Team> create_team(WriteContext& w, std::string_view name,
                         std::optional<int64_t> manager_user_id) {
  if (name.empty() || name.size() > 100)
    return Status::invalid("team name must be 1-100 bytes", at("name"));
  GX_ASSIGN_OR_RETURN(auto existing, store::find_team_by_name(w.db, w.shop.id, name));
  if (existing) {
    return Status(ErrorCode::kAlreadyExists, "a team named '" + std::string(name) + "' exists",
                  at("name"));
  }
  if (manager_user_id) {
    GX_ASSIGN_OR_RETURN(auto m, store::find_user(w.db, w.shop.id, *manager_user_id));
    if (!m)
      return Status::invalid("user " + std::to_string(*manager_user_id) + " does not exist",
                             at("manager_user_id"));
  }
  const int64_t now = to_millis(w.clock.now());
  store::TeamRecord r{0, w.shop.id, std::string(name), manager_user_id, now, now};
  GX_ASSIGN_OR_RETURN(r.id, store::insert_team(w.db, r));
  GX_RETURN_IF_ERROR(record_audit(
      w, AuditEntry{"team.create", "team", std::to_string(r.id), Json{{"name", r.name}}, ""}));
  return to_team(r);
}

Result<Team> update_team(WriteContext& w, int64_t id, std::optional<std::string> name,
                         std::optional<std::optional<int64_t>> manager_user_id) {
  GX_ASSIGN_OR_RETURN(auto rec, store::find_team(w.db, w.shop.id, id));
  if (!rec) return Status::not_found("team " + std::to_string(id) + " does not exist");
  if (name) {
    if (name->empty() || name->size() > 100)
      return Status::invalid("team name must be 1-100 bytes", at("name"));
    if (*name != rec->name) {
      GX_ASSIGN_OR_RETURN(auto existing, store::find_team_by_name(w.db, w.shop.id, *name));
      if (existing) {
        return Status(ErrorCode::kAlreadyExists, "a team named '" + *name + "' exists", at("name"));
      }
    }
    rec->name = *name;
  }
  if (manager_user_id) {
    if (*manager_user_id) {
      GX_ASSIGN_OR_RETURN(auto m, store::find_user(w.db, w.shop.id, **manager_user_id));
      if (!m) {
        return Status::invalid("user " + std::to_string(**manager_user_id) + " does not exist",
                               at("manager_user_id"));
      }
    }
    rec->manager_user_id = *manager_user_id;
  }
  rec->updated_at = to_millis(w.clock.now());
  GX_RETURN_IF_ERROR(store::update_team(w.db, *rec));
  return to_team(*rec);
}

Result<std::vector<Team>> list_teams(store::Connection& db, ShopId shop) {
  GX_ASSIGN_OR_RETURN(auto recs, store::list_teams(db, shop));
  std::vector<Team> out;
  for (const auto& r : recs) out.push_back(to_team(r));
  return out;
}

Result<std::optional<Team>> find_team_by_name(store::Connection& db, ShopId shop,
                                              std::string_view name) {
  GX_ASSIGN_OR_RETURN(auto rec, store::find_team_by_name(db, shop, name));
  if (!rec) return std::optional<Team>();
  return std::optional<Team>(to_team(*rec));
}

Result<User> create_user(WriteContext& w, const NewUser& u) {
  GX_ASSIGN_OR_RETURN(std::string username, normalize_username(u.username));
  GX_RETURN_IF_ERROR(check_text(u.display_name, 100, "display_name"));
  GX_RETURN_IF_ERROR(check_text(u.email, 200, "email"));
  GX_RETURN_IF_ERROR(check_role(u.role));
  GX_RETURN_IF_ERROR(check_grants(u.grants));
  GX_RETURN_IF_ERROR(check_locale(u.locale));
  if (u.password_hash.empty()) return Status::invalid("a password is required", at("password"));
  GX_RETURN_IF_ERROR(check_team(w.db, w.shop.id, u.team_id));
  GX_ASSIGN_OR_RETURN(auto existing, store::find_user_by_username(w.db, username));
  if (existing) {
    return Status(ErrorCode::kAlreadyExists, "the username '" + username + "' is taken",
                  at("username"));
  }
  const int64_t now = to_millis(w.clock.now());
  store::UserRecord r;
  r.shop_id = w.shop.id;
  r.username = username;
  r.display_name = u.display_name.empty() ? username : u.display_name;
  r.email = u.email;
  r.password_hash = u.password_hash;
  r.role = u.role;
  r.grants = Json(u.grants).dump();
  r.team_id = u.team_id;
  r.locale = u.locale;
  r.must_change_password = u.must_change_password;
  r.password_changed_at = now;
  r.created_at = now;
  r.updated_at = now;
  GX_ASSIGN_OR_RETURN(r.id, store::insert_user(w.db, r));
  GX_RETURN_IF_ERROR(record_audit(
      w, AuditEntry{"user.create", "user", std::to_string(r.id), user_summary(r), ""}));
  return to_user(r);
}

Result<User> update_user(WriteContext& w, int64_t id, const UserChange& c) {
  GX_ASSIGN_OR_RETURN(store::UserRecord r, must_find_user(w.db, w.shop.id, id));
  const store::UserRecord before = r;
  if (c.display_name) {
    GX_RETURN_IF_ERROR(check_text(*c.display_name, 100, "display_name"));
    r.display_name = *c.display_name;
  }
  if (c.email) {
    GX_RETURN_IF_ERROR(check_text(*c.email, 200, "email"));
    r.email = *c.email;
  }
  if (c.role) {
    GX_RETURN_IF_ERROR(check_role(*c.role));
    r.role = *c.role;
  }
  if (c.team_id) {
    GX_RETURN_IF_ERROR(check_team(w.db, w.shop.id, *c.team_id));
    r.team_id = *c.team_id;
  }
  if (c.grants) {
    GX_RETURN_IF_ERROR(check_grants(*c.grants));
    r.grants = Json(*c.grants).dump();
  }
  if (c.locale) {
    GX_RETURN_IF_ERROR(check_locale(*c.locale));
    r.locale = *c.locale;
  }
  if (c.active) {
    r.active = *c.active;
    if (r.active) {
      r.failed_logins = 0;
      r.locked_until.reset();
    }
  }
  r.updated_at = to_millis(w.clock.now());
  GX_RETURN_IF_ERROR(store::update_user(w.db, r));
  if (before.active && !r.active) {
    GX_RETURN_IF_ERROR(store::revoke_user_sessions(w.db, r.id, 0, r.updated_at).status());
  }
  Json detail{{"before", user_summary(before)}, {"after", user_summary(r)}};
  GX_RETURN_IF_ERROR(
      record_audit(w, AuditEntry{"user.update", "user", std::to_string(r.id), detail, ""}));
  if (before.role != r.role || before.grants != r.grants) {
    GX_RETURN_IF_ERROR(
        record_audit(w, AuditEntry{"permission.change", "user", std::to_string(r.id), detail, ""}));
  }
  return to_user(r);
}

Result<User> get_user(store::Connection& db, ShopId shop, int64_t id) {
  GX_ASSIGN_OR_RETURN(store::UserRecord r, must_find_user(db, shop, id));
  return to_user(r);
}

Result<std::vector<User>> list_users(store::Connection& db, ShopId shop) {
  GX_ASSIGN_OR_RETURN(auto recs, store::list_users(db, shop));
  std::vector<User> out;
  for (const auto& r : recs) out.push_back(to_user(r));
  return out;
}

Result<std::optional<User>> find_user_by_username(store::Connection& db,
                                                  std::string_view username) {
  auto name = normalize_username(username);
  if (!name.ok()) return std::optional<User>();
  GX_ASSIGN_OR_RETURN(auto rec, store::find_user_by_username(db, *name));
  if (!rec) return std::optional<User>();
  return std::optional<User>(to_user(*rec));
}

Result<std::string> password_hash_of(store::Connection& db, ShopId shop, int64_t user_id) {
  GX_ASSIGN_OR_RETURN(store::UserRecord r, must_find_user(db, shop, user_id));
  return r.password_hash;
}

Status set_password(WriteContext& w, int64_t user_id, std::string_view new_hash, bool must_change,
                    int64_t keep_session) {
  GX_ASSIGN_OR_RETURN(store::UserRecord r, must_find_user(w.db, w.shop.id, user_id));
  const int64_t now = to_millis(w.clock.now());
  r.password_hash = std::string(new_hash);
  r.must_change_password = must_change;
  r.password_changed_at = now;
  r.failed_logins = 0;
  r.locked_until.reset();
  r.updated_at = now;
  GX_RETURN_IF_ERROR(store::update_user(w.db, r));
  GX_ASSIGN_OR_RETURN(int64_t revoked, store::revoke_user_sessions(w.db, r.id, keep_session, now));
  return record_audit(w, AuditEntry{must_change ? "password.reset" : "password.change", "user",
                                    std::to_string(r.id), Json{{"sessions_revoked", revoked}}, ""});
}

// --- Sign-in and sessions ----------------------------------------------------

std::string session_token_hash(std::string_view token) {
  unsigned char digest[crypto_generichash_BYTES];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  return to_hex(digest, sizeof digest);
}

Result<bool> record_failed_sign_in(store::Connection& db, const Clock& clock, int64_t user_id,
                                   std::string_view ip, const LockoutPolicy& policy) {
  GX_ASSIGN_OR_RETURN(store::UserRecord r, find_user_any_shop(db, user_id));
  const int64_t now = to_millis(clock.now());
  r.failed_logins += 1;
  bool locked = false;
  if (r.failed_logins >= policy.max_failures) {
    r.locked_until = now + policy.lock_for.count();
    r.failed_logins = 0;
    locked = true;
  }
  r.updated_at = now;
  GX_RETURN_IF_ERROR(store::update_user(db, r));
  AuditEntry e{"login.failed", "user", std::to_string(r.id),
               Json{{"username", r.username}, {"locked", locked}}, std::string(ip)};
  GX_RETURN_IF_ERROR(record_audit(db, clock, r.shop_id, "anonymous", e));
  return locked;
}

Status record_unknown_sign_in(store::Connection& db, const Clock& clock, ShopId shop,
                              std::string_view username, std::string_view ip) {
  if (shop == 0) return Status::ok();
  std::string name(username.substr(0, 64));
  AuditEntry e{"login.failed", "user", "", Json{{"username", name}, {"unknown_user", true}},
               std::string(ip)};
  return record_audit(db, clock, shop, "anonymous", e);
}

Result<NewSession> complete_sign_in(store::Connection& db, const Clock& clock, int64_t user_id,
                                    std::string_view previous_token, std::string_view ip,
                                    std::string_view user_agent, const SessionPolicy& policy) {
  GX_RETURN_IF_ERROR(ensure_sodium());
  GX_ASSIGN_OR_RETURN(store::UserRecord u, find_user_any_shop(db, user_id));
  const int64_t now = to_millis(clock.now());
  if (!previous_token.empty()) {
    GX_ASSIGN_OR_RETURN(auto old,
                        store::find_session_by_hash(db, session_token_hash(previous_token)));
    if (old) GX_RETURN_IF_ERROR(store::revoke_session(db, old->id, now).status());
  }
  u.failed_logins = 0;
  u.locked_until.reset();
  u.last_login_at = now;
  u.updated_at = now;
  GX_RETURN_IF_ERROR(store::update_user(db, u));
  NewSession out;
  out.token = random_hex(32);
  store::SessionRecord s;
  s.token_hash = session_token_hash(out.token);
  s.user_id = u.id;
  s.shop_id = u.shop_id;
  s.csrf_token = random_hex(32);
  s.created_at = now;
  s.last_seen_at = now;
  s.expires_at = now + policy.absolute.count();
  s.ip = std::string(ip.substr(0, 64));
  s.user_agent = std::string(user_agent.substr(0, 256));
  GX_ASSIGN_OR_RETURN(s.id, store::insert_session(db, s));
  out.session = to_session(s);
  const std::string actor = "user:" + std::to_string(u.id) + " " + u.username;
  GX_RETURN_IF_ERROR(record_audit(db, clock, u.shop_id, actor,
                                  AuditEntry{"login", "session", std::to_string(s.id),
                                             Json{{"username", u.username}}, std::string(ip)}));
  return out;
}

Result<SessionUser> find_session(store::Connection& db, const Clock& clock, std::string_view token,
                                 const SessionPolicy& policy) {
  const Status denied(ErrorCode::kUnauthenticated, "not signed in or the session has expired");
  if (token.empty() || token.size() > 128) return denied;
  GX_RETURN_IF_ERROR(ensure_sodium());
  GX_ASSIGN_OR_RETURN(auto s, store::find_session_by_hash(db, session_token_hash(token)));
  if (!s || s->revoked_at) return denied;
  const int64_t now = to_millis(clock.now());
  if (now >= s->expires_at || now - s->last_seen_at >= policy.idle.count()) return denied;
  GX_ASSIGN_OR_RETURN(auto u, store::find_user(db, s->shop_id, s->user_id));
  if (!u || !u->active) return denied;
  return SessionUser{to_session(*s), to_user(*u)};
}

Status touch_session(store::Connection& db, int64_t session_id, Timestamp now) {
  return store::touch_session(db, session_id, to_millis(now));
}

Status end_session(WriteContext& w, int64_t session_id) {
  GX_ASSIGN_OR_RETURN(bool revoked,
                      store::revoke_session(w.db, session_id, to_millis(w.clock.now())));
  if (!revoked) return Status::ok();
  return record_audit(
      w, AuditEntry{"logout", "session", std::to_string(session_id), Json::object(), ""});
}

Result<int64_t> end_all_sessions(WriteContext& w, int64_t user_id) {
  GX_ASSIGN_OR_RETURN(int64_t n,
                      store::revoke_user_sessions(w.db, user_id, 0, to_millis(w.clock.now())));
  GX_RETURN_IF_ERROR(record_audit(w, AuditEntry{"logout.all", "user", std::to_string(user_id),
                                                Json{{"sessions_revoked", n}}, ""}));
  return n;
}

}  // namespace guanxi::domain
