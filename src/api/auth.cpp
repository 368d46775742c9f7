#include "api/auth.hpp"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <cstring>

#include "domain/shops.hpp"
#include "store/admin_table.hpp"

namespace guanxi::api {

namespace {

constexpr size_t kMaxTokenBytes = 256;
constexpr size_t kMaxCachedTokens = 10'000;

Status denied(std::string message) {
  return {ErrorCode::kUnauthenticated, std::move(message)};
}

// The token of "Bearer <token>" (scheme case-insensitive, RFC 9110).
Result<std::string_view> bearer_token(std::string_view header) {
  if (header.empty()) return denied("missing Authorization header (expected 'Bearer <API key>')");
  const size_t space = header.find(' ');
  if (space == std::string_view::npos || !iequals(header.substr(0, space), "bearer")) {
    return denied("the Authorization header must use the Bearer scheme");
  }
  std::string_view token = header.substr(space + 1);
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  if (token.empty() || token.size() > kMaxTokenBytes) return denied("malformed bearer token");
  return token;
}

}  // namespace

bool role_allows(std::string_view role, std::string_view permission) {
  return domain::default_role_matrix().allows(role, permission);
}

bool has_permission(const Principal& principal, std::string_view permission) {
  if (permission == kAnyCaller) return true;
  if (principal.role == "admin") return true;  // admin keys and users: everything
  const domain::RoleMatrix& m = principal.roles ? *principal.roles : domain::default_role_matrix();
  if (m.allows(principal.role, permission)) return true;
  for (const std::string& g : principal.grants) {
    if (g == permission) return true;
  }
  return false;
}

bool csrf_matches(const Principal& principal, std::string_view header) {
  const std::string& want = principal.csrf_token;
  if (want.empty() || header.size() != want.size()) return false;
  return sodium_memcmp(header.data(), want.data(), want.size()) == 0;
}

bool can_view_pii(const Principal& principal) {
  return has_permission(principal, "pii.view");
}

std::string mask_phone(std::string_view phone) {
  // A Chinese number in E.164 ("+8613800138000") shows as people write it.
  if (phone.starts_with("+86") && phone.size() == 14) phone.remove_prefix(3);
  std::string out(phone);
  if (out.size() >= 7) {
    for (size_t i = 3; i + 4 < out.size(); ++i) out[i] = '*';
  } else {
    for (size_t i = 0; i + 2 < out.size(); ++i) out[i] = '*';
  }
  return out;
}

std::string mask_email(std::string_view email) {
  const size_t at = email.find('@');
  if (at == std::string_view::npos || at == 0) return std::string(email.size(), '*');
  std::string out;
  out += email[0];
  out += "***";
  out += email.substr(at);
  return out;
}

std::string mask_address(std::string_view address) {
  if (address.empty()) return "";
  size_t end = 0;
  int chars = 0;
  while (end < address.size() && chars < 6) {
    ++end;
    while (end < address.size() && (static_cast<unsigned char>(address[end]) & 0xC0) == 0x80) ++end;
    ++chars;
  }
  return std::string(address.substr(0, end)) + "****";
}

RecordScope record_scope(const Principal& principal) {
  if (principal.user_id == 0) return RecordScope::kAll;
  const domain::RoleMatrix& m = principal.roles ? *principal.roles : domain::default_role_matrix();
  const domain::RoleDefinition* def = m.find(principal.role);
  if (def == nullptr || def->scope == "own") return RecordScope::kOwn;
  return def->scope == "team" ? RecordScope::kTeam : RecordScope::kAll;
}

std::string_view record_scope_name(RecordScope scope) {
  switch (scope) {
    case RecordScope::kOwn:
      return "own";
    case RecordScope::kTeam:
      return "team";
    case RecordScope::kAll:
      break;
  }
  return "all";
}

std::string_view cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const size_t semi = header.find(';');
    std::string_view pair = header.substr(0, semi);
    header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const size_t eq = pair.find('=');
    if (eq == std::string_view::npos || pair.substr(0, eq) != name) continue;
    std::string_view value = pair.substr(eq + 1);
    while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
      value = value.substr(1, value.size() - 2);
    return value;
  }
  return {};
}

size_t Authenticator::TokenHashHasher::operator()(const TokenHash& h) const {
  size_t out = 0;
  std::memcpy(&out, h.data(), sizeof out);  // the hash is uniformly distributed already
  return out;
}

Authenticator::Authenticator(store::Writer& writer, const Clock& clock, Options options)
    : writer_(writer), clock_(clock), options_(options) {}

Result<Principal> Authenticator::authenticate(const Request& request, store::Connection& reader) {
  Result<Principal> who = Status(ErrorCode::kUnauthenticated,
                                 "not signed in (send the session cookie or 'Authorization: "
                                 "Bearer <API key>')");
  if (!request.authorization.empty()) {
    who = authenticate(request.authorization, reader);
  } else if (const std::string_view token = cookie_value(request.cookie, kSessionCookie);
             !token.empty()) {
    who = authenticate_session(token, reader);
  }
  if (!who.ok()) return who;
  GX_ASSIGN_OR_RETURN(who->roles, roles(who->shop_id, reader));
  return who;
}

