// The HTTP vocabulary handlers see: a parsed request and the response they
// produce. Deliberately free of Beast/Asio types so that only the server's
// transport translation unit pays for those headers.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace guanxi::api {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

// "GET", "POST", ...; "OTHER" for kOther.
std::string_view method_name(Method m);
// Case-sensitive, as HTTP methods are; unknown names are kOther.
Method parse_method(std::string_view name);

// One request as read from the wire. The views point into buffers the
// transport owns for the duration of the request.
struct Request {
  Method method = Method::kGet;
  std::string_view target;         // "/api/v1/customers?limit=5" (raw, percent-encoded)
  std::string_view content_type;   // the Content-Type header, "" when absent
  std::string_view authorization;  // the Authorization header, "" when absent
  std::string_view body;

  // The target up to '?' and after it ("" when there is no query).
  std::string_view path() const;
  std::string_view query() const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  // Extra headers (Location, Allow, WWW-Authenticate, Retry-After).
  std::vector<std::pair<std::string, std::string>> headers;
  // Ask the transport to close the connection after sending (e.g. after a body
  // was left unread).
  bool close = false;
};

}  // namespace guanxi::api
