// Scans that find the customers a date trigger concerns on one day. Each
// visits rows in one query; the visitor must not use `db` meanwhile.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"

namespace guanxi::store {

// Live customers whose birthday text ends with one of the "MM-DD" keys, on the
// solar (lunar = false) or lunar calendar.
Status scan_birthdays(Connection& db, int64_t shop, bool lunar, std::span<const std::string> mmdd,
                      const std::function<void(int64_t customer)>& visit);
// Live customers with a signup time.
Status scan_signups(Connection& db, int64_t shop,
                    const std::function<void(int64_t customer, int64_t signup_ms)>& visit);
// Live customers with their first and last purchase times (paid, not
// cancelled/refunded; purchase time is COALESCE(paid_at, created_at)).
Status scan_purchase_span(
    Connection& db, int64_t shop,
    const std::function<void(int64_t customer, int64_t first_ms, int64_t last_ms)>& visit);
// For every product with a consumption cycle: each customer's last purchase of it.
struct ProductPurchase {
  int64_t customer = 0;
  std::string_view sku;
  std::string_view name;
  int64_t cycle_days = 0;
  int64_t last_ms = 0;
  int64_t quantity = 0;  // units in that last purchase
};
Status scan_cycle_purchases(Connection& db, int64_t shop,
                            const std::function<void(const ProductPurchase&)>& visit);
// Every live customer of the shop.
Status scan_live_customers(Connection& db, int64_t shop,
                           const std::function<void(int64_t customer)>& visit);

// ---- facts for message templates ----

struct CustomerCareFacts {
  std::string name;
  std::string tier;
  int64_t points = 0;
};
// A live or merged customer of the shop; nullopt when there is none.
Result<std::optional<CustomerCareFacts>> customer_care_facts(Connection& db, int64_t shop,
                                                             int64_t customer);

struct ProductRef {
  std::string sku;
  std::string name;
  std::string category;
};
// The item of the customer's most recent purchase (paid, not cancelled or refunded).
Result<std::optional<ProductRef>> last_purchased_product(Connection& db, int64_t customer);
// The shop's best sellers by number of purchases, in one category ("" = all), most first.
Result<std::vector<ProductRef>> top_products(Connection& db, int64_t shop,
                                             std::string_view category, int limit);
// Whether the customer has bought the SKU (any purchase, paid).
Result<bool> customer_bought_sku(Connection& db, int64_t customer, std::string_view sku);

// ---- facts for a batch of customers (ids lo..hi), one range scan each ----
// The care engine asks these instead of one query per customer when the
// customers of a batch are dense in the id space (a holiday, a big birthday
// day); see outbox::FactBatch.

struct CustomerRowFacts {
  int64_t customer = 0;
  bool live = false;  // not merged into another profile
  std::string_view name;
  std::string_view tier;
  int64_t points = 0;
  std::string_view consent_sms;
  std::string_view consent_email;
  std::string_view consent_wechat;
};
// The shop's customers with lo <= id <= hi, merged ones included (live = false).
Status scan_customer_facts(Connection& db, int64_t shop, int64_t lo, int64_t hi,
                           const std::function<void(const CustomerRowFacts&)>& visit);
// Identities of the types phone, email and wechat_openid of customers lo..hi,
// per customer in the order customer_identity() picks its first one
// (created_at, value). `suppressed`: the shop has a suppression of the
// address on the channel of the type.
Status scan_address_identities(
    Connection& db, int64_t shop, int64_t lo, int64_t hi,
    const std::function<void(int64_t customer, std::string_view type, std::string_view value,
                             bool suppressed)>& visit);
// Messages of customers lo..hi due in [from, until] that count for caps and
// dedupe (queued, sending, sent, delivered).
struct LiveMessageRow {
  int64_t customer = 0;
  std::string_view channel;
  std::string_view klass;
  std::optional<int64_t> template_id;
  int64_t due_at = 0;
};
Status scan_live_messages(Connection& db, int64_t lo, int64_t hi, int64_t from, int64_t until,
                          const std::function<void(const LiveMessageRow&)>& visit);
// Every run of the journey of the customers lo..hi: its occurrence and start.
Status scan_journey_runs(Connection& db, int64_t journey, int64_t lo, int64_t hi,
                         const std::function<void(int64_t customer, std::string_view occurrence,
                                                  int64_t started)>& visit);

}  // namespace guanxi::store
