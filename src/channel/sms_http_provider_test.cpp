#include "channel/sms_http_provider.hpp"

#include <gtest/gtest.h>

#include "channel/testing/fake_provider_server.hpp"
#include "channel/testing/test_support.hpp"

namespace guanxi::channel {
namespace {

using testing::CannedResponse;
using testing::describe;
using testing::FakeProviderServer;
using Outcome = SendResult::Outcome;

class SmsHttpProviderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.start().is_ok());
    provider_ = testing::must_make({{"kind", "sms_http"},
                                    {"url", server_.url("/sms")},
                                    {"token", "tok-123"},
                                    {"timeout_ms", 2000}},
                                   &clock_);
    ASSERT_NE(provider_, nullptr);
  }

  static OutboundMessage message(std::string key) {
    OutboundMessage m;
    m.idempotency_key = std::move(key);
    m.channel = Channel::kSms;
    m.to = "13800138000";
    m.body = "【小店】张三您好，优惠券GX-8888已到账";
    return m;
  }

  FakeClock clock_{testing::test_epoch()};
  FakeProviderServer server_;
  std::unique_ptr<Provider> provider_;
};

TEST_F(SmsHttpProviderTest, PostsTheDocumentedShape) {
  OutboundMessage m = message("msg-1");
  m.template_code = "SMS_001";
  m.params = {{"code", "GX-8888"}};
  const SendResult r = provider_->send(m);
  ASSERT_EQ(r.outcome, Outcome::kAccepted) << describe(r);
  EXPECT_EQ(r.provider_message_id.rfind("fake-", 0), 0u);

  const auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 1u);
  const auto& req = requests[0];
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.path, "/sms");
  EXPECT_EQ(req.header("Content-Type"), "application/json");
  EXPECT_EQ(req.header("Idempotency-Key"), "msg-1");
  EXPECT_EQ(req.header("Authorization"), "Bearer tok-123");
  EXPECT_EQ(req.header("Expect"), "");
  const Json body = req.json();
  EXPECT_EQ(body["to"], "+8613800138000");
  EXPECT_EQ(body["text"], "【小店】张三您好，优惠券GX-8888已到账");
  EXPECT_EQ(body["idempotency_key"], "msg-1");
  EXPECT_EQ(body["template_code"], "SMS_001");
  EXPECT_EQ(body["params"]["code"], "GX-8888");
}

TEST_F(SmsHttpProviderTest, OmitsEmptyTemplateFields) {
  ASSERT_TRUE(provider_->send(message("msg-2")).is_accepted());
  const Json body = server_.requests().at(0).json();
  EXPECT_FALSE(body.contains("template_code"));
  EXPECT_FALSE(body.contains("params"));
}

TEST_F(SmsHttpProviderTest, ClassifiesHttpFailures) {
  server_.push_response(CannedResponse::reply("/sms", 503, "down"));
  server_.push_response(
      CannedResponse::reply("/sms", 429, R"({"error":"slow"})").with_header("Retry-After", "17"));
  server_.push_response(CannedResponse::reply("/sms", 400, R"({"error":"bad number"})"));
  server_.push_response(CannedResponse::reply("/sms", 200, "OK"));

  SendResult r = provider_->send(message("k1"));
  EXPECT_EQ(r.outcome, Outcome::kRetry);
  EXPECT_EQ(r.error, "HTTP 503: down");
  r = provider_->send(message("k2"));
  EXPECT_EQ(r.outcome, Outcome::kRetry);
  EXPECT_EQ(r.retry_after, std::chrono::seconds(17));
  r = provider_->send(message("k3"));
  EXPECT_EQ(r.outcome, Outcome::kPermanent);
  EXPECT_NE(r.error.find("bad number"), std::string::npos);
  r = provider_->send(message("k4"));  // a 2xx that is not JSON still accepts
  EXPECT_EQ(r.outcome, Outcome::kAccepted) << describe(r);
  EXPECT_EQ(r.provider_message_id, "");
}

TEST_F(SmsHttpProviderTest, TimeoutIsRetry) {
  auto fast = testing::must_make(
      {{"kind", "sms_http"}, {"url", server_.url("/sms")}, {"timeout_ms", 100}}, &clock_);
  server_.push_response(CannedResponse::reply("/sms", 200).after(std::chrono::milliseconds(600)));
  const SendResult r = fast->send(message("slow"));
  EXPECT_EQ(r.outcome, Outcome::kRetry) << describe(r);
  EXPECT_NE(r.error.find("timed out"), std::string::npos) << r.error;
  // The same instance recovers on the next send.
  EXPECT_TRUE(fast->send(message("after")).is_accepted());
}

TEST_F(SmsHttpProviderTest, ConnectionRefusedIsRetry) {
  auto dead = testing::must_make(
      {{"kind", "sms_http"},
       {"url", "http://127.0.0.1:" + std::to_string(testing::closed_port()) + "/sms"}},
      &clock_);
  const SendResult r = dead->send(message("k"));
  EXPECT_EQ(r.outcome, Outcome::kRetry) << describe(r);
}

TEST_F(SmsHttpProviderTest, BadMessagesArePermanentWithoutARequest) {
  OutboundMessage m = message("k");
  m.to = "12345";
  EXPECT_EQ(provider_->send(m).outcome, Outcome::kPermanent);
  m = message("");
  EXPECT_EQ(provider_->send(m).outcome, Outcome::kPermanent);
  m = message("k\r\nX-Evil: 1");
  EXPECT_EQ(provider_->send(m).outcome, Outcome::kPermanent);
  m = message("k");
  m.channel = Channel::kEmail;
  EXPECT_EQ(provider_->send(m).outcome, Outcome::kPermanent);
  m = message("k");
  m.body = std::string("bad \xff");
  EXPECT_EQ(provider_->send(m).outcome, Outcome::kPermanent);
  EXPECT_EQ(server_.stats().requests, 0u);
}

TEST_F(SmsHttpProviderTest, RetriesReuseTheKey) {
  server_.set_faults(testing::FaultPlan::fail_every(2, 500));
  int accepted = 0;
  for (int i = 0; i < 10; ++i) {
    const OutboundMessage m = message("msg-" + std::to_string(i));
    for (int attempt = 0; attempt < 3; ++attempt) {
      if (provider_->send(m).is_accepted()) {
        ++accepted;
        break;
      }
    }
  }
  EXPECT_EQ(accepted, 10);
  const auto stats = server_.stats();
  EXPECT_EQ(stats.unique_keys, 10u);
  EXPECT_EQ(stats.duplicates, 0u);
  EXPECT_GT(stats.faults, 0u);
}

}  // namespace
}  // namespace guanxi::channel
