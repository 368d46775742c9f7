#include "calendar/lunar.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>

namespace guanxi::calendar {

namespace {

// One entry per lunar year 1900..2100, the published Chinese calendar as tabulated
// by the Hong Kong Observatory ("Gregorian-Lunar Calendar Conversion Table",
// 1901-2100; lunar 1900 is needed for 1901-01-01 … 1901-02-18), typed in the widely
// used 20-bit layout:
//   bits 15..4  the regular months 1..12 (bit 15 = month 1): 1 = 30 days, 0 = 29 days
//   bits  3..0  the leap month's number, 0 = no leap month
//   bit  16     the leap month has 30 days
// Checked against a calendar derived independently from astronomical new moons and
// solar terms in UTC+8 (testdata/lunar_years.txt): every month agrees except where
// four new moons fall within six minutes of Beijing midnight (1914-11, 1916-02,
// 1920-11, 2097-08); there the table keeps the published dates. lunar_test.cpp also
// pins the calendar's invariants, festivals_test.cpp the published festival dates.
// clang-format off
constexpr std::array<uint32_t, 201> kYears = {
    // 1900-1909
    0x04bd8, 0x04ae0, 0x0a570, 0x054d5, 0x0d260, 0x0d950, 0x16554, 0x056a0, 0x09ad0, 0x055d2,
    // 1910-1919
    0x04ae0, 0x0a5b6, 0x0a4d0, 0x0d250, 0x1d255, 0x0b540, 0x0d6a0, 0x0ada2, 0x095b0, 0x14977,
    // 1920-1929
    0x04970, 0x0a4b0, 0x0b4b5, 0x06a50, 0x06d40, 0x1ab54, 0x02b60, 0x09570, 0x052f2, 0x04970,
    // 1930-1939
    0x06566, 0x0d4a0, 0x0ea50, 0x16a95, 0x05ad0, 0x02b60, 0x186e3, 0x092e0, 0x1c8d7, 0x0c950,
    // 1940-1949
    0x0d4a0, 0x1d8a6, 0x0b550, 0x056a0, 0x1a5b4, 0x025d0, 0x092d0, 0x0d2b2, 0x0a950, 0x0b557,
    // 1950-1959
    0x06ca0, 0x0b550, 0x15355, 0x04da0, 0x0a5b0, 0x14573, 0x052b0, 0x0a9a8, 0x0e950, 0x06aa0,
    // 1960-1969
    0x0aea6, 0x0ab50, 0x04b60, 0x0aae4, 0x0a570, 0x05260, 0x0f263, 0x0d950, 0x05b57, 0x056a0,
    // 1970-1979
    0x096d0, 0x04dd5, 0x04ad0, 0x0a4d0, 0x0d4d4, 0x0d250, 0x0d558, 0x0b540, 0x0b6a0, 0x195a6,
    // 1980-1989
    0x095b0, 0x049b0, 0x0a974, 0x0a4b0, 0x0b27a, 0x06a50, 0x06d40, 0x0af46, 0x0ab60, 0x09570,
    // 1990-1999
    0x04af5, 0x04970, 0x064b0, 0x074a3, 0x0ea50, 0x06b58, 0x05ac0, 0x0ab60, 0x096d5, 0x092e0,
    // 2000-2009
    0x0c960, 0x0d954, 0x0d4a0, 0x0da50, 0x07552, 0x056a0, 0x0abb7, 0x025d0, 0x092d0, 0x0cab5,
    // 2010-2019
    0x0a950, 0x0b4a0, 0x0baa4, 0x0ad50, 0x055d9, 0x04ba0, 0x0a5b0, 0x15176, 0x052b0, 0x0a930,
    // 2020-2029
    0x07954, 0x06aa0, 0x0ad50, 0x05b52, 0x04b60, 0x0a6e6, 0x0a4e0, 0x0d260, 0x0ea65, 0x0d530,
    // 2030-2039
    0x05aa0, 0x076a3, 0x096d0, 0x04afb, 0x04ad0, 0x0a4d0, 0x1d0b6, 0x0d250, 0x0d520, 0x0dd45,
    // 2040-2049
    0x0b5a0, 0x056d0, 0x055b2, 0x049b0, 0x0a577, 0x0a4b0, 0x0aa50, 0x1b255, 0x06d20, 0x0ada0,
    // 2050-2059
    0x14b63, 0x09370, 0x049f8, 0x04970, 0x064b0, 0x168a6, 0x0ea50, 0x06b20, 0x1a6c4, 0x0aae0,
    // 2060-2069
    0x092e0, 0x0d2e3, 0x0c960, 0x0d557, 0x0d4a0, 0x0da50, 0x05d55, 0x056a0, 0x0a6d0, 0x055d4,
    // 2070-2079
    0x052d0, 0x0a9b8, 0x0a950, 0x0b4a0, 0x0b6a6, 0x0ad50, 0x055a0, 0x0aba4, 0x0a5b0, 0x052b0,
    // 2080-2089
    0x0b273, 0x06930, 0x07337, 0x06aa0, 0x0ad50, 0x14b55, 0x04b60, 0x0a570, 0x054e4, 0x0d160,
    // 2090-2099
    0x0e968, 0x0d520, 0x0daa0, 0x16aa6, 0x056d0, 0x04ae0, 0x0a9d4, 0x0a2d0, 0x0d150, 0x0f252,
    // 2100
    0x0d520,
};
// clang-format on

constexpr uint32_t kMonthBit1 = 0x8000;  // month m is bit (kMonthBit1 >> (m - 1))
constexpr uint32_t kLeapLongBit = 0x10000;
constexpr uint32_t kLeapMonthMask = 0xF;

constexpr unsigned leap_of(uint32_t bits) {
  return bits & kLeapMonthMask;
}

// 29 or 30 for a month that exists; 0 otherwise.
constexpr int month_length(uint32_t bits, unsigned month, bool leap) {
  if (month < 1 || month > 12) return 0;
  if (leap) {
    if (leap_of(bits) != month) return 0;
    return (bits & kLeapLongBit) != 0 ? 30 : 29;
  }
  return (bits & (kMonthBit1 >> (month - 1))) != 0 ? 30 : 29;
}

constexpr int year_length(uint32_t bits) {
  int days = 0;
  for (unsigned m = 1; m <= 12; ++m) {
    days += month_length(bits, m, false);
  }
  const unsigned leap = leap_of(bits);
  return leap == 0 ? days : days + month_length(bits, leap, true);
}

constexpr int day_number(date::year_month_day ymd) {
  return date::sys_days{ymd}.time_since_epoch().count();
}

// The day number (days since 1970-01-01) of each lunar year's first day, 1900..2101.
constexpr std::array<int, kYears.size() + 1> kNewYearDays = [] {
  std::array<int, kYears.size() + 1> days{};
  days[0] = day_number(date::year{1900} / date::January / 31);
  for (size_t i = 0; i < kYears.size(); ++i) {
    days[i + 1] = days[i] + year_length(kYears[i]);
  }
  return days;
}();

// A typo in the table moves every later Spring Festival; these pin both ends.
static_assert(kNewYearDays[1] == day_number(date::year{1901} / date::February / 19));
static_assert(kNewYearDays[125] == day_number(date::year{2025} / date::January / 29));
static_assert(kNewYearDays[200] == day_number(date::year{2100} / date::February / 9));
static_assert(kNewYearDays[201] == day_number(date::year{2101} / date::January / 29));

bool in_table(int year) {
  return year >= kLunarFirstYear && year <= kLunarLastYear;
}

uint32_t bits_of(int year) {
  return kYears[static_cast<size_t>(year - kLunarFirstYear)];
}

bool in_range(date::sys_days day) {
  return day >= kLunarFirstDay && day <= kLunarLastDay;
}

int year_of(date::sys_days day) {
  return static_cast<int>(date::year_month_day{day}.year());
}

}  // namespace

std::string LunarDate::to_string() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, leap ? "%04d-L%02u-%02u" : "%04d-%02u-%02u", year, month, day);
  return buf;
}

