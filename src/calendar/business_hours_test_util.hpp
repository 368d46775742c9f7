// Helpers for the business-hours tests: the shops the cases use, and instants written
// as shop-local "YYYY-MM-DD HH:MM" so expectations read like a timetable.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "calendar/business_hours.hpp"
#include "calendar/test_util.hpp"
#include "core/time.hpp"

namespace guanxi::calendar::testing {

inline const ShopZone& new_york() {
  static const ShopZone zone = ShopZone::load("America/New_York").value();
  return zone;
}

// "09:30" → 570 minutes; "24:00" is 1440.
inline std::chrono::minutes hhmm(std::string_view text) {
  return std::chrono::minutes(std::stoi(std::string(text.substr(0, 2))) * 60 +
                              std::stoi(std::string(text.substr(3, 2))));
}

inline OpenInterval interval(std::string_view open, std::string_view close) {
  return {hhmm(open), hhmm(close)};
}

// Monday to Friday 09:00-12:00 and 13:00-18:00 (8 business hours a day, 40 a week).
inline BusinessHours office_hours() {
  BusinessHours hours;
  for (unsigned weekday = 1; weekday <= 5; ++weekday) {
    hours.weekly[weekday] = {interval("09:00", "12:00"), interval("13:00", "18:00")};
  }
  return hours;
}

// Office hours, closed for 国庆 2026-10-01 … 10-07, working Sunday 2026-09-27 as a Monday.
inline BusinessHours national_day_office_hours() {
  BusinessHours hours = office_hours();
  for (unsigned d = 1; d <= 7; ++d) {
    hours.closed_dates.push_back(day("2026-10-0" + std::to_string(d)));
  }
  hours.make_up_days.push_back({day("2026-09-27"), 1});
  return hours;
}

// A shop-local wall time "YYYY-MM-DD HH:MM[:SS]" (or with 'T') in `zone`.
inline Timestamp at(std::string_view local, const ShopZone& zone = ShopZone::shanghai()) {
  return zone.parse_local(local).value();
}

// The shop-local "YYYY-MM-DD HH:MM" (":SS" and ".mmm" only when not zero); "never".
inline std::string local(Timestamp t, const ShopZone& zone = ShopZone::shanghai()) {
  if (t == kNever) return "never";
  std::string text = zone.format_local(t);
  if (text.ends_with(":00")) text.resize(text.size() - 3);
  const auto ms = to_millis(t) % 1000;
  if (ms != 0) text += "+" + std::to_string(ms) + "ms";
  return text;
}

}  // namespace guanxi::calendar::testing
