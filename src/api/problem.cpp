#include "api/problem.hpp"

#include <spdlog/spdlog.h>

namespace guanxi::api {

namespace {

struct ProblemKind {
  int http_status;
  const char* title;
};

ProblemKind kind_of(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return {400, "Invalid argument"};
    case ErrorCode::kUnauthenticated:
      return {401, "Unauthenticated"};
    case ErrorCode::kPermissionDenied:
      return {403, "Permission denied"};
    case ErrorCode::kNotFound:
      return {404, "Not found"};
    case ErrorCode::kAlreadyExists:
      return {409, "Already exists"};
    case ErrorCode::kConflict:
      return {409, "Conflict"};
    case ErrorCode::kPayloadTooLarge:
      return {413, "Payload too large"};
    case ErrorCode::kUnprocessable:
      return {422, "Unprocessable content"};
    case ErrorCode::kUnavailable:
      return {503, "Service unavailable"};
    case ErrorCode::kOk:
    case ErrorCode::kIoError:
    case ErrorCode::kCorruption:
    case ErrorCode::kInternal:
      break;
  }
  return {500, "Internal error"};
}

Json problem_document(std::string_view slug, const char* title, int http_status,
                      std::string detail) {
  Json doc = Json::object();
  doc["type"] = "urn:guanxi:problem:" + std::string(slug);
  doc["title"] = title;
  doc["status"] = http_status;
  doc["detail"] = std::move(detail);
  doc["code"] = slug;
  return doc;
}

Response problem_with(int http_status, const Json& doc) {
  Response r;
  r.status = http_status;
  r.content_type = "application/problem+json";
  r.body = dump_json(doc);
  return r;
}

}  // namespace

int http_status_for(ErrorCode code) {
  return kind_of(code).http_status;
}

Json problem_json(const Status& status) {
  const ProblemKind kind = kind_of(status.code());
  const bool hide = kind.http_status == 500;
  if (hide) spdlog::error("internal error served as 500: {}", status.to_string());
  Json doc = problem_document(
      error_code_name(status.code()), kind.title, kind.http_status,
      hide ? "an internal error occurred; the server log has the details" : status.message());
  if (hide) return doc;
  const Location& loc = status.location();
  if (!loc.field.empty()) {
    const std::string& f = loc.field;
    if (f.front() == '?') {
      doc["parameter"] = f.substr(1);
    } else if (f.front() == '{' && f.back() == '}' && f.size() >= 2) {
      doc["parameter"] = f.substr(1, f.size() - 2);
    } else {
      doc["field"] = f.front() == '/' ? f : "/" + f;
    }
  }
  if (loc.line > 0) doc["line"] = loc.line;
  if (loc.column > 0) doc["column"] = loc.column;
  return doc;
}

Response problem_response(const Status& status) {
  Response r = problem_with(http_status_for(status.code()), problem_json(status));
  if (r.status == 401) r.headers.emplace_back("WWW-Authenticate", "Bearer");
  if (r.status == 503) r.headers.emplace_back("Retry-After", "1");
  return r;
}

std::string dump_json(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Response json_response(int http_status, const Json& body) {
  Response r;
  r.status = http_status;
  r.body = dump_json(body);
  return r;
}

Response method_not_allowed(std::string_view allow) {
  Response r = problem_with(405, problem_document("method_not_allowed", "Method not allowed", 405,
                                                  "this resource supports " + std::string(allow)));
  r.headers.emplace_back("Allow", std::string(allow));
  return r;
}

Response unsupported_media_type(std::string_view content_type) {
  std::string detail = content_type.empty()
                           ? std::string("a request body needs Content-Type: application/json")
                           : "Content-Type '" + std::string(content_type) +
                                 "' is not supported; send application/json";
  return problem_with(415, problem_document("unsupported_media_type", "Unsupported media type", 415,
                                            std::move(detail)));
}

}  // namespace guanxi::api
