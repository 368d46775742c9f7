#include "calendar/lunar.hpp"

#include <gtest/gtest.h>

#include <map>
#include <utility>

#include "calendar/test_util.hpp"

namespace guanxi::calendar {
namespace {

using date::sys_days;
using testing::day;
using testing::iso;

TEST(LunarTest, ConvertsKnownDays) {
  EXPECT_EQ(to_lunar(day("2025-01-29")), (LunarDate{2025, 1, 1}));
  EXPECT_EQ(to_lunar(day("2025-01-28")), (LunarDate{2024, 12, 29}));
  EXPECT_EQ(to_lunar(day("2024-02-09")), (LunarDate{2023, 12, 30}));
  EXPECT_EQ(to_lunar(day("2024-09-17")), (LunarDate{2024, 8, 15}));
  EXPECT_EQ(to_lunar(day("2023-03-22")), (LunarDate{2023, 2, 1, true}));
  EXPECT_EQ(to_lunar(day("2025-07-24")), (LunarDate{2025, 6, 30}));
  EXPECT_EQ(to_lunar(day("2025-07-25")), (LunarDate{2025, 6, 1, true}));
  EXPECT_EQ(to_lunar(day("2033-12-22")), (LunarDate{2033, 11, 1, true}));

  EXPECT_EQ(iso(from_lunar({2026, 1, 1})), "2026-02-17");
  EXPECT_EQ(iso(from_lunar({2025, 6, 15})), "2025-07-09");
  EXPECT_EQ(iso(from_lunar({2025, 6, 15, true})), "2025-08-08");
  EXPECT_EQ(iso(from_lunar({2020, 4, 1, true})), "2020-05-23");
  EXPECT_EQ(iso(from_lunar({2023, 2, 1, true})), "2023-03-22");
  EXPECT_EQ(iso(from_lunar({2028, 5, 1, true})), "2028-06-23");
}

TEST(LunarTest, EdgesOfTheRange) {
  EXPECT_EQ(to_lunar(kLunarFirstDay), (LunarDate{1900, 11, 11}));
  EXPECT_EQ(to_lunar(day("1901-02-18")), (LunarDate{1900, 12, 30}));
  EXPECT_EQ(to_lunar(day("1901-02-19")), (LunarDate{1901, 1, 1}));
  EXPECT_EQ(to_lunar(day("2100-02-08")), (LunarDate{2099, 12, 30}));
  EXPECT_EQ(to_lunar(day("2100-02-09")), (LunarDate{2100, 1, 1}));
  EXPECT_EQ(to_lunar(kLunarLastDay), (LunarDate{2100, 12, 1}));
  EXPECT_EQ(iso(kLunarFirstDay), "1901-01-01");
  EXPECT_EQ(iso(kLunarLastDay), "2100-12-31");

  EXPECT_EQ(to_lunar(day("1900-12-31")), std::nullopt);
  EXPECT_EQ(to_lunar(day("2101-01-01")), std::nullopt);
  EXPECT_EQ(to_lunar(day("0001-01-01")), std::nullopt);
  EXPECT_EQ(iso(from_lunar({1900, 11, 11})), "1901-01-01");
  EXPECT_EQ(iso(from_lunar({1900, 11, 10})), "none");  // 1900-12-31
  EXPECT_EQ(iso(from_lunar({1900, 1, 1})), "none");    // 1900-01-31
  EXPECT_EQ(iso(from_lunar({2100, 12, 1})), "2100-12-31");
  EXPECT_EQ(iso(from_lunar({2100, 12, 2})), "none");  // 2101-01-01
  EXPECT_EQ(iso(from_lunar({1899, 1, 1})), "none");
  EXPECT_EQ(iso(from_lunar({2101, 1, 1})), "none");
}

TEST(LunarTest, NonexistentDatesAreNullopt) {
  EXPECT_EQ(from_lunar({2024, 0, 1}), std::nullopt);
  EXPECT_EQ(from_lunar({2024, 13, 1}), std::nullopt);
  EXPECT_EQ(from_lunar({2024, 1, 0}), std::nullopt);
  EXPECT_EQ(from_lunar({2024, 1, 31}), std::nullopt);
  EXPECT_EQ(from_lunar({2024, 6, 1, true}), std::nullopt);  // 2024 has no leap month
  EXPECT_EQ(from_lunar({2025, 5, 1, true}), std::nullopt);  // 2025's is the 6th
  EXPECT_EQ(from_lunar({2025, 2, 30}), std::nullopt);       // a 29-day month
  EXPECT_EQ(from_lunar({2025, 6, 30, true}), std::nullopt);
}

TEST(LunarTest, LeapMonthsAndMonthLengths) {
  EXPECT_EQ(leap_month(1900), 8u);
  EXPECT_EQ(leap_month(2017), 6u);
  EXPECT_EQ(leap_month(2020), 4u);
  EXPECT_EQ(leap_month(2023), 2u);
  EXPECT_EQ(leap_month(2025), 6u);
  EXPECT_EQ(leap_month(2028), 5u);
  EXPECT_EQ(leap_month(2033), 11u);  // the "2033 problem": a leap 11th month
  EXPECT_EQ(leap_month(2100), std::nullopt);
  EXPECT_EQ(leap_month(2024), std::nullopt);
  EXPECT_EQ(leap_month(2026), std::nullopt);
  EXPECT_EQ(leap_month(1899), std::nullopt);
  EXPECT_EQ(leap_month(2101), std::nullopt);

  // Lunar 2025: 30 29 30 29 29 30, leap 6th 29, 30 29 30 30 30 29.
  const int lengths_2025[] = {30, 29, 30, 29, 29, 30, 30, 29, 30, 30, 30, 29};
  for (unsigned m = 1; m <= 12; ++m) {
    EXPECT_EQ(lunar_month_days(2025, m, false), lengths_2025[m - 1]) << m;
  }
  EXPECT_EQ(lunar_month_days(2025, 6, true), 29);
  EXPECT_EQ(lunar_month_days(2025, 5, true), 0);
  EXPECT_EQ(lunar_month_days(2025, 0, false), 0);
  EXPECT_EQ(lunar_month_days(2025, 13, false), 0);
  EXPECT_EQ(lunar_month_days(2023, 2, false), 30);
  EXPECT_EQ(lunar_month_days(2023, 2, true), 29);
  EXPECT_EQ(lunar_month_days(2017, 6, true), 30);
  EXPECT_EQ(lunar_month_days(1899, 1, false), 0);
  EXPECT_EQ(lunar_month_days(2101, 1, false), 0);
}

// testdata/lunar_years.txt: each lunar year's first day, leap month and month
// lengths, derived from astronomical new moons independently of the table.
TEST(LunarTest, TableMatchesTheIndependentDerivation) {
  int years = 0;
  for (const auto& line : testing::read_testdata("lunar_years.txt")) {
    ASSERT_GE(line.size(), 15u) << line[0];
    const int year = std::stoi(line[0]);
    SCOPED_TRACE(year);
    if (year > kLunarFirstYear) {  // 1900-01-31 is outside the convertible range
      EXPECT_EQ(iso(from_lunar({year, 1, 1})), line[1]);
    }
    const auto leap = leap_month(year);
    EXPECT_EQ(leap ? "L" + std::to_string(*leap) : std::string("-"), line[2]);
    std::string lengths;
    for (unsigned m = 1; m <= 12; ++m) {
      lengths += " " + std::to_string(lunar_month_days(year, m, false));
      if (leap == m) lengths += " " + std::to_string(lunar_month_days(year, m, true));
    }
    std::string expected;
    for (size_t i = 3; i < line.size(); ++i) expected += " " + line[i];
    EXPECT_EQ(lengths, expected);
    ++years;
  }
  EXPECT_EQ(years, 201);
}

TEST(LunarTest, OrdersChronologically) {
  EXPECT_LT((LunarDate{2023, 2, 30}), (LunarDate{2023, 2, 1, true}));
  EXPECT_LT((LunarDate{2023, 2, 29, true}), (LunarDate{2023, 3, 1}));
  EXPECT_LT((LunarDate{2022, 12, 30}), (LunarDate{2023, 1, 1}));
  EXPECT_EQ((LunarDate{2023, 2, 1, true}).to_string(), "2023-L02-01");
  EXPECT_EQ((LunarDate{2025, 8, 15}).to_string(), "2025-08-15");
}

// Walks every day of 1901-01-01 … 2100-12-31 and checks the calendar's shape: the
// round trip, day numbers counting up by one within a month, months of 29 or 30
// days in order (a leap month right after its regular month), 12 or 13 months a
// year (13 exactly when leap_month says so), years of 353-355 or 383-385 days, the
// Spring Festival between Jan 21 and Feb 20, and to_lunar increasing.
TEST(LunarTest, EveryDayRoundTripsAndTheCalendarHasItsShape) {
  std::optional<LunarDate> previous;
  std::map<int, int> months_in_year;  // lunar year → months that started in range
  std::map<int, int> days_in_year;
  int month_ends = 0;
  for (sys_days d = kLunarFirstDay; d <= kLunarLastDay; d += date::days{1}) {
    const auto lunar = to_lunar(d);
    ASSERT_TRUE(lunar.has_value()) << iso(d);
    ASSERT_EQ(from_lunar(*lunar), d) << iso(d) << " " << lunar->to_string();
    ASSERT_GE(lunar->day, 1u);
    ASSERT_LE(lunar->day, 30u);
    ++days_in_year[lunar->year];
    if (previous) {
      ASSERT_LT(*previous, *lunar) << iso(d);
      if (lunar->day != 1) {
        ASSERT_EQ(lunar->year, previous->year) << iso(d);
        ASSERT_EQ(lunar->month, previous->month) << iso(d);
        ASSERT_EQ(lunar->leap, previous->leap) << iso(d);
        ASSERT_EQ(lunar->day, previous->day + 1) << iso(d);
      } else {
        // A month ended after 29 or 30 days, as the table says.
        ASSERT_TRUE(previous->day == 29 || previous->day == 30) << iso(d);
        ASSERT_EQ(lunar_month_days(previous->year, previous->month, previous->leap),
                  static_cast<int>(previous->day))
            << iso(d);
        ++month_ends;
        ++months_in_year[lunar->year];
        if (lunar->year != previous->year) {
          ASSERT_EQ(lunar->year, previous->year + 1) << iso(d);
          ASSERT_EQ((std::pair{lunar->month, lunar->leap}), (std::pair{1u, false})) << iso(d);
          ASSERT_EQ(previous->month, 12u) << iso(d);
          const std::string year = std::to_string(lunar->year);
          ASSERT_GE(d, day(year + "-01-21")) << iso(d);
          ASSERT_LE(d, day(year + "-02-20")) << iso(d);
        } else if (lunar->leap) {
          ASSERT_EQ(lunar->month, previous->month) << iso(d);
          ASSERT_FALSE(previous->leap) << iso(d);
          ASSERT_EQ(leap_month(lunar->year), lunar->month) << iso(d);
        } else {
          ASSERT_EQ(lunar->month, previous->month + 1) << iso(d);
        }
      }
    }
    previous = lunar;
  }
  EXPECT_GT(month_ends, 2470);  // 200 years × 12.37 months
  // Lunar years 1901..2099 lie wholly inside the range.
  for (int year = 1901; year <= 2099; ++year) {
    EXPECT_EQ(months_in_year[year], leap_month(year) ? 13 : 12) << year;
    const int days = days_in_year[year];
    if (leap_month(year)) {
      EXPECT_TRUE(days >= 383 && days <= 385) << year << ": " << days;
    } else {
      EXPECT_TRUE(days >= 353 && days <= 355) << year << ": " << days;
    }
  }
}

TEST(LunarTest, YearlyDatesUseTheRegularMonthAndDay29ForAMissing30) {
  // 2023: a regular 2nd month of 30 days, then a leap 2nd month of 29.
  EXPECT_EQ(iso(observed_lunar_date(2023, 2, 1)), "2023-02-20");
  EXPECT_EQ(iso(observed_lunar_date(2023, 2, 30)), "2023-03-21");
  // 2025: the 2nd month has 29 days; so has lunar 2024's 12th (除夕 on 12/29).
  EXPECT_EQ(iso(observed_lunar_date(2025, 2, 29)), "2025-03-28");
  EXPECT_EQ(iso(observed_lunar_date(2025, 2, 30)), "2025-03-28");
  EXPECT_EQ(iso(observed_lunar_date(2024, 12, 30)), "2025-01-28");
  EXPECT_EQ(iso(observed_lunar_date(2023, 12, 30)), "2024-02-09");
  EXPECT_EQ(iso(observed_lunar_date(2025, 0, 1)), "none");
  EXPECT_EQ(iso(observed_lunar_date(2025, 13, 1)), "none");
  EXPECT_EQ(iso(observed_lunar_date(2025, 1, 0)), "none");
  EXPECT_EQ(iso(observed_lunar_date(2025, 1, 31)), "none");
  EXPECT_EQ(iso(observed_lunar_date(2101, 1, 1)), "none");
}

TEST(LunarTest, AGregorianYearCanHoldTwoOrNoObservances) {
  EXPECT_EQ(iso(lunar_dates_in_year(12, 8, 2022)), "2022-01-10 2022-12-30");  // 腊八
  EXPECT_EQ(iso(lunar_dates_in_year(12, 8, 2023)), "");
  EXPECT_EQ(iso(lunar_dates_in_year(12, 8, 2024)), "2024-01-18");
  EXPECT_EQ(iso(lunar_dates_in_year(8, 15, 2025)), "2025-10-06");
  EXPECT_EQ(iso(lunar_dates_in_year(8, 15, 1901)), "1901-09-27");
  EXPECT_EQ(iso(lunar_dates_in_year(11, 11, 1901)), "1901-01-01 1901-12-21");
  EXPECT_EQ(iso(lunar_dates_in_year(1, 1, 1900)), "");
  EXPECT_EQ(iso(lunar_dates_in_year(1, 1, 2101)), "");
  EXPECT_EQ(iso(lunar_dates_in_year(13, 1, 2025)), "");

  EXPECT_EQ(iso(next_lunar_date(12, 8, day("2023-01-01"))), "2024-01-18");
  EXPECT_EQ(iso(next_lunar_date(12, 8, day("2022-12-30"))), "2022-12-30");
  EXPECT_EQ(iso(next_lunar_date(12, 8, day("2022-12-31"))), "2024-01-18");
  EXPECT_EQ(iso(next_lunar_date(1, 1, day("2025-01-30"))), "2026-02-17");
  EXPECT_EQ(iso(next_lunar_date(11, 30, day("2100-12-01"))), "2100-12-30");
  EXPECT_EQ(iso(next_lunar_date(11, 30, day("2100-12-31"))), "none");  // lunar 2101
  EXPECT_EQ(iso(next_lunar_date(1, 1, day("1900-06-01"))), "none");
  EXPECT_EQ(iso(next_lunar_date(0, 1, day("2025-01-01"))), "none");
}

// For every month/day, the observances listed Gregorian year by Gregorian year are
// one per lunar year: increasing, a lunar year apart (±1 day for a day 30 observed
// on 29), each found by next_lunar_date; and only 11/11 … 12/10 ever fall twice (or
// not at all) in one Gregorian year.
TEST(LunarTest, ObservancesAreOnePerLunarYear) {
  for (unsigned month = 1; month <= 12; ++month) {
    for (unsigned d = 1; d <= 30; ++d) {
      const bool may_repeat = (month == 11 && d >= 11) || (month == 12 && d <= 10);
      bool repeated = false;
      std::optional<sys_days> previous;
      for (int year = 1901; year <= 2100; ++year) {
        const auto days = lunar_dates_in_year(month, d, year);
        ASSERT_LE(days.size(), 2u);
        repeated = repeated || days.size() == 2;
        if (!may_repeat) {
          ASSERT_EQ(days.size(), 1u) << month << "/" << d << " in " << year;
        }
        for (const sys_days x : days) {
          if (previous) {
            const auto gap = (x - *previous).count();
            ASSERT_TRUE(gap >= 352 && gap <= 386) << month << "/" << d << " " << iso(x);
            ASSERT_EQ(next_lunar_date(month, d, *previous + date::days{1}), x) << iso(x);
          }
          ASSERT_EQ(next_lunar_date(month, d, x), x) << iso(x);
          previous = x;
        }
      }
      EXPECT_EQ(repeated, may_repeat) << month << "/" << d;
    }
  }
}

}  // namespace
}  // namespace guanxi::calendar
