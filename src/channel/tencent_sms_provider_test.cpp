#include "channel/tencent_sms_provider.hpp"

#include <gtest/gtest.h>

#include "channel/tc3_signer.hpp"
#include "channel/testing/fake_provider_server.hpp"
#include "channel/testing/test_support.hpp"

namespace guanxi::channel {
namespace {

using testing::CannedResponse;
using testing::describe;
using testing::FakeProviderServer;
using Outcome = SendResult::Outcome;

constexpr const char* kSecretKey = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";

testing::FakeProviderOptions verifying_options() {
  testing::FakeProviderOptions o;
  o.tencent_secret_key = kSecretKey;
  return o;
}

class TencentSmsProviderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.start().is_ok());
    provider_ = make(kSecretKey);
    ASSERT_NE(provider_, nullptr);
  }

  std::unique_ptr<Provider> make(const std::string& secret_key) {
    return testing::must_make({{"kind", "sms_tencent"},
                               {"endpoint", server_.url()},
                               {"region", "ap-guangzhou"},
                               {"secret_id", "AKIDEXAMPLE"},
                               {"secret_key", secret_key},
                               {"sdk_app_id", "1400006666"},
                               {"sign_name", "【关系科技】"}},
                              &clock_);
  }

  static OutboundMessage message(std::string key) {
    OutboundMessage m;
    m.idempotency_key = std::move(key);
    m.to = "13800138000";
    m.template_code = "1234";
    m.params = {{"2", 8888}, {"1", "张三"}};
    return m;
  }

  static std::string canned_status(const std::string& code) {
    return Json{{"Response",
                 {{"SendStatusSet", Json::array({{{"SerialNo", ""},
                                                  {"PhoneNumber", "+8613800138000"},
                                                  {"Code", code},
                                                  {"Message", "from the test"}}})},
                  {"RequestId", "r-1"}}}}
        .dump();
  }

  static std::string canned_error(const std::string& code) {
    return Json{{"Response", {{"Error", {{"Code", code}, {"Message", "m"}}}, {"RequestId", "r"}}}}
        .dump();
  }

  FakeClock clock_{from_millis(1551113065000)};
  FakeProviderServer server_{verifying_options()};
  std::unique_ptr<Provider> provider_;
};

