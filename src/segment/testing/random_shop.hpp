// A realistic random shop for differential and smoke tests of segment
// evaluation, written through the domain write functions (upsert_customer,
// upsert_order, add_tag, track, identify, merge_customers) so the data has the
// shapes real imports produce. Test-only.
//
// What it contains (deterministic from the seed): customers with every
// profile field sometimes missing (birthdays with and without a year,
// signups, consent, channels, attributes that are integers, decimals, text or
// absent), identities of every kind, orders over the two years before the
// shop's clock in every status (some never paid, some paid but cancelled,
// refunds full and partial, orders without created_at or without any time),
// items from a small catalog (one product without sku, one without category),
// orders and events exactly at 00:00:00 and 23:59:59 Shanghai time, tags, track
// and identify events, anonymous events, a few merged customers, and tiers.
#pragma once

#include <cstdint>

#include "core/status.hpp"
#include "domain/testing/test_shop.hpp"
#include "segment/testing/random_rule.hpp"

namespace guanxi::segment::testing {

struct RandomShopOptions {
  uint64_t seed = 1;
  int customers = 400;
};

// Fills `shop` (normally empty) and returns the vocabulary of its data.
Result<RuleVocabulary> build_random_shop(domain::testing::TestShop& shop, const RandomShopOptions& options = {});

}  // namespace guanxi::segment::testing
