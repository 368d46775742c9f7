// The Chinese lunar calendar (农历) for Gregorian 1901-01-01 … 2100-12-31, from a
// table of month lengths and leap months (see lunar.cpp for the data and its source).
//
// A lunar year starts on the Spring Festival (春节, between Jan 21 and Feb 20) and
// has 12 months, or 13 when one month is repeated as a leap month (闰月) right after
// the regular month of the same number. Months have 29 or 30 days.
//
// Dates are calendar days (date::sys_days, days since 1970-01-01); which instant a
// day starts at is the caller's business (ShopZone). The table follows the Chinese
// standard, which fixes days in Beijing time (UTC+8).
#pragma once

#include <date/date.h>

#include <compare>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace guanxi::calendar {

// The Gregorian days this module converts; outside them every conversion says nullopt.
inline constexpr date::sys_days kLunarFirstDay{date::year{1901} / date::January / 1};
inline constexpr date::sys_days kLunarLastDay{date::year{2100} / date::December / 31};

// The lunar years the table describes. 1900 and 2100 are only partly inside the
// Gregorian range above (1901-01-01 is lunar 1900-11-11, 2100-12-31 is 2100-12-01),
// but their month lengths and leap months are known.
inline constexpr int kLunarFirstYear = 1900;
inline constexpr int kLunarLastYear = 2100;

// A day of the lunar calendar. `year` is the lunar year by the Gregorian year its
// Spring Festival falls in (lunar 2024-12-30 is 2025-01-28, the eve of 2025's Spring
// Festival). `leap` marks the leap month that follows regular month `month`.
struct LunarDate {
  int year = 0;
  unsigned month = 0;  // 1..12
  unsigned day = 0;    // 1..30
  bool leap = false;

  bool operator==(const LunarDate&) const = default;
  // Chronological: the leap month comes after the regular month of the same number.
  friend std::strong_ordering operator<=>(const LunarDate& a, const LunarDate& b) {
    return std::tie(a.year, a.month, a.leap, a.day) <=> std::tie(b.year, b.month, b.leap, b.day);
  }

  // "2023-02-15", or "2023-L02-15" in a leap month.
  std::string to_string() const;
};

// The lunar date of a Gregorian day; nullopt outside [kLunarFirstDay, kLunarLastDay].
std::optional<LunarDate> to_lunar(date::sys_days day);

// The Gregorian day of a lunar date; nullopt when that date does not exist (no
// such month or leap month that year, day past the month's end) or falls outside
// [kLunarFirstDay, kLunarLastDay].
std::optional<date::sys_days> from_lunar(const LunarDate& date);

// 29 or 30; 0 when `year` has no such month (leap months exist in some years only)
// or is outside [kLunarFirstYear, kLunarLastYear].
int lunar_month_days(int year, unsigned month, bool leap);

// The number of the month repeated as a leap month in `year`; nullopt when the year
// has 12 months or is outside [kLunarFirstYear, kLunarLastYear].
std::optional<unsigned> leap_month(int year);

// Yearly lunar dates (birthdays, festivals) are kept as a month and day without a
// leap flag. They are observed in the regular month, never in its leap twin, and a
// day 30 is observed on day 29 in a year when that month has 29 days.

// The Gregorian day a yearly lunar month/day is observed in lunar year `lunar_year`;
// nullopt when month is not 1..12, day not 1..30, or the day is outside
// [kLunarFirstDay, kLunarLastDay].
std::optional<date::sys_days> observed_lunar_date(int lunar_year, unsigned month, unsigned day);

// The observances of a yearly lunar month/day whose Gregorian date falls in
// `gregorian_year`, ascending. Usually one. A Gregorian year overlaps the end of
// one lunar year and most of the next, so a date from 11/11 to 12/10 can fall in
// January and again in late December of the same year (腊八, lunar 12/8, was on
// 2022-01-10 and 2022-12-30) and then not at all in the next year (none in 2023).
// Empty also for an invalid month/day or outside the supported range.
std::vector<date::sys_days> lunar_dates_in_year(unsigned month, unsigned day, int gregorian_year);

// The first observance of a yearly lunar month/day on or after `on_or_after`;
// nullopt for an invalid month/day, when `on_or_after` is outside the supported
// range, or when the observance would fall after kLunarLastDay.
std::optional<date::sys_days> next_lunar_date(unsigned month, unsigned day,
                                              date::sys_days on_or_after);

}  // namespace guanxi::calendar
