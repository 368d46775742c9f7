#include "api/url.hpp"

#include <gtest/gtest.h>

namespace guanxi::api {
namespace {

TEST(UrlTest, PercentDecodes) {
  EXPECT_EQ(percent_decode("vip%20gold", false).value(), "vip gold");
  EXPECT_EQ(percent_decode("a+b", true).value(), "a b");
  EXPECT_EQ(percent_decode("a+b", false).value(), "a+b");
  EXPECT_EQ(percent_decode("%E7%8E%8B", false).value(), "王");
  EXPECT_FALSE(percent_decode("%zz", false).ok());
  EXPECT_FALSE(percent_decode("%4", false).ok());
  EXPECT_FALSE(percent_decode("%ff", false).ok());    // invalid UTF-8
  EXPECT_FALSE(percent_decode("a%00b", false).ok());  // control character
}

TEST(UrlTest, ReadsQueryParametersStrictly) {
  QueryParams q("limit=20&q=%E7%8E%8B+%E8%8A%B3&order=desc");
  EXPECT_EQ(q.int64("limit", 1, 500), 20);
  EXPECT_EQ(q.string("q"), "王 芳");
  EXPECT_EQ(q.one_of("order", {"asc", "desc"}), "desc");
  EXPECT_EQ(q.string("cursor"), std::nullopt);
  EXPECT_TRUE(q.finish().is_ok());
}

TEST(UrlTest, NamesTheBadParameter) {
  QueryParams range("limit=900");
  EXPECT_EQ(range.int64("limit", 1, 500), std::nullopt);
  EXPECT_EQ(range.finish().location().field, "?limit");

  QueryParams not_number("limit=12abc");
  not_number.int64("limit", 1, 500);
  EXPECT_FALSE(not_number.finish().is_ok());

  QueryParams unknown("limit=5&colour=red");
  unknown.int64("limit", 1, 500);
  EXPECT_EQ(unknown.finish().location().field, "?colour");

  QueryParams twice("limit=5&limit=6");
  twice.int64("limit", 1, 500);
  EXPECT_FALSE(twice.finish().is_ok());

  QueryParams enum_value("order=sideways");
  enum_value.one_of("order", {"asc", "desc"});
  EXPECT_EQ(enum_value.finish().location().field, "?order");
}

}  // namespace
}  // namespace guanxi::api
