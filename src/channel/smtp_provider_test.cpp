// The smtp provider against a real SMTP server: aiosmtpd (python3-aiosmtpd),
// whose saved messages are decoded by Python's email package.
#include "channel/smtp_provider.hpp"

#include <gtest/gtest.h>

#include "channel/testing/smtp_sink.hpp"
#include "channel/testing/test_support.hpp"

namespace guanxi::channel {
namespace {

using testing::describe;
using testing::SmtpSink;
using Outcome = SendResult::Outcome;

std::string without_cr(std::string s) {
  std::erase(s, '\r');
  return s;
}

class SmtpProviderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto sink = SmtpSink::start();
    // Not a skip: without a real SMTP server this suite proves nothing.
    ASSERT_TRUE(sink.ok()) << "cannot start the aiosmtpd SMTP server (install python3-aiosmtpd: "
                              "scripts/install-deps.sh): "
                           << sink.status().to_string();
    sink_ = std::move(sink).value();
  }

  std::unique_ptr<Provider> make(Json extra = Json::object()) {
    Json config = {{"kind", "smtp"},
                   {"url", sink_->url()},
                   {"from", "service@shop.example"},
                   {"from_name", "小店客服"},
                   {"timeout_ms", 5000}};
    config.update(extra);
    return testing::must_make(config, &clock_);
  }

  static OutboundMessage message(std::string key, std::string to = "zhang.san@example.com") {
    OutboundMessage m;
    m.idempotency_key = std::move(key);
    m.channel = Channel::kEmail;
    m.to = std::move(to);
    m.subject = "张三，您的20元优惠券已到账 🎉";
    m.body = "张三您好：\n\n您的优惠券 GX-8888 已到账，有效期至 2025-02-01。\n退订请点击链接。\n";
    m.unsubscribe_url = "https://shop.example/unsubscribe?t=abc123";
    return m;
  }

  FakeClock clock_{from_millis(1739440800000)};  // 2025-02-13T10:00:00Z
  std::unique_ptr<SmtpSink> sink_;
};

TEST_F(SmtpProviderTest, DeliversAProperMimeMessage) {
  auto provider = make();
  const SendResult r = provider->send(message("msg-42"));
  ASSERT_EQ(r.outcome, Outcome::kAccepted) << describe(r);
  EXPECT_EQ(r.provider_message_id, "<msg-42@guanxi>");

  const auto got = sink_->messages();
  ASSERT_EQ(got.size(), 1u);
  const Json& mail = got[0];
  EXPECT_EQ(mail["mail_from"], "service@shop.example");
  EXPECT_EQ(mail["rcpt_tos"], Json::array({"zhang.san@example.com"}));
  EXPECT_EQ(mail["subject"], "张三，您的20元优惠券已到账 🎉");
  EXPECT_EQ(mail["from"], "小店客服 <service@shop.example>");
  EXPECT_EQ(mail["to"], "zhang.san@example.com");
  EXPECT_EQ(mail["message_id"], "<msg-42@guanxi>");
  EXPECT_EQ(mail["date"], "Thu, 13 Feb 2025 10:00:00 +0000");
  EXPECT_EQ(mail["content_type"], "text/plain");
  EXPECT_EQ(mail["charset"], "utf-8");
  EXPECT_EQ(mail["transfer_encoding"], "base64");
  EXPECT_EQ(mail["headers"]["list-unsubscribe"],
            Json::array({"<https://shop.example/unsubscribe?t=abc123>"}));
  EXPECT_EQ(mail["headers"]["list-unsubscribe-post"], Json::array({"List-Unsubscribe=One-Click"}));
  EXPECT_EQ(mail["headers"]["mime-version"], Json::array({"1.0"}));
  EXPECT_EQ(without_cr(mail["body"].get<std::string>()), message("").body);

  // The same instance (and connection) sends more; the next ones quoted-printable.
  auto qp = make({{"body_encoding", "quoted-printable"}});
  OutboundMessage m = message("msg-qp");
  m.body =
      std::string(120, '=') + "\n长长的一行中文" + std::string(50, 'x') + " \n.\n.leading dot\n";
  ASSERT_TRUE(qp->send(m).is_accepted());
  for (int i = 0; i < 3; ++i) {
    const SendResult again = provider->send(message("msg-" + std::to_string(i)));
    ASSERT_TRUE(again.is_accepted()) << describe(again);
  }
  const auto all = sink_->messages();
  ASSERT_EQ(all.size(), 5u);
  EXPECT_EQ(all[1]["transfer_encoding"], "quoted-printable");
  EXPECT_EQ(without_cr(all[1]["body"].get<std::string>()), m.body);
  EXPECT_EQ(all[4]["message_id"], "<msg-2@guanxi>");
}

