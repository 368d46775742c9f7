// What the order and merge write paths call into loyalty (coupons, points,
// referrals), and helpers shared by the loyalty files. Not part of the
// domain's API.
#pragma once

#include <optional>
#include <string_view>
#include <utility>

#include "domain/context.hpp"
#include "store/query.hpp"
#include "store/records.hpp"

namespace guanxi::domain::internal {

// After upsert_order wrote `order` (created or changed) for `buyer`, before the
// tier upgrade: redeems the coupon the order names (coupons.cpp) and earns or
// reverses the order's points (points.cpp). Idempotent for every order state.
Status loyalty_after_order(WriteContext& ctx, CustomerId buyer, const store::OrderRecord& order);

// While `merged` is folded into `survivor` (merge_one): coupons, the points
// ledger and balance, and referrals move to the survivor.
Status move_loyalty(WriteContext& ctx, CustomerId survivor, CustomerId merged);

// The pieces, each in the file of its concept.
Status redeem_coupon_for_order(WriteContext& ctx, CustomerId buyer,
                               const store::OrderRecord& order);
Status points_for_order(WriteContext& ctx, CustomerId buyer, const store::OrderRecord& order);
Status move_coupons(WriteContext& ctx, CustomerId survivor, CustomerId merged);
Status move_points(WriteContext& ctx, CustomerId survivor, CustomerId merged);
Status move_referrals(WriteContext& ctx, CustomerId survivor, CustomerId merged);

// Where a loyalty write came from: "api", "cli", "journey:ID" or
// "campaign:ID" (ID 1..64 bytes without spaces or control characters).
// invalid_argument at "/source" otherwise.
Status check_loyalty_source(std::string_view source);

// Runs `body` (-> Result<T>) in a savepoint, so that a failure part-way leaves
// no partial write behind even when the caller carries on with its
// transaction (a journey step records the error and continues).
template <typename T, typename F>
Result<T> atomically(store::Connection& db, std::string_view name, F&& body) {
  std::optional<T> out;
  GX_RETURN_IF_ERROR(store::with_savepoint(db, name, [&]() -> Status {
    auto r = body();
    if (!r.ok()) return r.status();
    out.emplace(std::move(r).value());
    return Status::ok();
  }));
  return std::move(*out);
}

// The live customer of the shop an id names (a merged id resolves to the
// survivor); not_found (located at "/field" unless `field` is empty) when none.
Result<CustomerId> live_customer(store::Connection& db, ShopId shop, CustomerId id,
                                 std::string_view field);

}  // namespace guanxi::domain::internal
