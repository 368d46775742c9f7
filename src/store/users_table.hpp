// SQL for the people who sign in: teams, users, sessions and the audit log
// (schema 0007). Rows are plain records; src/domain/users.* owns the rules
// (password hashing, lockout, expiry) and src/domain/audit.* the audit rows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"

namespace guanxi::store {

struct TeamRecord {
  int64_t id = 0;
  int64_t shop_id = 0;
  std::string name;
  std::optional<int64_t> manager_user_id;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct UserRecord {
  int64_t id = 0;
  int64_t shop_id = 0;
  std::string username;  // lower-case
  std::string display_name;
  std::string email;
  std::string password_hash;
  std::string role;
  std::string grants = "[]";  // JSON array of permission strings
  std::optional<int64_t> team_id;
  std::string locale = "zh-CN";
  bool active = true;
  int64_t failed_logins = 0;
  std::optional<int64_t> locked_until;
  bool must_change_password = false;
  int64_t password_changed_at = 0;
  std::optional<int64_t> last_login_at;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct SessionRecord {
  int64_t id = 0;
  std::string token_hash;  // hex BLAKE2b of the cookie value
  int64_t user_id = 0;
  int64_t shop_id = 0;
  std::string csrf_token;
  int64_t created_at = 0;
  int64_t last_seen_at = 0;
  int64_t expires_at = 0;
  std::optional<int64_t> revoked_at;
  std::string ip;
  std::string user_agent;
};

struct AuditRecord {
  int64_t id = 0;
  int64_t shop_id = 0;
  std::string actor;
  std::optional<int64_t> user_id;
  std::string action;
  std::string object_type;
  std::string object_id;
  std::string detail = "{}";  // JSON object
  std::string ip;
  int64_t occurred_at = 0;
};

// Teams.
Result<int64_t> insert_team(Connection& db, const TeamRecord& t);
Status update_team(Connection& db, const TeamRecord& t);  // name, manager, updated_at
Result<std::optional<TeamRecord>> find_team(Connection& db, int64_t shop, int64_t id);
Result<std::optional<TeamRecord>> find_team_by_name(Connection& db, int64_t shop,
                                                    std::string_view name);
Result<std::vector<TeamRecord>> list_teams(Connection& db, int64_t shop);

// Users.
Result<int64_t> insert_user(Connection& db, const UserRecord& u);
// Writes every mutable column of the row with u.id (shop-checked).
Status update_user(Connection& db, const UserRecord& u);
Result<std::optional<UserRecord>> find_user(Connection& db, int64_t shop, int64_t id);
// By id in any shop (sign-in, before the shop is known).
Result<std::optional<UserRecord>> find_user_by_id(Connection& db, int64_t id);
// By (lower-case) username across shops: usernames are unique server-wide.
Result<std::optional<UserRecord>> find_user_by_username(Connection& db, std::string_view username);
Result<std::vector<UserRecord>> list_users(Connection& db, int64_t shop);

// Sessions.
Result<int64_t> insert_session(Connection& db, const SessionRecord& s);
Result<std::optional<SessionRecord>> find_session_by_hash(Connection& db,
                                                          std::string_view token_hash);
Result<std::optional<SessionRecord>> find_session(Connection& db, int64_t id);
Status touch_session(Connection& db, int64_t id, int64_t now);
// Revokes one session; false when it was already revoked or does not exist.
Result<bool> revoke_session(Connection& db, int64_t id, int64_t now);
// Revokes every live session of a user except `keep` (0: none); the count revoked.
Result<int64_t> revoke_user_sessions(Connection& db, int64_t user_id, int64_t keep, int64_t now);

// The audit log.
Result<int64_t> insert_audit(Connection& db, const AuditRecord& a);

struct AuditFilter {
  int64_t shop_id = 0;
  std::string action;                // "" = any
  std::string actor;                 // "" = any; exact match
  std::optional<int64_t> from;       // occurred_at >= from
  std::optional<int64_t> to;         // occurred_at < to
  std::optional<int64_t> before_id;  // keyset: rows with id < before_id (newest first)
  int limit = 50;
};
// Newest first (by id), at most `limit` rows.
Result<std::vector<AuditRecord>> list_audit(Connection& db, const AuditFilter& f);

}  // namespace guanxi::store
