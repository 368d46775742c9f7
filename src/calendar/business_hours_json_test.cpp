#include "calendar/business_hours_json.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "calendar/business_hours_test_util.hpp"

namespace guanxi::calendar {
namespace {

using testing::day;
using testing::interval;

Result<BusinessHours> parse(std::string_view text, std::span<const HolidayDef> shop = {}) {
  return business_hours_from_json(parse_json(text).value(), shop);
}

// The field the error names, or "ok".
std::string hours_error_field(std::string_view text) {
  const auto r = parse(text);
  return r.ok() ? "ok" : r.status().location().field;
}

// A document with `schedule` as its schedule and `rest` as further members.
std::string doc(std::string_view schedule, std::string_view rest = "") {
  std::string out = R"({"schedule":)" + std::string(schedule);
  if (!rest.empty()) out += "," + std::string(rest);
  return out + "}";
}

constexpr std::string_view kMonday = R"({"mon":[{"open":"09:00","close":"18:00"}]})";

TEST(BusinessHoursJsonTest, ParsesTheDocumentedForm) {
  const std::vector<HolidayDef> shop_holidays = {
      HolidayDef::solar("shop_day", "店庆日", "Shop Day", 9, 18)};
  const auto shop_hours = parse(R"({
      "schedule": {
        "mon": [{"open": "09:00", "close": "12:00"}, {"open": "13:00", "close": "18:00"}],
        "tue": [{"open": "09:00", "close": "12:00"}, {"open": "13:00", "close": "18:00"}],
        "wed": [{"open": "09:00", "close": "12:00"}, {"open": "13:00", "close": "18:00"}],
        "thu": [{"open": "09:00", "close": "12:00"}, {"open": "13:00", "close": "18:00"}],
        "fri": [{"open": "09:00", "close": "12:00"}, {"open": "13:00", "close": "18:00"}],
        "sat": [{"open": "10:00", "close": "16:00"}],
        "sun": []},
      "closed_dates": ["2026-10-02", "2026-10-01"],
      "closed_holidays": ["spring_festival", "shop_day"],
      "make_up_days": [{"date": "2026-10-10", "works_as": "fri"},
                       {"date": "2026-09-27", "works_as": "mon"}]})",
                                shop_holidays);
  ASSERT_TRUE(shop_hours.ok()) << shop_hours.status().to_string();
  BusinessHours expected = testing::office_hours();
  expected.weekly[6] = {interval("10:00", "16:00")};
  expected.closed_dates = {day("2026-10-01"), day("2026-10-02")};  // kept ascending
  expected.closed_holidays = {*find_holiday("spring_festival"), shop_holidays[0]};
  expected.make_up_days = {{day("2026-09-27"), 1}, {day("2026-10-10"), 5}};
  EXPECT_EQ(*shop_hours, expected);
  EXPECT_TRUE(validate_business_hours(*shop_hours).is_ok());

  const auto back = business_hours_from_json(business_hours_to_json(*shop_hours), shop_holidays);
  ASSERT_TRUE(back.ok()) << back.status().to_string();
  EXPECT_EQ(*back, *shop_hours);
}

TEST(BusinessHoursJsonTest, WritesEveryWeekdayAndTheDates) {
  const Json json = business_hours_to_json(testing::national_day_office_hours());
  EXPECT_EQ(json["schedule"]["sun"].dump(), "[]");
  EXPECT_EQ(json["schedule"]["mon"].dump(),
            R"([{"close":"12:00","open":"09:00"},{"close":"18:00","open":"13:00"}])");
  EXPECT_EQ(json["closed_dates"].size(), 7u);
  EXPECT_EQ(json["closed_dates"][0], "2026-10-01");
  EXPECT_EQ(json["closed_holidays"].dump(), "[]");
  EXPECT_EQ(json["make_up_days"].dump(), R"([{"date":"2026-09-27","works_as":"mon"}])");
  const auto back = business_hours_from_json(json);
  ASSERT_TRUE(back.ok()) << back.status().to_string();
  EXPECT_EQ(*back, testing::national_day_office_hours());
}

