#include "api/problem.hpp"

#include <gtest/gtest.h>

namespace guanxi::api {
namespace {

TEST(ProblemTest, MapsEveryErrorCodeToOneHttpStatus) {
  EXPECT_EQ(http_status_for(ErrorCode::kInvalidArgument), 400);
  EXPECT_EQ(http_status_for(ErrorCode::kUnauthenticated), 401);
  EXPECT_EQ(http_status_for(ErrorCode::kPermissionDenied), 403);
  EXPECT_EQ(http_status_for(ErrorCode::kNotFound), 404);
  EXPECT_EQ(http_status_for(ErrorCode::kConflict), 409);
  EXPECT_EQ(http_status_for(ErrorCode::kAlreadyExists), 409);
  EXPECT_EQ(http_status_for(ErrorCode::kPayloadTooLarge), 413);
  EXPECT_EQ(http_status_for(ErrorCode::kUnprocessable), 422);
  EXPECT_EQ(http_status_for(ErrorCode::kUnavailable), 503);
  EXPECT_EQ(http_status_for(ErrorCode::kInternal), 500);
  EXPECT_EQ(http_status_for(ErrorCode::kIoError), 500);
  EXPECT_EQ(http_status_for(ErrorCode::kCorruption), 500);
}

TEST(ProblemTest, DocumentCarriesTheLocation) {
  Location loc;
  loc.field = "/items/0/quantity";
  const Json doc = problem_json(Status::invalid("'quantity' must be an integer", loc));
  EXPECT_EQ(doc["type"], "urn:guanxi:problem:invalid_argument");
  EXPECT_EQ(doc["title"], "Invalid argument");
  EXPECT_EQ(doc["status"], 400);
  EXPECT_EQ(doc["detail"], "'quantity' must be an integer");
  EXPECT_EQ(doc["field"], "/items/0/quantity");
  EXPECT_FALSE(doc.contains("line"));

  Location pos;
  pos.column = 17;
  EXPECT_EQ(problem_json(Status::invalid("syntax", pos))["column"], 17);
}

TEST(ProblemTest, BareFieldsBecomePointersAndParametersAreNamed) {
  Location bare;
  bare.field = "paid_amount";
  EXPECT_EQ(problem_json(Status::invalid("x", bare))["field"], "/paid_amount");
  Location query;
  query.field = "?limit";
  const Json q = problem_json(Status::invalid("x", query));
  EXPECT_EQ(q["parameter"], "limit");
  EXPECT_FALSE(q.contains("field"));
  Location path;
  path.field = "{id}";
  EXPECT_EQ(problem_json(Status::invalid("x", path))["parameter"], "id");
}

TEST(ProblemTest, InternalErrorsHideTheirMessage) {
  const Json doc = problem_json(Status::internal("sqlite said: disk I/O error at /secret/path"));
  EXPECT_EQ(doc["status"], 500);
  EXPECT_EQ(doc["detail"].get<std::string>().find("secret"), std::string::npos);
}

TEST(ProblemTest, ResponsesCarryTheirHeaders) {
  const Response unauth = problem_response(Status(ErrorCode::kUnauthenticated, "no key"));
  EXPECT_EQ(unauth.status, 401);
  EXPECT_EQ(unauth.content_type, "application/problem+json");
  ASSERT_EQ(unauth.headers.size(), 1U);
  EXPECT_EQ(unauth.headers[0].first, "WWW-Authenticate");
  const Response busy = problem_response(Status(ErrorCode::kUnavailable, "busy"));
  EXPECT_EQ(busy.headers[0].first, "Retry-After");
  const Response not_allowed = method_not_allowed("GET, POST");
  EXPECT_EQ(not_allowed.status, 405);
  EXPECT_EQ(not_allowed.headers[0].second, "GET, POST");
  EXPECT_EQ(unsupported_media_type("text/plain").status, 415);
}

TEST(ProblemTest, InvalidUtf8InAMessageStillSerializes) {
  const Response r = problem_response(Status::invalid("bad byte \xff here"));
  EXPECT_FALSE(Json::parse(r.body, nullptr, false).is_discarded());
}

}  // namespace
}  // namespace guanxi::api
