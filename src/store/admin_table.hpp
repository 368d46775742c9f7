// SQL for shops, API keys and the import log.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "store/database.hpp"
#include "store/records.hpp"

namespace guanxi::store {

Result<int64_t> insert_shop(Connection& db, const ShopRecord& s);
Result<std::optional<ShopRecord>> find_shop(Connection& db, int64_t id);
Result<std::vector<ShopRecord>> list_shops(Connection& db);
// Sets name, time_zone and currency of shop s.id; false when there is no such shop.
Result<bool> update_shop(Connection& db, const ShopRecord& s);

Result<int64_t> insert_api_key(Connection& db, const ApiKeyRecord& k);
Result<std::optional<ApiKeyRecord>> find_api_key_by_prefix(Connection& db, std::string_view prefix);
Status touch_api_key(Connection& db, int64_t id, int64_t now);
Result<std::vector<ApiKeyRecord>> list_api_keys(Connection& db, int64_t shop);
Result<bool> revoke_api_key(Connection& db, int64_t shop, int64_t id, int64_t now);

struct ImportRunRecord {
  int64_t id = 0;
  int64_t shop_id = 0;
  std::string kind;
  std::string file;
  std::string format;
  std::string actor;
  int64_t started_at = 0;
  std::optional<int64_t> finished_at;
  std::string summary = "{}";
};
Result<int64_t> insert_import_run(Connection& db, const ImportRunRecord& r);
Status finish_import_run(Connection& db, int64_t id, int64_t finished_at, std::string_view summary);
// Every import run of every shop, oldest first (for /metrics).
Result<std::vector<ImportRunRecord>> list_import_runs(Connection& db);

}  // namespace guanxi::store
