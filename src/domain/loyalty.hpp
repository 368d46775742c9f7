// A customer's loyalty at a glance, for the customer summary and the 360. The
// rules live in coupons.hpp, points.hpp and referrals.hpp.
#pragma once

#include <cstdint>

#include "domain/context.hpp"

namespace guanxi::domain {

struct CustomerLoyalty {
  int64_t points = 0;   // current balance
  int64_t coupons = 0;  // coupons held, not redeemed, valid now
};

// One indexed read; a merged id resolves to the survivor.
Result<CustomerLoyalty> customer_loyalty(ReadContext& ctx, CustomerId customer);

}  // namespace guanxi::domain
