// Membership tiers (会员等级): each live customer holds at most one level of the
// shop's ladder (tier_config.hpp), kept on the customer and logged in
// tier_history. Rules:
// - Upgrade is immediate: upsert_order, in the same transaction, re-qualifies
//   the buyer after every purchase written or changed, as of that purchase's
//   shop-local day (only purchases dated on or before it, within the window),
//   and moves the tier up when a higher level is reached (reason "upgrade",
//   with the order id). It never moves a tier down: a refund or cancellation
//   waits for the review.
// - Review (review_tiers) sets every customer to the level they qualify for as
//   of the review day, up or down.
// - Merge: the survivor keeps the higher of the two tiers (reason "merge").
// Every change writes a tier_history row and a `tier_changed` change whose
// payload is {"from", "to", "reason", "order_id"} (order_id null unless an
// upgrade). Nothing happens while the shop's config is disabled, and a shop
// that never saved a 'tiers' setting has tiers disabled.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/context.hpp"
#include "domain/tier_config.hpp"

namespace guanxi::domain {

// The shop's ladder: the stored 'tiers' setting, or, when none was saved, the
// default ladder with enabled = false. A stored setting that no longer
// validates is an error naming the key.
Result<TierConfig> load_tier_config(store::Connection& db, ShopId shop);
// Validates and stores the config as the 'tiers' setting (its complete JSON
// form) and appends a `settings_updated` change ({"key": "tiers"}). Tiers
// already held are not recomputed: run review_tiers for that.
Status save_tier_config(WriteContext& ctx, const TierConfig& config);

struct TierReviewSummary {
  int64_t upgraded = 0;
  int64_t downgraded = 0;
  int64_t unchanged = 0;
};

// Re-qualifies every live customer of the shop as of `review_day` (purchases
// dated within the window ending that day; later ones do not count) and sets
// each to the level they qualify for, up or down, logging changes with
// `reason` ("review" from the scheduler on review dates, "recompute" from the
// CLI). One grouped query over all customers, then batched updates; runs in
// the caller's transaction. Disabled tiers: nothing changes, all zeros.
Result<TierReviewSummary> review_tiers(WriteContext& ctx, LocalDays review_day,
                                       std::string_view reason);

struct TierChange {
  int64_t id = 0;
  CustomerId customer_id = 0;
  std::string from_tier;  // "" = not a member
  std::string to_tier;
  std::string reason;  // upgrade, review, recompute, merge
  std::optional<OrderId> order_id;
  int64_t revenue = 0;    // qualifying revenue (minor units); 0 for merges
  int64_t purchases = 0;  // qualifying purchases; 0 for merges
  std::string actor;
  Timestamp at{};
};

// A customer's tier changes, newest first; a merged id resolves to the
// survivor (whose history does not include the merged profile's). limit 1..1000.
Result<std::vector<TierChange>> tier_history(ReadContext& ctx, CustomerId customer, int limit);

struct TierHistoryPage {
  std::vector<TierChange> changes;
  std::optional<int64_t> next_before;  // pass as `before` for the next page; nullopt on the last
};
// The shop's tier changes, newest first, with id < before. limit 1..1000.
Result<TierHistoryPage> list_tier_history(ReadContext& ctx, int limit,
                                          std::optional<int64_t> before = std::nullopt);

struct TierCount {
  std::string tier;  // "" = not a member
  int64_t customers = 0;
};
// Live customers per tier: every ladder level lowest first (zero counts
// included), then "" (non-members), then any tier no longer on the ladder.
Result<std::vector<TierCount>> tier_distribution(ReadContext& ctx);

}  // namespace guanxi::domain
