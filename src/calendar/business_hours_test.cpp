#include "calendar/business_hours.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <vector>

#include "calendar/business_hours_test_util.hpp"

namespace guanxi::calendar {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using testing::at;
using testing::day;
using testing::interval;
using testing::local;
using testing::new_york;

// The local due time of `duration` from local `start`, in Shanghai unless told.
std::string due(const BusinessHours& shop, std::string_view start, milliseconds duration,
                const ShopZone& zone = ShopZone::shanghai()) {
  return local(add_business_time(shop, zone, at(start, zone), duration), zone);
}

milliseconds between(const BusinessHours& shop, std::string_view from, std::string_view to,
                     const ShopZone& zone = ShopZone::shanghai()) {
  return business_time_between(shop, zone, at(from, zone), at(to, zone));
}

// The local hours of a date, "09:00-12:00 13:00-18:00"; "" when closed.
std::string hours_text(const BusinessHours& shop, std::string_view date) {
  std::string out;
  for (const OpenInterval& i : hours_on(shop, day(date))) {
    if (!out.empty()) out += ' ';
    out += format_time_of_day(i.open) + "-" + format_time_of_day(i.close);
  }
  return out;
}

TEST(BusinessHoursTest, TheTestShopsAreValid) {
  for (const BusinessHours& shop : {testing::office_hours(), testing::national_day_office_hours(),
                                    BusinessHours::always_open()}) {
    EXPECT_TRUE(validate_business_hours(shop).is_ok()) << validate_business_hours(shop).to_string();
  }
}

TEST(BusinessHoursTest, FridayFivePmPlusFourHoursIsMondayNoon) {
  const BusinessHours shop = testing::office_hours();
  // Friday 17-18 is 1 h; Monday 09-12 is the other 3.
  EXPECT_EQ(due(shop, "2026-03-06 17:00", hours(4)), "2026-03-09 12:00");
  EXPECT_EQ(between(shop, "2026-03-06 17:00", "2026-03-09 12:00"), hours(4));
}

TEST(BusinessHoursTest, AcrossTheLunchBreakANightAndAWeekend) {
  const BusinessHours shop = testing::office_hours();
  EXPECT_EQ(due(shop, "2026-03-09 11:00", hours(2)), "2026-03-09 14:00");
  EXPECT_EQ(due(shop, "2026-03-10 16:00", hours(4)), "2026-03-11 11:00");
  EXPECT_EQ(due(shop, "2026-03-10 17:59", minutes(2)), "2026-03-11 09:01");
  EXPECT_EQ(due(shop, "2026-03-06 10:00", hours(16)), "2026-03-10 10:00");
  EXPECT_EQ(due(shop, "2026-03-09 09:00", hours(40)), "2026-03-13 18:00");
  EXPECT_EQ(due(shop, "2026-03-09 09:00", hours(41)), "2026-03-16 10:00");

  BusinessHours with_saturday = shop;
  with_saturday.weekly[6] = {interval("10:00", "16:00")};
  EXPECT_EQ(due(with_saturday, "2026-03-06 17:00", hours(4)), "2026-03-07 13:00");
  EXPECT_EQ(due(with_saturday, "2026-03-07 15:00", hours(2)), "2026-03-09 10:00");
  EXPECT_EQ(between(with_saturday, "2026-03-06 00:00", "2026-03-09 00:00"), hours(14));
}

TEST(BusinessHoursTest, StartOutsideHoursCountsFromTheNextOpening) {
  const BusinessHours shop = testing::office_hours();
  EXPECT_EQ(due(shop, "2026-03-09 07:00", minutes(30)), "2026-03-09 09:30");
  EXPECT_EQ(due(shop, "2026-03-09 12:30", hours(1)), "2026-03-09 14:00");
  EXPECT_EQ(due(shop, "2026-03-07 08:00", hours(1)), "2026-03-09 10:00");  // Saturday
  EXPECT_EQ(due(shop, "2026-03-06 18:00", hours(1)), "2026-03-09 10:00");  // at Friday's close
  EXPECT_EQ(due(shop, "2026-03-06 23:59:59", hours(1)), "2026-03-09 10:00");
}

TEST(BusinessHoursTest, ADueTimeAtCloseStaysAtClose) {
  const BusinessHours shop = testing::office_hours();
  EXPECT_EQ(due(shop, "2026-03-09 09:00", hours(3)), "2026-03-09 12:00");  // not 13:00
  EXPECT_EQ(due(shop, "2026-03-09 13:00", hours(5)), "2026-03-09 18:00");  // not Tue 09:00
  EXPECT_EQ(due(shop, "2026-03-06 17:00", hours(1)), "2026-03-06 18:00");  // not Monday
  EXPECT_EQ(due(shop, "2026-03-09 09:00", milliseconds(1)), "2026-03-09 09:00+1ms");
}

TEST(BusinessHoursTest, ZeroOrNegativeDurationIsTheStart) {
  const BusinessHours shop = testing::office_hours();
  EXPECT_EQ(due(shop, "2026-03-07 08:00", hours(0)), "2026-03-07 08:00");
  EXPECT_EQ(due(shop, "2026-03-09 10:00", -hours(2)), "2026-03-09 10:00");
  EXPECT_EQ(between(shop, "2026-03-09 12:00", "2026-03-09 10:00"), hours(0));
  EXPECT_EQ(between(shop, "2026-03-09 10:00", "2026-03-09 10:00"), hours(0));
}

TEST(BusinessHoursTest, IsOpenAndNextOpen) {
  const BusinessHours shop = testing::office_hours();
  const ShopZone& zone = ShopZone::shanghai();
  const auto open = [&](std::string_view t) { return is_open(shop, zone, at(t)); };
  const auto next = [&](std::string_view t) { return local(next_open(shop, zone, at(t))); };
  EXPECT_FALSE(open("2026-03-09 08:59:59"));
  EXPECT_TRUE(open("2026-03-09 09:00"));
  EXPECT_TRUE(open("2026-03-09 11:59:59"));
  EXPECT_FALSE(open("2026-03-09 12:00"));
  EXPECT_TRUE(open("2026-03-09 13:00"));
  EXPECT_FALSE(open("2026-03-09 18:00"));
  EXPECT_FALSE(open("2026-03-07 10:00"));
  EXPECT_EQ(next("2026-03-09 10:15"), "2026-03-09 10:15");
  EXPECT_EQ(next("2026-03-09 12:00"), "2026-03-09 13:00");
  EXPECT_EQ(next("2026-03-09 18:00"), "2026-03-10 09:00");
  EXPECT_EQ(next("2026-03-06 18:30"), "2026-03-09 09:00");
}

TEST(BusinessHoursTest, ClosedDatesAndMakeUpDays) {
  const BusinessHours shop = testing::national_day_office_hours();
  EXPECT_EQ(hours_text(shop, "2026-09-26"), "");                         // Saturday
  EXPECT_EQ(hours_text(shop, "2026-09-27"), "09:00-12:00 13:00-18:00");  // 调休 Sunday
  EXPECT_EQ(hours_text(shop, "2026-10-01"), "");
  EXPECT_EQ(hours_text(shop, "2026-10-07"), "");
  EXPECT_EQ(hours_text(shop, "2026-10-08"), "09:00-12:00 13:00-18:00");

  // Friday 17:00 + 4 h: the make-up Sunday, not Monday.
  EXPECT_EQ(due(shop, "2026-09-25 17:00", hours(4)), "2026-09-27 12:00");
  // The day before the holiday + 4 h: after the week off.
  EXPECT_EQ(due(shop, "2026-09-30 17:00", hours(4)), "2026-10-08 12:00");
  EXPECT_EQ(due(shop, "2026-10-03 10:00", hours(1)), "2026-10-08 10:00");
  EXPECT_EQ(between(shop, "2026-09-30 00:00", "2026-10-09 00:00"), hours(16));
  EXPECT_EQ(between(shop, "2026-09-21 00:00", "2026-10-12 00:00"),
            hours(40 + 8 + 24 + 16));  // a full week, the Sunday, Mon-Wed, Thu-Fri
  EXPECT_EQ(local(next_open(shop, ShopZone::shanghai(), at("2026-09-30 18:00"))),
            "2026-10-08 09:00");
}

TEST(BusinessHoursTest, ClosedHolidaysFollowTheirRule) {
  BusinessHours shop = testing::office_hours();
  shop.closed_holidays = {*find_holiday("spring_festival"), *find_holiday("national_day")};
  shop.make_up_days = {{day("2026-02-15"), 1}, {day("2027-10-01"), 5}};
  ASSERT_TRUE(validate_business_hours(shop).is_ok()) << validate_business_hours(shop).to_string();
  EXPECT_EQ(hours_text(shop, "2026-02-17"), "");  // 春节 2026, a Tuesday
  EXPECT_EQ(hours_text(shop, "2026-02-16"), "09:00-12:00 13:00-18:00");
  EXPECT_EQ(hours_text(shop, "2026-02-15"), "09:00-12:00 13:00-18:00");  // 调休 Sunday
  EXPECT_EQ(hours_text(shop, "2027-02-06"), "");                         // 春节 2027, Saturday
  EXPECT_EQ(hours_text(shop, "2026-10-01"), "");
  EXPECT_EQ(hours_text(shop, "2027-10-01"), "09:00-12:00 13:00-18:00");  // a make-up day wins
  EXPECT_EQ(due(shop, "2026-02-16 17:00", hours(2)), "2026-02-18 10:00");
  EXPECT_EQ(between(shop, "2026-02-09 00:00", "2026-02-23 00:00"),
            hours(40 + 8 + 32));  // two weeks, the Sunday, less 春节
}

TEST(BusinessHoursTest, HoursAcrossMidnightJoin) {
  BusinessHours shop;
  shop.weekly[1] = {interval("22:00", "24:00")};
  shop.weekly[2] = {interval("00:00", "02:00"), interval("22:00", "24:00")};
  ASSERT_TRUE(validate_business_hours(shop).is_ok());
  EXPECT_EQ(due(shop, "2026-03-09 23:00", hours(2)), "2026-03-10 01:00");
  EXPECT_EQ(due(shop, "2026-03-09 22:00", hours(2)), "2026-03-10 00:00");
  EXPECT_EQ(due(shop, "2026-03-10 01:00", hours(2)), "2026-03-10 23:00");
  EXPECT_TRUE(is_open(shop, ShopZone::shanghai(), at("2026-03-10 00:00")));
  EXPECT_EQ(between(shop, "2026-03-09 00:00", "2026-03-11 00:00"), hours(6));
}

TEST(BusinessHoursTest, TwentyFourSeven) {
  BusinessHours shop = BusinessHours::always_open();
  EXPECT_TRUE(shop.is_24x7());
  EXPECT_FALSE(testing::office_hours().is_24x7());
  const ShopZone& zone = ShopZone::shanghai();
  const Timestamp start = at("2026-03-07 03:17");
  EXPECT_TRUE(is_open(shop, zone, start));
  EXPECT_EQ(next_open(shop, zone, start), start);
  EXPECT_EQ(add_business_time(shop, zone, start, hours(24 * 400) + milliseconds(5)),
            start + hours(24 * 400) + milliseconds(5));
  EXPECT_EQ(business_time_between(shop, zone, start, start + hours(24 * 400)), hours(24 * 400));

  shop.closed_dates = {day("2026-10-01")};
  EXPECT_EQ(due(shop, "2026-09-30 23:00", hours(2)), "2026-10-02 01:00");
  EXPECT_EQ(between(shop, "2026-09-30 12:00", "2026-10-02 12:00"), hours(24));
}

TEST(BusinessHoursTest, DaylightSavingTimeInNewYork) {
  const ShopZone& ny = new_york();
  const BusinessHours office = testing::office_hours();
  // Spring forward on Sunday 2026-03-08, fall back on Sunday 2026-11-01.
  EXPECT_EQ(due(office, "2026-03-06 17:00", hours(4), ny), "2026-03-09 12:00");
  EXPECT_EQ(due(office, "2026-10-30 17:00", hours(4), ny), "2026-11-02 12:00");
  EXPECT_EQ(between(office, "2026-03-02 00:00", "2026-03-16 00:00", ny), hours(80));
  EXPECT_EQ(due(office, "2026-03-02 09:00", hours(80), ny), "2026-03-13 18:00");

  // A night shift on Sundays 01:00-04:00: 2 real hours on the spring-forward day
  // (02:00-03:00 does not exist), 4 on the fall-back day (01:00-02:00 twice).
  BusinessHours night;
  night.weekly[0] = {interval("01:00", "04:00")};
  EXPECT_EQ(between(night, "2026-03-07 00:00", "2026-03-09 00:00", ny), hours(2));
  EXPECT_EQ(between(night, "2026-10-31 00:00", "2026-11-02 00:00", ny), hours(4));
  EXPECT_EQ(between(night, "2026-03-01 00:00", "2026-03-02 00:00", ny), hours(3));
  EXPECT_EQ(due(night, "2026-03-08 00:00", minutes(90), ny), "2026-03-08 03:30");
  EXPECT_EQ(
      format_utc_iso8601(add_business_time(night, ny, at("2026-11-01 00:00", ny), minutes(90))),
      "2026-11-01T06:30:00.000Z");  // 01:30 EST, the second 01:30
  EXPECT_EQ(format_utc_iso8601(add_business_time(night, ny, at("2026-11-01 00:00", ny), hours(4))),
            "2026-11-01T09:00:00.000Z");  // 04:00 EST
  EXPECT_FALSE(is_open(night, ny, at("2026-03-08 00:59", ny)));
  EXPECT_TRUE(is_open(night, ny, at("2026-03-08 03:00", ny)));

  // Hours that lie wholly inside the gap hold no time.
  BusinessHours gap;
  gap.weekly[0] = {interval("02:15", "02:45")};
  EXPECT_EQ(between(gap, "2026-03-07 00:00", "2026-03-09 00:00", ny), hours(0));
  EXPECT_EQ(due(gap, "2026-03-07 00:00", minutes(10), ny), "2026-03-15 02:25");

  // Around the clock: the spring-forward day has 23 hours, the fall-back day 25.
  const BusinessHours always = BusinessHours::always_open();
  EXPECT_EQ(between(always, "2026-03-08 00:00", "2026-03-09 00:00", ny), hours(23));
  EXPECT_EQ(between(always, "2026-11-01 00:00", "2026-11-02 00:00", ny), hours(25));
  EXPECT_EQ(due(always, "2026-03-08 00:00", hours(24), ny), "2026-03-09 01:00");
  EXPECT_EQ(due(always, "2026-11-01 00:00", hours(24), ny), "2026-11-01 23:00");

  // Weeks holding a DST change are walked day by day, not as whole weeks.
  EXPECT_EQ(between(always, "2026-03-01 00:00", "2026-03-22 00:00", ny), hours(21 * 24 - 1));
  EXPECT_EQ(due(always, "2026-03-01 00:00", hours(21 * 24), ny), "2026-03-22 01:00");
  EXPECT_EQ(between(always, "2026-10-18 00:00", "2026-11-15 00:00", ny), hours(28 * 24 + 1));
  EXPECT_EQ(due(always, "2026-10-18 00:00", hours(28 * 24), ny), "2026-11-14 23:00");
  EXPECT_EQ(between(night, "2026-02-22 00:00", "2026-03-29 00:00", ny), hours(3 + 3 + 2 + 3 + 3));
  EXPECT_EQ(due(night, "2026-10-18 00:00", hours(3 + 3 + 4 + 1), ny), "2026-11-08 02:00");
}

TEST(BusinessHoursTest, LongTargetsAcrossMonthsAndYears) {
  const BusinessHours shop = testing::national_day_office_hours();
  // 30 business days of 8 hours from Monday 2026-09-07: 3 weeks to 09-25, the
  // make-up Sunday, 09-28…30, the closed week, then 11 more days to 10-22.
  EXPECT_EQ(due(shop, "2026-09-07 09:00", hours(30 * 8)), "2026-10-22 18:00");
  EXPECT_EQ(between(shop, "2026-09-07 09:00", "2026-10-22 18:00"), hours(30 * 8));

  // Ten years of office hours, less the closed week: 52 or 53 weeks a year.
  const Timestamp start = at("2026-01-05 09:00");
  const Timestamp end = at("2036-01-07 09:00");
  const milliseconds ten_years = business_time_between(shop, ShopZone::shanghai(), start, end);
  EXPECT_EQ(ten_years, hours(8 * (2610 - 5 + 1)));  // 2610 weekdays, 5 closed, 1 Sunday
  EXPECT_EQ(add_business_time(shop, ShopZone::shanghai(), start, ten_years),
            at("2036-01-04 18:00"));  // Friday's close, not Monday's opening
}

TEST(BusinessHoursTest, LongTargetsAreFast) {
  const BusinessHours shop = testing::national_day_office_hours();
  const ShopZone& zone = new_york();
  const Timestamp start = at("2026-01-05 09:00", zone);
  const auto begin = std::chrono::steady_clock::now();
  Timestamp due_time{};
  for (int i = 0; i < 200; ++i) {
    due_time = add_business_time(shop, zone, start + minutes(i), hours(30 * 8 * 12));
  }
  const auto took = std::chrono::steady_clock::now() - begin;
  EXPECT_EQ(business_time_between(shop, zone, start + minutes(199), due_time), hours(30 * 8 * 12));
  // A year of business days each time; minute by minute this would take minutes.
  EXPECT_LT(took, std::chrono::seconds(2));
}

TEST(BusinessHoursTest, NeverOpenWithoutHours) {
  const BusinessHours closed;  // not valid: only an empty week gets here
  EXPECT_FALSE(validate_business_hours(closed).is_ok());
  const ShopZone& zone = ShopZone::shanghai();
  const Timestamp t = at("2026-03-09 10:00");
  EXPECT_FALSE(is_open(closed, zone, t));
  EXPECT_EQ(next_open(closed, zone, t), kNever);
  EXPECT_EQ(add_business_time(closed, zone, t, hours(1)), kNever);
  EXPECT_EQ(business_time_between(closed, zone, t, t + hours(1000)), hours(0));
  EXPECT_EQ(add_business_time(testing::office_hours(), zone, kNever, hours(1)), kNever);
}

// Seeded random starts and durations in Shanghai and New York (both DST changes of
// 2026 included), over a shop with split hours, a Saturday, closed dates, a closed
// holiday and make-up days.
class BusinessTimeProperties : public ::testing::TestWithParam<const char*> {
 protected:
  static BusinessHours busy_shop() {
    BusinessHours shop = testing::national_day_office_hours();
    shop.weekly[6] = {interval("10:00", "16:00")};
    shop.weekly[3].push_back(interval("20:00", "24:00"));
    shop.weekly[4].insert(shop.weekly[4].begin(), interval("00:00", "01:30"));
    shop.weekly[0] = {interval("01:00", "04:00")};  // across New York's DST changes
    shop.closed_holidays = {*find_holiday("spring_festival"), *find_holiday("christmas")};
    shop.make_up_days.push_back({day("2026-10-31"), 3});  // the Saturday before fall-back
    return shop;
  }
  const ShopZone& zone() const {
    return std::string_view(GetParam()) == "Asia/Shanghai" ? ShopZone::shanghai() : new_york();
  }
};

TEST_P(BusinessTimeProperties, AddAndBetweenAreInverse) {
  const BusinessHours shop = busy_shop();
  ASSERT_TRUE(validate_business_hours(shop).is_ok()) << validate_business_hours(shop).to_string();
  std::mt19937_64 rng(20260307);
  const int64_t year_start = to_millis(at("2026-01-01 00:00", zone()));
  std::uniform_int_distribution<int64_t> start_ms(0, int64_t{366} * 24 * 3'600'000);
  std::uniform_int_distribution<int64_t> short_ms(0, int64_t{60} * 3'600'000);
  std::uniform_int_distribution<int64_t> long_ms(0, int64_t{2000} * 3'600'000);
  for (int i = 0; i < 400; ++i) {
    const Timestamp start = from_millis(year_start + start_ms(rng));
    const milliseconds d1(i % 4 == 0 ? long_ms(rng) : short_ms(rng));
    const milliseconds d2(short_ms(rng));
    const Timestamp due1 = add_business_time(shop, zone(), start, d1);
    SCOPED_TRACE(local(start, zone()) + " + " + std::to_string(d1.count()) + " ms → " +
                 local(due1, zone()));
    ASSERT_NE(due1, kNever);
    EXPECT_EQ(business_time_between(shop, zone(), start, due1), d1);
    if (d1 > milliseconds{0}) {
      // The earliest such instant: open just before it.
      EXPECT_TRUE(is_open(shop, zone(), due1 - milliseconds(1)));
    }
    // Adding in two steps lands on the same instant.
    if (d2 > milliseconds{0}) {
      EXPECT_EQ(add_business_time(shop, zone(), due1, d2),
                add_business_time(shop, zone(), start, d1 + d2));
    }
    // Splitting a range anywhere adds up.
    const Timestamp middle = start + (due1 - start) / 3;
    EXPECT_EQ(business_time_between(shop, zone(), start, middle) +
                  business_time_between(shop, zone(), middle, due1),
              d1);
  }
}

// Whether the local wall-clock time of t falls in the hours of its local date: the
// definition, independent of the walk (the shop's hours do not begin or end inside a
// repeated hour, where wall clock and real time part).
bool open_by_wall_clock(const BusinessHours& shop, const ShopZone& zone, Timestamp t) {
  constexpr int64_t kDayMs = 86'400'000;
  const int64_t local_ms = to_millis(t) + zone.offset_at(t).offset_ms;
  const int64_t day_number = local_ms / kDayMs;  // after 1970: no negative rounding
  const minutes minute((local_ms - day_number * kDayMs) / 60'000);
  const date::sys_days local_date{date::days{static_cast<int>(day_number)}};
  for (const OpenInterval& i : hours_on(shop, local_date)) {
    if (i.open <= minute && minute < i.close) return true;
  }
  return false;
}

TEST_P(BusinessTimeProperties, BetweenMatchesCountingMinuteByMinute) {
  const BusinessHours shop = busy_shop();
  std::mt19937_64 rng(88);
  // Days around both DST changes, the closed week, the make-up days and Christmas.
  const std::vector<Timestamp> days = {
      at("2026-03-06 00:00", zone()), at("2026-03-07 12:00", zone()),
      at("2026-09-26 00:00", zone()), at("2026-09-30 00:00", zone()),
      at("2026-10-30 00:00", zone()), at("2026-10-31 12:00", zone()),
      at("2026-12-24 00:00", zone()), at("2026-02-16 00:00", zone())};
  std::uniform_int_distribution<int64_t> offset_min(0, int64_t{24} * 60);
  std::uniform_int_distribution<int64_t> length_min(0, int64_t{3} * 24 * 60);
  for (const Timestamp base : days) {
    for (int i = 0; i < 4; ++i) {
      // The first range is the whole three days; the others random parts.
      const Timestamp from = base + minutes(i == 0 ? 0 : offset_min(rng));
      const Timestamp to = from + minutes(i == 0 ? int64_t{3} * 24 * 60 : length_min(rng));
      milliseconds counted{0};
      for (Timestamp t = from; t < to; t += minutes(1)) {
        const bool open = open_by_wall_clock(shop, zone(), t);
        EXPECT_EQ(is_open(shop, zone(), t), open) << local(t, zone());
        if (open) counted += minutes(1);
      }
      EXPECT_EQ(business_time_between(shop, zone(), from, to), counted)
          << local(from, zone()) << " → " << local(to, zone());
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Zones, BusinessTimeProperties,
                         ::testing::Values("Asia/Shanghai", "America/New_York"));

}  // namespace
}  // namespace guanxi::calendar
