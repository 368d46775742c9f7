#include "channel/http_outcome.hpp"

#include <date/date.h>

#include <charconv>
#include <sstream>

namespace guanxi::channel {

namespace {

constexpr std::chrono::milliseconds kMaxRetryAfter = std::chrono::hours(24);

}  // namespace

std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value, Timestamp now) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (value.find_first_not_of("0123456789") == std::string_view::npos) {
    if (value.size() > 9) return kMaxRetryAfter;
    int64_t seconds = 0;
    std::from_chars(value.data(), value.data() + value.size(), seconds);
    return std::min<std::chrono::milliseconds>(std::chrono::seconds(seconds), kMaxRetryAfter);
  }
  std::istringstream in{std::string(value)};
  date::sys_seconds when;
  in >> date::parse("%a, %d %b %Y %H:%M:%S GMT", when);
  if (in.fail()) return std::nullopt;
  const auto delta = std::chrono::duration_cast<std::chrono::milliseconds>(when - now);
  if (delta.count() < 0) return std::chrono::milliseconds(0);
  return std::min(delta, kMaxRetryAfter);
}

bool is_retryable_http_status(int status) {
  return status == 408 || status == 425 || status == 429 || (status >= 500 && status <= 599);
}

std::string snippet(std::string_view text, size_t max) {
  if (text.size() <= max) return std::string(text);
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "…";
}

SendResult classify_http_failure(const HttpResponse& response, Timestamp now) {
  std::string error = "HTTP " + std::to_string(response.status);
  if (!response.body.empty()) error += ": " + snippet(response.body);
  if (is_retryable_http_status(response.status)) {
    return SendResult::retry(std::move(error),
                             parse_retry_after(response.header("retry-after"), now));
  }
  return SendResult::permanent(std::move(error));
}

SendResult classify_transport_failure(const Status& status) {
  return SendResult::retry("no answer: " + status.message());
}

}  // namespace guanxi::channel
