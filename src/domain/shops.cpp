#include "domain/shops.hpp"

#include <sodium.h>

#include <algorithm>
#include <iterator>

#include "domain/audit.hpp"
#include "domain/sodium_internal.hpp"
#include "store/admin_table.hpp"

namespace guanxi::domain {

namespace {

using internal::ensure_sodium;
using internal::to_hex;

Shop to_shop(const store::ShopRecord& r) {
  return Shop{r.id, r.name, r.time_zone, r.currency};
}

std::string hash_secret(std::string_view secret) {
  unsigned char digest[crypto_generichash_BYTES];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(secret.data()),
                     secret.size(), nullptr, 0);
  return to_hex(digest, sizeof digest);
}

ApiKey to_key(const store::ApiKeyRecord& r) {
  ApiKey k;
  k.id = r.id;
  k.shop_id = r.shop_id;
  k.name = r.name;
  k.role = r.role;
  k.prefix = r.prefix;
  k.created_at = from_millis(r.created_at);
  if (r.last_used_at) k.last_used_at = from_millis(*r.last_used_at);
  if (r.revoked_at) k.revoked_at = from_millis(*r.revoked_at);
  return k;
}

// Active ISO 4217 codes (2025), sorted for binary search.
constexpr std::string_view kCurrencies[] = {
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD",
    "CDF", "CHF", "CLP", "CNY", "COP", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD",
    "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ",
    "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD",
    "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR",
    "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR",
    "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN",
    "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR",
    "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB",
    "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS",
    "VES", "VND", "VUV", "WST", "XAF", "XCD", "XCG", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWG"};

}  // namespace

Result<Shop> create_shop(store::Connection& db, const Clock& clock, const Shop& shop) {
  if (shop.name.empty()) return Status::invalid("shop name is required");
  GX_RETURN_IF_ERROR(ShopZone::load(shop.time_zone).status());
  GX_ASSIGN_OR_RETURN(Currency currency, Currency::parse(shop.currency));
  store::ShopRecord r{0, shop.name, shop.time_zone, currency.code(), to_millis(clock.now())};
  GX_ASSIGN_OR_RETURN(r.id, store::insert_shop(db, r));
  return to_shop(r);
}

Result<std::optional<Shop>> find_shop(store::Connection& db, ShopId id) {
  GX_ASSIGN_OR_RETURN(auto r, store::find_shop(db, id));
  if (!r) return std::optional<Shop>();
  return std::optional<Shop>(to_shop(*r));
}

Result<std::vector<Shop>> list_shops(store::Connection& db) {
  GX_ASSIGN_OR_RETURN(auto recs, store::list_shops(db));
  std::vector<Shop> out;
  for (const auto& r : recs) out.push_back(to_shop(r));
  return out;
}

bool is_known_currency(std::string_view code) {
  return std::binary_search(std::begin(kCurrencies), std::end(kCurrencies), code);
}

Result<Shop> update_shop(WriteContext& w, const ShopPatch& patch, std::string_view ip) {
  GX_ASSIGN_OR_RETURN(auto current, store::find_shop(w.db, w.shop.id));
  if (!current) return Status::not_found("shop " + std::to_string(w.shop.id) + " does not exist");
  store::ShopRecord next = *current;
  if (patch.name) {
    const std::string& name = *patch.name;
    const bool blank = name.find_first_not_of(" \t\r\n") == std::string::npos;
    if (blank || name.size() > 200)
      return Status::unprocessable_field("name", "name must be 1-200 bytes");
    if (std::any_of(name.begin(), name.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20; }))
      return Status::unprocessable_field("name", "name must not contain control characters");
    next.name = name;
  }
  if (patch.time_zone) {
    if (!ShopZone::load(*patch.time_zone).ok())
      return Status::unprocessable_field("time_zone", "unknown time zone '" + *patch.time_zone +
                                                          "' (an IANA name such as Asia/Shanghai)");
    next.time_zone = *patch.time_zone;
  }
  if (patch.currency) {
    const std::string& code = *patch.currency;
    if (!is_known_currency(code))
      return Status::unprocessable_field(
          "currency",
          "unknown currency '" + code + "' (an ISO 4217 code in upper case, such as CNY)");
    GX_ASSIGN_OR_RETURN(const Currency to, Currency::parse(code));
    GX_ASSIGN_OR_RETURN(const Currency from, Currency::parse(current->currency));
    if (to.exponent() != from.exponent())
      return Status::unprocessable_field(
          "currency", "amounts are stored in minor units of " + from.code() + " (" +
                          std::to_string(from.exponent()) + " decimals); " + code + " has " +
                          std::to_string(to.exponent()));
    next.currency = code;
  }
  AuditEntry audit;
  audit.action = "shop.change";
  audit.object_type = "shop";
  audit.object_id = std::to_string(current->id);
  audit.ip = std::string(ip.substr(0, 64));
  Json& before = audit.detail["before"] = Json::object();
  Json& after = audit.detail["after"] = Json::object();
  const auto note = [&](const char* key, const std::string& old_value,
                        const std::string& new_value) {
    if (old_value == new_value) return;
    before[key] = old_value;
    after[key] = new_value;
  };
  note("name", current->name, next.name);
  note("time_zone", current->time_zone, next.time_zone);
  note("currency", current->currency, next.currency);
  if (after.empty()) return to_shop(next);
  GX_ASSIGN_OR_RETURN(const bool updated, store::update_shop(w.db, next));
  if (!updated) return Status::not_found("shop " + std::to_string(w.shop.id) + " does not exist");
  GX_RETURN_IF_ERROR(record_audit(w, audit));
  return to_shop(next);
}