TEST(BusinessHoursJsonTest, TwentyFourSeven) {
  const auto shop_hours = parse(doc(R"("24x7")", R"("closed_dates":["2026-01-01"])"));
  ASSERT_TRUE(shop_hours.ok()) << shop_hours.status().to_string();
  EXPECT_TRUE(shop_hours->is_24x7());
  EXPECT_EQ(shop_hours->closed_dates, std::vector<date::sys_days>{day("2026-01-01")});
  const Json json = business_hours_to_json(*shop_hours);
  EXPECT_EQ(json["schedule"], "24x7");
  EXPECT_EQ(*business_hours_from_json(json), *shop_hours);
  // Spelled out day by day, it is still 24x7.
  const auto spelled = parse(
      doc(R"({"mon":[{"open":"00:00","close":"24:00"}],"tue":[{"open":"00:00","close":"24:00"}],)"
          R"("wed":[{"open":"00:00","close":"24:00"}],"thu":[{"open":"00:00","close":"24:00"}],)"
          R"("fri":[{"open":"00:00","close":"24:00"}],"sat":[{"open":"00:00","close":"24:00"}],)"
          R"("sun":[{"open":"00:00","close":"24:00"}]})"));
  ASSERT_TRUE(spelled.ok()) << spelled.status().to_string();
  EXPECT_EQ(spelled->weekly, BusinessHours::always_open().weekly);
}

// Each case: a "schedule" value, and the field its error names ("ok" when valid).
struct Case {
  std::string_view json;
  std::string_view field;
};

TEST(BusinessHoursJsonTest, ScheduleErrorsNameTheField) {
  EXPECT_EQ(hours_error_field("{}"), "schedule");
  EXPECT_EQ(hours_error_field("[]"), "");
  EXPECT_EQ(hours_error_field(doc(kMonday, R"("colour":"red")")), "colour");

  const Case cases[] = {
      {kMonday, "ok"},
      {R"("9-5")", "schedule"},
      {"{}", "schedule"},  // no open hours
      {R"({"mon":[]})", "schedule"},
      {R"({"monday":[]})", "schedule.monday"},
      {R"({"mon":{"open":"09:00","close":"18:00"}})", "schedule.mon"},
      {R"({"mon":[{"open":"09:00","close":"12:00"},{"open":"13:00","close":"12:30"}]})",
       "schedule.mon[1].close"},
      {R"({"mon":[{"open":"09:00","close":"12:00"},{"open":"11:00","close":"13:00"}]})",
       "schedule.mon[1].open"},  // overlaps
      {R"({"mon":[{"open":"13:00","close":"18:00"},{"open":"09:00","close":"12:00"}]})",
       "schedule.mon[1].open"},  // out of order
      {R"({"mon":[{"open":"09:00","close":"12:00"},{"open":"12:00","close":"13:00"}]})",
       "ok"},  // touching
      {R"({"tue":[{"open":"09:00","close":"09:00"}]})", "schedule.tue[0].close"},
      {R"({"wed":[{"open":"9:00","close":"18:00"}]})", "schedule.wed[0].open"},
      {R"({"wed":[{"open":"09:60","close":"18:00"}]})", "schedule.wed[0].open"},
      {R"({"wed":[{"open":"24:00","close":"24:00"}]})", "schedule.wed[0].open"},
      {R"({"wed":[{"open":"23:00","close":"24:01"}]})", "schedule.wed[0].close"},
      {R"({"wed":[{"open":"23:00","close":"25:00"}]})", "schedule.wed[0].close"},
      {R"({"thu":[{"open":"09:00"}]})", "schedule.thu[0].close"},
      {R"({"thu":[{"open":900,"close":"18:00"}]})", "schedule.thu[0].open"},
      {R"({"fri":[{"open":"09:00","close":"18:00","note":"x"}]})", "schedule.fri[0].note"},
      {R"({"sun":["09:00-18:00"]})", "schedule.sun[0]"},
  };
  for (const Case& c : cases) EXPECT_EQ(hours_error_field(doc(c.json)), c.field) << c.json;

  std::string nine = R"({"sat":[)";
  for (int h = 0; h < 9; ++h) {
    if (h > 0) nine += ',';
    nine +=
        R"({"open":"1)" + std::to_string(h) + R"(:00","close":"1)" + std::to_string(h) + R"(:30"})";
  }
  EXPECT_EQ(hours_error_field(doc(nine + "]}")), "schedule.sat");  // too many intervals
}