std::optional<LunarDate> to_lunar(date::sys_days day) {
  if (!in_range(day)) return std::nullopt;
  const int n = day.time_since_epoch().count();
  // The last new year on or before `day`; in range, so never before kNewYearDays[0].
  const auto next = std::upper_bound(kNewYearDays.begin(), kNewYearDays.end(), n);
  const auto index = static_cast<size_t>(next - kNewYearDays.begin() - 1);
  const uint32_t bits = kYears[index];
  const unsigned leap = leap_of(bits);
  int offset = n - kNewYearDays[index];
  for (unsigned m = 1; m <= 12; ++m) {
    for (const bool is_leap : {false, true}) {
      if (is_leap && m != leap) continue;
      const int length = month_length(bits, m, is_leap);
      if (offset < length) {
        return LunarDate{kLunarFirstYear + static_cast<int>(index), m,
                         static_cast<unsigned>(offset + 1), is_leap};
      }
      offset -= length;
    }
  }
  return std::nullopt;  // unreachable: kNewYearDays[index + 1] > n
}

std::optional<date::sys_days> from_lunar(const LunarDate& date) {
  if (!in_table(date.year)) return std::nullopt;
  const uint32_t bits = bits_of(date.year);
  const int length = month_length(bits, date.month, date.leap);
  if (length == 0 || date.day < 1 || date.day > static_cast<unsigned>(length)) {
    return std::nullopt;
  }
  int n = kNewYearDays[static_cast<size_t>(date.year - kLunarFirstYear)];
  const unsigned leap = leap_of(bits);
  for (unsigned m = 1; m < date.month; ++m) {
    n += month_length(bits, m, false);
    if (m == leap) n += month_length(bits, m, true);
  }
  if (date.leap) n += month_length(bits, date.month, false);
  n += static_cast<int>(date.day) - 1;
  const date::sys_days day{date::days{n}};
  if (!in_range(day)) return std::nullopt;
  return day;
}

