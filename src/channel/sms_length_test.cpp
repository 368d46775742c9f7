#include "channel/sms_length.hpp"

#include <gtest/gtest.h>

#include <string>

namespace guanxi::channel {
namespace {

std::string repeat(std::string_view s, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

TEST(SmsLength, Empty) {
  const SmsLength l = sms_length("");
  EXPECT_EQ(l.characters, 0u);
  EXPECT_EQ(l.segments, 0u);
  EXPECT_TRUE(l.parts.empty());
}

TEST(SmsLength, PlainAsciiIsGsm7) {
  const SmsLength l = sms_length("Hello @home, 50% off!");
  EXPECT_EQ(l.encoding, SmsEncoding::kGsm7);
  EXPECT_EQ(l.characters, 21u);
  EXPECT_EQ(l.units, 21u);
  EXPECT_EQ(l.segments, 1u);
}

TEST(SmsLength, Gsm7Boundaries) {
  EXPECT_EQ(sms_length(repeat("a", 160)).segments, 1u);
  const SmsLength l = sms_length(repeat("a", 161));
  EXPECT_EQ(l.segments, 2u);
  EXPECT_EQ(l.units_per_segment, 153u);
  ASSERT_EQ(l.parts.size(), 2u);
  EXPECT_EQ(l.parts[0].begin, 0u);
  EXPECT_EQ(l.parts[0].end, 153u);
  EXPECT_EQ(l.parts[1].units, 8u);
  EXPECT_EQ(sms_length(repeat("a", 306)).segments, 2u);
  EXPECT_EQ(sms_length(repeat("a", 307)).segments, 3u);
}

TEST(SmsLength, ExtensionCharactersCountTwoAndAreNotSplit) {
  const SmsLength euro = sms_length("Price: 5€ {ok}");
  EXPECT_EQ(euro.encoding, SmsEncoding::kGsm7);
  EXPECT_EQ(euro.characters, 14u);
  EXPECT_EQ(euro.units, 17u);
  // 80 '[' = 160 septets: one SMS; 81 = 162: two parts, 76 + 5 characters.
  EXPECT_EQ(sms_length(repeat("[", 80)).segments, 1u);
  const SmsLength two = sms_length(repeat("[", 81));
  ASSERT_EQ(two.segments, 2u);
  EXPECT_EQ(two.parts[0].units, 152u);  // 153 would split an escape pair
  EXPECT_EQ(two.parts[1].units, 10u);
}

TEST(SmsLength, ChineseWithSignatureIsUcs2) {
  const std::string text = "【关系科技】张三您好，您的优惠券已到账";
  const SmsLength l = sms_length(text);
  EXPECT_EQ(l.encoding, SmsEncoding::kUcs2);
  EXPECT_EQ(l.characters, 19u);  // the 【签名】 counts
  EXPECT_EQ(l.units, 19u);
  EXPECT_EQ(l.segments, 1u);
  ASSERT_EQ(l.parts.size(), 1u);
  EXPECT_EQ(l.parts[0].end, text.size());
}

TEST(SmsLength, Ucs2Boundaries) {
  EXPECT_EQ(sms_length(repeat("好", 70)).segments, 1u);
  const SmsLength l = sms_length(repeat("好", 71));
  EXPECT_EQ(l.segments, 2u);
  EXPECT_EQ(l.units_per_segment, 67u);
  EXPECT_EQ(l.parts[0].units, 67u);
  EXPECT_EQ(l.parts[0].end, 67u * 3);  // byte offsets
  EXPECT_EQ(l.parts[1].begin, 67u * 3);
  EXPECT_EQ(sms_length(repeat("好", 134)).segments, 2u);
  EXPECT_EQ(sms_length(repeat("好", 135)).segments, 3u);
}

TEST(SmsLength, EmojiTakeTwoUnitsAndStayWhole) {
  const SmsLength one = sms_length("🎉");
  EXPECT_EQ(one.encoding, SmsEncoding::kUcs2);
  EXPECT_EQ(one.characters, 1u);
  EXPECT_EQ(one.units, 2u);
  // 66 Chinese + an emoji = 68 units of 70: one SMS.
  EXPECT_EQ(sms_length(repeat("好", 66) + "🎉").segments, 1u);
  // 66 + emoji + 3 = 71 units: two parts; the emoji would straddle 67, so it opens part 2.
  const SmsLength l = sms_length(repeat("好", 66) + "🎉" + "好好好");
  ASSERT_EQ(l.segments, 2u);
  EXPECT_EQ(l.parts[0].units, 66u);
  EXPECT_EQ(l.parts[1].units, 5u);
  EXPECT_EQ(l.characters, 70u);
}

TEST(SmsLength, MixedTextGoesUcs2) {
  const SmsLength l = sms_length("Hi 张三, code 1234");
  EXPECT_EQ(l.encoding, SmsEncoding::kUcs2);
  EXPECT_EQ(l.characters, 16u);
  EXPECT_EQ(l.units, 16u);
  // A GSM-only accent stays GSM-7; one outside the table switches.
  EXPECT_EQ(sms_length("café à Zürich").encoding, SmsEncoding::kGsm7);
  EXPECT_EQ(sms_length("naïve").encoding, SmsEncoding::kUcs2);
}

TEST(SmsLength, InvalidUtf8CountsPerByte) {
  const SmsLength l = sms_length(std::string("ab\xff", 3));
  EXPECT_EQ(l.encoding, SmsEncoding::kUcs2);
  EXPECT_EQ(l.characters, 3u);
}

}  // namespace
}  // namespace guanxi::channel