Result<NewApiKey> create_api_key(store::Connection& db, const Clock& clock, ShopId shop,
                                 std::string_view name, std::string_view role) {
  GX_RETURN_IF_ERROR(ensure_sodium());
  if (name.empty() || name.size() > 100) return Status::invalid("API key name must be 1-100 bytes");
  if (role != "admin")
    return Status::invalid("unknown role '" + std::string(role) + "' (expected admin)");
  GX_ASSIGN_OR_RETURN(auto shop_rec, store::find_shop(db, shop));
  if (!shop_rec) return Status::not_found("shop " + std::to_string(shop) + " does not exist");
  unsigned char prefix_bytes[6];
  unsigned char secret_bytes[32];
  randombytes_buf(prefix_bytes, sizeof prefix_bytes);
  randombytes_buf(secret_bytes, sizeof secret_bytes);
  const std::string prefix = "gx_" + to_hex(prefix_bytes, sizeof prefix_bytes);
  const std::string secret = to_hex(secret_bytes, sizeof secret_bytes);
  store::ApiKeyRecord r;
  r.shop_id = shop;
  r.name = std::string(name);
  r.prefix = prefix;
  r.key_hash = hash_secret(secret);
  r.role = std::string(role);
  r.created_at = to_millis(clock.now());
  GX_ASSIGN_OR_RETURN(r.id, store::insert_api_key(db, r));
  return NewApiKey{to_key(r), prefix + "_" + secret};
}

Result<ApiKey> authenticate_api_key(store::Connection& db, std::string_view token) {
  GX_RETURN_IF_ERROR(ensure_sodium());
  const Status denied(ErrorCode::kUnauthenticated, "invalid or revoked API key");
  const size_t sep = token.rfind('_');
  if (!token.starts_with("gx_") || sep == std::string_view::npos || sep < 4) return denied;
  const std::string_view prefix = token.substr(0, sep);
  const std::string_view secret = token.substr(sep + 1);
  GX_ASSIGN_OR_RETURN(auto rec, store::find_api_key_by_prefix(db, prefix));
  if (!rec || rec->revoked_at) return denied;
  const std::string hash = hash_secret(secret);
  if (hash.size() != rec->key_hash.size() ||
      sodium_memcmp(hash.data(), rec->key_hash.data(), hash.size()) != 0) {
    return denied;
  }
  return to_key(*rec);
}

Result<std::vector<ApiKey>> list_api_keys(store::Connection& db, ShopId shop) {
  GX_ASSIGN_OR_RETURN(auto recs, store::list_api_keys(db, shop));
  std::vector<ApiKey> out;
  for (const auto& r : recs) out.push_back(to_key(r));
  return out;
}

Status revoke_api_key(store::Connection& db, const Clock& clock, ShopId shop, int64_t id) {
  GX_ASSIGN_OR_RETURN(bool revoked, store::revoke_api_key(db, shop, id, to_millis(clock.now())));
  if (!revoked)
    return Status::not_found("API key " + std::to_string(id) +
                             " does not exist or is already revoked");
  return Status::ok();
}

}  // namespace guanxi::domain
