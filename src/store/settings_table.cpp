#include "store/settings_table.hpp"

#include "store/query.hpp"

namespace guanxi::store {

Result<std::optional<ShopSettingRecord>> find_shop_setting(Connection& db, int64_t shop,
                                                           std::string_view key) {
  Query q(db, "SELECT value, updated_at FROM shop_settings WHERE shop_id = ? AND key = ?");
  q.bind(shop, key);
  if (q.next()) return std::optional<ShopSettingRecord>(ShopSettingRecord{q.text(0), q.i64(1)});
  GX_RETURN_IF_ERROR(q.status());
  return std::optional<ShopSettingRecord>();
}

Status put_shop_setting(Connection& db, int64_t shop, std::string_view key, std::string_view value,
                        int64_t now) {
  Query q(db,
          "INSERT INTO shop_settings (shop_id, key, value, updated_at) VALUES (?, ?, ?, ?) "
          "ON CONFLICT (shop_id, key) DO UPDATE SET value = excluded.value, "
          "updated_at = excluded.updated_at");
  q.bind(shop, key, value, now);
  return q.run();
}

Result<bool> delete_shop_setting(Connection& db, int64_t shop, std::string_view key) {
  Query q(db, "DELETE FROM shop_settings WHERE shop_id = ? AND key = ?");
  q.bind(shop, key);
  GX_RETURN_IF_ERROR(q.run());
  return q.changes() > 0;
}

}  // namespace guanxi::store