TEST_F(TencentSmsProviderTest, SendsASignedSendSmsRequest) {
  const SendResult r = provider_->send(message("msg-42"));
  ASSERT_EQ(r.outcome, Outcome::kAccepted) << describe(r);
  EXPECT_EQ(r.provider_message_id.rfind("fake:", 0), 0u);  // the SerialNo

  const auto req = server_.requests().at(0);
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.path, "/");
  EXPECT_EQ(req.header("X-TC-Action"), "SendSms");
  EXPECT_EQ(req.header("X-TC-Version"), "2021-01-11");
  EXPECT_EQ(req.header("X-TC-Timestamp"), "1551113065");
  EXPECT_EQ(req.header("X-TC-Region"), "ap-guangzhou");
  EXPECT_EQ(req.header("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(req.header("Host"), "127.0.0.1:" + std::to_string(server_.port()));

  const Json body = req.json();
  EXPECT_EQ(body["PhoneNumberSet"], Json::array({"+8613800138000"}));
  EXPECT_EQ(body["SmsSdkAppId"], "1400006666");
  EXPECT_EQ(body["SignName"], "关系科技");
  EXPECT_EQ(body["TemplateId"], "1234");
  EXPECT_EQ(body["TemplateParamSet"], Json::array({"张三", "8888"}));
  EXPECT_EQ(body["SessionContext"], "msg-42");

  // The Authorization header is the TC3 signature of exactly what was sent.
  Tc3Request check;
  check.secret_id = "AKIDEXAMPLE";
  check.secret_key = kSecretKey;
  check.service = "sms";
  check.host = req.header("Host");
  check.action = "SendSms";
  check.payload = req.body;
  check.timestamp = 1551113065;
  EXPECT_EQ(req.header("Authorization"), tc3_sign(check).authorization);
  EXPECT_TRUE(req.header("Authorization")
                  .starts_with("TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2019-02-25/sms/tc3_request, "
                               "SignedHeaders=content-type;host;x-tc-action, Signature="));
}

TEST_F(TencentSmsProviderTest, WrongSecretIsAPermanentAuthFailure) {
  auto wrong = make("not-the-key");
  const SendResult r = wrong->send(message("k"));
  EXPECT_EQ(r.outcome, Outcome::kPermanent);
  EXPECT_NE(r.error.find("AuthFailure.SignatureFailure"), std::string::npos) << r.error;
}

TEST_F(TencentSmsProviderTest, ClassifiesSendStatusAndErrorCodes) {
  struct Case {
    std::string body;
    Outcome outcome;
  };
  const Case cases[] = {
      {canned_status("LimitExceeded.PhoneNumberDailyLimit"), Outcome::kRetry},
      {canned_status("LimitExceeded.PhoneNumberThirtySecondLimit"), Outcome::kRetry},
      {canned_status("FailedOperation.PhoneNumberInBlacklist"), Outcome::kPermanent},
      {canned_status("InvalidParameterValue.TemplateParameterFormatError"), Outcome::kPermanent},
      {canned_error("RequestLimitExceeded"), Outcome::kRetry},
      {canned_error("InternalError.Timeout"), Outcome::kRetry},
      {canned_error("AuthFailure.SecretIdNotFound"), Outcome::kPermanent},
      {"<html>gateway</html>", Outcome::kRetry},
  };
  for (const Case& c : cases) {
    server_.push_response(CannedResponse::reply("", 200, c.body));
    const SendResult r = provider_->send(message("k"));
    EXPECT_EQ(r.outcome, c.outcome) << c.body << " -> " << describe(r);
  }
  server_.push_response(
      CannedResponse::reply("", 200, canned_status("LimitExceeded.PhoneNumberThirtySecondLimit")));
  EXPECT_EQ(provider_->send(message("k")).retry_after, std::chrono::seconds(30));
  server_.push_response(CannedResponse::reply("", 502, "bad gateway"));
  EXPECT_EQ(provider_->send(message("k")).outcome, Outcome::kRetry);
}

TEST_F(TencentSmsProviderTest, TemplateParamsAreOrdered) {
  EXPECT_EQ(*tencent_template_params(Json::array({"a", 2})), Json::array({"a", "2"}));
  EXPECT_EQ(*tencent_template_params(Json{{"10", "j"},
                                          {"2", "b"},
                                          {"1", "a"},
                                          {"3", "c"},
                                          {"4", "d"},
                                          {"5", "e"},
                                          {"6", "f"},
                                          {"7", "g"},
                                          {"8", "h"},
                                          {"9", "i"}}),
            Json::array({"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"}));
  EXPECT_EQ(*tencent_template_params(Json::object()), Json::array());
  EXPECT_FALSE(tencent_template_params(Json{{"name", "x"}}).ok());
  EXPECT_FALSE(tencent_template_params(Json{{"1", "a"}, {"3", "c"}}).ok());
  EXPECT_FALSE(tencent_template_params(Json("x")).ok());
}

TEST_F(TencentSmsProviderTest, BadMessagesArePermanentWithoutARequest) {
  OutboundMessage m = message("k");
  m.template_code.clear();
  EXPECT_EQ(provider_->send(m).outcome, Outcome::kPermanent);
  m = message("k");
  m.params = {{"name", "x"}};
  EXPECT_EQ(provider_->send(m).outcome, Outcome::kPermanent);
  m = message("k");
  m.to = "abc";
  EXPECT_EQ(provider_->send(m).outcome, Outcome::kPermanent);
  EXPECT_EQ(server_.stats().requests, 0u);
}

}  // namespace
}  // namespace guanxi::channel
