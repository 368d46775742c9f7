#include "core/time.hpp"

#include <gtest/gtest.h>

namespace guanxi {
namespace {

TEST(TimeTest, ParsesIso8601WithOffsets) {
  const Timestamp t = parse_iso8601("2024-03-01T12:00:00Z").value();
  EXPECT_EQ(format_utc_iso8601(t), "2024-03-01T12:00:00.000Z");
  EXPECT_EQ(parse_iso8601("2024-03-01T20:00:00+08:00").value(), t);
  EXPECT_EQ(parse_iso8601("2024-03-01 20:00:00+0800").value(), t);
  EXPECT_EQ(to_millis(parse_iso8601("1970-01-01T00:00:00.25Z").value()), 250);
  EXPECT_FALSE(parse_iso8601("2024-03-01T12:00:00").ok());  // no offset
  EXPECT_FALSE(parse_iso8601("2024-02-30T12:00:00Z").ok());
  EXPECT_FALSE(parse_iso8601("yesterday").ok());
}

TEST(TimeTest, ShopLocalTimesUseTheZone) {
  const ShopZone& sh = ShopZone::shanghai();
  const Timestamp t = sh.parse_local("2024-03-01 08:00:00").value();
  EXPECT_EQ(format_utc_iso8601(t), "2024-03-01T00:00:00.000Z");
  EXPECT_EQ(sh.parse_local("2024/3/1 8:00").value(), t);
  EXPECT_EQ(sh.format_local(t), "2024-03-01 08:00:00");
  EXPECT_EQ(sh.parse_local("2024-03-01").value(), sh.parse_local("2024-03-01 00:00:00").value());
  EXPECT_EQ(sh.local_date(t).to_string(), "2024-03-01");
}

TEST(TimeTest, DaysBetweenCountsCalendarDaysInShopZone) {
  const ShopZone& sh = ShopZone::shanghai();
  const Timestamp late = sh.parse_local("2024-03-01 23:59:00").value();
  const Timestamp early = sh.parse_local("2024-03-02 00:01:00").value();
  EXPECT_EQ(sh.days_between(late, early), 1);
  EXPECT_EQ(sh.days_between(early, late), -1);
  EXPECT_EQ(
      sh.days_between(sh.parse_local("2024-02-01").value(), sh.parse_local("2024-03-01").value()),
      29);
}

TEST(TimeTest, DstGapsResolveForward) {
  const ShopZone ny = ShopZone::load("America/New_York").value();
  // 02:30 does not exist on 2024-03-10 in New York.
  const Timestamp t = ny.parse_local("2024-03-10 02:30").value();
  EXPECT_EQ(format_utc_iso8601(t), "2024-03-10T07:00:00.000Z");
  EXPECT_FALSE(ShopZone::load("Mars/Olympus").ok());
}

TEST(TimeTest, CivilDates) {
  EXPECT_EQ(parse_civil_date("2024-02-29").value().to_string(), "2024-02-29");
  EXPECT_FALSE(parse_civil_date("2023-02-29").ok());
  EXPECT_FALSE(parse_civil_date("2023-02-01 10:00").ok());
}

TEST(TimeTest, FakeClockMovesOnlyWhenTold) {
  FakeClock clock(from_millis(1000));
  EXPECT_EQ(to_millis(clock.now()), 1000);
  clock.advance(std::chrono::seconds(2));
  EXPECT_EQ(to_millis(clock.now()), 3000);
}

}  // namespace
}  // namespace guanxi

TEST(TimeTest, LocalDayCounterAgreesWithTheZoneAcrossTransitions) {
  for (const char* name : {"Asia/Shanghai", "America/New_York", "Australia/Lord_Howe", "UTC"}) {
    auto zone = guanxi::ShopZone::load(name).value();
    guanxi::LocalDayCounter counter(zone);
    // Every 37 minutes over two years, across DST changes both ways, and before 1970.
    for (int64_t ms = -86'400'000LL * 3; ms < 86'400'000LL * 3; ms += 1'800'000) {
      const guanxi::Timestamp t{std::chrono::milliseconds(ms)};
      ASSERT_EQ(counter.day(ms), zone.local_day(t).time_since_epoch().count()) << name << " " << ms;
    }
    const int64_t start = 1'700'000'000'000LL;
    for (int64_t ms = start; ms < start + 86'400'000LL * 730; ms += 37 * 60'000) {
      const guanxi::Timestamp t{std::chrono::milliseconds(ms)};
      ASSERT_EQ(counter.day(ms), zone.local_day(t).time_since_epoch().count()) << name << " " << ms;
    }
  }
}
