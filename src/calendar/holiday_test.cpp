#include "calendar/holiday.hpp"

#include <gtest/gtest.h>

#include <set>

#include "calendar/test_util.hpp"

namespace guanxi::calendar {
namespace {

using testing::day;
using testing::iso;

std::string occurrences(std::string_view key, int year) {
  const HolidayDef* h = find_holiday(key);
  return h == nullptr ? "no such holiday" : iso(occurrences_in_year(*h, year));
}

std::string next(std::string_view key, std::string_view on_or_after) {
  const HolidayDef* h = find_holiday(key);
  return h == nullptr ? "no such holiday" : iso(next_occurrence(*h, day(on_or_after)));
}

TEST(HolidayTest, BuiltinsAreValidWithUniqueKeys) {
  const auto builtins = builtin_holidays();
  EXPECT_EQ(builtins.size(), 22u);
  std::set<std::string> keys;
  for (const HolidayDef& h : builtins) {
    EXPECT_TRUE(validate_holiday(h).is_ok()) << h.key << ": " << validate_holiday(h).to_string();
    EXPECT_TRUE(keys.insert(h.key).second) << h.key;
    EXPECT_FALSE(h.name_en.empty()) << h.key;
  }
  for (const char* key : {"new_year",      "valentines",  "womens_day",    "labour_day",
                          "childrens_day", "618",         "teachers_day",  "national_day",
                          "double_11",     "double_12",   "christmas",     "mothers_day",
                          "fathers_day",   "qingming",    "new_years_eve", "spring_festival",
                          "lantern",       "dragon_boat", "qixi",          "mid_autumn",
                          "double_ninth",  "laba"}) {
    EXPECT_TRUE(keys.contains(key)) << key;
  }
  EXPECT_EQ(find_holiday("mid_autumn")->name_zh, "中秋节");
  EXPECT_EQ(find_holiday("double_11")->name_zh, "双11");
  EXPECT_EQ(find_holiday("no_such_day"), nullptr);
}

TEST(HolidayTest, FindsShopHolidaysAfterBuiltins) {
  const std::vector<HolidayDef> shop = {
      HolidayDef::solar("shop_day", "店庆日", "Shop Day", 9, 18),
      HolidayDef::solar("christmas", "shadowed", "", 1, 1),
  };
  ASSERT_NE(find_holiday("shop_day", shop), nullptr);
  EXPECT_EQ(find_holiday("shop_day", shop), &shop[0]);
  EXPECT_EQ(find_holiday("christmas", shop)->name_zh, "圣诞节");
  EXPECT_EQ(find_holiday("shop_day"), nullptr);
}

TEST(HolidayTest, SolarAndWeekdayRules) {
  EXPECT_EQ(occurrences("double_11", 2025), "2025-11-11");
  EXPECT_EQ(occurrences("618", 2025), "2025-06-18");
  EXPECT_EQ(occurrences("mothers_day", 2024), "2024-05-12");
  EXPECT_EQ(occurrences("mothers_day", 2025), "2025-05-11");
  EXPECT_EQ(occurrences("mothers_day", 2026), "2026-05-10");
  EXPECT_EQ(occurrences("fathers_day", 2024), "2024-06-16");
  EXPECT_EQ(occurrences("fathers_day", 2025), "2025-06-15");
  EXPECT_EQ(occurrences("fathers_day", 2026), "2026-06-21");
  EXPECT_EQ(occurrences("christmas", 10000), "");

  const HolidayDef last_monday = HolidayDef::nth_weekday("last_mon", "五月最后周一", "", 5, 1, -1);
  EXPECT_EQ(iso(occurrences_in_year(last_monday, 2025)), "2025-05-26");
  EXPECT_EQ(iso(occurrences_in_year(last_monday, 2021)), "2021-05-31");

  const HolidayDef leap_day = HolidayDef::solar("leap_day", "闰日", "Leap Day", 2, 29);
  EXPECT_EQ(iso(occurrences_in_year(leap_day, 2024)), "2024-02-29");
  EXPECT_EQ(iso(occurrences_in_year(leap_day, 2025)), "");
  EXPECT_EQ(iso(next_occurrence(leap_day, day("2097-03-01"))), "2104-02-29");  // 2100 is common
}

TEST(HolidayTest, LunarRules) {
  EXPECT_EQ(occurrences("new_years_eve", 2025), "2025-01-28");  // lunar 12/29: no 12/30 that year
  EXPECT_EQ(occurrences("new_years_eve", 2024), "2024-02-09");  // lunar 12/30
  EXPECT_EQ(occurrences("new_years_eve", 1901), "1901-02-18");
  EXPECT_EQ(occurrences("new_years_eve", 2100), "2100-02-08");
  EXPECT_EQ(occurrences("spring_festival", 1901), "1901-02-19");
  EXPECT_EQ(occurrences("spring_festival", 2100), "2100-02-09");
  EXPECT_EQ(occurrences("spring_festival", 2101), "");
  EXPECT_EQ(occurrences("spring_festival", 1900), "");
  EXPECT_EQ(occurrences("laba", 2022), "2022-01-10 2022-12-30");
  EXPECT_EQ(occurrences("laba", 2023), "");
  EXPECT_EQ(occurrences("laba", 2025), "2025-01-07");
  EXPECT_EQ(occurrences("qingming", 2026), "2026-04-05");

  // A shop's lunar day 30 is observed on 29 when the month is short.
  const HolidayDef day30 = HolidayDef::lunar("l230", "二月三十", "", 2, 30);
  EXPECT_EQ(iso(occurrences_in_year(day30, 2023)), "2023-03-21");
  EXPECT_EQ(iso(occurrences_in_year(day30, 2025)), "2025-03-28");
}

TEST(HolidayTest, NextOccurrence) {
  EXPECT_EQ(next("spring_festival", "2025-01-29"), "2025-01-29");
  EXPECT_EQ(next("spring_festival", "2025-01-30"), "2026-02-17");
  EXPECT_EQ(next("christmas", "2025-12-26"), "2026-12-25");
  EXPECT_EQ(next("laba", "2023-01-01"), "2024-01-18");
  EXPECT_EQ(next("mothers_day", "2025-05-12"), "2026-05-10");
  EXPECT_EQ(next("new_years_eve", "2025-01-29"), "2026-02-16");
  EXPECT_EQ(next("mid_autumn", "2100-10-01"), "none");  // past the lunar table
  EXPECT_EQ(next("qingming", "2100-04-06"), "none");
  EXPECT_EQ(next("new_year", "9999-01-02"), "none");
}

TEST(HolidayTest, HolidaysBetweenAreOrderedByDayThenDefinition) {
  const std::vector<HolidayDef> shop = {
      HolidayDef::solar("brand_day", "品牌日", "Brand Day", 2, 14),
      HolidayDef::lunar("lunar_shop_day", "农历店庆", "", 1, 1),
  };
  std::string listed;
  for (const HolidayOccurrence& o : holidays_between(day("2025-01-01"), day("2025-02-14"), shop)) {
    listed += iso(o.day) + " " + o.holiday.key + "\n";
  }
  EXPECT_EQ(listed,
            "2025-01-01 new_year\n"
            "2025-01-07 laba\n"
            "2025-01-28 new_years_eve\n"
            "2025-01-29 spring_festival\n"
            "2025-01-29 lunar_shop_day\n"
            "2025-02-12 lantern\n"
            "2025-02-14 valentines\n"
            "2025-02-14 brand_day\n");

  const auto across_years = holidays_between(day("2025-12-24"), day("2026-01-01"));
  ASSERT_EQ(across_years.size(), 2u);
  EXPECT_EQ(across_years[0].holiday.key, "christmas");
  EXPECT_EQ(iso(across_years[1].day), "2026-01-01");

  EXPECT_TRUE(holidays_between(day("2025-02-15"), day("2025-02-14")).empty());
  const auto one_day = holidays_between(day("2025-10-06"), day("2025-10-06"));
  ASSERT_EQ(one_day.size(), 1u);
  EXPECT_EQ(one_day[0].holiday.key, "mid_autumn");

  // Every built-in holiday with one date a year shows up once in a whole year.
  EXPECT_EQ(holidays_between(day("2026-01-01"), day("2026-12-31")).size(), 22u);
}

std::string field_of(const Status& s) {
  return s.is_ok() ? "ok" : s.location().field;
}

TEST(HolidayTest, ValidationNamesTheField) {
  const HolidayDef good = HolidayDef::solar("shop_day", "店庆日", "", 9, 18);
  EXPECT_TRUE(validate_holiday(good).is_ok());

  auto with = [&](auto change) {
    HolidayDef h = good;
    change(h);
    return field_of(validate_holiday(h));
  };
  EXPECT_EQ(with([](HolidayDef& h) { h.key = ""; }), "/key");
  EXPECT_EQ(with([](HolidayDef& h) { h.key = "Shop-Day"; }), "/key");
  EXPECT_EQ(with([](HolidayDef& h) { h.key = std::string(65, 'a'); }), "/key");
  EXPECT_EQ(with([](HolidayDef& h) { h.key = std::string(64, 'a'); }), "ok");
  EXPECT_EQ(with([](HolidayDef& h) { h.name_zh = ""; }), "/name_zh");
  EXPECT_EQ(with([](HolidayDef& h) { h.name_zh = "店庆\n日"; }), "/name_zh");
  EXPECT_EQ(with([](HolidayDef& h) { h.name_en = std::string(101, 'x'); }), "/name_en");
  EXPECT_EQ(with([](HolidayDef& h) { h.month = 13; }), "/month");
  EXPECT_EQ(with([](HolidayDef& h) { h.month = 0; }), "/month");
  EXPECT_EQ(with([](HolidayDef& h) { h.day = 31; }), "/day");  // September has 30
  EXPECT_EQ(with([](HolidayDef& h) { h.day = 0; }), "/day");
  EXPECT_EQ(with([](HolidayDef& h) { h.day = 257; }), "/day");  // no wrap-around to 1
  EXPECT_EQ(with([](HolidayDef& h) {
              h.month = 2;
              h.day = 29;
            }),
            "ok");
  EXPECT_EQ(with([](HolidayDef& h) {
              h.month = 2;
              h.day = 30;
            }),
            "/day");
  EXPECT_EQ(with([](HolidayDef& h) { h.nth = 2; }), "/nth");
  EXPECT_EQ(with([](HolidayDef& h) {
              h.rule = HolidayRule::kLunar;
              h.day = 30;
            }),
            "ok");
  EXPECT_EQ(with([](HolidayDef& h) {
              h.rule = HolidayRule::kLunar;
              h.day = 31;
            }),
            "/day");
  EXPECT_EQ(with([](HolidayDef& h) { h.rule = HolidayRule::kQingming; }), "/month");
  EXPECT_EQ(with([](HolidayDef& h) {
              h.rule = HolidayRule::kQingming;
              h.month = h.day = 0;
            }),
            "ok");

  const HolidayDef thanksgiving = HolidayDef::nth_weekday("tg", "感恩节", "", 11, 4, 4);
  EXPECT_TRUE(validate_holiday(thanksgiving).is_ok());
  auto nth = [&](auto change) {
    HolidayDef h = thanksgiving;
    change(h);
    return field_of(validate_holiday(h));
  };
  EXPECT_EQ(nth([](HolidayDef& h) { h.weekday = 7; }), "/weekday");
  EXPECT_EQ(nth([](HolidayDef& h) { h.nth = 0; }), "/nth");
  EXPECT_EQ(nth([](HolidayDef& h) { h.nth = 5; }), "/nth");
  EXPECT_EQ(nth([](HolidayDef& h) { h.nth = -2; }), "/nth");
  EXPECT_EQ(nth([](HolidayDef& h) { h.nth = -1; }), "ok");
  EXPECT_EQ(nth([](HolidayDef& h) { h.day = 1; }), "/day");
  EXPECT_EQ(validate_holiday(thanksgiving).to_string(), "ok");
  HolidayDef bad = thanksgiving;
  bad.nth = 9;
  EXPECT_EQ(validate_holiday(bad).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(validate_holiday(bad).message(), "'nth' must be 1-4, or -1 for the last");
}

TEST(HolidayTest, RuleNamesRoundTrip) {
  for (const HolidayRule rule : {HolidayRule::kSolar, HolidayRule::kLunar, HolidayRule::kNthWeekday,
                                 HolidayRule::kLunarNewYearsEve, HolidayRule::kQingming}) {
    EXPECT_EQ(parse_holiday_rule(holiday_rule_name(rule)), rule);
  }
  EXPECT_EQ(holiday_rule_name(HolidayRule::kNthWeekday), "nth_weekday");
  EXPECT_EQ(parse_holiday_rule("Solar"), std::nullopt);
}

}  // namespace
}  // namespace guanxi::calendar