int lunar_month_days(int year, unsigned month, bool leap) {
  if (!in_table(year)) return 0;
  return month_length(bits_of(year), month, leap);
}

std::optional<unsigned> leap_month(int year) {
  if (!in_table(year)) return std::nullopt;
  const unsigned leap = leap_of(bits_of(year));
  if (leap == 0) return std::nullopt;
  return leap;
}

std::optional<date::sys_days> observed_lunar_date(int lunar_year, unsigned month, unsigned day) {
  if (month < 1 || month > 12 || day < 1 || day > 30) return std::nullopt;
  const int length = lunar_month_days(lunar_year, month, false);
  if (length == 0) return std::nullopt;
  return from_lunar(LunarDate{lunar_year, month, std::min(day, static_cast<unsigned>(length))});
}

std::vector<date::sys_days> lunar_dates_in_year(unsigned month, unsigned day, int gregorian_year) {
  std::vector<date::sys_days> out;
  // Every day of a Gregorian year Y lies in lunar year Y - 1 or Y.
  for (const int lunar_year : {gregorian_year - 1, gregorian_year}) {
    const auto observed = observed_lunar_date(lunar_year, month, day);
    if (observed && year_of(*observed) == gregorian_year) {
      out.push_back(*observed);
    }
  }
  return out;
}

std::optional<date::sys_days> next_lunar_date(unsigned month, unsigned day,
                                              date::sys_days on_or_after) {
  const auto today = to_lunar(on_or_after);
  if (!today) return std::nullopt;
  // This lunar year's observance if it is still ahead, else next lunar year's.
  for (const int lunar_year : {today->year, today->year + 1}) {
    const auto observed = observed_lunar_date(lunar_year, month, day);
    if (observed && *observed >= on_or_after) return observed;
  }
  return std::nullopt;
}

}  // namespace guanxi::calendar
