// Paid orders for API tests: the JSON of a one-item JD order whose buyer is
// known by phone, and posting it (the buyer's customer id back).
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "api/testing/http_client.hpp"
#include "core/json.hpp"

namespace guanxi::api::testing {

inline Json paid_order(const std::string& external_id, int64_t paid, const std::string& phone,
                       const std::string& name = "买家", const std::string& day = "2024-05-01") {
  return {{"platform", "jd"},
          {"external_id", external_id},
          {"status", "paid"},
          {"created_at", day + "T09:30:00+08:00"},
          {"paid_at", day + "T09:31:00+08:00"},
          {"goods_amount", paid},
          {"paid_amount", paid},
          {"items",
           {{{"sku", "SKU-1"}, {"product_name", "茶叶"}, {"quantity", 1}, {"unit_price", paid}}}},
          {"customer",
           {{"name", name},
            {"city", "杭州"},
            {"identities", {{{"type", "phone"}, {"value", phone}}}}}}};
}

// Posts the order (expecting 201) and returns its buyer's id.
inline int64_t buy(HttpClient& c, const std::string& external_id, int64_t paid,
                   const std::string& phone, const std::string& name = "买家",
                   const std::string& day = "2024-05-01") {
  const auto r = c.post("/api/v1/orders", paid_order(external_id, paid, phone, name, day));
  EXPECT_EQ(r.status, 201) << r.body;
  return r.json()["customer_id"].get<int64_t>();
}

}  // namespace guanxi::api::testing
