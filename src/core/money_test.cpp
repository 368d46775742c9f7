#include "core/money.hpp"

#include <gtest/gtest.h>

namespace guanxi {
namespace {

TEST(MoneyTest, ParsesDecimalsIntoMinorUnits) {
  EXPECT_EQ(parse_minor_units("12.34").value(), 1234);
  EXPECT_EQ(parse_minor_units("12.3").value(), 1230);
  EXPECT_EQ(parse_minor_units("12").value(), 1200);
  EXPECT_EQ(parse_minor_units(" 1,234.50 ").value(), 123450);
  EXPECT_EQ(parse_minor_units("¥99.00").value(), 9900);
  EXPECT_EQ(parse_minor_units("-0.01").value(), -1);
  EXPECT_EQ(parse_minor_units(".5").value(), 50);
  EXPECT_EQ(parse_minor_units("1.230").value(), 123);
  EXPECT_EQ(parse_minor_units("500", 0).value(), 500);
}

TEST(MoneyTest, RejectsWhatIsNotAnAmount) {
  EXPECT_FALSE(parse_minor_units("").ok());
  EXPECT_FALSE(parse_minor_units("abc").ok());
  EXPECT_FALSE(parse_minor_units("1.234").ok());
  EXPECT_FALSE(parse_minor_units("1.2.3").ok());
  EXPECT_FALSE(parse_minor_units("99999999999999999999").ok());
  EXPECT_EQ(parse_minor_units("x").status().code(), ErrorCode::kInvalidArgument);
}

TEST(MoneyTest, FormatsMajorUnits) {
  EXPECT_EQ(format_major_units(123450), "1234.50");
  EXPECT_EQ(format_major_units(5), "0.05");
  EXPECT_EQ(format_major_units(-5), "-0.05");
  EXPECT_EQ(format_major_units(500, 0), "500");
  EXPECT_EQ(format_major_units(INT64_MIN), "-92233720368547758.08");
}

TEST(MoneyTest, CurrencyCodes) {
  EXPECT_EQ(Currency::parse("usd").value().code(), "USD");
  EXPECT_EQ(Currency::parse("JPY").value().exponent(), 0);
  EXPECT_EQ(Currency().code(), "CNY");
  EXPECT_FALSE(Currency::parse("US").ok());
  EXPECT_FALSE(Currency::parse("U$D").ok());
}

}  // namespace
}  // namespace guanxi
