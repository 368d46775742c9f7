// SQL for membership tiers: the current tier on customers, the tier_history
// log, and the purchase totals that qualify a customer for a tier. Every
// function runs on the caller's connection and is scoped by shop.
//
// A purchase is an order with paid_at set whose status is neither 'cancelled'
// nor 'refunded'; its revenue is paid_amount - refunded_amount; its date is
// COALESCE(created_at, paid_at). Totals count purchases dated in
// [from_ms, until_ms): the domain turns shop-local days into those instants.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/database.hpp"

namespace guanxi::store {

struct TierHistoryRecord {
  int64_t id = 0;
  int64_t shop_id = 0;
  int64_t customer_id = 0;
  std::string from_tier;  // "" = not a member
  std::string to_tier;
  std::string reason;               // upgrade, review, recompute, merge
  std::optional<int64_t> order_id;  // the purchase that caused an upgrade
  int64_t revenue = 0;              // qualifying revenue (minor units) when computed
  int64_t purchases = 0;            // qualifying purchase count when computed
  std::string actor;
  int64_t created_at = 0;
};

struct PurchaseTotals {
  int64_t purchases = 0;
  int64_t revenue = 0;  // minor units
};

// The current tier of a customer ("" when none); nullopt when the customer
// does not exist in the shop.
Result<std::optional<std::string>> find_customer_tier(Connection& db, int64_t shop,
                                                      int64_t customer);
Status set_customer_tier(Connection& db, int64_t shop, int64_t customer, std::string_view tier);
// Sets the same tier on many customers, a few hundred per statement.
Status set_customers_tier(Connection& db, int64_t shop, std::span<const int64_t> customers,
                          std::string_view tier);

// One customer's purchases dated in [from_ms, until_ms): one query on the
// orders (customer_id, created_at) index.
Result<PurchaseTotals> purchase_totals(Connection& db, int64_t customer, int64_t from_ms,
                                       int64_t until_ms);

// A live customer of the shop with its current tier and purchase totals. `tier`
// is valid only during the visit.
struct TierStanding {
  int64_t customer_id = 0;
  std::string_view tier;
  PurchaseTotals totals;
};
// Visits every live (unmerged) customer of the shop in id order with its
// purchases dated in [from_ms, until_ms), in one grouped query. The visitor
// must not use `db` (the query is still open); an error it returns stops the
// scan and is passed through.
Status scan_tier_standings(Connection& db, int64_t shop, int64_t from_ms, int64_t until_ms,
                           const std::function<Status(const TierStanding&)>& visit);

Result<int64_t> insert_tier_history(Connection& db, const TierHistoryRecord& r);
// A customer's tier changes, newest first.
Result<std::vector<TierHistoryRecord>> list_customer_tier_history(Connection& db, int64_t shop,
                                                                  int64_t customer, int limit);
// The shop's tier changes with id < before_id (all when nullopt), newest first.
Result<std::vector<TierHistoryRecord>> list_tier_history(Connection& db, int64_t shop,
                                                         std::optional<int64_t> before_id,
                                                         int limit);
// Live customers per current tier ("" = not a member), in tier-name order.
Result<std::vector<std::pair<std::string, int64_t>>> count_customers_by_tier(Connection& db,
                                                                             int64_t shop);

}  // namespace guanxi::store
