#include "channel/tc3_signer.hpp"

#include <date/date.h>

#include <algorithm>
#include <cctype>
#include <chrono>

#include "channel/crypto.hpp"

namespace guanxi::channel {

namespace {

constexpr const char* kAlgorithm = "TC3-HMAC-SHA256";
constexpr const char* kSignedHeaders = "content-type;host;x-tc-action";

std::string lowercase(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

Tc3Signature tc3_sign(const Tc3Request& r) {
  Tc3Signature s;
  const date::sys_days day =
      std::chrono::floor<date::days>(date::sys_seconds(std::chrono::seconds(r.timestamp)));
  const std::string date = date::format("%Y-%m-%d", day);

  s.canonical_request = "POST\n/\n\n";
  s.canonical_request += "content-type:" + r.content_type + "\n";
  s.canonical_request += "host:" + r.host + "\n";
  s.canonical_request += "x-tc-action:" + lowercase(r.action) + "\n\n";
  s.canonical_request += std::string(kSignedHeaders) + "\n";
  s.canonical_request += hex_encode(sha256(r.payload));

  s.credential_scope = date + "/" + r.service + "/tc3_request";
  s.string_to_sign = std::string(kAlgorithm) + "\n" + std::to_string(r.timestamp) + "\n" +
                     s.credential_scope + "\n" + hex_encode(sha256(s.canonical_request));

  const std::string secret_date = hmac_sha256("TC3" + r.secret_key, date);
  const std::string secret_service = hmac_sha256(secret_date, r.service);
  const std::string secret_signing = hmac_sha256(secret_service, "tc3_request");
  s.signature = hex_encode(hmac_sha256(secret_signing, s.string_to_sign));

  s.authorization = std::string(kAlgorithm) + " Credential=" + r.secret_id + "/" +
                    s.credential_scope + ", SignedHeaders=" + kSignedHeaders +
                    ", Signature=" + s.signature;
  return s;
}

}  // namespace guanxi::channel
