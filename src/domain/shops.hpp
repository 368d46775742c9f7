// Shops (tenants) and API keys.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/context.hpp"

namespace guanxi::domain {

// Creates a shop; the time zone must be known to the OS tz database and the
// currency a 3-letter code.
Result<Shop> create_shop(store::Connection& db, const Clock& clock, const Shop& shop);
Result<std::optional<Shop>> find_shop(store::Connection& db, ShopId id);
Result<std::vector<Shop>> list_shops(store::Connection& db);

// A change to a shop's settings; absent members stay as they are.
struct ShopPatch {
  std::optional<std::string> name;       // 1-200 bytes, not blank
  std::optional<std::string> time_zone;  // an IANA name the tz database knows ("Asia/Shanghai")
  std::optional<std::string> currency;   // an ISO 4217 code in upper case ("CNY")
};

// Applies `patch` to w.shop and returns the shop as stored. A value that fails
// its check is unprocessable with the member's JSON pointer as the field
// ("/time_zone"). Amounts are stored in minor units, so a new currency must have
// as many decimal digits as the old one (CNY -> USD, not CNY -> JPY). When
// something changed, a "shop.change" audit row (object "shop", detail
// {"before": {...}, "after": {...}} of the changed members, address `ip`) is
// written in the same transaction. The running engines (segments, journeys,
// SLA clocks) read the time zone when they start.
Result<Shop> update_shop(WriteContext& w, const ShopPatch& patch, std::string_view ip);

// Whether `code` is an active ISO 4217 currency code (upper case).
bool is_known_currency(std::string_view code);

struct ApiKey {
  int64_t id = 0;
  ShopId shop_id = 0;
  std::string name;
  std::string role;    // admin (more roles arrive with the user system)
  std::string prefix;  // the visible, non-secret part ("gx_1a2b3c4d")
  Timestamp created_at{};
  std::optional<Timestamp> last_used_at;
  std::optional<Timestamp> revoked_at;
};

struct NewApiKey {
  ApiKey key;
  std::string secret;  // shown once: "gx_<prefix>_<secret>"; only its hash is stored
};

// Creates an API key. The token carries 256 random bits (libsodium); the
// database keeps only its BLAKE2b-256 hash, so a stolen database does not yield
// usable keys (and with that much entropy a slow password hash adds nothing).
Result<NewApiKey> create_api_key(store::Connection& db, const Clock& clock, ShopId shop,
                                 std::string_view name, std::string_view role);
// The key a bearer token belongs to, when valid and not revoked (constant-time
// comparison); unauthenticated otherwise.
Result<ApiKey> authenticate_api_key(store::Connection& db, std::string_view token);
Result<std::vector<ApiKey>> list_api_keys(store::Connection& db, ShopId shop);
Status revoke_api_key(store::Connection& db, const Clock& clock, ShopId shop, int64_t id);

}  // namespace guanxi::domain
