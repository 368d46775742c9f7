// The people who sign in: teams, users with argon2id password hashes
// (libsodium crypto_pwhash_str), sessions and the sign-in rules (lockout after
// repeated failures). Roles and permissions are in roles.hpp; the audit log in
// audit.hpp; in-memory rate limiting of sign-in attempts lives in the API.
//
// Password hashing is deliberately slow (tens of milliseconds): callers hash
// and verify outside the Writer (hash_password / verify_password) and pass
// the hash into the write functions, so one sign-in never stalls every write.
//
// Sessions: the cookie carries 32 random bytes (hex); only their BLAKE2b hash
// is stored, with a CSRF token, an absolute expiry and the last time the
// session was seen (for the idle expiry).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/context.hpp"

namespace guanxi::domain {

// --- Passwords ---------------------------------------------------------------

// Cost of argon2id hashes. Defaults: libsodium's INTERACTIVE limits (2 passes,
// 64 MiB). Tests lower it with set_password_cost(PasswordCost::minimum()).
struct PasswordCost {
  unsigned long long ops = 2;
  size_t mem_bytes = size_t{64} << 20;
  static PasswordCost minimum();  // crypto_pwhash_OPSLIMIT_MIN / MEMLIMIT_MIN (tests)
};
// Process-wide; thread-safe.
void set_password_cost(PasswordCost cost);
PasswordCost password_cost();

inline constexpr size_t kMinPasswordLength = 10;  // characters (UTF-8 code points)
inline constexpr size_t kMaxPasswordBytes = 1024;

// invalid_argument naming `field` when the password breaks the policy
// (at least 10 characters, at most 1024 bytes).
Status check_password_policy(std::string_view password, std::string_view field);
// An argon2id hash string of a password that passes the policy.
Result<std::string> hash_password(std::string_view password, std::string_view field = "password");
// Constant-time verification against a crypto_pwhash_str string.
bool verify_password(const std::string& hash, std::string_view password);
// A random password of 16 characters (letters and digits) that passes the policy.
std::string generate_password();

// --- Teams and users ---------------------------------------------------------

struct Team {
  int64_t id = 0;
  std::string name;
  std::optional<int64_t> manager_user_id;
  Timestamp created_at{};
  Timestamp updated_at{};
};

struct User {
  int64_t id = 0;
  ShopId shop_id = 0;
  std::string username;
  std::string display_name;
  std::string email;
  std::string role;
  std::vector<std::string> grants;
  std::optional<int64_t> team_id;
  std::string locale = "zh-CN";
  bool active = true;
  int64_t failed_logins = 0;
  std::optional<Timestamp> locked_until;
  bool must_change_password = false;
  Timestamp password_changed_at{};
  std::optional<Timestamp> last_login_at;
  Timestamp created_at{};
  Timestamp updated_at{};
};

struct NewUser {
  std::string username;  // 2-64 of [a-z0-9._-] (upper case is lowered)
  std::string display_name;
  std::string email;
  std::string password_hash;  // from hash_password
  std::string role;           // a known role
  std::optional<int64_t> team_id;
  std::vector<std::string> grants;
  std::string locale = "zh-CN";  // zh-CN | en
  bool must_change_password = false;
};

// The change of a user (PATCH): members left empty stay as they are.
struct UserChange {
  std::optional<std::string> display_name;
  std::optional<std::string> email;
  std::optional<std::string> role;
  std::optional<std::optional<int64_t>> team_id;  // nullopt inside: no team
  std::optional<std::vector<std::string>> grants;
  std::optional<std::string> locale;
  std::optional<bool> active;
};

// Lower-cased username, or invalid_argument naming "username".
Result<std::string> normalize_username(std::string_view username);

Result<Team> create_team(WriteContext& w, std::string_view name,
                         std::optional<int64_t> manager_user_id);
Result<Team> update_team(WriteContext& w, int64_t id, std::optional<std::string> name,
                         std::optional<std::optional<int64_t>> manager_user_id);
Result<std::vector<Team>> list_teams(store::Connection& db, ShopId shop);
Result<std::optional<Team>> find_team_by_name(store::Connection& db, ShopId shop,
                                              std::string_view name);

// Creates a user (audited as user.create). already_exists when the username is
// taken; errors name the field.
Result<User> create_user(WriteContext& w, const NewUser& u);
// Applies a change (audited as user.update; a role or grant change also as
// permission.change). Deactivating revokes the user's sessions.
Result<User> update_user(WriteContext& w, int64_t id, const UserChange& change);
Result<User> get_user(store::Connection& db, ShopId shop, int64_t id);
Result<std::vector<User>> list_users(store::Connection& db, ShopId shop);
// By username across shops (sign-in); nullopt when unknown.
Result<std::optional<User>> find_user_by_username(store::Connection& db, std::string_view username);
// The stored hash of a user (for verify_password).
Result<std::string> password_hash_of(store::Connection& db, ShopId shop, int64_t user_id);

// Replaces the password hash. `must_change`: the user must pick a new one at
// the next sign-in (an admin reset). Revokes every session of the user except
// `keep_session` (0: all). Audited as password.change or password.reset.
Status set_password(WriteContext& w, int64_t user_id, std::string_view new_hash, bool must_change,
                    int64_t keep_session);

// --- Sign-in and sessions ----------------------------------------------------

struct SessionPolicy {
  std::chrono::milliseconds absolute{std::chrono::hours(12)};
  std::chrono::milliseconds idle{std::chrono::hours(2)};
};

struct LockoutPolicy {
  int max_failures = 5;  // consecutive failed sign-ins that lock the account
  std::chrono::milliseconds lock_for{std::chrono::minutes(15)};
};

struct Session {
  int64_t id = 0;
  int64_t user_id = 0;
  ShopId shop_id = 0;
  std::string csrf_token;
  Timestamp created_at{};
  Timestamp last_seen_at{};
  Timestamp expires_at{};
};

struct NewSession {
  Session session;
  std::string token;  // the cookie value; only its hash is stored
};

// Records a failed sign-in of a known user: counts it, locks the account for
// lock_for after max_failures in a row (the count restarts), audits
// login.failed. Returns whether the account is now locked.
Result<bool> record_failed_sign_in(store::Connection& db, const Clock& clock, int64_t user_id,
                                   std::string_view ip, const LockoutPolicy& policy);
// A failed sign-in of an unknown username (audited for `shop` when non-zero).
Status record_unknown_sign_in(store::Connection& db, const Clock& clock, ShopId shop,
                              std::string_view username, std::string_view ip);

// A successful sign-in: resets the failure count, sets last_login_at,
// revokes the session of `previous_token` if the client sent one (no session
// fixation: the new session always gets a fresh token), creates a session and
// audits login.
Result<NewSession> complete_sign_in(store::Connection& db, const Clock& clock, int64_t user_id,
                                    std::string_view previous_token, std::string_view ip,
                                    std::string_view user_agent, const SessionPolicy& policy);

struct SessionUser {
  Session session;
  User user;
};

// The live session of a cookie value: unauthenticated when unknown, revoked,
// past its absolute expiry, idle for longer than policy.idle, or its user is
// inactive.
Result<SessionUser> find_session(store::Connection& db, const Clock& clock, std::string_view token,
                                 const SessionPolicy& policy);
// Records activity (for the idle expiry).
Status touch_session(store::Connection& db, int64_t session_id, Timestamp now);
// Signs out one session / every session of the user (audited as logout).
Status end_session(WriteContext& w, int64_t session_id);
Result<int64_t> end_all_sessions(WriteContext& w, int64_t user_id);

// The BLAKE2b hex of a cookie value (what sessions.token_hash holds).
std::string session_token_hash(std::string_view token);

}  // namespace guanxi::domain
