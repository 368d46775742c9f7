// SQL for per-shop settings: one JSON document per (shop, key), e.g. 'tiers'
// (the membership ladder) or 'models' (RFM/ABC/lifecycle). The store keeps the
// text as given; the module owning a key parses and validates it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "store/database.hpp"

namespace guanxi::store {

struct ShopSettingRecord {
  std::string value;  // JSON text
  int64_t updated_at = 0;
};

// The setting stored under `key`, or nullopt when the shop has none.
Result<std::optional<ShopSettingRecord>> find_shop_setting(Connection& db, int64_t shop,
                                                           std::string_view key);
// Inserts or replaces the setting under `key`.
Status put_shop_setting(Connection& db, int64_t shop, std::string_view key, std::string_view value,
                        int64_t now);
// Removes the setting (absent is fine); returns whether one was removed.
Result<bool> delete_shop_setting(Connection& db, int64_t shop, std::string_view key);

}  // namespace guanxi::store
