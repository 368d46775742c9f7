// Helpers shared by the domain's implementation files (not part of its API):
// record <-> model conversions and appending to the change feed.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/context.hpp"
#include "store/records.hpp"

namespace guanxi::domain::internal {

Customer to_customer(const store::CustomerRecord& r);
store::CustomerRecord to_record(const Customer& c);
Order to_order(const store::OrderRecord& r);

inline int64_t now_ms(const WriteContext& ctx) { return to_millis(ctx.clock.now()); }

// Appends a change for the shop of `ctx`, attributed to ctx.actor.
Status record_change(WriteContext& ctx, std::string_view kind, std::optional<CustomerId> customer,
                     std::optional<int64_t> entity, std::string payload = "{}");

// How profile fields carried by a write are applied to an existing profile.
enum class ProfileMode {
  kOverwrite,  // explicit profile writes (API, customer import, identify)
  kFillEmpty,  // hints carried by orders: only fill fields that are empty
};

// upsert_customer with a choice of profile mode.
Result<struct CustomerUpsert> upsert_customer_with(WriteContext& ctx, const CustomerInput& input, ProfileMode mode,
                                                   std::optional<CustomerId> known_customer = std::nullopt);

}  // namespace guanxi::domain::internal
