// The points rules of a shop (积分规则): how paid orders earn points and when
// points expire. Configuration is data: the shop setting 'points' (JSON,
// below), validated when loaded or saved, with errors that name the key
// ("points.unit_amount must be between 1 and 100000000") and point at it
// ("/unit_amount").
//
// JSON form (every member optional; an absent one takes the default):
//   {"enabled": true,
//    "unit_amount": 100,      // minor units per earning unit: 100 fen = ¥1
//    "points_per_unit": 1,    // points per full unit paid, 1..100
//    "expiry_months": 12}     // null = points never expire
// Earning: a paid order earns
//   floor(floor(paid_amount / unit_amount) × points_per_unit × multiplier_pct / 100)
// where multiplier_pct is the points_multiplier_pct of the buyer's tier level
// (100 without tiers or without a tier). Defaults: ¥1 = 1 point, 12 months.
//
// Expiry policy: points expire `expiry_months` calendar months after the
// shop-local day they were earned, at the end of that day (earned 2024-03-15,
// 12 months: usable through 2025-03-15, gone from 2025-03-16 00:00 local; a
// day past the month's end clamps: 01-31 + 1 month = 02-28/29). The expiry is
// fixed on each ledger row when earned: changing the setting affects only
// points earned afterwards.
//
// A shop that never saved the setting earns no points (like tiers): saving
// `{}` turns on the defaults. Manual adjustments work either way.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/json.hpp"
#include "core/status.hpp"
#include "core/time.hpp"
#include "domain/context.hpp"

namespace guanxi::domain {

struct PointsSettings {
  bool enabled = true;
  int64_t unit_amount = 100;
  int32_t points_per_unit = 1;
  std::optional<int32_t> expiry_months = 12;
  bool operator==(const PointsSettings&) const = default;
};

// The documented defaults (enabled).
PointsSettings default_points_settings();

// Parses and validates the JSON form; absent members take the defaults. Errors
// are invalid_argument naming the key and pointing at it.
Result<PointsSettings> points_settings_from_json(const Json& json);
// The complete JSON form, which parses back equal.
Json points_settings_to_json(const PointsSettings& settings);
Status validate_points_settings(const PointsSettings& settings);

// The shop's rules: the stored 'points' setting, or the defaults with
// enabled = false when none was saved.
Result<PointsSettings> load_points_settings(store::Connection& db, ShopId shop);
// Validates and stores the settings (complete JSON form) and appends a
// `settings_updated` change ({"key": "points"}).
Status save_points_settings(WriteContext& ctx, const PointsSettings& settings);

// Points a purchase of `paid_amount` (minor units) earns at `multiplier_pct`.
int64_t points_for_purchase(const PointsSettings& settings, int64_t paid_amount,
                            int32_t multiplier_pct);

// When points earned at `earned_at` expire under the settings (an exclusive
// bound: expired at and after it); nullopt when they never do.
std::optional<Timestamp> points_expiry(const PointsSettings& settings, const ShopZone& zone,
                                       Timestamp earned_at);

}  // namespace guanxi::domain
