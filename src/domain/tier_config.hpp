// The membership tier ladder (会员等级) of a shop: levels with thresholds and
// benefits, the qualification window and the review calendar. Configuration
// is data: stored as the shop setting 'tiers' (JSON, below), validated when
// loaded or saved, with errors that name the key ("tiers.levels[2].min_revenue
// must be ≥ the level below (200000)").
//
// JSON form (every member optional; an absent one takes the default; amounts
// are integer minor units (fen for CNY), like every amount in the API):
//   {"enabled": true,
//    "window_days": 365,               // null = lifetime
//    "match": "any",                   // "any": either threshold qualifies; "all": both
//    "review_dates": ["01-01", "07-01"],
//    "levels": [{"name": "普通会员", "min_revenue": 0, "min_purchases": 1,
//                "discount_pct": 0, "points_multiplier_pct": 100, "free_shipping": false}, ...]}
// Defaults (default_tier_config()):
//   普通会员    ≥ 1 purchase                    0% off, 1.0x points
//   高级会员    ≥ ¥500 or ≥ 2 purchases          2% off, 1.2x points
//   VIP会员     ≥ ¥2,000 or ≥ 5 purchases        5% off, 1.5x points, free shipping
//   至尊VIP会员 ≥ ¥10,000 or ≥ 10 purchases     10% off, 2.0x points, free shipping
//   window 365 days, match any, reviews on 01-01 and 07-01.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.hpp"
#include "core/status.hpp"
#include "core/time.hpp"

namespace guanxi::domain {

struct TierLevel {
  std::string name;                     // 1..64 bytes, unique in the ladder
  int64_t min_revenue = 0;              // minor units; 0 = no revenue threshold
  int64_t min_purchases = 0;            // 0 = no purchase-count threshold
  int32_t discount_pct = 0;             // 0..100
  int32_t points_multiplier_pct = 100;  // 100 = 1x; 0..10000
  bool free_shipping = false;
  bool operator==(const TierLevel&) const = default;
};

struct TierConfig {
  enum class Match {
    kAny,  // a level is reached when any of its thresholds is met
    kAll,  // ... when all of its thresholds are met
  };
  bool enabled = true;
  // Lowest level first. Each level has at least one threshold; each threshold
  // is ≥ the level below's, and each level differs from the one below.
  std::vector<TierLevel> levels;
  // Purchases count when dated within the last `window_days` shop-local days
  // (days D-N+1..D as of day D); nullopt = every purchase ever (lifetime).
  std::optional<int32_t> window_days = 365;
  Match match = Match::kAny;
  // Days of the year on which tiers are reviewed (downgrades happen only then).
  // 02-29 is not allowed (it is not a yearly date). Empty = never reviewed.
  std::vector<std::chrono::month_day> review_dates;
  bool operator==(const TierConfig&) const = default;
};

// The documented default ladder (enabled).
TierConfig default_tier_config();

// Parses and validates the JSON form; absent members take the defaults.
// Errors are invalid_argument naming the key in the message ("tiers.match must
// be \"any\" or \"all\"") and as a JSON pointer in the location ("/match").
Result<TierConfig> parse_tier_config(std::string_view json_text);
Result<TierConfig> tier_config_from_json(const Json& json);
// The complete JSON form (every member present), which parses back equal.
Json tier_config_to_json(const TierConfig& config);

// The semantic checks parse_tier_config applies, for configs built in code.
Status validate_tier_config(const TierConfig& config);

// The highest level whose thresholds are met by the totals, "" when none.
std::string qualifying_level(const TierConfig& config, int64_t revenue, int64_t purchases);
// Index of that level in config.levels, -1 when none.
int qualifying_rank(const TierConfig& config, int64_t revenue, int64_t purchases);
// Index of a level by name, -1 for "" or a name not on the ladder.
int tier_rank(const TierConfig& config, std::string_view name);

// The first review date strictly after `after`; nullopt when there are none.
std::optional<LocalDays> next_review_day(const TierConfig& config, LocalDays after);

}  // namespace guanxi::domain
