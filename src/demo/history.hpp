// ShopHistory: the complete plan of a demo shop's past — people, purchases,
// staff activity — and the one chronological timeline in which it is replayed
// through the domain. Pure computation: no database, no clock.
#pragma once

#include <cstdint>
#include <vector>

#include "demo/activity_plan.hpp"
#include "demo/people.hpp"
#include "demo/purchases.hpp"
#include "demo/shop_calendar.hpp"

namespace guanxi::demo {

struct HistoryOptions {
  int64_t customers = 2'000;  // people (each gets a profile when they sign up)
  int64_t orders = 10'000;    // exactly this many orders
  uint64_t seed = 42;
  int64_t days = 1'096;  // three years of history
};

enum class Step : uint8_t {
  // Ties at one instant replay in this order: a profile exists before its
  // first order, an identity link precedes the orders it affects.
  kSignup,
  kLink,
  kOrder,
  kTag,
  kAssign,
  kNote,
  kTrack,
};

struct TimelineEntry {
  Timestamp at{};
  Step step = Step::kSignup;
  uint32_t index = 0;  // into people / orders / tags / assignments / notes / tracks / links
};

struct ShopHistory {
  HistoryWindow window;
  Population people;
  PurchasePlan purchases;
  ActivityPlan activity;
  std::vector<TimelineEntry> timeline;  // ascending by (at, step, index)
};

// Plans a shop's history ending at `end` in `zone`, which must outlive the
// result. Deterministic for (options, zone, end).
// Preconditions: customers >= 1, orders >= 0, days >= 1.
ShopHistory plan_shop_history(const HistoryOptions& options, const ShopZone& zone, Timestamp end);

}  // namespace guanxi::demo
