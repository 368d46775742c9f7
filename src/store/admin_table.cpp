#include "store/admin_table.hpp"

#include "store/query.hpp"

namespace guanxi::store {

Result<int64_t> insert_shop(Connection& db, const ShopRecord& s) {
  Query q(db, "INSERT INTO shops (name, time_zone, currency, created_at) VALUES (?, ?, ?, ?)");
  q.bind(s.name, s.time_zone, s.currency, s.created_at);
  return q.insert_row("shops");
}

Result<std::optional<ShopRecord>> find_shop(Connection& db, int64_t id) {
  Query q(db, "SELECT id, name, time_zone, currency, created_at FROM shops WHERE id = ?");
  q.bind(id);
  if (q.next())
    return std::optional<ShopRecord>(
        ShopRecord{q.i64(0), q.text(1), q.text(2), q.text(3), q.i64(4)});
  GX_RETURN_IF_ERROR(q.status());
  return std::optional<ShopRecord>();
}

Result<std::vector<ShopRecord>> list_shops(Connection& db) {
  Query q(db, "SELECT id, name, time_zone, currency, created_at FROM shops ORDER BY id");
  std::vector<ShopRecord> out;
  while (q.next()) out.push_back({q.i64(0), q.text(1), q.text(2), q.text(3), q.i64(4)});
  GX_RETURN_IF_ERROR(q.status());
  return out;
}

Result<bool> update_shop(Connection& db, const ShopRecord& s) {
  Query q(db, "UPDATE shops SET name = ?, time_zone = ?, currency = ? WHERE id = ?");
  q.bind(s.name, s.time_zone, s.currency, s.id);
  GX_RETURN_IF_ERROR(q.run());
  return q.changes() > 0;
}

Result<int64_t> insert_api_key(Connection& db, const ApiKeyRecord& k) {
  Query q(db,
          "INSERT INTO api_keys (shop_id, name, prefix, key_hash, role, created_at) VALUES (?, ?, "
          "?, ?, ?, ?) ");
  q.bind(k.shop_id, k.name, k.prefix, k.key_hash, k.role, k.created_at);
  return q.insert_row("api_keys");
}

Result<std::optional<ApiKeyRecord>> find_api_key_by_prefix(Connection& db,
                                                           std::string_view prefix) {
  Query q(db,
          "SELECT id, shop_id, name, prefix, key_hash, role, created_at, last_used_at, revoked_at "
          "FROM api_keys WHERE prefix = ?");
  q.bind(prefix);
  if (q.next()) {
    return std::optional<ApiKeyRecord>(ApiKeyRecord{q.i64(0), q.i64(1), q.text(2), q.text(3),
                                                    q.text(4), q.text(5), q.i64(6), q.opt_i64(7),
                                                    q.opt_i64(8)});
  }
  GX_RETURN_IF_ERROR(q.status());
  return std::optional<ApiKeyRecord>();
}

Status touch_api_key(Connection& db, int64_t id, int64_t now) {
  Query q(db, "UPDATE api_keys SET last_used_at = ? WHERE id = ?");
  q.bind(now, id);
  return q.run();
}

Result<std::vector<ApiKeyRecord>> list_api_keys(Connection& db, int64_t shop) {
  Query q(db,
          "SELECT id, shop_id, name, prefix, key_hash, role, created_at, last_used_at, revoked_at "
          "FROM api_keys WHERE shop_id = ? ORDER BY id");
  q.bind(shop);
  std::vector<ApiKeyRecord> out;
  while (q.next()) {
    out.push_back({q.i64(0), q.i64(1), q.text(2), q.text(3), q.text(4), q.text(5), q.i64(6),
                   q.opt_i64(7), q.opt_i64(8)});
  }
  GX_RETURN_IF_ERROR(q.status());
  return out;
}

Result<bool> revoke_api_key(Connection& db, int64_t shop, int64_t id, int64_t now) {
  Query q(db,
          "UPDATE api_keys SET revoked_at = ? WHERE shop_id = ? AND id = ? AND revoked_at IS NULL");
  q.bind(now, shop, id);
  GX_RETURN_IF_ERROR(q.run());
  return q.changes() > 0;
}

Result<int64_t> insert_import_run(Connection& db, const ImportRunRecord& r) {
  Query q(db,
          "INSERT INTO import_runs (shop_id, kind, file, format, actor, started_at, summary) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)");
  q.bind(r.shop_id, r.kind, r.file, r.format, r.actor, r.started_at, r.summary);
  return q.insert_row("import_runs");
}

Status finish_import_run(Connection& db, int64_t id, int64_t finished_at,
                         std::string_view summary) {
  Query q(db, "UPDATE import_runs SET finished_at = ?, summary = ? WHERE id = ?");
  q.bind(finished_at, summary, id);
  return q.run();
}

Result<std::vector<ImportRunRecord>> list_import_runs(Connection& db) {
  Query q(db,
          "SELECT id, shop_id, kind, file, format, actor, started_at, finished_at, summary "
          "FROM import_runs ORDER BY id");
  std::vector<ImportRunRecord> out;
  while (q.next()) {
    out.push_back({q.i64(0), q.i64(1), q.text(2), q.text(3), q.text(4), q.text(5), q.i64(6),
                   q.opt_i64(7), q.text(8)});
  }
  GX_RETURN_IF_ERROR(q.status());
  return out;
}

}  // namespace guanxi::store
