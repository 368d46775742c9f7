#include "channel/webhook_signature.hpp"

#include <gtest/gtest.h>

namespace guanxi::channel {
namespace {

constexpr const char* kBody = R"({"event":"order_paid","order_id":42})";
const Timestamp kVerifyNow = from_millis(1735689600000);  // 2025-01-01T00:00:00Z

// printf '%s' '1735689600.{"event":"order_paid","order_id":42}' |
//   openssl dgst -sha256 -hmac whsec_test -hex
constexpr const char* kExpected =
    "sha256=d1be6ab077722631afdb87eada4260e7fca666718fbeb05a273772edbefb1453";

TEST(WebhookSignature, MatchesOpenSsl) {
  EXPECT_EQ(webhook_signature("whsec_test", 1735689600, kBody), kExpected);
}

TEST(WebhookSignature, VerifyAcceptsAValidSignatureWithinTolerance) {
  EXPECT_TRUE(
      verify_webhook_signature("whsec_test", "1735689600", kBody, kExpected, kVerifyNow).is_ok());
  EXPECT_TRUE(verify_webhook_signature("whsec_test", "1735689600", kBody, kExpected,
                                       kVerifyNow + std::chrono::minutes(5))
                  .is_ok());
}

TEST(WebhookSignature, VerifyRejects) {
  const auto check = [](std::string_view secret, std::string_view ts, std::string_view body,
                        std::string_view sig, Timestamp now) {
    const Status s = verify_webhook_signature(secret, ts, body, sig, now);
    EXPECT_EQ(s.code(), ErrorCode::kUnauthenticated);
    return s.message();
  };
  EXPECT_NE(check("other", "1735689600", kBody, kExpected, kVerifyNow).find("does not match"),
            std::string::npos);
  EXPECT_NE(check("whsec_test", "1735689600", std::string(kBody) + " ", kExpected, kVerifyNow)
                .find("does not match"),
            std::string::npos);
  EXPECT_NE(
      check("whsec_test", "1735689600", kBody, kExpected, kVerifyNow + std::chrono::minutes(6))
          .find("too far"),
      std::string::npos);
  EXPECT_NE(check("whsec_test", "17356x", kBody, kExpected, kVerifyNow).find("not a Unix time"),
            std::string::npos);
  check("whsec_test", "1735689600", kBody, "sha256=00", kVerifyNow);
}

}  // namespace
}  // namespace guanxi::channel
