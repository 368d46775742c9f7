#include "calendar/holiday_json.hpp"

#include <gtest/gtest.h>

#include "calendar/test_util.hpp"

namespace guanxi::calendar {
namespace {

Result<HolidayDef> parse_one(std::string_view text) {
  return holiday_from_json(parse_json(text).value());
}

// The JSON pointer of the error, or "ok".
std::string error_field(std::string_view text) {
  const auto r = parse_one(text);
  return r.ok() ? "ok" : r.status().location().field;
}

TEST(HolidayJsonTest, ParsesEachRule) {
  const auto shop_day = parse_one(R"({"key":"shop_day","name_zh":"店庆日","name_en":"Shop Day",)"
                                  R"("rule":"solar","month":9,"day":18})");
  ASSERT_TRUE(shop_day.ok()) << shop_day.status().to_string();
  EXPECT_EQ(*shop_day, HolidayDef::solar("shop_day", "店庆日", "Shop Day", 9, 18));

  const auto lunar =
      parse_one(R"({"key":"elders","name_zh":"敬老日","rule":"lunar","month":9,"day":9})");
  ASSERT_TRUE(lunar.ok()) << lunar.status().to_string();
  EXPECT_EQ(*lunar, HolidayDef::lunar("elders", "敬老日", "", 9, 9));

  const auto thanksgiving =
      parse_one(R"({"key":"thanksgiving","name_zh":"感恩节",)"
                R"("rule":"nth_weekday","month":11,"weekday":"thursday","nth":4})");
  ASSERT_TRUE(thanksgiving.ok()) << thanksgiving.status().to_string();
  EXPECT_EQ(*thanksgiving, HolidayDef::nth_weekday("thanksgiving", "感恩节", "", 11, 4, 4));
  EXPECT_EQ(testing::iso(occurrences_in_year(*thanksgiving, 2025)), "2025-11-27");

  const auto eve = parse_one(R"({"key":"eve","name_zh":"年夜","rule":"lunar_new_years_eve"})");
  ASSERT_TRUE(eve.ok()) << eve.status().to_string();
  EXPECT_EQ(eve->rule, HolidayRule::kLunarNewYearsEve);
}

TEST(HolidayJsonTest, RoundTripsTheBuiltins) {
  const Json all = holidays_to_json(builtin_holidays());
  ASSERT_EQ(all.size(), builtin_holidays().size());
  for (size_t i = 0; i < all.size(); ++i) {
    const auto back = holiday_from_json(all[i]);
    ASSERT_TRUE(back.ok()) << all[i].dump() << ": " << back.status().to_string();
    EXPECT_EQ(*back, builtin_holidays()[i]);
  }
  EXPECT_EQ(holiday_to_json(*find_holiday("mothers_day")).dump(),
            R"({"key":"mothers_day","month":5,"name_en":"Mother's Day","name_zh":"母亲节",)"
            R"("nth":2,"rule":"nth_weekday","weekday":"sunday"})");
  EXPECT_EQ(
      holiday_to_json(*find_holiday("qingming")).dump(),
      R"({"key":"qingming","name_en":"Qingming Festival","name_zh":"清明节","rule":"qingming"})");
}

TEST(HolidayJsonTest, ErrorsNameTheMember) {
  EXPECT_EQ(error_field(R"({"name_zh":"x","rule":"solar","month":1,"day":1})"), "/key");
  EXPECT_EQ(error_field(R"({"key":"x","rule":"solar","month":1,"day":1})"), "/name_zh");
  EXPECT_EQ(error_field(R"({"key":"x","name_zh":"x","month":1,"day":1})"), "/rule");
  EXPECT_EQ(error_field(R"({"key":"x","name_zh":"x","rule":"weekly"})"), "/rule");
  EXPECT_EQ(error_field(R"({"key":"x","name_zh":"x","rule":"solar","month":1,"day":1,"colour":1})"),
            "/colour");
  EXPECT_EQ(error_field(R"({"key":7,"name_zh":"x","rule":"solar","month":1,"day":1})"), "/key");
  EXPECT_EQ(error_field(R"({"key":"X","name_zh":"x","rule":"solar","month":1,"day":1})"), "/key");
  EXPECT_EQ(error_field(R"({"key":"x","name_zh":"x","rule":"solar","day":1})"), "/month");
  EXPECT_EQ(error_field(R"({"key":"x","name_zh":"x","rule":"solar","month":1})"), "/day");
  EXPECT_EQ(error_field(R"({"key":"x","name_zh":"x","rule":"solar","month":"1","day":1})"),
            "/month");
  EXPECT_EQ(error_field(R"({"key":"x","name_zh":"x","rule":"solar","month":13,"day":1})"),
            "/month");
  EXPECT_EQ(error_field(R"({"key":"x","name_zh":"x","rule":"solar","month":4294967297,"day":1})"),
            "/month");  // does not wrap around to 1
  EXPECT_EQ(error_field(R"({"key":"x","name_zh":"x","rule":"solar","month":1,"day":-1})"), "/day");
  EXPECT_EQ(error_field(R"({"key":"x","name_zh":"x","rule":"solar","month":4,"day":31})"), "/day");
  EXPECT_EQ(error_field(R"({"key":"x","name_zh":"x","rule":"lunar","month":4,"day":31})"), "/day");
  const std::string weekday_rule = R"({"key":"x","name_zh":"x","rule":"nth_weekday","month":5,)";
  EXPECT_EQ(error_field(weekday_rule + R"("weekday":"sunday","nth":2,"day":1})"), "/day");
  EXPECT_EQ(error_field(weekday_rule + R"("nth":2})"), "/weekday");
  EXPECT_EQ(error_field(weekday_rule + R"("weekday":"Sunday","nth":2})"), "/weekday");
  EXPECT_EQ(error_field(weekday_rule + R"("weekday":"sunday"})"), "/nth");
  EXPECT_EQ(error_field(weekday_rule + R"("weekday":"sunday","nth":5})"), "/nth");
  EXPECT_EQ(error_field(weekday_rule + R"("weekday":"sunday","nth":-1})"), "ok");
  EXPECT_EQ(error_field(R"({"key":"x","name_zh":"x","rule":"qingming","month":4})"), "/month");
  EXPECT_EQ(error_field(R"({"key":"x","name_zh":"x","rule":"qingming","month":null})"), "ok");
  EXPECT_EQ(error_field(R"([1])"), "/");

  const auto r = parse_one(R"({"key":"x","name_zh":"x","rule":"lunar","month":4,"day":31})");
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(), "'day' must be 1-30");
}

TEST(HolidayJsonTest, ShopListsHaveUniqueKeysAndNoBuiltinOnes) {
  const auto ok = holidays_from_json(parse_json(R"([
      {"key":"shop_day","name_zh":"店庆日","rule":"solar","month":9,"day":18},
      {"key":"elders","name_zh":"敬老日","rule":"lunar","month":9,"day":9}])")
                                         .value());
  ASSERT_TRUE(ok.ok()) << ok.status().to_string();
  EXPECT_EQ(ok->size(), 2u);
  EXPECT_EQ(holidays_to_json(*ok), parse_json(R"([
      {"key":"shop_day","name_zh":"店庆日","name_en":"","rule":"solar","month":9,"day":18},
      {"key":"elders","name_zh":"敬老日","name_en":"","rule":"lunar","month":9,"day":9}])")
                                       .value());

  auto field = [](std::string_view text) {
    const auto r = holidays_from_json(parse_json(text).value());
    return r.ok() ? "ok" : r.status().location().field;
  };
  EXPECT_EQ(field(R"([{"key":"a","name_zh":"a","rule":"solar","month":1,"day":2},
                      {"key":"a","name_zh":"b","rule":"solar","month":1,"day":3}])"),
            "/1/key");
  EXPECT_EQ(field(R"([{"key":"christmas","name_zh":"a","rule":"solar","month":1,"day":2}])"),
            "/0/key");
  EXPECT_EQ(field(R"([{"key":"a","name_zh":"a","rule":"solar","month":1,"day":2},
                      {"key":"b","name_zh":"b","rule":"solar","month":2,"day":30}])"),
            "/1/day");
  EXPECT_EQ(field(R"([{"key":"a","name_zh":"a","rule":"solar","month":1,"day":2}, "b"])"), "/1");
  EXPECT_EQ(field(R"({"key":"a"})"), "/");
  EXPECT_EQ(field("[]"), "ok");

  Json many = Json::array();
  for (size_t i = 0; i <= kMaxShopHolidays; ++i) {
    many.push_back(
        {{"key", "d" + std::to_string(i)}, {"name_zh", "d"}, {"rule", "lunar_new_years_eve"}});
  }
  EXPECT_EQ(holidays_from_json(many).status().code(), ErrorCode::kInvalidArgument);
  many.erase(many.size() - 1);
  EXPECT_TRUE(holidays_from_json(many).ok());
}

}  // namespace
}  // namespace guanxi::calendar
