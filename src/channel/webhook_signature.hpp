// Webhook signatures: how Guanxi signs what it POSTs, and how a receiver checks it.
//
//   X-Guanxi-Timestamp: 1735689600                      (Unix seconds when sent)
//   X-Guanxi-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>
//   Idempotency-Key:    <stable per message>
//
// A receiver recomputes the HMAC over the raw body bytes exactly as received,
// compares in constant time, rejects timestamps more than 5 minutes from its
// clock (replays), and deduplicates on Idempotency-Key (retries resend the
// same key with a new timestamp and signature).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.hpp"
#include "core/time.hpp"

namespace guanxi::channel {

// "sha256=<64 hex digits>".
std::string webhook_signature(std::string_view secret, int64_t timestamp, std::string_view body);

// OK when `signature_header` is webhook_signature(secret, timestamp, body) and
// the timestamp header is an integer within `tolerance` of now;
// unauthenticated otherwise, saying which check failed.
Status verify_webhook_signature(std::string_view secret, std::string_view timestamp_header,
                                std::string_view body, std::string_view signature_header,
                                Timestamp now,
                                std::chrono::seconds tolerance = std::chrono::minutes(5));

}  // namespace guanxi::channel
