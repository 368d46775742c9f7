#include "calendar/anniversary.hpp"

#include <gtest/gtest.h>

#include "calendar/test_util.hpp"

namespace guanxi::calendar {
namespace {

using testing::day;
using testing::iso;

TEST(BirthdayTest, Feb29IsCelebratedOnFeb28InCommonYears) {
  EXPECT_EQ(iso(birthday_in_year(2, 29, 2024)), "2024-02-29");
  EXPECT_EQ(iso(birthday_in_year(2, 29, 2025)), "2025-02-28");
  EXPECT_EQ(iso(birthday_in_year(2, 29, 2000)), "2000-02-29");
  EXPECT_EQ(iso(birthday_in_year(2, 29, 2100)), "2100-02-28");
  EXPECT_EQ(iso(birthday_in_year(2, 28, 2025)), "2025-02-28");
  EXPECT_EQ(iso(birthday_in_year(12, 31, 2025)), "2025-12-31");
}

TEST(BirthdayTest, ImpossibleDatesAndYearsAreNullopt) {
  EXPECT_EQ(iso(birthday_in_year(2, 30, 2024)), "none");
  EXPECT_EQ(iso(birthday_in_year(4, 31, 2024)), "none");
  EXPECT_EQ(iso(birthday_in_year(13, 1, 2024)), "none");
  EXPECT_EQ(iso(birthday_in_year(0, 1, 2024)), "none");
  EXPECT_EQ(iso(birthday_in_year(1, 0, 2024)), "none");
  EXPECT_EQ(iso(birthday_in_year(1, 257, 2024)), "none");  // no wrap-around to the 1st
  EXPECT_EQ(iso(birthday_in_year(1, 1, 0)), "none");
  EXPECT_EQ(iso(birthday_in_year(1, 1, 10000)), "none");
  EXPECT_EQ(iso(birthday_in_year(1, 1, 9999)), "9999-01-01");
}

TEST(BirthdayTest, NextBirthdayIncludesTheDayItself) {
  EXPECT_EQ(iso(next_birthday(5, 20, day("2025-05-20"))), "2025-05-20");
  EXPECT_EQ(iso(next_birthday(5, 20, day("2025-05-21"))), "2026-05-20");
  EXPECT_EQ(iso(next_birthday(5, 20, day("2025-01-01"))), "2025-05-20");
  EXPECT_EQ(iso(next_birthday(2, 29, day("2025-02-28"))), "2025-02-28");
  EXPECT_EQ(iso(next_birthday(2, 29, day("2025-03-01"))), "2026-02-28");
  EXPECT_EQ(iso(next_birthday(2, 29, day("2027-03-01"))), "2028-02-29");
  EXPECT_EQ(iso(next_birthday(2, 29, day("2028-02-29"))), "2028-02-29");
  EXPECT_EQ(iso(next_birthday(4, 31, day("2025-01-01"))), "none");
  EXPECT_EQ(iso(next_birthday(1, 1, day("9999-01-02"))), "none");
}

TEST(LunarBirthdayTest, CelebratedInTheRegularMonth) {
  EXPECT_EQ(iso(lunar_birthdays_in_year(8, 15, 2025)), "2025-10-06");
  // 2025 repeats the 6th month: 6/15 is in the regular one, not the leap one (08-08).
  EXPECT_EQ(iso(lunar_birthdays_in_year(6, 15, 2025)), "2025-07-09");
  EXPECT_EQ(iso(lunar_birthdays_in_year(2, 30, 2023)), "2023-03-21");
  EXPECT_EQ(iso(lunar_birthdays_in_year(1, 1, 2026)), "2026-02-17");
}

TEST(LunarBirthdayTest, Day30FallsBackTo29) {
  EXPECT_EQ(iso(lunar_birthdays_in_year(2, 30, 2025)), "2025-03-28");  // 2/29
  EXPECT_EQ(iso(lunar_birthdays_in_year(2, 29, 2025)), "2025-03-28");
  EXPECT_EQ(iso(lunar_birthdays_in_year(12, 30, 2024)), "2024-02-09");  // lunar 2023's 12/30
  EXPECT_EQ(iso(lunar_birthdays_in_year(12, 30, 2025)), "2025-01-28");  // lunar 2024's 12/29
}

TEST(LunarBirthdayTest, TheGregorianYearDecidesAndMayHoldTwoOrNone) {
  // Lunar 12/20 of the lunar year that began 2024-02-10 lands in January 2025;
  // the next one (lunar 2025's) in February 2026.
  EXPECT_EQ(iso(lunar_birthdays_in_year(12, 20, 2025)), "2025-01-19");
  EXPECT_EQ(iso(lunar_birthdays_in_year(12, 20, 2026)), "2026-02-07");
  // 11/25: twice in 2024, not at all in 2025.
  EXPECT_EQ(iso(lunar_birthdays_in_year(11, 25, 2024)), "2024-01-06 2024-12-25");
  EXPECT_EQ(iso(lunar_birthdays_in_year(11, 25, 2025)), "");
  EXPECT_EQ(iso(lunar_birthdays_in_year(11, 25, 2026)), "2026-01-13");
  EXPECT_EQ(iso(next_lunar_birthday(11, 25, day("2024-12-26"))), "2026-01-13");
}

TEST(LunarBirthdayTest, InvalidOrOutOfRange) {
  EXPECT_EQ(iso(lunar_birthdays_in_year(0, 1, 2025)), "");
  EXPECT_EQ(iso(lunar_birthdays_in_year(13, 1, 2025)), "");
  EXPECT_EQ(iso(lunar_birthdays_in_year(1, 31, 2025)), "");
  EXPECT_EQ(iso(lunar_birthdays_in_year(1, 1, 2101)), "");
  EXPECT_EQ(iso(next_lunar_birthday(1, 31, day("2025-01-01"))), "none");
  EXPECT_EQ(iso(next_lunar_birthday(1, 1, day("2100-03-01"))), "none");
  EXPECT_EQ(iso(next_lunar_birthday(1, 1, day("1900-03-01"))), "none");
}

TEST(LunarBirthdayTest, NextLunarBirthday) {
  EXPECT_EQ(iso(next_lunar_birthday(8, 15, day("2025-10-06"))), "2025-10-06");
  EXPECT_EQ(iso(next_lunar_birthday(8, 15, day("2025-10-07"))), "2026-09-25");
  EXPECT_EQ(iso(next_lunar_birthday(12, 30, day("2025-01-29"))), "2026-02-16");
  EXPECT_EQ(iso(next_lunar_birthday(6, 1, day("2025-07-01"))), "2026-07-14");
}

TEST(AnniversaryTest, SameDayEachLaterYearWithTheFeb29Rule) {
  EXPECT_EQ(iso(anniversary_in_year(day("2023-06-18"), 2026)), "2026-06-18");
  EXPECT_EQ(iso(anniversary_in_year(day("2024-02-29"), 2025)), "2025-02-28");
  EXPECT_EQ(iso(anniversary_in_year(day("2024-02-29"), 2028)), "2028-02-29");
  EXPECT_EQ(iso(anniversary_in_year(day("2024-02-29"), 2024)), "none");  // the day itself
  EXPECT_EQ(iso(anniversary_in_year(day("2024-02-29"), 2023)), "none");
  EXPECT_EQ(iso(anniversary_in_year(day("2024-02-29"), 10000)), "none");
}

TEST(AnniversaryTest, NextAnniversaryIsNeverTheOriginalDay) {
  EXPECT_EQ(iso(next_anniversary(day("2024-02-29"), day("2024-02-29"))), "2025-02-28");
  EXPECT_EQ(iso(next_anniversary(day("2024-02-29"), day("2020-01-01"))), "2025-02-28");
  EXPECT_EQ(iso(next_anniversary(day("2024-02-29"), day("2025-03-01"))), "2026-02-28");
  EXPECT_EQ(iso(next_anniversary(day("2023-06-18"), day("2025-06-18"))), "2025-06-18");
  EXPECT_EQ(iso(next_anniversary(day("2023-06-18"), day("2025-06-19"))), "2026-06-18");
  EXPECT_EQ(iso(next_anniversary(day("2023-12-31"), day("2024-01-01"))), "2024-12-31");
  EXPECT_EQ(iso(next_anniversary(day("2023-06-18"), day("9999-06-19"))), "none");
}

}  // namespace
}  // namespace guanxi::calendar
