// The care benchmark's shop: one shop (Asia/Shanghai) whose customers all have
// a mobile phone, SMS consent and a birthday on the same month and day, so a
// birthday journey concerns every one of them on that day.
//
// Customers and their phone identities are written with prepared statements
// through the store's Connection in large transactions, BYPASSING THE DOMAIN
// WRITE PATH on purpose (no identity resolution, no change feed), as
// bench/segment/gen_intel_db.cpp does: the benchmark times what the journey
// engine does with the customers, not how they arrived. Ids and phone numbers
// ascend, so every index grows at its right edge.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.hpp"
#include "core/time.hpp"
#include "domain/context.hpp"
#include "store/database.hpp"

namespace guanxi::bench {

struct CareShopSpec {
  int64_t customers = 1'000'000;
  int month = 3;  // the shared birthday (solar calendar)
  int day = 15;
  // Customers (every k-th, spread evenly) whose SMS consent is 'denied': the
  // guardrails must suppress exactly these. 0 = everyone consents.
  int denied_per_mille = 0;
  Timestamp created_at{};  // customers' created_at / updated_at
};

struct CareShop {
  domain::Shop shop;
  int64_t customers = 0;
  int64_t denied = 0;  // customers with consent_sms = 'denied'
  double seconds = 0;  // wall time of the inserts
};

// Creates the shop and its customers in the (freshly migrated) database `db`.
Result<CareShop> generate_care_shop(store::Database& db, const Clock& clock,
                                    const CareShopSpec& spec);

}  // namespace guanxi::bench
