#include "channel/http_outcome.hpp"

#include <date/date.h>

#include <algorithm>
#include <charconv>
#include <iterator>

namespace guanxi::channel {

namespace {

constexpr std::chrono::milliseconds kMaxRetryAfter = std::chrono::hours(24);

std::optional<int> digits(std::string_view text, size_t pos, size_t count) {
  if (pos + count > text.size()) return std::nullopt;
  int out = 0;
  const char* first = text.data() + pos;
  const auto [end, ec] = std::from_chars(first, first + count, out);
  if (ec != std::errc() || end != first + count) return std::nullopt;
  return out;
}

// The HTTP date of RFC 9110 §5.6.7 (IMF-fixdate): "Sun, 06 Nov 1994 08:49:37 GMT".
// (Parsed by hand: date::parse of this format trips GCC 12's -Wmaybe-uninitialized at -O3.)
std::optional<date::sys_seconds> parse_imf_fixdate(std::string_view text) {
  static constexpr std::string_view kWeekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (text.size() != 29 || text.substr(3, 2) != ", " || text[7] != ' ' || text[11] != ' ' ||
      text[16] != ' ' || text[19] != ':' || text[22] != ':' || text.substr(25) != " GMT") {
    return std::nullopt;
  }
  const auto weekday = std::find(std::begin(kWeekdays), std::end(kWeekdays), text.substr(0, 3));
  const auto month = std::find(std::begin(kMonths), std::end(kMonths), text.substr(8, 3));
  const std::optional<int> day = digits(text, 5, 2);
  const std::optional<int> year = digits(text, 12, 4);
  const std::optional<int> hour = digits(text, 17, 2);
  const std::optional<int> minute = digits(text, 20, 2);
  const std::optional<int> second = digits(text, 23, 2);
  if (weekday == std::end(kWeekdays) || month == std::end(kMonths) || !day || !year || !hour ||
      !minute || !second || *hour > 23 || *minute > 59 || *second > 60) {
    return std::nullopt;
  }
  const date::year_month_day ymd{
      date::year{*year}, date::month{static_cast<unsigned>(month - std::begin(kMonths) + 1)},
      date::day{static_cast<unsigned>(*day)}};
  if (!ymd.ok()) return std::nullopt;
  return date::sys_days{ymd} + std::chrono::hours{*hour} + std::chrono::minutes{*minute} +
         std::chrono::seconds{*second};
}

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
  const std::optional<date::sys_seconds> when = parse_imf_fixdate(value);
  if (!when) return std::nullopt;
  const auto delta = std::chrono::duration_cast<std::chrono::milliseconds>(*when - now);
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
