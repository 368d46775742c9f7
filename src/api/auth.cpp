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

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) {
      return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
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
  (void)permission;  // finer grants arrive with the user/role system
  return role == "admin";
}

bool can_view_pii(const Principal& principal) {
  if (role_allows(principal.role, "pii.view")) return true;
  for (const std::string& g : principal.grants) {
    if (g == "pii.view") return true;
  }
  return false;
}

std::string mask_phone(std::string_view phone) {
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

RecordScope record_scope(const Principal& principal) {
  if (principal.user_id == 0 || principal.role == "admin") return RecordScope::kAll;
  if (principal.role == "manager" || principal.role == "analyst") return RecordScope::kTeam;
  return RecordScope::kOwn;
}

size_t Authenticator::TokenHashHasher::operator()(const TokenHash& h) const {
  size_t out = 0;
  std::memcpy(&out, h.data(), sizeof out);  // the hash is uniformly distributed already
  return out;
}

Authenticator::Authenticator(store::Writer& writer, const Clock& clock, Options options)
    : writer_(writer), clock_(clock), options_(options) {}

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
