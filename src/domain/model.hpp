// The records of the customer domain as the rest of Guanxi sees them, and the
// input shapes every write path (import row, API body, event) is turned into.
// Ids are int64 and always used together with the shop they belong to.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.hpp"
#include "core/money.hpp"
#include "core/status.hpp"
#include "core/time.hpp"

namespace guanxi::domain {

using ShopId = int64_t;
using CustomerId = int64_t;
using OrderId = int64_t;
using UserId = int64_t;

// ---- identities -------------------------------------------------------------

enum class IdentityType {
  kPhone,
  kEmail,
  kWechatOpenid,
  kWechatUnionid,
  kTaobaoNick,
  kJdPin,
  kShopifyCustomerId,
  kExternalId,
  kAnonymousId,  // an event stream's anonymousId, attached once the visitor is identified
};
inline constexpr IdentityType kAllIdentityTypes[] = {IdentityType::kPhone,
                                                     IdentityType::kEmail,
                                                     IdentityType::kWechatOpenid,
                                                     IdentityType::kWechatUnionid,
                                                     IdentityType::kTaobaoNick,
                                                     IdentityType::kJdPin,
                                                     IdentityType::kShopifyCustomerId,
                                                     IdentityType::kExternalId,
                                                     IdentityType::kAnonymousId};

// "phone", "email", "wechat_openid", "wechat_unionid", "taobao_nick", "jd_pin",
// "shopify_customer_id", "external_id", "anonymous_id".
std::string_view identity_type_name(IdentityType type);
Result<IdentityType> parse_identity_type(std::string_view name);

// A (type, value) pair as it arrived; normalize_identity() makes the stored form.
struct IdentityInput {
  IdentityType type = IdentityType::kExternalId;
  std::string value;
};

// A normalized identity: phones in E.164 ("+8613800138000"), emails lowercased
// and trimmed, other types trimmed. Unique per shop.
struct Identity {
  IdentityType type = IdentityType::kExternalId;
  std::string value;
  bool operator==(const Identity&) const = default;
};

// ---- customers --------------------------------------------------------------

enum class Gender { kUnknown, kMale, kFemale };
std::string_view gender_name(Gender g);              // "unknown", "male", "female"
Result<Gender> parse_gender(std::string_view text);  // also 男/女/M/F/m/f

// Consent per channel: unknown until the customer said yes or no.
enum class Consent { kUnknown, kGranted, kDenied };
std::string_view consent_name(Consent c);  // "unknown", "granted", "denied"
Result<Consent> parse_consent(std::string_view text);

struct Birthday {
  std::optional<int> year;  // often unknown
  unsigned month = 0;       // 1-12
  unsigned day = 0;         // 1-31, valid for the month (Feb 29 allowed)
  bool lunar = false;       // the month/day are on the Chinese lunar calendar
  bool operator==(const Birthday&) const = default;
  // "1990-03-15", "--03-15" when the year is unknown; lunar adds the "lunar" flag in JSON.
  std::string to_string() const;
};
// Parses "1990-03-15", "03-15", "--03-15", "1990/3/15".
Result<Birthday> parse_birthday(std::string_view text, bool lunar = false);

struct Customer {
  CustomerId id = 0;
  ShopId shop_id = 0;
  std::string name;
  Gender gender = Gender::kUnknown;
  std::optional<Birthday> birthday;
  std::string province;
  std::string city;
  std::optional<Timestamp> signup_at;
  std::string source_channel;
  std::optional<UserId> owner_user_id;
  std::optional<UserId> csr_user_id;
  Consent consent_sms = Consent::kUnknown;
  Consent consent_email = Consent::kUnknown;
  Consent consent_wechat = Consent::kUnknown;
  Json attributes = Json::object();  // custom attributes
  // Membership tier (会员等级) name, "" when not a member. Maintained by tiers.hpp
  // only: profile writes never change it.
  std::string tier;
  Timestamp created_at{};
  Timestamp updated_at{};
};

// Profile fields carried by a write. Absent (nullopt) means "leave as is"; the
// attributes object is merged key by key (a JSON null value removes a key).
struct CustomerInput {
  std::vector<IdentityInput> identities;
  std::optional<std::string> name;
  std::optional<Gender> gender;
  std::optional<Birthday> birthday;
  std::optional<std::string> province;
  std::optional<std::string> city;
  std::optional<Timestamp> signup_at;
  std::optional<std::string> source_channel;
  std::optional<UserId> owner_user_id;
  std::optional<UserId> csr_user_id;
  std::optional<Consent> consent_sms;
  std::optional<Consent> consent_email;
  std::optional<Consent> consent_wechat;
  Json attributes = Json::object();
};

// ---- orders -----------------------------------------------------------------

enum class OrderStatus {
  kCreated,
  kPaid,
  kShipped,
  kCompleted,
  kCancelled,
  kRefunded,
  kPartiallyRefunded,
};
std::string_view order_status_name(OrderStatus s);  // "created", "paid", ... "partially_refunded"
Result<OrderStatus> parse_order_status(std::string_view name);

struct OrderItemInput {
  std::string sku;  // may be empty when the platform gives none
  std::string product_name;
  std::string category;  // optional
  int64_t quantity = 1;
  int64_t unit_price = 0;  // minor units
};

// One order as a write carries it. Amounts are minor units of `currency`.
// Times are UTC (importers convert shop-local export times with ShopZone).
struct OrderInput {
  std::string platform;  // "taobao", "tmall", "jd", "shopify", "wechat", "api", ...
  std::string
      external_id;  // the platform's order number; (platform, external_id) is unique per shop
  CustomerInput customer;  // identities and profile fields of the buyer
  // The buyer's id when the caller already knows it (API); identities in
  // `customer` are then attached to that profile.
  std::optional<CustomerId> customer_id;
  OrderStatus status = OrderStatus::kCreated;
  std::optional<Timestamp> created_at;
  std::optional<Timestamp> paid_at;
  std::optional<Timestamp> shipped_at;
  std::optional<Timestamp> completed_at;
  std::string currency = "CNY";
  int64_t goods_amount = 0;
  int64_t discount_amount = 0;
  int64_t shipping_fee = 0;
  int64_t paid_amount = 0;
  int64_t refunded_amount = 0;
  std::string coupon_code;
  std::string refund_reason;
  std::string receiver_name;
  std::string receiver_phone;  // as given (may be masked, e.g. 138****1234)
  std::string receiver_address;
  std::vector<OrderItemInput> items;
};

struct OrderItem {
  int line_no = 0;
  std::string sku;
  std::string product_name;
  std::string category;
  int64_t quantity = 0;
  int64_t unit_price = 0;
};

struct Order {
  OrderId id = 0;
  ShopId shop_id = 0;
  std::string platform;
  std::string external_id;
  CustomerId customer_id = 0;
  OrderStatus status = OrderStatus::kCreated;
  std::optional<Timestamp> created_at;
  std::optional<Timestamp> paid_at;
  std::optional<Timestamp> shipped_at;
  std::optional<Timestamp> completed_at;
  std::string currency;
  int64_t goods_amount = 0;
  int64_t discount_amount = 0;
  int64_t shipping_fee = 0;
  int64_t paid_amount = 0;
  int64_t refunded_amount = 0;
  std::string coupon_code;
  std::string refund_reason;
  std::string receiver_name;
  std::string receiver_phone;
  std::string receiver_address;
  std::vector<OrderItem> items;
  Timestamp updated_at{};
};

// A purchase (see the segment definitions) is an order that was paid and is
// neither cancelled nor fully refunded.
bool is_purchase(OrderStatus status, bool was_paid);

}  // namespace guanxi::domain
