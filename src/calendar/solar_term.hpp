// Solar terms (节气) the shop calendar needs. Only Qingming (清明) for now: the day,
// in Beijing time, on which the sun's apparent longitude reaches 15°; April 4, 5 or 6.
#pragma once

#include <date/date.h>

#include <optional>

namespace guanxi::calendar {

// The Qingming day of Gregorian `year`; nullopt outside 1901..2100.
//
// Computed with the well-known solar-term formula day = ⌊Y·D + C⌋ − L, with
// Y = year − 1900, D = 0.2422 (the tropical year's excess over 365 days),
// C = 5.59 (Qingming's constant for 1901-2000, which also holds for 2001-2100 once
// Y runs on) and L = the leap days since 1900 up to April of `year`. Checked for
// every year 1901-2100 against solar longitudes from an astronomical ephemeris.
std::optional<date::sys_days> qingming(int year);

}  // namespace guanxi::calendar
