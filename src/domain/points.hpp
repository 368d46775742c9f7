// Points (积分): an append-only ledger per customer with the balance kept on
// the customer in the same transaction. Rules (settings in points_settings.hpp):
// - Earn: upsert_order, when it first sees an order as a purchase (paid, not
//   cancelled or fully refunded) in the shop's currency, earns
//   points_for_purchase(paid_amount, multiplier) once per order, the
//   multiplier being the points_multiplier_pct of the tier the buyer holds
//   when the payment is written (before that purchase's own upgrade; 100 when
//   tiers are disabled or the buyer has no tier). Re-imports and status
//   updates never earn again; orders written while earning was off never earn.
// - Reverse: a refund takes back floor(earned × refunded_amount / paid_amount)
//   in total; a cancelled or fully refunded order takes back everything it
//   earned. Reversals only grow (a refund corrected downwards gives nothing
//   back) and are never refused: when the points were already spent the
//   balance goes negative and later earnings pay the debt first.
// - Redeem / adjust (API, CLI, journeys): a negative movement larger than the
//   balance is refused (conflict) and writes nothing.
// - Spending and expiry are FIFO over lots (positive rows with points left):
//   the soonest-expiring lot first (under one expiry policy: the oldest),
//   never-expiring lots last. expire_points removes what is left of lots whose
//   expiry has passed; running it again finds nothing.
// - Merge: the merged profile's ledger rows and balance move to the survivor.
// Every movement appends a ledger row and a `points_changed` change:
//   {"kind", "delta", "balance", "reason", "source", "order_id", "entry_id"}.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/context.hpp"
#include "domain/points_settings.hpp"

namespace guanxi::domain {

enum class PointsKind { kEarn, kRedeem, kAdjust, kExpire, kReverse };
// "earn", "redeem", "adjust", "expire", "reverse".
std::string_view points_kind_name(PointsKind kind);
Result<PointsKind> parse_points_kind(std::string_view name);

struct PointsEntry {
  int64_t id = 0;
  CustomerId customer_id = 0;
  PointsKind kind = PointsKind::kAdjust;
  int64_t delta = 0;
  int64_t balance_after = 0;
  int64_t remaining = 0;  // of a positive row: neither spent nor expired yet
  std::optional<Timestamp> expires_at;
  std::optional<OrderId> order_id;
  std::string reason;
  std::string source;
  std::string actor;
  Timestamp at{};
};

// Adds `delta` points (kind adjust) to a customer (a merged id resolves to the
// survivor) and returns the new balance. delta is non-zero with |delta| ≤ 10^9;
// a negative delta larger than the balance is a conflict. `reason` is 1..200
// bytes ("生日礼遇"); `source` is "api", "cli", "journey:ID" or "campaign:ID".
// A positive delta expires like earned points.
Result<int64_t> add_points(WriteContext& w, CustomerId customer, int64_t delta,
                           std::string_view reason, std::string_view source);

// Spends `points` (> 0; kind redeem) and returns the new balance; more than the
// balance is a conflict.
Result<int64_t> redeem_points(WriteContext& w, CustomerId customer, int64_t points,
                              std::string_view reason, std::string_view source);

struct PointsExpiry {
  int64_t customers = 0;  // customers who lost points
  int64_t points = 0;     // points expired in total
  int64_t lots = 0;       // lots emptied
};
// Expires, for every customer of the shop, what is left of the lots whose
// expiry is at or before `as_of`: one `expire` row and one change per
// customer. Idempotent. The journey engine calls it daily; `guanxi points
// expire` runs it by hand.
Result<PointsExpiry> expire_points(WriteContext& w, Timestamp as_of);

struct PointsAccount {
  CustomerId customer_id = 0;  // the live profile
  int64_t balance = 0;
  std::vector<PointsEntry> entries;    // newest first
  std::optional<int64_t> next_before;  // pass as `before` for the next page
};
// A customer's balance and a page of ledger rows with id < before. limit 1..1000.
Result<PointsAccount> points_account(ReadContext& ctx, CustomerId customer, int limit,
                                     std::optional<int64_t> before = std::nullopt);

}  // namespace guanxi::domain
