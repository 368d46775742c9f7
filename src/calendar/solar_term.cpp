#include "calendar/solar_term.hpp"

namespace guanxi::calendar {

std::optional<date::sys_days> qingming(int year) {
  if (year < 1901 || year > 2100) return std::nullopt;
  // Integer arithmetic in ten-thousandths, so no rounding can move a day.
  const int y = year - 1900;
  const int leap_days = y / 4 - (year >= 2100 ? 1 : 0);  // 1904, 1908, …, 2000, …, 2096
  const int day = (y * 2422 + 55900) / 10000 - leap_days;
  return date::sys_days{date::year{year} / date::April / date::day{static_cast<unsigned>(day)}};
}

}  // namespace guanxi::calendar
