#include "channel/webhook_signature.hpp"

#include <charconv>

#include "channel/crypto.hpp"

namespace guanxi::channel {

std::string webhook_signature(std::string_view secret, int64_t timestamp, std::string_view body) {
  std::string signed_text = std::to_string(timestamp);
  signed_text += '.';
  signed_text += body;
  return "sha256=" + hex_encode(hmac_sha256(secret, signed_text));
}

Status verify_webhook_signature(std::string_view secret, std::string_view timestamp_header,
                                std::string_view body, std::string_view signature_header,
                                Timestamp now, std::chrono::seconds tolerance) {
  int64_t timestamp = 0;
  const auto [end, ec] = std::from_chars(
      timestamp_header.data(), timestamp_header.data() + timestamp_header.size(), timestamp);
  if (timestamp_header.empty() || ec != std::errc() ||
      end != timestamp_header.data() + timestamp_header.size()) {
    return Status(ErrorCode::kUnauthenticated, "X-Guanxi-Timestamp is not a Unix time");
  }
  const int64_t now_s =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  const int64_t skew = now_s > timestamp ? now_s - timestamp : timestamp - now_s;
  if (skew > tolerance.count()) {
    return Status(ErrorCode::kUnauthenticated, "X-Guanxi-Timestamp is too far from now");
  }
  if (!constant_time_equal(webhook_signature(secret, timestamp, body), signature_header)) {
    return Status(ErrorCode::kUnauthenticated, "X-Guanxi-Signature does not match");
  }
  return Status::ok();
}

}  // namespace guanxi::channel
