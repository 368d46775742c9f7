#include "callcenter/hours.hpp"

#include <gtest/gtest.h>

namespace guanxi::callcenter {
namespace {

TEST(BusinessHoursTest, RoundTripThroughJson) {
  const auto json = parse_json(R"({"monday": ["09:00", "18:00"], "sunday": ["10:00", "24:00"],
                                   "closed_dates": ["2025-10-01", "2025-10-02"]})")
                        .value();
  const auto hours = business_hours_from_json(json);
  ASSERT_TRUE(hours.ok()) << hours.status().to_string();
  EXPECT_EQ(business_hours_from_json(business_hours_to_json(*hours)).value(), *hours);
  EXPECT_EQ(hours->weekly[0]->end_minute, 24 * 60);
  EXPECT_TRUE(hours->is_open(ShopZone::shanghai().parse_local("2025-03-09 23:59").value(),
                             ShopZone::shanghai()));
}

TEST(BusinessHoursTest, TimesOfDayParseStrictly) {
  EXPECT_EQ(parse_minute_of_day("09:30").value(), 570);
  EXPECT_EQ(parse_minute_of_day("24:00").value(), 1440);
  EXPECT_FALSE(parse_minute_of_day("24:01").ok());
  EXPECT_FALSE(parse_minute_of_day("9:30").ok());
  EXPECT_FALSE(parse_minute_of_day("09:60").ok());
  EXPECT_EQ(format_minute_of_day(570), "09:30");
}

TEST(BusinessHoursTest, ClosedDatesAndMissingWeekdaysAreClosed) {
  BusinessHours hours;
  hours.weekly[1] = DailyWindow{9 * 60, 18 * 60};  // Monday
  hours.closed_dates.push_back(CivilDate{2025, 3, 10});
  const ShopZone& zone = ShopZone::shanghai();
  EXPECT_TRUE(hours.is_open(zone.parse_local("2025-03-03 09:00").value(), zone));
  EXPECT_FALSE(hours.is_open(zone.parse_local("2025-03-03 08:59").value(), zone));
  EXPECT_FALSE(hours.is_open(zone.parse_local("2025-03-04 10:00").value(), zone));  // Tuesday
  EXPECT_FALSE(hours.is_open(zone.parse_local("2025-03-10 10:00").value(), zone));  // closed date
  EXPECT_EQ(minute_of_day(zone.parse_local("2025-03-03 00:30").value(), zone), 30);
}

}  // namespace
}  // namespace guanxi::callcenter
