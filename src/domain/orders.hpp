// Orders: idempotent upsert by (platform, external id), with the buyer resolved
// (and merged) by identity, and the change feed told what happened.
#pragma once

#include <vector>

#include "domain/context.hpp"

namespace guanxi::domain {

struct OrderUpsert {
  OrderId order_id = 0;
  CustomerId customer_id = 0;
  UpsertOutcome outcome = UpsertOutcome::kUnchanged;
  bool customer_created = false;
  int customers_merged = 0;  // profiles folded into the buyer by this write
};

// Validates and writes one order. Validation failures are invalid_argument with
// the offending field in the location (e.g. "paid_amount"), and nothing is
// written. An order identical to the stored one is kUnchanged and writes
// nothing (not even a change); a changed one is updated in place (items
// replaced) and the status move is appended to the change feed (order_paid,
// order_refunded, order_cancelled, order_completed, order_updated).
// Must run inside a write transaction.
Result<OrderUpsert> upsert_order(WriteContext& ctx, const OrderInput& input);

// Checks an input without writing: amounts non-negative, refunded <= paid, the
// external id and platform present, quantities positive, currency valid.
Status validate_order(const OrderInput& input);

Result<Order> get_order(ReadContext& ctx, OrderId id);
Result<std::optional<Order>> find_order(ReadContext& ctx, std::string_view platform,
                                        std::string_view external_id);
// Newest first; `limit` at most 1000.
Result<std::vector<Order>> list_customer_orders(ReadContext& ctx, CustomerId customer, int limit,
                                                std::optional<OrderId> before = std::nullopt);

}  // namespace guanxi::domain
