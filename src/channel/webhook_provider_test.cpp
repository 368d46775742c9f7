#include "channel/webhook_provider.hpp"

#include <gtest/gtest.h>

#include "channel/testing/fake_provider_server.hpp"
#include "channel/testing/test_support.hpp"
#include "channel/webhook_signature.hpp"

namespace guanxi::channel {
namespace {

using testing::CannedResponse;
using testing::describe;
using testing::FakeProviderServer;
using Outcome = SendResult::Outcome;

constexpr const char* kSecret = "whsec_test";

testing::FakeProviderOptions verifying_webhook_options() {
  testing::FakeProviderOptions o;
  o.webhook_secret = kSecret;
  return o;
}

OutboundMessage message(std::string key) {
  OutboundMessage m;
  m.idempotency_key = std::move(key);
  m.channel = Channel::kWebhook;
  m.body = R"({"event":"order_paid","order_id":42,"customer":"张三"})";
  return m;
}

class WebhookProviderTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.start().is_ok()); }

  FakeClock clock_{testing::test_epoch()};
  FakeProviderServer server_{verifying_webhook_options()};
};

TEST_F(WebhookProviderTest, SignsWhatItSends) {
  auto provider = testing::must_make({{"kind", "webhook"},
                                      {"url", server_.url("/hooks/orders")},
                                      {"secret", kSecret},
                                      {"headers", {{"X-Tenant", "shop-7"}}}},
                                     &clock_);
  const SendResult r = provider->send(message("evt-1"));
  ASSERT_EQ(r.outcome, Outcome::kAccepted) << describe(r);
  const auto req = server_.requests().at(0);
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.body, message("evt-1").body);
  EXPECT_EQ(req.header("Content-Type"), "application/json");
  EXPECT_EQ(req.header("Idempotency-Key"), "evt-1");
  EXPECT_EQ(req.header("X-Tenant"), "shop-7");
  EXPECT_EQ(req.header("X-Guanxi-Timestamp"), "1735689600");
  EXPECT_EQ(req.header("X-Guanxi-Signature"), webhook_signature(kSecret, 1735689600, req.body));
  EXPECT_TRUE(verify_webhook_signature(kSecret, req.header("X-Guanxi-Timestamp"), req.body,
                                       req.header("X-Guanxi-Signature"), clock_.now())
                  .is_ok());
}

TEST_F(WebhookProviderTest, AReceiverVerifyingTheSignatureAccepts) {
  // The fake receiver checks /webhook requests against its own clock (the system's).
  auto provider = testing::must_make(
      {{"kind", "webhook"}, {"url", server_.url("/webhook")}, {"secret", kSecret}});
  const SendResult r = provider->send(message("evt-2"));
  EXPECT_EQ(r.outcome, Outcome::kAccepted) << describe(r);
  EXPECT_EQ(server_.stats().unique_keys, 1u);
}

TEST_F(WebhookProviderTest, AWrongSecretIsRejectedPermanently) {
  auto provider = testing::must_make(
      {{"kind", "webhook"}, {"url", server_.url("/webhook")}, {"secret", "other"}});
  const SendResult r = provider->send(message("evt-3"));
  EXPECT_EQ(r.outcome, Outcome::kPermanent) << describe(r);
  EXPECT_NE(r.error.find("401"), std::string::npos);
  EXPECT_EQ(server_.stats().accepted, 0u);
}

TEST_F(WebhookProviderTest, FailuresAndBadBodies) {
  auto provider = testing::must_make(
      {{"kind", "webhook"}, {"url", server_.url("/hooks")}, {"secret", kSecret}}, &clock_);
  server_.push_response(CannedResponse::reply("", 429).with_header("Retry-After", "2"));
  SendResult r = provider->send(message("k"));
  EXPECT_EQ(r.outcome, Outcome::kRetry);
  EXPECT_EQ(r.retry_after, std::chrono::seconds(2));
  server_.push_response(CannedResponse::reply("", 410));
  EXPECT_EQ(provider->send(message("k")).outcome, Outcome::kPermanent);

  OutboundMessage m = message("k");
  m.body = "not json";
  EXPECT_EQ(provider->send(m).outcome, Outcome::kPermanent);
  EXPECT_EQ(server_.stats().requests, 2u);
}

}  // namespace
}  // namespace guanxi::channel
