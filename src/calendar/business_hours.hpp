// A shop's business hours and the arithmetic of business time: is the shop open
// now, when does it open next, when has N hours of business time elapsed, how much
// business time lies between two instants. The service desk's SLA clock
// (business_hours_sla.hpp) counts ticket targets with these.
//
// Business hours are a weekly schedule in the shop's local time, minus closed dates
// and closed holidays, plus make-up working days (调休). Every function takes the
// shop's ShopZone and UTC instants; none reads a clock.
//
// A local interval [open, close) on a day is the real time between its two instants:
// in a DST zone a local time the spring-forward gap skips stands for the instant of
// the change, and a repeated local time for its first occurrence, so an interval
// 01:00-04:00 holds 2 hours on the spring-forward day and 4 on the fall-back day.
#pragma once

#include <date/date.h>

#include <array>
#include <chrono>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "calendar/holiday.hpp"
#include "core/status.hpp"
#include "core/time.hpp"

namespace guanxi::calendar {

// One open period of a day, in local minutes since midnight: [open, close).
struct OpenInterval {
  std::chrono::minutes open{0};   // 00:00 … 23:59
  std::chrono::minutes close{0};  // open < close ≤ 24:00 (1440)

  bool operator==(const OpenInterval&) const = default;
};

// A date the shop works although its weekday schedule (or a closed holiday) says
// otherwise, on the hours of another weekday: Sunday 2026-02-15 worked as a Monday.
struct MakeUpDay {
  date::sys_days day;
  unsigned works_as = 1;  // 0 = Sunday … 6 = Saturday; that weekday's intervals apply

  bool operator==(const MakeUpDay&) const = default;
};

inline constexpr size_t kMaxIntervalsPerDay = 8;
inline constexpr size_t kMaxClosedDates = 1000;
inline constexpr size_t kMaxClosedHolidays = 50;
inline constexpr size_t kMaxMakeUpDays = 200;

// The answer of add_business_time and next_open when the shop never opens again
// (no open hours at all, or past 9999-12-31, the last instant these functions handle).
inline constexpr Timestamp kNever = Timestamp::max();

// Which local hours of which local dates the shop is open. The hours of a date are,
// in this order: none on a closed date; the `works_as` weekday's on a make-up day
// (even when a closed holiday falls on it); none on a day a closed holiday falls on;
// otherwise its weekday's.
struct BusinessHours {
  // Indexed by weekday, 0 = Sunday … 6 = Saturday; intervals ascending, not
  // overlapping (touching is allowed), at most kMaxIntervalsPerDay a day.
  std::array<std::vector<OpenInterval>, 7> weekly;
  std::vector<date::sys_days> closed_dates;  // ascending, no repeats
  // Holidays on which the shop closes (built-in ones or the shop's own), each by its
  // rule: 春节 closes the shop on whichever day it falls. Keys unique.
  std::vector<HolidayDef> closed_holidays;
  std::vector<MakeUpDay> make_up_days;  // ascending by day, none on a closed date

  bool operator==(const BusinessHours&) const = default;

  // Open around the clock, every day ("24x7"), with no closed dates.
  static BusinessHours always_open();
  // True when every weekday is open 00:00-24:00.
  bool is_24x7() const;
};

// "sun", "mon", … "sat" for 0 … 6: the weekday keys of the JSON form and of error fields.
std::string_view weekday_key(unsigned weekday);
std::optional<unsigned> parse_weekday_key(std::string_view key);

// "09:30"; 1440 minutes is "24:00" (clamped to 00:00 … 24:00).
std::string format_time_of_day(std::chrono::minutes time_of_day);

enum class DateOrder {
  kAscending,  // closed_dates and make_up_days ascending, as the functions below expect
  kAny,        // any order (input typed by a person); sort_dates() puts it in order
};

// OK, or invalid_argument naming the offending field as in the JSON form
// ("schedule.mon[1].close", "closed_dates[3]", "make_up_days[0].works_as"): an
// interval out of range, empty, overlapping or out of order; too many entries; a
// date out of order or repeated; a repeated or invalid holiday; a make-up day on a
// closed date or working as a weekday without hours; a week without open hours.
// Every function below expects a valid BusinessHours with its dates ascending.
Status validate_business_hours(const BusinessHours& hours, DateOrder order = DateOrder::kAscending);

// Sorts closed_dates and make_up_days ascending.
void sort_dates(BusinessHours& hours);

// The shop's local hours on a local date (empty when closed), after closed dates,
// make-up days and closed holidays.
std::span<const OpenInterval> hours_on(const BusinessHours& hours, date::sys_days day);

// Whether the shop is open at t.
bool is_open(const BusinessHours& hours, const ShopZone& zone, Timestamp t);

// t when the shop is open at t; otherwise the next instant it opens (kNever when none).
Timestamp next_open(const BusinessHours& hours, const ShopZone& zone, Timestamp t);

// The first instant at which `duration` of business time has elapsed since `start`:
// the earliest T ≥ start with business_time_between(start, T) == duration. A start
// outside the hours counts from the next opening; a due time landing exactly on a
// closing time stays at the close (not the next opening); a zero or negative
// duration gives `start`. kNever when the shop never accumulates that much.
// Cost: one step per open interval, whole weeks at a time where nothing special
// happens in the week (no closed or make-up date, holiday or DST change).
Timestamp add_business_time(const BusinessHours& hours, const ShopZone& zone, Timestamp start,
                            std::chrono::milliseconds duration);

// The business time within [from, to); zero when to ≤ from. Same cost as above.
std::chrono::milliseconds business_time_between(const BusinessHours& hours, const ShopZone& zone,
                                                Timestamp from, Timestamp to);

}  // namespace guanxi::calendar
