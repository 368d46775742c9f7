#include "segment/rule/text.hpp"

#include <gtest/gtest.h>

#include <array>

namespace guanxi::segment {
namespace {

TEST(Utf8Test, SequenceLengths) {
  EXPECT_EQ(utf8_sequence_length("a", 0), 1u);
  EXPECT_EQ(utf8_sequence_length("é", 0), 2u);
  EXPECT_EQ(utf8_sequence_length("黑", 0), 3u);
  EXPECT_EQ(utf8_sequence_length("😀", 0), 4u);
}

TEST(Utf8Test, RejectsMalformedSequences) {
  EXPECT_EQ(utf8_sequence_length("\x80", 0), 0u);          // lone continuation byte
  EXPECT_EQ(utf8_sequence_length("\xE9\xBB", 0), 0u);      // truncated
  EXPECT_EQ(utf8_sequence_length("\xC0\xAF", 0), 0u);      // overlong '/'
  EXPECT_EQ(utf8_sequence_length("\xED\xA0\x80", 0), 0u);  // surrogate
  EXPECT_FALSE(is_valid_utf8("ok\xFF"));
  EXPECT_TRUE(is_valid_utf8("黑名单 VIP"));
}

TEST(ClosestNameTest, SuggestsTyposOnly) {
  constexpr std::array<std::string_view, 4> names = {"orders", "revenue", "refunds", "tier"};
  EXPECT_EQ(closest_name("revnue", names), "revenue");
  EXPECT_EQ(closest_name("REVENEU", names), "revenue");  // case and a swap
  EXPECT_EQ(closest_name("order", names), "orders");
  EXPECT_EQ(closest_name("xyz", names), std::nullopt);
  EXPECT_EQ(closest_name("ab", names), std::nullopt);
}

}  // namespace
}  // namespace guanxi::segment
