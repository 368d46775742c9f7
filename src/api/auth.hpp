// Who is calling: a bearer API key (as integrations do) or the session cookie
// of a signed-in user (the web UI), and the permission check every route goes
// through.
//
// API keys: the cache is keyed by a BLAKE2b hash of the token (the raw token
// is never kept), holds only successful lookups, and expires entries after a
// TTL so a key revoked by another process stops working within that time; a
// key revoked through this server is forgotten at once (forget_key). A cached
// GET performs no database access at all; the key's last_used_at is written
// by a fire-and-forget Writer job at most once per touch interval.
//
// Sessions: the cookie `gx_session` is looked up on every request (one
// indexed read), so sign-out, deactivation and password changes take effect
// at once; last_seen_at (the idle expiry) is written at most once per touch
// interval. The CSRF check of cookie-authenticated state-changing requests is
// the dispatcher's (csrf_ok).
//
// Permissions: each shop's role matrix (domain/roles.hpp) is cached for the
// cache TTL and dropped at once when changed through this server
// (forget_roles). A user's permissions are the role's plus their grants.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "api/http.hpp"
#include "core/status.hpp"
#include "core/time.hpp"
#include "domain/model.hpp"
#include "domain/roles.hpp"
#include "domain/users.hpp"
#include "store/database.hpp"
#include "store/writer.hpp"

namespace guanxi::api {

// How far a caller's record-level visibility reaches in modules with owned
// records (sales accounts, contacts, leads, opportunities): own (and shared
// with them), the team's, or all of the shop.
enum class RecordScope { kOwn, kTeam, kAll };

// The permission of routes every authenticated caller may use (the session
// routes): authentication is required, no particular permission.
inline constexpr std::string_view kAnyCaller = "authenticated";

// The name of the session cookie.
inline constexpr std::string_view kSessionCookie = "gx_session";

// The authenticated caller of a request.
struct Principal {
  domain::ShopId shop_id = 0;
  int64_t api_key_id = 0;             // the API key used (0 for signed-in users)
  std::string role;                   // "admin", "csr", ...
  std::string actor;                  // recorded with every write: "api:key 3", "user:7 alice"
  int64_t user_id = 0;                // the signed-in user (0 for API keys)
  int64_t team_id = 0;                // the user's team (0: none)
  std::vector<std::string> grants;    // permissions beyond the role's, e.g. "pii.view"
  int64_t session_id = 0;             // the session of a signed-in user (0 for API keys)
  std::string username;               // the signed-in user's (empty for API keys)
  std::string csrf_token;             // of the session (empty for API keys)
  bool must_change_password = false;  // set by an admin reset: only the session routes answer
  // The shop's role matrix at authentication (null: the built-in defaults).
  std::shared_ptr<const domain::RoleMatrix> roles;
};

// Whether the caller holds a permission: through the role (per the shop's
// matrix) or an extra grant. kAnyCaller is held by everyone.
bool has_permission(const Principal& principal, std::string_view permission);

// Whether `header` (X-CSRF-Token) equals the session's CSRF token
// (constant-time). False for principals without a session.
bool csrf_matches(const Principal& principal, std::string_view header);

// Whether the caller may see personal data (phone, email, address) unmasked:
// the role or an extra grant gives "pii.view". API keys of role admin may.
bool can_view_pii(const Principal& principal);

// Masked forms shown to callers without pii.view: "138****1234" (keeps the
// first 3 and last 4 digits of a number of 7+ characters, else all but the
// last 2 starred), "z***@example.com" (first character of the local part).
std::string mask_phone(std::string_view phone);
std::string mask_email(std::string_view email);
// An address reduced to its first 6 characters (UTF-8 aware) and "****".
std::string mask_address(std::string_view address);

// API keys: all. Users: their role's scope in the principal's role matrix (the
// built-in one when `roles` is null; defaults: admin and marketer all, manager
// and analyst team, sales and csr own; unknown roles own).
RecordScope record_scope(const Principal& principal);
std::string_view record_scope_name(RecordScope scope);  // "own", "team", "all"

// Whether a role grants a permission in the built-in matrix (admin grants
// everything; unknown roles grant nothing). Shops may override the matrix:
// the dispatcher checks has_permission instead.
bool role_allows(std::string_view role, std::string_view permission);

// The value of cookie `name` in a Cookie header ("" when absent).
std::string_view cookie_value(std::string_view header, std::string_view name);

class Authenticator {
 public:
  struct Options {
    std::chrono::milliseconds cache_ttl{std::chrono::seconds(30)};
    std::chrono::milliseconds touch_interval{std::chrono::seconds(60)};
    domain::SessionPolicy sessions;
    bool behind_tls = false;  // cookies get Secure; responses Strict-Transport-Security
  };

  // `writer` and `clock` are borrowed and must outlive the Authenticator.
  Authenticator(store::Writer& writer, const Clock& clock, Options options);

  const Options& options() const { return options_; }

  // Authenticates a request by its Authorization header (a bearer API key)
  // or else its session cookie; unauthenticated when neither is present or
  // valid. Fills the principal's role matrix. Thread-safe.
  Result<Principal> authenticate(const Request& request, store::Connection& reader);

  // Resolves an Authorization header ("Bearer gx_..._...") to a principal,
  // from the cache or else through domain::authenticate_api_key on `reader`.
  // unauthenticated when the header is missing or not a bearer token, or the
  // key is unknown or revoked. Thread-safe.
  Result<Principal> authenticate(std::string_view authorization, store::Connection& reader);

  // The principal of a session cookie value.
  Result<Principal> authenticate_session(std::string_view token, store::Connection& reader);

  // The shop's role matrix (cached).
  Result<std::shared_ptr<const domain::RoleMatrix>> roles(domain::ShopId shop,
                                                          store::Connection& reader);
  // Drops the cached matrix of a shop (after changing it).
  void forget_roles(domain::ShopId shop);

  // Drops every cached entry of the key (call after revoking it).
  void forget_key(int64_t api_key_id);

  // Set-Cookie values that set / clear the session cookie.
  std::string session_cookie(std::string_view token) const;
  std::string clear_session_cookie() const;

 private:
  using TokenHash = std::array<unsigned char, 32>;
  struct TokenHashHasher {
    size_t operator()(const TokenHash& h) const;
  };
  struct Entry {
    Principal principal;
    Timestamp expires_at;
  };
  struct CachedRoles {
    std::shared_ptr<const domain::RoleMatrix> matrix;
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
  std::unordered_map<domain::ShopId, CachedRoles> roles_;
};

}  // namespace guanxi::api