TEST_F(SmtpProviderTest, RefusalsAreClassified) {
  auto provider = make();
  // Header injection is refused before connecting.
  OutboundMessage bad = message("k");
  bad.subject = "Hello\r\nBcc: victim@example.com";
  EXPECT_EQ(provider->send(bad).outcome, Outcome::kPermanent);
  bad = message("k", "a@example.com\r\nBcc: victim@example.com");
  EXPECT_EQ(provider->send(bad).outcome, Outcome::kPermanent);
  bad = message("k", "a@example.com>\r\nRCPT TO:<victim@example.com");
  EXPECT_EQ(provider->send(bad).outcome, Outcome::kPermanent);
  EXPECT_TRUE(sink_->messages().empty());

  SendResult r = provider->send(message("k1", "reject-me@example.com"));
  EXPECT_EQ(r.outcome, Outcome::kPermanent) << describe(r);
  EXPECT_NE(r.error.find("550"), std::string::npos) << r.error;
  r = provider->send(message("k2", "tempfail@example.com"));
  EXPECT_EQ(r.outcome, Outcome::kRetry) << describe(r);
  EXPECT_NE(r.error.find("451"), std::string::npos) << r.error;
  // The provider still works after refusals.
  EXPECT_TRUE(provider->send(message("k3")).is_accepted());
  EXPECT_EQ(sink_->messages().size(), 1u);
}

TEST(SmtpProvider, ConnectionRefusedIsRetry) {
  FakeClock clock(testing::test_epoch());
  auto provider =
      testing::must_make({{"kind", "smtp"},
                          {"url", "smtp://127.0.0.1:" + std::to_string(testing::closed_port())},
                          {"from", "service@shop.example"}},
                         &clock);
  OutboundMessage m;
  m.idempotency_key = "k";
  m.channel = Channel::kEmail;
  m.to = "a@example.com";
  const SendResult r = provider->send(m);
  EXPECT_EQ(r.outcome, Outcome::kRetry) << describe(r);
}

TEST(SmtpProviderAuth, AuthenticatesRejectsBadCredentialsAndNeverSendsPasswordsInClear) {
  auto sink = SmtpSink::start({.user = "guanxi", .password = "s3cret"});
  ASSERT_TRUE(sink.ok()) << "cannot start the aiosmtpd SMTP server: " << sink.status().to_string();
  FakeClock clock(testing::test_epoch());
  const auto make = [&](const std::string& password) {
    return testing::must_make({{"kind", "smtp"},
                               {"url", (*sink)->url()},
                               {"from", "service@shop.example"},
                               {"username", "guanxi"},
                               {"password", password},
                               {"starttls", "off"}},
                              &clock);
  };
  OutboundMessage m;
  m.idempotency_key = "auth-1";
  m.channel = Channel::kEmail;
  m.to = "a@example.com";
  m.subject = "hi";
  m.body = "hello";
  SendResult r = make("s3cret")->send(m);
  ASSERT_EQ(r.outcome, Outcome::kAccepted) << describe(r);
  const auto got = (*sink)->messages();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0]["login"], "guanxi");

  r = make("wrong")->send(m);
  EXPECT_EQ(r.outcome, Outcome::kPermanent) << describe(r);

  // Without "starttls": "off", credentials require STARTTLS, which this server
  // does not offer: the password is never sent in clear.
  auto default_tls = testing::must_make({{"kind", "smtp"},
                                         {"url", (*sink)->url()},
                                         {"from", "service@shop.example"},
                                         {"username", "guanxi"},
                                         {"password", "s3cret"}});
  r = default_tls->send(m);
  EXPECT_EQ(r.outcome, Outcome::kPermanent) << describe(r);
  EXPECT_EQ((*sink)->messages().size(), 1u);
}

}  // namespace
}  // namespace guanxi::channel