Result<Principal> Authenticator::authenticate(std::string_view authorization,
                                              store::Connection& reader) {
  GX_ASSIGN_OR_RETURN(std::string_view token, bearer_token(authorization));
  TokenHash hash{};
  crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  const Timestamp now = clock_.now();
  {
    std::lock_guard lock(mu_);
    const auto it = cache_.find(hash);
    if (it != cache_.end() && it->second.expires_at > now) {
      Principal p = it->second.principal;
      note_use(p.api_key_id, now);
      return p;
    }
  }

  GX_ASSIGN_OR_RETURN(domain::ApiKey key, domain::authenticate_api_key(reader, token));
  Principal p;
  p.shop_id = key.shop_id;
  p.api_key_id = key.id;
  p.role = key.role;
  p.actor = "api:key " + std::to_string(key.id);
  std::lock_guard lock(mu_);
  if (cache_.size() >= kMaxCachedTokens) cache_.clear();
  cache_[hash] = Entry{p, now + options_.cache_ttl};
  note_use(p.api_key_id, now);
  return p;
}

Result<Principal> Authenticator::authenticate_session(std::string_view token,
                                                      store::Connection& reader) {
  GX_ASSIGN_OR_RETURN(domain::SessionUser su,
                      domain::find_session(reader, clock_, token, options_.sessions));
  Principal p;
  p.shop_id = su.user.shop_id;
  p.role = su.user.role;
  p.user_id = su.user.id;
  p.team_id = su.user.team_id.value_or(0);
  p.grants = std::move(su.user.grants);
  p.session_id = su.session.id;
  p.csrf_token = su.session.csrf_token;
  p.username = su.user.username;
  p.must_change_password = su.user.must_change_password;
  p.actor = "user:" + std::to_string(su.user.id) + " " + su.user.username;
  const Timestamp now = clock_.now();
  if (now - su.session.last_seen_at >= options_.touch_interval) {
    const int64_t id = su.session.id;
    writer_.submit([id, now](store::Connection& db) { return domain::touch_session(db, id, now); },
                   [id](const Status& s) {
                     if (!s.is_ok())
                       spdlog::warn("recording use of session {}: {}", id, s.to_string());
                   });
  }
  return p;
}

Result<std::shared_ptr<const domain::RoleMatrix>> Authenticator::roles(domain::ShopId shop,
                                                                       store::Connection& reader) {
  const Timestamp now = clock_.now();
  {
    std::lock_guard lock(mu_);
    const auto it = roles_.find(shop);
    if (it != roles_.end() && it->second.expires_at > now) return it->second.matrix;
  }
  GX_ASSIGN_OR_RETURN(domain::RoleMatrix m, domain::load_role_matrix(reader, shop));
  auto matrix = std::make_shared<const domain::RoleMatrix>(std::move(m));
  std::lock_guard lock(mu_);
  roles_[shop] = CachedRoles{matrix, now + options_.cache_ttl};
  return matrix;
}

void Authenticator::forget_roles(domain::ShopId shop) {
  std::lock_guard lock(mu_);
  roles_.erase(shop);
}

std::string Authenticator::session_cookie(std::string_view token) const {
  const auto seconds =
      std::chrono::duration_cast<std::chrono::seconds>(options_.sessions.absolute).count();
  std::string c = std::string(kSessionCookie) + "=" + std::string(token) +
                  "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" + std::to_string(seconds);
  if (options_.behind_tls) c += "; Secure";
  return c;
}

std::string Authenticator::clear_session_cookie() const {
  std::string c = std::string(kSessionCookie) + "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0";
  if (options_.behind_tls) c += "; Secure";
  return c;
}

void Authenticator::forget_key(int64_t api_key_id) {
  std::lock_guard lock(mu_);
  std::erase_if(cache_,
                [&](const auto& item) { return item.second.principal.api_key_id == api_key_id; });
  last_touch_.erase(api_key_id);
}

void Authenticator::note_use(int64_t api_key_id, Timestamp now) {
  auto [it, inserted] = last_touch_.try_emplace(api_key_id, now);
  if (!inserted) {
    if (now - it->second < options_.touch_interval) return;
    it->second = now;
  }
  // Not awaited: the request does not wait for bookkeeping. The job captures
  // only values, so it may outlive this Authenticator.
  const int64_t at = to_millis(now);
  writer_.submit(
      [api_key_id, at](store::Connection& db) { return store::touch_api_key(db, api_key_id, at); },
      [api_key_id](const Status& s) {
        if (!s.is_ok()) spdlog::warn("recording use of API key {}: {}", api_key_id, s.to_string());
      });
}

}  // namespace guanxi::api
