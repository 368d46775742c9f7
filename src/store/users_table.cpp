#include "store/users_table.hpp"

#include "store/query.hpp"

namespace guanxi::store {

namespace {

TeamRecord read_team(Query& q) {
  return TeamRecord{q.i64(0), q.i64(1), q.text(2), q.opt_i64(3), q.i64(4), q.i64(5)};
}

UserRecord read_user(Query& q) {
  UserRecord u;
  u.id = q.i64(0);
  u.shop_id = q.i64(1);
  u.username = q.text(2);
  u.display_name = q.text(3);
  u.email = q.text(4);
  u.password_hash = q.text(5);
  u.role = q.text(6);
  u.grants = q.text(7);
  u.team_id = q.opt_i64(8);
  u.locale = q.text(9);
  u.active = q.i64(10) != 0;
  u.failed_logins = q.i64(11);
  u.locked_until = q.opt_i64(12);
  u.must_change_password = q.i64(13) != 0;
  u.password_changed_at = q.i64(14);
  u.last_login_at = q.opt_i64(15);
  u.created_at = q.i64(16);
  u.updated_at = q.i64(17);
  return u;
}

#define GX_USER_COLUMNS                                                                        \
  "id, shop_id, username, display_name, email, password_hash, role, grants, team_id, locale, " \
  "active, failed_logins, locked_until, must_change_password, password_changed_at, "           \
  "last_login_at, "                                                                            \
  "created_at, updated_at"

#define GX_SESSION_COLUMNS                                                               \
  "id, token_hash, user_id, shop_id, csrf_token, created_at, last_seen_at, expires_at, " \
  "revoked_at, "                                                                         \
  "ip, user_agent"

SessionRecord read_session(Query& q) {
  SessionRecord s;
  s.id = q.i64(0);
  s.token_hash = q.text(1);
  s.user_id = q.i64(2);
  s.shop_id = q.i64(3);
  s.csrf_token = q.text(4);
  s.created_at = q.i64(5);
  s.last_seen_at = q.i64(6);
  s.expires_at = q.i64(7);
  s.revoked_at = q.opt_i64(8);
  s.ip = q.text(9);
  s.user_agent = q.text(10);
  return s;
}

}  // namespace

Result<int64_t> insert_team(Connection& db, const TeamRecord& t) {
  Query q(db,
          "INSERT INTO teams (shop_id, name, manager_user_id, created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?)");
  q.bind(t.shop_id, t.name, t.manager_user_id, t.created_at, t.updated_at);
  return q.insert_row("teams");
}

Status update_team(Connection& db, const TeamRecord& t) {
  Query q(db,
          "UPDATE teams SET name = ?, manager_user_id = ?, updated_at = ? "
          "WHERE shop_id = ? AND id = ?");
  q.bind(t.name, t.manager_user_id, t.updated_at, t.shop_id, t.id);
  return q.run();
}

Result<std::optional<TeamRecord>> find_team(Connection& db, int64_t shop, int64_t id) {
  Query q(db,
          "SELECT id, shop_id, name, manager_user_id, created_at, updated_at FROM teams "
          "WHERE shop_id = ? AND id = ?");
  q.bind(shop, id);
  return first<TeamRecord>(q, read_team);
}

Result<std::optional<TeamRecord>> find_team_by_name(Connection& db, int64_t shop,
                                                    std::string_view name) {
  Query q(db,
          "SELECT id, shop_id, name, manager_user_id, created_at, updated_at FROM teams "
          "WHERE shop_id = ? AND name = ?");
  q.bind(shop, name);
  return first<TeamRecord>(q, read_team);
}

Result<std::vector<TeamRecord>> list_teams(Connection& db, int64_t shop) {
  Query q(db,
          "SELECT id, shop_id, name, manager_user_id, created_at, updated_at FROM teams "
          "WHERE shop_id = ? ORDER BY id");
  q.bind(shop);
  return collect<TeamRecord>(q, read_team);
}

Result<int64_t> insert_user(Connection& db, const UserRecord& u) {
  Query q(db,
          "INSERT INTO users (shop_id, username, display_name, email, password_hash, role, grants, "
          "team_id, locale, active, failed_logins, locked_until, must_change_password, "
          "password_changed_at, last_login_at, created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(u.shop_id, u.username, u.display_name, u.email, u.password_hash, u.role, u.grants,
         u.team_id, u.locale, u.active, u.failed_logins, u.locked_until, u.must_change_password,
         u.password_changed_at, u.last_login_at, u.created_at, u.updated_at);
  return q.insert_row("users");
}

Status update_user(Connection& db, const UserRecord& u) {
  Query q(db,
          "UPDATE users SET display_name = ?, email = ?, password_hash = ?, role = ?, grants = ?, "
          "team_id = ?, locale = ?, active = ?, failed_logins = ?, locked_until = ?, "
          "must_change_password = ?, password_changed_at = ?, last_login_at = ?, updated_at = ? "
          "WHERE shop_id = ? AND id = ?");
  q.bind(u.display_name, u.email, u.password_hash, u.role, u.grants, u.team_id, u.locale, u.active,
         u.failed_logins, u.locked_until, u.must_change_password, u.password_changed_at,
         u.last_login_at, u.updated_at, u.shop_id, u.id);
  return q.run();
}

Result<std::optional<UserRecord>> find_user(Connection& db, int64_t shop, int64_t id) {
  Query q(db, "SELECT " GX_USER_COLUMNS " FROM users WHERE shop_id = ? AND id = ?");
  q.bind(shop, id);
  return first<UserRecord>(q, read_user);
}

Result<std::optional<UserRecord>> find_user_by_id(Connection& db, int64_t id) {
  Query q(db, "SELECT " GX_USER_COLUMNS " FROM users WHERE id = ?");
  q.bind(id);
  return first<UserRecord>(q, read_user);
}

Result<std::optional<UserRecord>> find_user_by_username(Connection& db, std::string_view username) {
  Query q(db, "SELECT " GX_USER_COLUMNS " FROM users WHERE username = ?");
  q.bind(username);
  return first<UserRecord>(q, read_user);
}

Result<std::vector<UserRecord>> list_users(Connection& db, int64_t shop) {
  Query q(db, "SELECT " GX_USER_COLUMNS " FROM users WHERE shop_id = ? ORDER BY id");
  q.bind(shop);
  return collect<UserRecord>(q, read_user);
}

Result<int64_t> insert_session(Connection& db, const SessionRecord& s) {
  Query q(db,
          "INSERT INTO sessions (token_hash, user_id, shop_id, csrf_token, created_at, "
          "last_seen_at, expires_at, revoked_at, ip, user_agent) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(s.token_hash, s.user_id, s.shop_id, s.csrf_token, s.created_at, s.last_seen_at,
         s.expires_at, s.revoked_at, s.ip, s.user_agent);
  return q.insert_row("sessions");
}

Result<std::optional<SessionRecord>> find_session_by_hash(Connection& db,
                                                          std::string_view token_hash) {
  Query q(db, "SELECT " GX_SESSION_COLUMNS " FROM sessions WHERE token_hash = ?");
  q.bind(token_hash);
  return first<SessionRecord>(q, read_session);
}

Result<std::optional<SessionRecord>> find_session(Connection& db, int64_t id) {
  Query q(db, "SELECT " GX_SESSION_COLUMNS " FROM sessions WHERE id = ?");
  q.bind(id);
  return first<SessionRecord>(q, read_session);
}

Status touch_session(Connection& db, int64_t id, int64_t now) {
  Query q(db, "UPDATE sessions SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?");
  q.bind(now, id, now);
  return q.run();
}

Result<bool> revoke_session(Connection& db, int64_t id, int64_t now) {
  Query q(db, "UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
  q.bind(now, id);
  GX_RETURN_IF_ERROR(q.run());
  return q.changes() > 0;
}

Result<int64_t> revoke_user_sessions(Connection& db, int64_t user_id, int64_t keep, int64_t now) {
  Query q(
      db,
      "UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND id <> ? AND revoked_at IS NULL");
  q.bind(now, user_id, keep);
  GX_RETURN_IF_ERROR(q.run());
  return q.changes();
}

Result<int64_t> insert_audit(Connection& db, const AuditRecord& a) {
  Query q(db,
          "INSERT INTO audit_log (shop_id, actor, user_id, action, object_type, object_id, detail, "
          "ip, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(a.shop_id, a.actor, a.user_id, a.action, a.object_type, a.object_id, a.detail, a.ip,
         a.occurred_at);
  return q.insert_row("audit_log");
}

Result<std::vector<AuditRecord>> list_audit(Connection& db, const AuditFilter& f) {
  // One statement with optional filters as "? IS NULL OR ..." so the text is constant.
  Query q(db,
          "SELECT id, shop_id, actor, user_id, action, object_type, object_id, detail, ip, "
          "occurred_at FROM audit_log WHERE shop_id = ? "
          "AND (? = '' OR action = ?) AND (? = '' OR actor = ?) "
          "AND (? IS NULL OR occurred_at >= ?) AND (? IS NULL OR occurred_at < ?) "
          "AND (? IS NULL OR id < ?) ORDER BY id DESC LIMIT ?");
  q.bind(f.shop_id, f.action, f.action, f.actor, f.actor, f.from, f.from, f.to, f.to, f.before_id,
         f.before_id, f.limit);
  return collect<AuditRecord>(q, [](Query& r) {
    return AuditRecord{r.i64(0),  r.i64(1),  r.text(2), r.opt_i64(3), r.text(4),
                       r.text(5), r.text(6), r.text(7), r.text(8),    r.i64(9)};
  });
}

}  // namespace guanxi::store
