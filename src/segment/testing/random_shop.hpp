// A realistic random shop for differential and smoke tests of segment
// evaluation, written through the domain write functions (upsert_customer,
// upsert_order, add_tag, track, identify, add_note, delete_note,
// merge_customers) so the data has the shapes real imports produce. Test-only.
//
// What it contains (deterministic from the seed): customers with every
// profile field sometimes missing (birthdays with and without a year, consent,
// channels, attributes that are integers, decimals, text, booleans or absent;
// a key holding a number for some and text for others), a few signups after
// the clock, identities of every kind, orders over the two years before the
// shop's clock in every status (some never paid, some paid then cancelled,
// refunds full and partial, refunds on completed orders, orders given no
// created_at, which the domain dates now), items from a small catalog (one
// product without sku, one without category), orders and events exactly at
// 00:00:00 and 23:59:59 Shanghai time, tags (one with quotes), track and
// identify events, notes (interactions) for ~60% of customers at window
// edges and local midnight, a few dated after the clock and ~5% deleted again
// (drawn from a random stream of their own), an anonymous event, ~1 in 40
// customers merged (notes move to the survivor), tiers
// (set with a direct UPDATE: the tier engine is not in domain), and points
// (earned by paid orders at ¥1 = 1 point, reversed by refunds, some manual
// adjustments; merges add balances up).
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
Result<RuleVocabulary> build_random_shop(domain::testing::TestShop& shop,
                                         const RandomShopOptions& options = {});

}  // namespace guanxi::segment::testing
