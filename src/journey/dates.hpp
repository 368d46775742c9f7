// Date triggers: which customers a date-based journey concerns on one
// shop-local day, each with the occurrence key that makes the entry unique.
//
//   birthday       solar birthdays on day + days_before (a 02-29 birthday is
//                  celebrated on 02-28 in common years); lunar birthdays whose
//                  lunar month/day falls then (celebrated in the regular month,
//                  on day 29 when the month has no day 30); occurrence
//                  "birthday:YYYY-MM-DD"
//   anniversaries  signup or first purchase on the same month/day in an
//                  earlier year (same 02-29 rule); "signup:YYYY" / "first_purchase:YYYY"
//   holiday        every live customer when day + days_before is the holiday;
//                  "holiday:KEY:YYYY-MM-DD"
//   replenishment  each (customer, product with a consumption cycle) whose last
//                  purchase + cycle × quantity − lead_days is the day;
//                  "replenish:SKU:YYYY-MM-DD" (the run-out day)
//   inactivity     customers whose last purchase was exactly `days` days
//                  before the day; "inactive:YYYY-MM-DD" (the last purchase day)
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/json.hpp"
#include "core/time.hpp"
#include "domain/context.hpp"
#include "journey/runner.hpp"
#include "store/database.hpp"

namespace guanxi::journey {

// What a date trigger celebrates: the occurrence key (a run's re-entry key)
// and the facts templates may use. Shared by every candidate of the same
// occurrence (a holiday, a day's birthdays).
struct DateOccurrence {
  std::string key;
  Json context;  // holiday / product facts for templates
};

struct DateCandidate {
  int64_t customer = 0;
  std::shared_ptr<const DateOccurrence> occurrence;
};

// `day` is a shop-local day number (days since 1970-01-01).
Result<std::vector<DateCandidate>> date_candidates(store::Connection& db, const domain::Shop& shop,
                                                   const ShopZone& zone, const LoadedJourney& j,
                                                   int64_t day);

// The shop-defined dates (setting 'holidays'), as JSON array text; empty array when none.
Result<Json> shop_holidays_json(store::Connection& db, int64_t shop);

}  // namespace guanxi::journey
