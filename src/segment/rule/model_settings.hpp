// Per-shop settings of the built-in customer models (RFM, ABC/Pareto,
// lifecycle), with the pinned defaults. Stored as the 'models' shop setting;
// the evaluator and the SQL compiler both read them, so both paths agree.
//
// Definitions (as of day D; see ast.hpp for purchase / revenue / day counts):
// - RFM over customers with >= 1 purchase (N of them). R = last_order_days,
//   F = orders, M = revenue. Score F (and M) = 1 + floor(5 * (customers with
//   strictly smaller F) / N); score R = 1 + floor(5 * (customers with strictly
//   larger R) / N), so 5 is the most recent. Groups compare raw values with the
//   shop mean using exact integer arithmetic: R high <=> R * N < sum(R);
//   F high <=> F * N > sum(F); M high <=> M * N > sum(M).
//   Important (重要) = M high; value/保持/发展/挽留 = (R high, F high) /
//   (R low, F high) / (R high, F low) / (R low, F low).
// - ABC: purchasers ranked by revenue descending, then customer id ascending;
//   with `before` = total revenue of the customers ranked ahead:
//   A when before * 100 < abc_a_pct * total, else B when before * 100 <
//   abc_b_pct * total, else C (everyone is C when total <= 0). Gold = the first
//   ceil(N * gold_pct / 100) in that order; drag = the last ceil(N * drag_pct / 100).
// - Lifecycle: prospect = no purchase; new = exactly 1 purchase and
//   last_order_days <= new_days; active = last_order_days <= active_days;
//   at_risk = last_order_days <= at_risk_days; otherwise churned, split into
//   high_value_churned (orders >= 2 and revenue >= the shop's median revenue,
//   the lower median: sorted ascending, index (N - 1) / 2 over purchasers) and
//   low_value_churned.
#pragma once

#include <cstdint>

namespace guanxi::segment {

struct ModelSettings {
  int32_t new_days = 30;
  int32_t active_days = 90;
  int32_t at_risk_days = 180;
  int32_t abc_a_pct = 80;
  int32_t abc_b_pct = 95;
  int32_t gold_pct = 5;
  int32_t drag_pct = 20;
  bool operator==(const ModelSettings&) const = default;
};

}  // namespace guanxi::segment
