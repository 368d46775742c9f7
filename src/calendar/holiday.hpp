// Holidays of the shop calendar: the built-in Chinese, international and
// e-commerce dates (春节, 中秋, 母亲节, 双11, …) and dates a shop defines itself
// (店庆, a brand day). Care journeys greet customers and schedule campaigns on them.
//
// A holiday is a rule, not a date: HolidayDef says how to find the day in any year.
// Keys are stable identifiers (stored in journeys, sent in events); names are for
// people and may change.
#pragma once

#include <date/date.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"

namespace guanxi::calendar {

enum class HolidayRule : uint8_t {
  kSolar,             // Gregorian month/day every year; 02-29 only in leap years
  kLunar,             // lunar month/day, observed as in lunar.hpp: the regular (non-leap)
                      // month, day 30 on day 29 when the month is short
  kNthWeekday,        // the nth weekday of a Gregorian month (母亲节: 2nd Sunday of May)
  kLunarNewYearsEve,  // the last day of the lunar year (除夕): 12/29 or 12/30
  kQingming,          // the Qingming solar term (清明), April 4-6
};

// "solar", "lunar", "nth_weekday", "lunar_new_years_eve", "qingming" (the JSON names).
std::string_view holiday_rule_name(HolidayRule rule);
std::optional<HolidayRule> parse_holiday_rule(std::string_view name);

struct HolidayDef {
  std::string key;      // 1..64 of [a-z0-9_], unique among a shop's holidays and the built-ins
  std::string name_zh;  // 1..100 bytes, no control characters
  std::string name_en;  // 0..100 bytes, no control characters
  HolidayRule rule = HolidayRule::kSolar;
  unsigned month = 0;    // kSolar, kLunar, kNthWeekday: 1..12; otherwise 0
  unsigned day = 0;      // kSolar: a day of `month` in a leap year; kLunar: 1..30; otherwise 0
  unsigned weekday = 0;  // kNthWeekday: 0 = Sunday … 6 = Saturday; otherwise 0
  int nth = 0;           // kNthWeekday: 1..4, or -1 for the last; otherwise 0

  bool operator==(const HolidayDef&) const = default;

  static HolidayDef solar(std::string key, std::string name_zh, std::string name_en, unsigned month,
                          unsigned day);
  static HolidayDef lunar(std::string key, std::string name_zh, std::string name_en, unsigned month,
                          unsigned day);
  static HolidayDef nth_weekday(std::string key, std::string name_zh, std::string name_en,
                                unsigned month, unsigned weekday, int nth);
};

// OK, or invalid_argument naming the offending member as a JSON pointer ("/month").
Status validate_holiday(const HolidayDef& holiday);

// The built-in calendar, in a fixed order (solar dates, then lunar ones).
//   new_year 元旦 01-01 · valentines 情人节 02-14 · womens_day 妇女节 03-08 ·
//   qingming 清明节 (solar term) · labour_day 劳动节 05-01 · mothers_day 母亲节 (2nd Sunday
//   of May) · childrens_day 儿童节 06-01 · 618 (06-18) · fathers_day 父亲节 (3rd Sunday
//   of June) · teachers_day 教师节 09-10 · national_day 国庆节 10-01 · double_11 双11 11-11 ·
//   double_12 双12 12-12 · christmas 圣诞节 12-25 ·
//   new_years_eve 除夕 (last day of the lunar year) · spring_festival 春节 1/1 ·
//   lantern 元宵节 1/15 · dragon_boat 端午节 5/5 · qixi 七夕 7/7 · mid_autumn 中秋节 8/15 ·
//   double_ninth 重阳节 9/9 · laba 腊八节 12/8
std::span<const HolidayDef> builtin_holidays();

// The holiday with `key`: a built-in one first, then one of `extra`; nullptr when
// none. The pointer is into builtin_holidays() (static) or into `extra`.
const HolidayDef* find_holiday(std::string_view key, std::span<const HolidayDef> extra = {});

// The days in Gregorian `year` on which the holiday falls, ascending. One for
// almost every rule and year; none for 02-29 in a common year, and none or two for
// a lunar date from 11/11 to 12/10, such as 腊八 (see lunar_dates_in_year). Lunar rules and
// Qingming have no days outside 1901-01-01 … 2100-12-31; the others work for years
// 1..9999 (nothing outside).
std::vector<date::sys_days> occurrences_in_year(const HolidayDef& holiday, int year);

// The first day on or after `on_or_after` on which the holiday falls; nullopt when
// there is none in the range the rule works in (see occurrences_in_year).
std::optional<date::sys_days> next_occurrence(const HolidayDef& holiday,
                                              date::sys_days on_or_after);

struct HolidayOccurrence {
  date::sys_days day;
  HolidayDef holiday;
  bool operator==(const HolidayOccurrence&) const = default;
};

// Every built-in holiday and every holiday of `extra` falling in [from, to] (both
// included), ordered by day, then built-ins before `extra`, each in its own order.
// Empty when from > to. Cost: one occurrences_in_year per holiday per year spanned.
std::vector<HolidayOccurrence> holidays_between(date::sys_days from, date::sys_days to,
                                                std::span<const HolidayDef> extra = {});

}  // namespace guanxi::calendar
