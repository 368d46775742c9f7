#include "channel/http_outcome.hpp"

#include <gtest/gtest.h>

namespace guanxi::channel {
namespace {

// 2015-10-21T07:28:00Z.
const Timestamp kNow = from_millis(1445412480000);

TEST(RetryAfter, Seconds) {
  EXPECT_EQ(parse_retry_after("120", kNow), std::chrono::seconds(120));
  EXPECT_EQ(parse_retry_after(" 0 ", kNow), std::chrono::seconds(0));
  EXPECT_EQ(parse_retry_after("99999999999", kNow), std::chrono::hours(24));
}

TEST(RetryAfter, HttpDate) {
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", kNow), std::chrono::seconds(30));
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", kNow), std::chrono::seconds(0));
}

TEST(RetryAfter, Malformed) {
  EXPECT_EQ(parse_retry_after("", kNow), std::nullopt);
  EXPECT_EQ(parse_retry_after("soon", kNow), std::nullopt);
  EXPECT_EQ(parse_retry_after("-5", kNow), std::nullopt);
  EXPECT_EQ(parse_retry_after("Wed, 21 Okt 2015 07:28:30 GMT", kNow), std::nullopt);  // month
  EXPECT_EQ(parse_retry_after("Wed, 30 Feb 2015 07:28:30 GMT", kNow), std::nullopt);  // no such day
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 24:28:30 GMT", kNow), std::nullopt);  // hour
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:28:30 UTC", kNow), std::nullopt);  // zone
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:28 GMT", kNow), std::nullopt);     // short
  EXPECT_EQ(parse_retry_after("Xyz, 21 Oct 2015 07:28:30 GMT", kNow), std::nullopt);  // weekday
  EXPECT_EQ(parse_retry_after("Wed, 2x Oct 2015 07:28:30 GMT", kNow), std::nullopt);  // digits
}

TEST(RetryAfter, HttpDateInTheFutureIsCappedAtADay) {
  EXPECT_EQ(parse_retry_after("Thu, 22 Oct 2015 07:28:01 GMT", kNow), std::chrono::hours(24));
  EXPECT_EQ(parse_retry_after("Thu, 22 Oct 2015 07:27:00 GMT", kNow),
            std::chrono::hours(24) - std::chrono::minutes(1));
}

TEST(HttpOutcome, Classification) {
  HttpResponse r;
  for (int status : {408, 425, 429, 500, 502, 503, 504}) {
    r.status = status;
    EXPECT_EQ(classify_http_failure(r, kNow).outcome, SendResult::Outcome::kRetry) << status;
  }
  for (int status : {301, 400, 401, 403, 404, 409, 413, 422}) {
    r.status = status;
    EXPECT_EQ(classify_http_failure(r, kNow).outcome, SendResult::Outcome::kPermanent) << status;
  }
  r.status = 429;
  r.headers = {{"retry-after", "7"}};
  r.body = "slow down";
  const auto result = classify_http_failure(r, kNow);
  EXPECT_EQ(result.retry_after, std::chrono::seconds(7));
  EXPECT_EQ(result.error, "HTTP 429: slow down");
  EXPECT_EQ(classify_transport_failure(Status(ErrorCode::kUnavailable, "refused")).outcome,
            SendResult::Outcome::kRetry);
}

TEST(HttpOutcome, SnippetCutsAtCharacterBoundary) {
  EXPECT_EQ(snippet("你好世界", 4), "你…");
  EXPECT_EQ(snippet("short", 200), "short");
}

}  // namespace
}  // namespace guanxi::channel
