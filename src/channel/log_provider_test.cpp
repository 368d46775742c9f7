#include "channel/log_provider.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "channel/testing/test_support.hpp"

namespace guanxi::channel {
namespace {

TEST(LogProvider, AppendsOneJsonLinePerMessage) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("guanxi-log-provider-" + std::to_string(::getpid()) + ".jsonl");
  std::filesystem::remove(path);
  FakeClock clock(testing::test_epoch());
  auto provider =
      testing::must_make({{"kind", "log"}, {"channel", "sms"}, {"path", path.string()}}, &clock);
  OutboundMessage m;
  m.id = 7;
  m.idempotency_key = "msg-7";
  m.to = "13800138000";
  m.body = "【小店】您好";
  const SendResult r = provider->send(m);
  EXPECT_TRUE(r.is_accepted());
  EXPECT_EQ(r.provider_message_id, "log:msg-7");
  m.idempotency_key = "msg-8";
  EXPECT_TRUE(provider->send(m).is_accepted());

  std::ifstream in(path);
  std::string line;
  std::vector<Json> lines;
  while (std::getline(in, line)) lines.push_back(Json::parse(line));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["idempotency_key"], "msg-7");
  EXPECT_EQ(lines[0]["channel"], "sms");
  EXPECT_EQ(lines[0]["body"], "【小店】您好");
  EXPECT_EQ(lines[0]["time"], "2025-01-01T00:00:00.000Z");
  std::filesystem::remove(path);
}

TEST(LogProvider, WithoutPathLogsAndAccepts) {
  auto provider = testing::must_make({{"kind", "log"}, {"channel", "email"}});
  OutboundMessage m;
  m.idempotency_key = "k";
  m.channel = Channel::kEmail;
  EXPECT_TRUE(provider->send(m).is_accepted());
  m.channel = Channel::kSms;
  EXPECT_EQ(provider->send(m).outcome, SendResult::Outcome::kPermanent);
}

TEST(LogProvider, UnwritablePathIsAConfigError) {
  auto p = make_provider({{"kind", "log"}, {"channel", "sms"}, {"path", "/nonexistent-dir/x.log"}});
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().location().field, "providers.log.path");
}

}  // namespace
}  // namespace guanxi::channel
