#include "channel/tc3_signer.hpp"

#include <gtest/gtest.h>

namespace guanxi::channel {
namespace {

// A worked example computed independently of this code, with the OpenSSL
// command line following Tencent's documented steps:
//
//   HP=$(printf '%s' "$PAYLOAD" | openssl dgst -sha256 -hex)
//   CR=$(printf 'POST\n/\n\ncontent-type:application/json;
//   charset=utf-8\nhost:sms.tencentcloudapi.com\nx-tc-action:sendsms\n\ncontent-type;host;x-tc-action\n%s'
//   "$HP") HCR=$(printf '%s' "$CR" | openssl dgst -sha256 -hex) STS=$(printf
//   'TC3-HMAC-SHA256\n1551113065\n2019-02-25/sms/tc3_request\n%s' "$HCR") K1=$(printf 2019-02-25 |
//   openssl dgst -sha256 -hmac "TC3$SECRET_KEY" -hex) K2=$(printf sms | openssl dgst -sha256 -mac
//   HMAC -macopt hexkey:$K1 -hex) K3=$(printf tc3_request | openssl dgst -sha256 -mac HMAC -macopt
//   hexkey:$K2 -hex) printf '%s' "$STS" | openssl dgst -sha256 -mac HMAC -macopt hexkey:$K3 -hex
constexpr const char* kPayload =
    R"({"PhoneNumberSet":["+8613800138000"],"SmsSdkAppId":"1400006666","SignName":"关系科技",)"
    R"("TemplateId":"1234","TemplateParamSet":["张三","8888"],"SessionContext":"msg-42"})";
constexpr const char* kHashedPayload =
    "e12f5d8f1db39514220c84aa68852f3ff72d5834cfb29fbfaee7b07eb91444a7";
constexpr const char* kHashedCanonicalRequest =
    "870927e20f7afa02bcb2c29341758d0f83badbcdc4d5cf67325f07bc2c56b17a";
constexpr const char* kSignature =
    "67d8f30c79aa0e19bc5dc2f5c8b696ed5bf918febb752778c97e3b1f6d26e861";

Tc3Request example() {
  Tc3Request r;
  r.secret_id = "AKIDEXAMPLE0000000000000000000000000";
  r.secret_key = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";
  r.service = "sms";
  r.host = "sms.tencentcloudapi.com";
  r.action = "SendSms";
  r.payload = kPayload;
  r.timestamp = 1551113065;  // 2019-02-25T16:44:25Z
  return r;
}

TEST(Tc3Signer, CanonicalRequestFollowsTheDocumentedLayout) {
  const Tc3Signature s = tc3_sign(example());
  EXPECT_EQ(s.canonical_request, std::string("POST\n/\n\n"
                                             "content-type:application/json; charset=utf-8\n"
                                             "host:sms.tencentcloudapi.com\n"
                                             "x-tc-action:sendsms\n"
                                             "\n"
                                             "content-type;host;x-tc-action\n") +
                                     kHashedPayload);
  EXPECT_EQ(s.credential_scope, "2019-02-25/sms/tc3_request");
  EXPECT_EQ(s.string_to_sign, std::string("TC3-HMAC-SHA256\n1551113065\n"
                                          "2019-02-25/sms/tc3_request\n") +
                                  kHashedCanonicalRequest);
}

TEST(Tc3Signer, SignatureMatchesOpenSslWorkedExample) {
  const Tc3Signature s = tc3_sign(example());
  EXPECT_EQ(s.signature, kSignature);
  EXPECT_EQ(s.authorization,
            std::string("TC3-HMAC-SHA256 Credential=AKIDEXAMPLE0000000000000000000000000/"
                        "2019-02-25/sms/tc3_request, SignedHeaders=content-type;host;x-tc-action, "
                        "Signature=") +
                kSignature);
}

TEST(Tc3Signer, DateIsTheUtcDayOfTheTimestamp) {
  Tc3Request r = example();
  r.timestamp = 1551139199;  // 2019-02-25T23:59:59Z (already the 26th in Beijing)
  EXPECT_EQ(tc3_sign(r).credential_scope, "2019-02-25/sms/tc3_request");
  r.timestamp = 1551139200;
  EXPECT_EQ(tc3_sign(r).credential_scope, "2019-02-26/sms/tc3_request");
}

TEST(Tc3Signer, AnyChangeChangesTheSignature) {
  const std::string base = tc3_sign(example()).signature;
  Tc3Request r = example();
  r.payload += " ";
  EXPECT_NE(tc3_sign(r).signature, base);
  r = example();
  r.host = "127.0.0.1:8080";
  EXPECT_NE(tc3_sign(r).signature, base);
  r = example();
  r.secret_key += "x";
  EXPECT_NE(tc3_sign(r).signature, base);
}

}  // namespace
}  // namespace guanxi::channel
