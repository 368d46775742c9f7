#include "calendar/solar_term.hpp"

#include <gtest/gtest.h>

#include "calendar/test_util.hpp"

namespace guanxi::calendar {
namespace {

using testing::iso;

TEST(SolarTermTest, QingmingOnPublishedDays) {
  EXPECT_EQ(iso(qingming(2024)), "2024-04-04");
  EXPECT_EQ(iso(qingming(2025)), "2025-04-04");
  EXPECT_EQ(iso(qingming(2026)), "2026-04-05");
  EXPECT_EQ(iso(qingming(2027)), "2027-04-05");
  EXPECT_EQ(iso(qingming(2028)), "2028-04-04");
  EXPECT_EQ(iso(qingming(2029)), "2029-04-04");
  EXPECT_EQ(iso(qingming(2030)), "2030-04-05");
  EXPECT_EQ(iso(qingming(2000)), "2000-04-04");  // the century step the formula must get right
  EXPECT_EQ(iso(qingming(2100)), "2100-04-05");  // and 2100, not a leap year
  EXPECT_EQ(iso(qingming(1943)), "1943-04-06");
}

TEST(SolarTermTest, QingmingMatchesTheEphemerisEveryYear) {
  const auto lines = testing::read_testdata("qingming.txt");
  int checked = 0;
  int year = 1901;
  for (const auto& line : lines) {
    for (const std::string& expected : line) {
      EXPECT_EQ(iso(qingming(year)), expected) << year;
      ++year;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 200);
}

TEST(SolarTermTest, QingmingOutsideTheRangeIsNullopt) {
  EXPECT_EQ(qingming(1900), std::nullopt);
  EXPECT_EQ(qingming(2101), std::nullopt);
}

}  // namespace
}  // namespace guanxi::calendar
