// Who is calling: bearer-token authentication of API keys with a short-lived
// in-memory cache, and the permission check every route goes through.
//
// The cache is keyed by a BLAKE2b hash of the token (the raw token is never
// kept), holds only successful lookups, and expires entries after a TTL so a
// key revoked by another process stops working within that time; a key
// revoked through this server is forgotten at once (forget_key). A cached GET
// performs no database access at all; the key's last_used_at is written by a
// fire-and-forget Writer job at most once per touch interval.
//
// The user/role system plugs in here: a session cookie will resolve to a
// Principal with the user's role, and role_allows() will consult the role's
// grants; routes already declare the permission they need.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.hpp"
#include "core/time.hpp"
#include "domain/model.hpp"
#include "store/database.hpp"
#include "store/writer.hpp"

namespace guanxi::api {

// The authenticated caller of a request.
struct Principal {
  domain::ShopId shop_id = 0;
  int64_t api_key_id = 0;           // the API key used (0 for future non-key principals)
  std::string role;                 // "admin"
  std::string actor;                // recorded with every write: "api:key 3"
  int64_t user_id = 0;              // the signed-in user (0 for API keys)
  int64_t team_id = 0;              // the user's team (0: none)
  std::vector<std::string> grants;  // permissions beyond the role's, e.g. "pii.view"
};

// Whether the caller may see personal data (phone, email, address) unmasked:
// the role or an extra grant gives "pii.view". API keys of role admin may.
bool can_view_pii(const Principal& principal);

// Masked forms shown to callers without pii.view: "138****1234" (keeps the
// first 3 and last 4 digits of a number of 7+ characters, else all but the
// last 2 starred), "z***@example.com" (first character of the local part).
std::string mask_phone(std::string_view phone);
std::string mask_email(std::string_view email);

// How far a caller's record-level visibility reaches in modules with owned
// records (sales accounts, contacts, leads, opportunities): own (and shared
// with them), the team's, or all of the shop.
enum class RecordScope { kOwn, kTeam, kAll };

// admin and API keys: all; manager and analyst: team; others: own.
RecordScope record_scope(const Principal& principal);

// Whether a role grants a permission ("customers.read", "apikeys.manage").
// admin grants everything; unknown roles grant nothing.
bool role_allows(std::string_view role, std::string_view permission);

class Authenticator {
 public:
  struct Options {
    std::chrono::milliseconds cache_ttl{std::chrono::seconds(30)};
    std::chrono::milliseconds touch_interval{std::chrono::seconds(60)};
  };

  // `writer` and `clock` are borrowed and must outlive the Authenticator.
  Authenticator(store::Writer& writer, const Clock& clock, Options options);

  // Resolves an Authorization header ("Bearer gx_..._...") to a principal,
  // from the cache or else through domain::authenticate_api_key on `reader`.
  // unauthenticated when the header is missing or not a bearer token, or the
  // key is unknown or revoked. Thread-safe.
  Result<Principal> authenticate(std::string_view authorization, store::Connection& reader);

  // Drops every cached entry of the key (call after revoking it).
  void forget_key(int64_t api_key_id);

 private:
  using TokenHash = std::array<unsigned char, 32>;
  struct TokenHashHasher {
    size_t operator()(const TokenHash& h) const;
  };
  struct Entry {
    Principal principal;
    Timestamp expires_at;
  };

  // Records that the key was used now; writes last_used_at when the previous
  // write is older than the touch interval.
  void note_use(int64_t api_key_id, Timestamp now);

  store::Writer& writer_;
  const Clock& clock_;
  Options options_;
  std::mutex mu_;
  std::unordered_map<TokenHash, Entry, TokenHashHasher> cache_;
  std::unordered_map<int64_t, Timestamp> last_touch_;
};

}  // namespace guanxi::api
