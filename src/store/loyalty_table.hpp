// SQL for loyalty: coupon batches and their issued codes, the points ledger
// with customers.points_balance, and referrals. Every function runs on the
// caller's connection (inside the caller's transaction for writes) and is
// scoped by shop where a row is addressed by id. The rules (limits, FIFO
// consumption, cycles) are the domain's; these functions only read and write.
//
// A purchase, in the report queries, is an order with paid_at set whose status
// is neither 'cancelled' nor 'refunded' (as everywhere in Guanxi).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"

namespace guanxi::store {

// ---- coupon batches and coupons ---------------------------------------------

struct CouponBatchRecord {
  int64_t id = 0;
  int64_t shop_id = 0;
  std::string name;
  std::string kind;  // amount | percent
  int64_t amount_off = 0;
  int64_t percent_off = 0;
  int64_t threshold = 0;
  std::string currency;
  std::optional<int64_t> valid_from;
  std::optional<int64_t> valid_until;
  std::optional<int64_t> valid_days;
  int64_t per_customer_limit = 1;
  std::optional<int64_t> total_limit;
  std::string code_prefix;
  std::string status;  // active | paused | archived
  int64_t issued = 0;
  std::string created_by;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct CouponRecord {
  int64_t id = 0;
  int64_t shop_id = 0;
  int64_t batch_id = 0;
  std::string code;
  int64_t customer_id = 0;
  std::string source;
  std::string status;  // issued | redeemed
  int64_t valid_from = 0;
  int64_t valid_until = 0;  // exclusive
  int64_t issued_at = 0;
  std::optional<int64_t> order_id;
  std::optional<int64_t> redeemed_at;
  std::string actor;
};

// Inserts a batch (id and issued ignored); returns its id. A taken name fails
// the UNIQUE (shop_id, name) constraint: check with find_coupon_batch_by_name first.
Result<int64_t> insert_coupon_batch(Connection& db, const CouponBatchRecord& r);
// Writes every mutable column (name .. status, updated_at) of the batch `r.id`.
Status update_coupon_batch(Connection& db, const CouponBatchRecord& r);
Status delete_coupon_batch(Connection& db, int64_t shop, int64_t batch);
Result<std::optional<CouponBatchRecord>> find_coupon_batch(Connection& db, int64_t shop,
                                                           int64_t batch);
Result<std::optional<int64_t>> find_coupon_batch_by_name(Connection& db, int64_t shop,
                                                         std::string_view name);
// The shop's batches, newest first.
Result<std::vector<CouponBatchRecord>> list_coupon_batches(Connection& db, int64_t shop);
Status increment_batch_issued(Connection& db, int64_t batch);

// Coupons of `batch` held by `customer`, whatever their status.
Result<int64_t> count_customer_batch_coupons(Connection& db, int64_t batch, int64_t customer);
Result<bool> coupon_code_exists(Connection& db, int64_t shop, std::string_view code);
Result<int64_t> insert_coupon(Connection& db, const CouponRecord& r);
Result<std::optional<CouponRecord>> find_coupon(Connection& db, int64_t shop, int64_t coupon);
Result<std::optional<CouponRecord>> find_coupon_by_code(Connection& db, int64_t shop,
                                                        std::string_view code);
Status mark_coupon_redeemed(Connection& db, int64_t coupon, int64_t order, int64_t redeemed_at);
// Coupons of a batch with id > after_id, in id order, at most limit; `status`
// filters when not empty.
Result<std::vector<CouponRecord>> list_batch_coupons(Connection& db, int64_t shop, int64_t batch,
                                                     int64_t after_id, int limit,
                                                     std::string_view status);
// A customer's coupons, newest first.
Result<std::vector<CouponRecord>> list_customer_coupons(Connection& db, int64_t shop,
                                                        int64_t customer, int limit);
struct CustomerCouponCounts {
  int64_t issued = 0;    // held and not redeemed (valid or not)
  int64_t usable = 0;    // of those, valid at `now`
  int64_t redeemed = 0;  // redeemed
};
Result<CustomerCouponCounts> count_customer_coupons(Connection& db, int64_t customer, int64_t now);

struct CouponBatchTotals {
  int64_t issued = 0;
  int64_t redeemed = 0;
  int64_t revenue = 0;  // SUM(paid_amount - refunded_amount) of the redeeming orders
  int64_t paid = 0;     // SUM(paid_amount) of the redeeming orders
};
Result<CouponBatchTotals> coupon_batch_totals(Connection& db, int64_t batch);
// Merge: every coupon of `from` goes to `to`.
Status move_coupons(Connection& db, int64_t from, int64_t to);

// What the customer summary and the 360 show: the points balance and the
// coupons held unredeemed and valid at `now`; nullopt when no such customer.
struct CustomerLoyaltyRecord {
  int64_t points = 0;
  int64_t usable_coupons = 0;
};
Result<std::optional<CustomerLoyaltyRecord>> find_customer_loyalty(Connection& db, int64_t shop,
                                                                   int64_t customer, int64_t now);

// ---- points -------------------------------------------------------------------

struct PointsEntryRecord {
  int64_t id = 0;
  int64_t shop_id = 0;
  int64_t customer_id = 0;
  std::string kind;  // earn | redeem | adjust | expire | reverse
  int64_t delta = 0;
  int64_t balance_after = 0;
  int64_t remaining = 0;
  std::optional<int64_t> expires_at;
  std::optional<int64_t> order_id;
  std::string reason;
  std::string source;
  std::string actor;
  int64_t created_at = 0;
};

// A positive ledger row with points left: a lot consumed first-expiring first.
struct PointsLot {
  int64_t entry_id = 0;
  int64_t customer_id = 0;
  int64_t remaining = 0;
  std::optional<int64_t> expires_at;
};

// The balance of a customer of the shop; nullopt when no such customer.
Result<std::optional<int64_t>> find_points_balance(Connection& db, int64_t shop, int64_t customer);
Status set_points_balance(Connection& db, int64_t shop, int64_t customer, int64_t balance);
Result<int64_t> insert_points_entry(Connection& db, const PointsEntryRecord& r);
// The lots of a customer with remaining > 0: soonest expiry first (never-expiring
// last), then oldest.
Result<std::vector<PointsLot>> list_points_lots(Connection& db, int64_t customer);
Status set_lot_remaining(Connection& db, int64_t entry, int64_t remaining);
// Lots of the shop's customers with remaining > 0 and expires_at <= as_of, by
// customer then entry.
Result<std::vector<PointsLot>> list_expired_lots(Connection& db, int64_t shop, int64_t as_of);

struct OrderPoints {
  bool earned = false;   // the order has an earn row
  int64_t earn = 0;      // its delta
  int64_t reversed = 0;  // points taken back so far (positive)
};
Result<OrderPoints> order_points(Connection& db, int64_t order);

// A customer's ledger rows with id < before_id, newest first.
Result<std::vector<PointsEntryRecord>> list_points_entries(Connection& db, int64_t shop,
                                                           int64_t customer, int64_t before_id,
                                                           int limit);
// Merge: every ledger row of `from` goes to `to` (balances are the caller's).
Status move_points_entries(Connection& db, int64_t from, int64_t to);

// ---- referrals ----------------------------------------------------------------

struct ReferralRecord {
  int64_t id = 0;
  int64_t shop_id = 0;
  int64_t referrer_id = 0;
  int64_t referred_id = 0;
  std::string status;  // active | superseded
  std::string source;
  std::string actor;
  int64_t created_at = 0;
};

Result<int64_t> insert_referral(Connection& db, const ReferralRecord& r);
// The active referral that brought `referred`, if any.
Result<std::optional<ReferralRecord>> find_active_referral(Connection& db, int64_t referred);
// Active referrals made by `referrer`, oldest first.
Result<std::vector<ReferralRecord>> list_referrals_by(Connection& db, int64_t referrer, int limit);
Result<int64_t> count_referrals_by(Connection& db, int64_t referrer);
Status supersede_referral(Connection& db, int64_t referral);
// Re-points active referrals: referred `from` -> `to` / referrer `from` -> `to`.
Status move_referred(Connection& db, int64_t referral, int64_t to);
Status move_referrer(Connection& db, int64_t from, int64_t to);

// Live customers split by whether an active referral brought them.
struct ReferralGroupTotals {
  int64_t customers = 0;
  int64_t purchasers = 0;         // at least 1 purchase
  int64_t repeat_purchasers = 0;  // at least 2 purchases
};
struct LoyaltyTotals {
  ReferralGroupTotals referred;
  ReferralGroupTotals not_referred;
  int64_t referrals = 0;  // active referrals
  int64_t referrers = 0;  // customers with at least one
  int64_t customers_with_points = 0;
  int64_t points_outstanding = 0;  // sum of positive balances
};
Result<LoyaltyTotals> loyalty_totals(Connection& db, int64_t shop);

struct ReferrerRow {
  int64_t customer_id = 0;
  std::string name;
  int64_t referrals = 0;
  int64_t referred_purchasers = 0;
  int64_t referred_repeat_purchasers = 0;
  int64_t purchases = 0;  // the referrer's own
};
// The top referrers: most referrals, then most referred purchasers, then most
// referred repeat purchasers, then most own purchases, then lowest id.
Result<std::vector<ReferrerRow>> top_referrers(Connection& db, int64_t shop, int limit);

}  // namespace guanxi::store
