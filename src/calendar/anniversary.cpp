#include "calendar/anniversary.hpp"

#include <algorithm>

#include "calendar/lunar.hpp"
#include "calendar/year_of.hpp"

namespace guanxi::calendar {

namespace {

constexpr int kMinYear = 1;
constexpr int kMaxYear = 9999;

// month/day in `year`, Feb 29 moved to Feb 28 in a common year; nullopt when
// month/day is no date even in a leap year.
std::optional<date::sys_days> yearly_date(unsigned month, unsigned day, int year) {
  if (year < kMinYear || year > kMaxYear || month < 1 || month > 12 || day < 1 || day > 31) {
    return std::nullopt;
  }
  const date::year_month_day ymd = date::year{year} / date::month{month} / date::day{day};
  if (ymd.ok()) return date::sys_days{ymd};
  if (month == 2 && day == 29) return date::sys_days{date::year{year} / date::February / 28};
  return std::nullopt;
}

}  // namespace

std::optional<date::sys_days> birthday_in_year(unsigned month, unsigned day, int year) {
  return yearly_date(month, day, year);
}

std::optional<date::sys_days> next_birthday(unsigned month, unsigned day,
                                            date::sys_days on_or_after) {
  const int year = detail::year_of(on_or_after);
  const auto this_year = yearly_date(month, day, year);
  if (this_year && *this_year >= on_or_after) return this_year;
  return yearly_date(month, day, year + 1);
}

std::vector<date::sys_days> lunar_birthdays_in_year(unsigned lunar_month, unsigned lunar_day,
                                                    int gregorian_year) {
  return lunar_dates_in_year(lunar_month, lunar_day, gregorian_year);
}

std::optional<date::sys_days> next_lunar_birthday(unsigned lunar_month, unsigned lunar_day,
                                                  date::sys_days on_or_after) {
  return next_lunar_date(lunar_month, lunar_day, on_or_after);
}

std::optional<date::sys_days> anniversary_in_year(date::sys_days original, int year) {
  const date::year_month_day ymd{original};
  if (year <= static_cast<int>(ymd.year())) return std::nullopt;
  return yearly_date(static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), year);
}

std::optional<date::sys_days> next_anniversary(date::sys_days original,
                                               date::sys_days on_or_after) {
  const int first = detail::year_of(original) + 1;
  const int year = std::max(first, detail::year_of(on_or_after));
  const auto this_year = anniversary_in_year(original, year);
  if (this_year && *this_year >= on_or_after) return this_year;
  return anniversary_in_year(original, year + 1);
}

}  // namespace guanxi::calendar
