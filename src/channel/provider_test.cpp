// make_provider: configuration validation for every kind, with errors that
// name the key.
#include "channel/provider.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

namespace guanxi::channel {
namespace {

std::string error_of(const char* config_text) {
  auto p = make_provider(Json::parse(config_text));
  EXPECT_FALSE(p.ok()) << config_text;
  if (p.ok()) return {};
  EXPECT_EQ(p.status().code(), ErrorCode::kInvalidArgument);
  return p.status().message();
}

TEST(MakeProvider, BuildsEveryKind) {
  const char* configs[] = {
      R"({"kind": "smtp", "url": "smtps://smtp.example.com:465", "from": "a@shop.example",
          "from_name": "小店", "username": "a@shop.example", "password": "x"})",
      R"({"kind": "sms_http", "url": "https://sms.example.com/send", "token": "t"})",
      R"({"kind": "sms_tencent", "secret_id": "AKID", "secret_key": "k", "sdk_app_id": "1400006666",
          "sign_name": "【关系科技】"})",
      R"({"kind": "wechat_template", "app_id": "wx1", "app_secret": "s"})",
      R"({"kind": "webhook", "url": "https://hooks.example.com/x", "secret": "s",
          "headers": {"X-Tenant": "7"}})",
      R"({"kind": "log", "channel": "email"})",
  };
  const std::pair<const char*, Channel> expected[] = {
      {"smtp", Channel::kEmail},      {"sms_http", Channel::kSms},
      {"sms_tencent", Channel::kSms}, {"wechat_template", Channel::kWechat},
      {"webhook", Channel::kWebhook}, {"log", Channel::kEmail},
  };
  for (size_t i = 0; i < std::size(configs); ++i) {
    auto p = make_provider(Json::parse(configs[i]));
    ASSERT_TRUE(p.ok()) << configs[i] << ": " << p.status().to_string();
    EXPECT_EQ((*p)->kind(), expected[i].first);
    EXPECT_EQ((*p)->channel(), expected[i].second);
  }
}

TEST(MakeProvider, ErrorsNameTheKey) {
  EXPECT_EQ(error_of(R"({"kind": "smtp", "url": "http://x", "from": "a@b.example"})"),
            "providers.smtp.url: must start with smtp:// or smtps://");
  EXPECT_EQ(error_of(R"({"kind": "smtp", "from": "a@b.example"})"),
            "providers.smtp.url: is required (a string)");
  EXPECT_EQ(error_of(R"({"kind": "smtp", "url": "smtp://x", "from": "not an address"})"),
            "providers.smtp.from: must be a plain email address (local@domain)");
  EXPECT_EQ(error_of(R"({"kind": "smtp", "url": "smtps://x", "from": "a@b.example",
                         "starttls": "required"})"),
            "providers.smtp.starttls: applies to smtp:// only (smtps:// is TLS from the start)");
  EXPECT_EQ(error_of(R"({"kind": "smtp", "url": "smtp://x", "from": "a@b.example",
                         "starttls": "maybe"})"),
            "providers.smtp.starttls: must be one of off, optional, required");
  EXPECT_EQ(error_of(R"({"kind": "sms_http", "url": "https://x", "timeout_ms": 0})"),
            "providers.sms_http.timeout_ms: must be between 1 and 600000");
  EXPECT_EQ(error_of(R"({"kind": "sms_http", "url": "https://x", "tokn": "t"})"),
            "providers.sms_http.tokn: unknown key");
  EXPECT_EQ(error_of(R"({"kind": "sms_tencent", "secret_id": "a", "secret_key": "k",
                         "sdk_app_id": "1", "sign_name": "s", "endpoint": "https://x/api"})"),
            "providers.sms_tencent.endpoint: must have no path (the API is served at /)");
  EXPECT_EQ(error_of(R"({"kind": "sms_tencent", "secret_id": "a", "sdk_app_id": "1",
                         "sign_name": "s"})"),
            "providers.sms_tencent.secret_key: is required (a string, or secret_key_env naming "
            "an environment variable)");
  EXPECT_EQ(error_of(R"({"kind": "wechat_template", "app_id": "wx"})"),
            "providers.wechat_template.app_secret: is required (a string, or app_secret_env "
            "naming an environment variable)");
  EXPECT_EQ(error_of(R"({"kind": "webhook", "url": "https://x", "secret": "s",
                         "headers": {"Idempotency-Key": "x"}})"),
            "providers.webhook.headers: 'Idempotency-Key' is set by Guanxi");
  EXPECT_EQ(error_of(R"({"kind": "log", "channel": "fax"})"),
            "providers.log.channel: must be one of sms, email, wechat, webhook");
  EXPECT_EQ(error_of(R"({"kind": "pigeon"})"),
            "providers.pigeon.kind: unknown provider kind 'pigeon' (expected smtp, sms_http, "
            "sms_tencent, wechat_template, webhook or log)");
  EXPECT_EQ(error_of(R"({"url": "x"})"),
            "providers.?.kind: is required: smtp, sms_http, sms_tencent, wechat_template, "
            "webhook or log");
}

TEST(MakeProvider, NameAndExplicitPathPrefixErrors) {
  EXPECT_EQ(error_of(R"({"kind": "sms_http", "name": "aliyun", "url": "ftp://x"})"),
            "providers.aliyun.url: must start with http:// or https://");
  ProviderEnv env;
  env.config_path = "channels.sms[0]";
  auto p = make_provider(Json::parse(R"({"kind": "sms_http"})"), env);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().message(), "channels.sms[0].url: is required (a string)");
  EXPECT_EQ(p.status().location().field, "channels.sms[0].url");
}

TEST(MakeProvider, SecretsFromTheEnvironment) {
  ::setenv("GUANXI_TEST_SMS_TOKEN", "from-env", 1);
  EXPECT_TRUE(
      make_provider(
          Json::parse(
              R"({"kind": "sms_http", "url": "https://x", "token_env": "GUANXI_TEST_SMS_TOKEN"})"))
          .ok());
  EXPECT_EQ(
      error_of(R"({"kind": "sms_http", "url": "https://x", "token_env": "GUANXI_TEST_UNSET_VAR"})"),
      "providers.sms_http.token_env: environment variable GUANXI_TEST_UNSET_VAR is not set");
  EXPECT_EQ(error_of(R"({"kind": "sms_http", "url": "https://x", "token": "a",
                         "token_env": "GUANXI_TEST_SMS_TOKEN"})"),
            "providers.sms_http.token: give either token or token_env, not both");
}

TEST(MakeProvider, RejectsNonObjects) {
  EXPECT_FALSE(make_provider(Json::array()).ok());
  EXPECT_FALSE(make_provider(Json("smtp")).ok());
}

}  // namespace
}  // namespace guanxi::channel
