#include "channel/channel.hpp"

#include <gtest/gtest.h>

namespace guanxi::channel {
namespace {

TEST(Channel, NamesRoundTrip) {
  for (Channel c : {Channel::kSms, Channel::kEmail, Channel::kWechat, Channel::kWebhook}) {
    auto parsed = parse_channel(channel_name(c));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, c);
  }
  EXPECT_EQ(channel_name(Channel::kSms), "sms");
  EXPECT_EQ(channel_name(Channel::kEmail), "email");
  EXPECT_EQ(channel_name(Channel::kWechat), "wechat");
  EXPECT_EQ(channel_name(Channel::kWebhook), "webhook");
}

TEST(Channel, ParseRejectsOtherNames) {
  auto r = parse_channel("SMS");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("SMS"), std::string::npos);
  EXPECT_FALSE(parse_channel("").ok());
}

TEST(SendResult, Constructors) {
  EXPECT_EQ(SendResult::accepted("x").outcome, SendResult::Outcome::kAccepted);
  EXPECT_EQ(SendResult::accepted("x").provider_message_id, "x");
  const auto r = SendResult::retry("busy", std::chrono::seconds(3));
  EXPECT_EQ(r.outcome, SendResult::Outcome::kRetry);
  EXPECT_EQ(r.retry_after, std::chrono::milliseconds(3000));
  EXPECT_EQ(SendResult::permanent("no").error, "no");
  EXPECT_EQ(outcome_name(SendResult::Outcome::kPermanent), "permanent");
}

}  // namespace
}  // namespace guanxi::channel
