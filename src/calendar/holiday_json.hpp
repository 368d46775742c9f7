// The JSON form of holidays, for a shop's own dates (stored as a setting, sent over
// the API) and for listing the built-in calendar:
//   {"key": "shop_day", "name_zh": "店庆日", "name_en": "Shop Day",
//    "rule": "solar", "month": 9, "day": 18}
//   {"key": "grandparents", "name_zh": "敬老日", "rule": "lunar", "month": 9, "day": 9}
//   {"key": "thanksgiving", "name_zh": "感恩节", "name_en": "Thanksgiving",
//    "rule": "nth_weekday", "month": 11, "weekday": "thursday", "nth": 4}
//   {"key": "...", "name_zh": "...", "rule": "lunar_new_years_eve"}   (also "qingming")
// key, name_zh and rule are required; name_en is optional (""). month, day, weekday
// ("sunday" … "saturday") and nth (1-4, -1 = last) are required by the rules that use
// them (see HolidayDef) and rejected on the others. Unknown members are rejected.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "calendar/holiday.hpp"
#include "core/json.hpp"
#include "core/status.hpp"

namespace guanxi::calendar {

// The most holidays a shop may define.
inline constexpr size_t kMaxShopHolidays = 200;

// Parses and validates one holiday. Errors are invalid_argument with the JSON
// pointer of the offending member, under `pointer` (the object's own pointer).
Result<HolidayDef> holiday_from_json(const Json& json, const std::string& pointer = "");

// Parses a shop's list (a JSON array, at most kMaxShopHolidays): each entry as
// above, keys unique and none a built-in key. Errors name "/<index>/<member>".
Result<std::vector<HolidayDef>> holidays_from_json(const Json& json);

// The JSON form above; holiday_from_json(holiday_to_json(h)) == h for a valid h.
Json holiday_to_json(const HolidayDef& holiday);
Json holidays_to_json(std::span<const HolidayDef> holidays);

}  // namespace guanxi::calendar
