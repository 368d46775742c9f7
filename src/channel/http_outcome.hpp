// The shared classification of HTTP exchanges into SendResult outcomes, and
// Retry-After parsing. Provider-specific business codes are classified by each
// provider on top of this.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "channel/channel.hpp"
#include "channel/http_transport.hpp"
#include "core/status.hpp"
#include "core/time.hpp"

namespace guanxi::channel {

// A Retry-After value (RFC 9110 §10.2.3): delta-seconds ("120") or an
// HTTP-date ("Wed, 21 Oct 2015 07:28:00 GMT", taken relative to now; a past
// date is zero). Capped at 24 hours. Nullopt when empty or malformed.
std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value, Timestamp now);

// True for the statuses worth retrying: 408, 425, 429 and every 5xx.
bool is_retryable_http_status(int status);

// The outcome of a non-2xx answer: kRetry (with Retry-After) for the statuses
// above, kPermanent for the rest. The error names the status and the start of
// the body.
SendResult classify_http_failure(const HttpResponse& response, Timestamp now);

// The outcome of a request that got no answer (HttpTransport failure): kRetry.
SendResult classify_transport_failure(const Status& status);

// At most `max` bytes of text, cut at a UTF-8 boundary, for error messages.
std::string snippet(std::string_view text, size_t max = 200);

}  // namespace guanxi::channel
