// The JSON form of a shop's business hours (stored as a setting, sent over the API):
//   {"schedule": {"mon": [{"open": "09:00", "close": "12:00"},
//                         {"open": "13:00", "close": "18:00"}],
//                 "tue": [...], …, "sat": [{"open": "10:00", "close": "16:00"}], "sun": []},
//    "closed_dates": ["2026-10-01", "2026-10-02"],
//    "closed_holidays": ["spring_festival", "shop_day"],
//    "make_up_days": [{"date": "2026-09-27", "works_as": "mon"}]}
// or {"schedule": "24x7"}. "schedule" is required; a weekday left out of it is closed.
// Times are "HH:MM" (close may be "24:00"); dates "YYYY-MM-DD", in any order (kept
// ascending); closed_holidays are keys of built-in holidays or of the shop's own;
// works_as is a weekday key ("sun" … "sat"). Unknown members are rejected.
#pragma once

#include <span>

#include "calendar/business_hours.hpp"
#include "calendar/holiday.hpp"
#include "core/json.hpp"
#include "core/status.hpp"

namespace guanxi::calendar {

// Parses and validates (validate_business_hours). Errors are invalid_argument naming
// the field as a path: "schedule.mon[1].close", "closed_dates[3]",
// "make_up_days[0].works_as", "" for the whole document. `shop_holidays` resolves the
// closed_holidays keys that are not built-in.
Result<BusinessHours> business_hours_from_json(const Json& json,
                                               std::span<const HolidayDef> shop_holidays = {});

// The form above, "24x7" when is_24x7(), every weekday listed; for a valid `hours`,
// business_hours_from_json(business_hours_to_json(hours), its shop holidays) == hours.
Json business_hours_to_json(const BusinessHours& hours);

}  // namespace guanxi::calendar