// Each case: members beside a valid schedule, and the field their error names.
TEST(BusinessHoursJsonTest, DateAndHolidayErrorsNameTheField) {
  const Case cases[] = {
      {R"("closed_dates":["2026-10-01"])", "ok"},
      {R"("closed_dates":"2026-10-01")", "closed_dates"},
      {R"("closed_dates":["2026-02-30"])", "closed_dates[0]"},
      {R"("closed_dates":["2026-10-01","tomorrow"])", "closed_dates[1]"},
      {R"("closed_dates":["2026-10-01T00:00"])", "closed_dates[0]"},
      {R"("closed_dates":["2026/10/01"])", "closed_dates[0]"},
      {R"("closed_dates":[20261001])", "closed_dates[0]"},
      // Repeats are named as the document numbers them, though dates are kept sorted.
      {R"("closed_dates":["2026-10-02","2026-10-01","2026-10-02"])", "closed_dates[2]"},
      {R"("closed_holidays":["national_day","mid_autumn"])", "ok"},
      {R"("closed_holidays":["golden_week"])", "closed_holidays[0]"},
      {R"("closed_holidays":["national_day","national_day"])", "closed_holidays[1]"},
      {R"("closed_holidays":[7])", "closed_holidays[0]"},
      {R"("make_up_days":[{"date":"2026-09-27","works_as":"mon"}])", "ok"},
      {R"("make_up_days":[{"date":"2026-09-27","works_as":"monday"}])", "make_up_days[0].works_as"},
      {R"("make_up_days":[{"date":"2026-09-27","works_as":"sun"}])",
       "make_up_days[0].works_as"},  // Sunday has no hours to work on
      {R"("make_up_days":[{"date":"2026-09-27"}])", "make_up_days[0].works_as"},
      {R"("make_up_days":[{"date":"2026-09-31","works_as":"mon"}])", "make_up_days[0].date"},
      {R"("make_up_days":[{"date":"2026-09-27","works_as":"mon","hours":1}])",
       "make_up_days[0].hours"},
      {R"("make_up_days":[{"date":"2026-09-27","works_as":"mon"},)"
       R"({"date":"2026-09-27","works_as":"mon"}])",
       "make_up_days[1].date"},
      {R"("closed_dates":["2026-09-26","2026-09-27"],)"
       R"("make_up_days":[{"date":"2026-09-27","works_as":"mon"}])",
       "make_up_days[0].date"},  // also closed
  };
  for (const Case& c : cases) EXPECT_EQ(hours_error_field(doc(kMonday, c.json)), c.field) << c.json;

  std::string many = R"("closed_dates":[)";
  for (int i = 0; i < 1001; ++i) {
    if (i > 0) many += ',';
    many += '"' + testing::iso(day("2026-01-01") + date::days{i}) + '"';
  }
  EXPECT_EQ(hours_error_field(doc(kMonday, many + "]")), "closed_dates");
}

TEST(BusinessHoursJsonTest, ErrorsSayWhatIsWrong) {
  const auto message = [](std::string_view text) { return parse(text).status().to_string(); };
  EXPECT_EQ(message(doc(R"({"mon":[{"open":"09:00","close":"12:00"},)"
                        R"({"open":"11:00","close":"13:00"}]})")),
            "invalid_argument: 'open' 11:00 is before the close of schedule.mon[0] (12:00): "
            "intervals must be ascending and must not overlap (at field schedule.mon[1].open)");
  EXPECT_EQ(message(doc(kMonday, R"("closed_holidays":["golden_week"])")),
            "invalid_argument: unknown holiday key 'golden_week' (at field closed_holidays[0])");
}

TEST(BusinessHoursJsonTest, ValidationOfBuiltValues) {
  BusinessHours shop_hours = testing::office_hours();
  shop_hours.closed_dates = {day("2026-10-02"), day("2026-10-01")};
  const Status unordered = validate_business_hours(shop_hours);
  EXPECT_EQ(unordered.location().field, "closed_dates[1]");
  EXPECT_TRUE(validate_business_hours(shop_hours, DateOrder::kAny).is_ok());
  sort_dates(shop_hours);
  EXPECT_TRUE(validate_business_hours(shop_hours).is_ok());

  shop_hours.make_up_days = {{day("2026-09-27"), 7}};
  EXPECT_EQ(validate_business_hours(shop_hours).location().field, "make_up_days[0].works_as");
  shop_hours.make_up_days.clear();
  shop_hours.weekly[2].push_back({std::chrono::minutes(-1), std::chrono::minutes(30)});
  EXPECT_EQ(validate_business_hours(shop_hours).location().field, "schedule.tue[2].open");
  shop_hours.weekly[2].pop_back();
  shop_hours.closed_holidays = {HolidayDef::solar("bad day", "x", "", 1, 1)};
  EXPECT_EQ(validate_business_hours(shop_hours).location().field, "closed_holidays[0]");
}

}  // namespace
}  // namespace guanxi::calendar
