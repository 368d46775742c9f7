// TC3-HMAC-SHA256: the request signature of Tencent Cloud API 3.0, for a POST
// with a JSON body (the only form the sms_tencent provider sends).
//
//   CanonicalRequest = "POST\n/\n\n"
//                      "content-type:" ContentType "\nhost:" Host "\nx-tc-action:" lower(Action)
//                      "\n\n" "content-type;host;x-tc-action\n" hex(SHA256(payload))
//   CredentialScope  = Date "/" Service "/tc3_request"        (Date: UTC "YYYY-MM-DD" of Timestamp)
//   StringToSign     = "TC3-HMAC-SHA256\n" Timestamp "\n" CredentialScope "\n"
//   hex(SHA256(CanonicalRequest)) SecretSigning    = HMAC(HMAC(HMAC("TC3" SecretKey, Date),
//   Service), "tc3_request") Signature        = hex(HMAC(SecretSigning, StringToSign))
//   Authorization    = "TC3-HMAC-SHA256 Credential=" SecretId "/" CredentialScope
//                      ", SignedHeaders=content-type;host;x-tc-action, Signature=" Signature
#pragma once

#include <cstdint>
#include <string>

namespace guanxi::channel {

struct Tc3Request {
  std::string secret_id;
  std::string secret_key;
  std::string service;  // "sms"
  std::string host;     // the Host header sent, e.g. "sms.tencentcloudapi.com"
  std::string action;   // "SendSms"
  std::string content_type = "application/json; charset=utf-8";
  std::string payload;    // the exact body bytes
  int64_t timestamp = 0;  // Unix seconds, also sent as X-TC-Timestamp
};

struct Tc3Signature {
  std::string canonical_request;
  std::string credential_scope;
  std::string string_to_sign;
  std::string signature;      // lowercase hex
  std::string authorization;  // the Authorization header value
};

Tc3Signature tc3_sign(const Tc3Request& request);

}  // namespace guanxi::channel
