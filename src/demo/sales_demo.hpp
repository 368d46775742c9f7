// The demo shop's B2B sales: ~60 accounts (some with a parent), ~200 contacts
// with decision roles, ~300 leads from every source (some worked, qualified,
// disqualified or converted), ~250 opportunities across the default
// pipeline's stages with stage histories spanning the last six months, ~1,500
// activities and 6 competitors linked to deals. Owners are the shop's users of
// role sales or manager (none: no owner). Written through the sales module's
// functions (so the analytics rollups are maintained), deterministic for a seed.
#pragma once

#include <cstdint>

#include "domain/context.hpp"

namespace guanxi::demo {

struct SalesDemoOptions {
  uint64_t seed = 7;
  int accounts = 60;
  int contacts = 200;
  int leads = 300;
  int opportunities = 250;
  int activities = 1500;
  int months = 6;  // how far back the histories reach
};

struct SalesDemoSummary {
  int64_t accounts = 0;
  int64_t contacts = 0;
  int64_t leads = 0;
  int64_t opportunities = 0;
  int64_t stage_moves = 0;
  int64_t activities = 0;
  int64_t competitors = 0;
};

// Runs in the caller's transaction (the records are dated from `months` ago up
// to ctx.clock.now()). Call once per shop, after its users exist.
Result<SalesDemoSummary> build_sales_demo(domain::WriteContext& ctx,
                                          const SalesDemoOptions& options = {});

}  // namespace guanxi::demo
