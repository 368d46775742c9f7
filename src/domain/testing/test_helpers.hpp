// Helpers shared by the domain tests: shop-local instants, and the writes most
// cases start with (each expects success). Header-only; link guanxi_domain.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "core/time.hpp"
#include "domain/customers.hpp"
#include "domain/orders.hpp"
#include "domain/testing/test_shop.hpp"

namespace guanxi::domain::testing {

// "2024-06-01 10:00" in Shanghai; a malformed literal throws, failing the test.
inline Timestamp local(const char* text) {
  return ShopZone::shanghai().parse_local(text).value();
}

// upsert_order in a committed transaction; an empty OrderUpsert on failure.
inline OrderUpsert put(TestShop& t, const OrderInput& o) {
  auto r = t.write([&](WriteContext& w) { return upsert_order(w, o); });
  EXPECT_TRUE(r.ok()) << r.status().to_string();
  return r.ok() ? *r : OrderUpsert{};
}

// The customer with `phone`, created when new; 0 on failure.
inline CustomerId customer(TestShop& t, const std::string& phone) {
  CustomerInput in;
  in.identities = {{IdentityType::kPhone, phone}};
  auto r = t.write([&](WriteContext& w) { return upsert_customer(w, in); });
  EXPECT_TRUE(r.ok()) << r.status().to_string();
  return r.ok() ? r->customer_id : 0;
}

}  // namespace guanxi::domain::testing
