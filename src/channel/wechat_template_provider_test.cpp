#include "channel/wechat_template_provider.hpp"

#include <gtest/gtest.h>

#include "channel/testing/fake_provider_server.hpp"
#include "channel/testing/test_support.hpp"

namespace guanxi::channel {
namespace {

using testing::CannedResponse;
using testing::describe;
using testing::FakeProviderServer;
using Outcome = SendResult::Outcome;

testing::FakeProviderOptions wechat_options() {
  testing::FakeProviderOptions o;
  o.wechat_app_id = "wx-app";
  o.wechat_app_secret = "wx-secret";
  o.wechat_token_ttl = std::chrono::seconds(7200);
  return o;
}

class WechatTemplateProviderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.start().is_ok());
    provider_ = make("wx-secret");
    ASSERT_NE(provider_, nullptr);
  }

  std::unique_ptr<Provider> make(const std::string& secret) {
    return testing::must_make({{"kind", "wechat_template"},
                               {"base_url", server_.url()},
                               {"app_id", "wx-app"},
                               {"app_secret", secret},
                               {"timeout_ms", 2000}},
                              &clock_);
  }

  static OutboundMessage message(std::string key) {
    OutboundMessage m;
    m.idempotency_key = std::move(key);
    m.channel = Channel::kWechat;
    m.to = "oABCD1234openid";
    m.template_code = "TPL-coupon";
    m.params = {
        {"thing1", "张三"}, {"amount2", 20}, {"time3", {{"value", "今天"}, {"color", "#FF0000"}}}};
    m.link_url = "https://shop.example/coupon/1";
    return m;
  }

  size_t token_requests() const {
    size_t n = 0;
    for (const auto& r : server_.requests()) n += r.path == "/cgi-bin/token" ? 1u : 0u;
    return n;
  }

  FakeClock clock_{testing::test_epoch()};
  FakeProviderServer server_{wechat_options()};
  std::unique_ptr<Provider> provider_;
};

TEST_F(WechatTemplateProviderTest, FetchesATokenThenSendsTheTemplateMessage) {
  const SendResult r = provider_->send(message("msg-1"));
  ASSERT_EQ(r.outcome, Outcome::kAccepted) << describe(r);
  EXPECT_FALSE(r.provider_message_id.empty());

  const auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_EQ(requests[0].target,
            "/cgi-bin/token?grant_type=client_credential&appid=wx-app&secret=wx-secret");
  EXPECT_EQ(requests[1].method, "POST");
  EXPECT_EQ(requests[1].target,
            "/cgi-bin/message/template/send?access_token=" + server_.current_wechat_token());
  const Json body = requests[1].json();
  EXPECT_EQ(body["touser"], "oABCD1234openid");
  EXPECT_EQ(body["template_id"], "TPL-coupon");
  EXPECT_EQ(body["url"], "https://shop.example/coupon/1");
  EXPECT_EQ(body["client_msg_id"], "msg-1");
  EXPECT_EQ(body["data"]["thing1"], Json({{"value", "张三"}}));
  EXPECT_EQ(body["data"]["amount2"], Json({{"value", "20"}}));
  EXPECT_EQ(body["data"]["time3"], Json({{"value", "今天"}, {"color", "#FF0000"}}));
}

TEST_F(WechatTemplateProviderTest, ReusesTheTokenUntilFiveMinutesBeforeExpiry) {
  ASSERT_TRUE(provider_->send(message("a")).is_accepted());
  clock_.advance(std::chrono::seconds(7200 - 301));
  ASSERT_TRUE(provider_->send(message("b")).is_accepted());
  EXPECT_EQ(token_requests(), 1u);
  clock_.advance(std::chrono::seconds(2));  // now within 5 minutes of expiry
  ASSERT_TRUE(provider_->send(message("c")).is_accepted());
  EXPECT_EQ(token_requests(), 2u);
}

TEST_F(WechatTemplateProviderTest, RefreshesAtOnceOn40001AndRetriesOnce) {
  ASSERT_TRUE(provider_->send(message("a")).is_accepted());
  server_.invalidate_wechat_token();
  const SendResult r = provider_->send(message("b"));
  EXPECT_EQ(r.outcome, Outcome::kAccepted) << describe(r);
  EXPECT_EQ(token_requests(), 2u);
  EXPECT_EQ(server_.stats().unique_keys, 2u);
  EXPECT_EQ(server_.stats().duplicates, 0u);
}

