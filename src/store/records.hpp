// Rows of the tables as plain values: the currency between store and domain.
// Enumerations are their stored names (domain parses them); times are UTC
// milliseconds; money is minor units.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace guanxi::store {

struct ShopRecord {
  int64_t id = 0;
  std::string name;
  std::string time_zone;
  std::string currency;
  int64_t created_at = 0;
};

struct CustomerRecord {
  int64_t id = 0;
  int64_t shop_id = 0;
  std::string name;
  std::string gender = "unknown";
  std::optional<std::string> birthday;  // "1990-03-15" or "--03-15"
  bool birthday_lunar = false;
  std::string province;
  std::string city;
  std::optional<int64_t> signup_at;
  std::string source_channel;
  std::optional<int64_t> owner_user_id;
  std::optional<int64_t> csr_user_id;
  std::string consent_sms = "unknown";
  std::string consent_email = "unknown";
  std::string consent_wechat = "unknown";
  std::string attributes = "{}";  // JSON object
  std::optional<int64_t> merged_into;
  // Membership tier ("" = none). Read with the row; written only through
  // tier_table.hpp, never by insert_customer / update_customer.
  std::string tier;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct IdentityRecord {
  std::string type;
  std::string value;
  int64_t customer_id = 0;
  int64_t created_at = 0;
};

struct OrderItemRecord {
  int64_t line_no = 0;
  std::string sku;
  std::string product_name;
  std::string category;
  int64_t quantity = 0;
  int64_t unit_price = 0;
};

struct OrderRecord {
  int64_t id = 0;
  int64_t shop_id = 0;
  std::string platform;
  std::string external_id;
  int64_t customer_id = 0;
  std::string status;
  std::optional<int64_t> created_at;
  std::optional<int64_t> paid_at;
  std::optional<int64_t> shipped_at;
  std::optional<int64_t> completed_at;
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
  int64_t content_hash = 0;
  int64_t inserted_at = 0;
  int64_t updated_at = 0;
  std::vector<OrderItemRecord> items;
};

// The few columns an upsert needs to decide created/updated/unchanged.
struct OrderKeyRecord {
  int64_t id = 0;
  int64_t customer_id = 0;
  std::string status;
  std::optional<int64_t> paid_at;
  int64_t refunded_amount = 0;
  int64_t content_hash = 0;
};

struct NoteRecord {
  int64_t id = 0;
  int64_t shop_id = 0;
  int64_t customer_id = 0;
  std::string type;
  std::string direction;
  std::string author;
  std::string summary;
  int64_t occurred_at = 0;
  int64_t created_at = 0;
  std::optional<int64_t> agent_id;  // agents.id of the CSR who had the interaction
  std::optional<int64_t> duration_s;
  std::string outcome;
  std::optional<int64_t> next_follow_up_at;
  std::optional<int64_t> ticket_id;
};

struct TagRecord {
  int64_t tag_id = 0;
  std::string name;
  std::string source;
  int64_t created_at = 0;
};

struct EventRecord {
  int64_t id = 0;
  int64_t shop_id = 0;
  std::string message_id;
  std::string kind;  // identify, track
  std::string name;
  std::optional<int64_t> customer_id;
  std::optional<std::string> user_id;
  std::optional<std::string> anonymous_id;
  std::string properties = "{}";
  int64_t occurred_at = 0;
  int64_t received_at = 0;
};

struct MergeRecord {
  int64_t id = 0;
  int64_t shop_id = 0;
  int64_t survivor_id = 0;
  int64_t merged_id = 0;
  std::string actor;
  std::string reason;
  std::string details = "{}";
  int64_t created_at = 0;
};

struct ChangeRecord {
  int64_t seq = 0;
  int64_t shop_id = 0;
  std::string kind;  // customer_created, order_paid, identity_merged, ...
  std::optional<int64_t> customer_id;
  std::optional<int64_t> entity_id;
  std::string payload = "{}";
  std::string actor;
  int64_t created_at = 0;
};

struct ApiKeyRecord {
  int64_t id = 0;
  int64_t shop_id = 0;
  std::string name;
  std::string prefix;
  std::string key_hash;
  std::string role;
  int64_t created_at = 0;
  std::optional<int64_t> last_used_at;
  std::optional<int64_t> revoked_at;
};

// Per-customer order aggregates over purchases (see domain::is_purchase).
struct OrderAggregates {
  int64_t order_count = 0;                // all orders
  int64_t purchase_count = 0;             // paid, not cancelled, not fully refunded
  int64_t total_paid = 0;                 // sum of paid_amount over purchases
  int64_t net_revenue = 0;                // sum of paid_amount - refunded_amount over purchases
  int64_t total_refunded = 0;             // sum of refunded_amount over all orders
  int64_t refund_count = 0;               // orders with refunded_amount > 0
  std::optional<int64_t> first_order_at;  // created_at of the first purchase
  std::optional<int64_t> last_order_at;   // created_at of the last purchase
};

}  // namespace guanxi::store
