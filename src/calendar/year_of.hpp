// Internal to the calendar module: small date helpers its sources share.
#pragma once

#include <date/date.h>

namespace guanxi::calendar::detail {

// The Gregorian year of `day`.
inline int year_of(date::sys_days day) {
  return static_cast<int>(date::year_month_day{day}.year());
}

}  // namespace guanxi::calendar::detail
