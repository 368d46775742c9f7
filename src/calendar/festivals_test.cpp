// Checks the built-in holidays against testdata/festivals.txt, the published
// festival dates for 2024-2030.
#include <gtest/gtest.h>

#include <map>

#include "calendar/holiday.hpp"
#include "calendar/test_util.hpp"

namespace guanxi::calendar {
namespace {

using testing::iso;

TEST(FestivalsTest, BuiltinHolidaysFallOnThePublishedDays) {
  const auto lines = testing::read_testdata("festivals.txt");
  std::map<std::string, int> per_key;
  for (const auto& line : lines) {
    ASSERT_EQ(line.size(), 2u) << "malformed line starting " << line[0];
    const std::string& key = line[0];
    const std::string& expected = line[1];
    const HolidayDef* holiday = find_holiday(key);
    ASSERT_NE(holiday, nullptr) << key;
    const int year = std::stoi(expected.substr(0, 4));
    EXPECT_EQ(iso(occurrences_in_year(*holiday, year)), expected) << key;
    EXPECT_EQ(iso(next_occurrence(*holiday, testing::day(expected))), expected) << key;
    ++per_key[key];
  }
  const std::map<std::string, int> expected_counts = {{"new_years_eve", 7}, {"spring_festival", 7},
                                                      {"lantern", 7},       {"qingming", 7},
                                                      {"dragon_boat", 7},   {"qixi", 7},
                                                      {"mid_autumn", 7},    {"double_ninth", 7}};
  EXPECT_EQ(per_key, expected_counts);
}

}  // namespace
}  // namespace guanxi::calendar
