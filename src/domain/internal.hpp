// Helpers shared by the domain's implementation files (not part of its API):
// record <-> model conversions and appending to the change feed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "domain/context.hpp"
#include "store/records.hpp"

namespace guanxi::domain::internal {

Customer to_customer(const store::CustomerRecord& r);
store::CustomerRecord to_record(const Customer& c);
Order to_order(const store::OrderRecord& r);

inline int64_t now_ms(const WriteContext& ctx) {
  return to_millis(ctx.clock.now());
}

// Optional instants between the model (Timestamp) and records (milliseconds).
inline std::optional<Timestamp> opt_time(const std::optional<int64_t>& ms) {
  if (!ms) return std::nullopt;
  return from_millis(*ms);
}
inline std::optional<int64_t> opt_ms(const std::optional<Timestamp>& t) {
  if (!t) return std::nullopt;
  return to_millis(*t);
}

// A location naming `field`.
inline Location at(std::string field) {
  Location loc;
  loc.field = std::move(field);
  return loc;
}

// A page size of a list call: 1..1000, else invalid_argument at "limit".
inline Status check_limit(int limit) {
  if (limit < 1 || limit > 1000) {
    Location loc;
    loc.field = "limit";
    return Status::invalid("limit must be between 1 and 1000", loc);
  }
  return Status::ok();
}

// Appends a change for the shop of `ctx`, attributed to ctx.actor.
Status record_change(WriteContext& ctx, std::string_view kind, std::optional<CustomerId> customer,
                     std::optional<int64_t> entity, std::string payload = "{}");

// How profile fields carried by a write are applied to an existing profile.
enum class ProfileMode {
  kOverwrite,  // explicit profile writes (API, customer import, identify)
  kFillEmpty,  // hints carried by orders: only fill fields that are empty
};

// Tiers (tiers.cpp). After a purchase by `customer` dated `purchase_date` was
// written or changed: re-qualifies the customer as of that day and upgrades
// the tier if a higher level is reached (never downgrades). No-op when the
// shop's tiers are disabled.
Status upgrade_tier_after_purchase(WriteContext& ctx, CustomerId customer, OrderId order,
                                   Timestamp purchase_date);
// While `merged` is folded into `survivor`: the survivor takes the merged
// profile's tier when that is higher on the ladder (and survivor.tier follows).
Status keep_higher_tier(WriteContext& ctx, Customer& survivor, const Customer& merged);

// upsert_customer with a choice of profile mode.
Result<struct CustomerUpsert> upsert_customer_with(
    WriteContext& ctx, const CustomerInput& input, ProfileMode mode,
    std::optional<CustomerId> known_customer = std::nullopt);

}  // namespace guanxi::domain::internal