TEST_F(WechatTemplateProviderTest, RefreshesOn42001And40014Too) {
  ASSERT_TRUE(provider_->send(message("a")).is_accepted());
  for (int code : {42001, 40014}) {
    server_.push_response(CannedResponse::reply(
        "/cgi-bin/message", 200, Json{{"errcode", code}, {"errmsg", "token"}}.dump()));
    const SendResult r = provider_->send(message("k" + std::to_string(code)));
    EXPECT_EQ(r.outcome, Outcome::kAccepted) << code << ": " << describe(r);
  }
  EXPECT_EQ(token_requests(), 3u);
}

TEST_F(WechatTemplateProviderTest, ASecondRejectionOfAFreshTokenIsRetry) {
  server_.push_response(
      CannedResponse::reply("/cgi-bin/message", 200, R"({"errcode":40001,"errmsg":"x"})"));
  server_.push_response(
      CannedResponse::reply("/cgi-bin/message", 200, R"({"errcode":40001,"errmsg":"x"})"));
  const SendResult r = provider_->send(message("a"));
  EXPECT_EQ(r.outcome, Outcome::kRetry) << describe(r);
  EXPECT_EQ(token_requests(), 2u);
}

TEST_F(WechatTemplateProviderTest, ClassifiesErrcodes) {
  ASSERT_TRUE(provider_->send(message("warm")).is_accepted());
  const std::pair<int, Outcome> cases[] = {
      {45009, Outcome::kRetry},     {45011, Outcome::kRetry},     {-1, Outcome::kRetry},
      {43004, Outcome::kPermanent}, {40003, Outcome::kPermanent}, {40037, Outcome::kPermanent},
  };
  for (const auto& [code, outcome] : cases) {
    server_.push_response(CannedResponse::reply("/cgi-bin/message", 200,
                                                Json{{"errcode", code}, {"errmsg", "m"}}.dump()));
    const SendResult r = provider_->send(message("k"));
    EXPECT_EQ(r.outcome, outcome) << code << ": " << describe(r);
  }
  server_.push_response(CannedResponse::reply("/cgi-bin/message", 500));
  EXPECT_EQ(provider_->send(message("k")).outcome, Outcome::kRetry);
}

TEST_F(WechatTemplateProviderTest, TokenFailures) {
  auto wrong = make("bad-secret");
  SendResult r = wrong->send(message("k"));
  EXPECT_EQ(r.outcome, Outcome::kPermanent) << describe(r);
  EXPECT_NE(r.error.find("40125"), std::string::npos) << r.error;

  server_.push_response(CannedResponse::reply("/cgi-bin/token", 503));
  r = provider_->send(message("k"));
  EXPECT_EQ(r.outcome, Outcome::kRetry) << describe(r);
  server_.push_response(
      CannedResponse::reply("/cgi-bin/token", 200, R"({"errcode":-1,"errmsg":"busy"})"));
  r = provider_->send(message("k"));
  EXPECT_EQ(r.outcome, Outcome::kRetry) << describe(r);
}

TEST_F(WechatTemplateProviderTest, InstancesOfOneAccountShareTheToken) {
  auto second = make("wx-secret");
  ASSERT_TRUE(provider_->send(message("a")).is_accepted());
  ASSERT_TRUE(second->send(message("b")).is_accepted());
  ASSERT_TRUE(provider_->send(message("c")).is_accepted());
  EXPECT_EQ(server_.stats().wechat_tokens_issued, 1u);
}

TEST_F(WechatTemplateProviderTest, BadMessagesArePermanent) {
  OutboundMessage m = message("k");
  m.to = "";
  EXPECT_EQ(provider_->send(m).outcome, Outcome::kPermanent);
  m = message("k");
  m.template_code.clear();
  EXPECT_EQ(provider_->send(m).outcome, Outcome::kPermanent);
  m = message("k");
  m.params = Json::array({"x"});
  EXPECT_EQ(provider_->send(m).outcome, Outcome::kPermanent);
  EXPECT_EQ(server_.stats().requests, 0u);
}

}  // namespace
}  // namespace guanxi::channel
