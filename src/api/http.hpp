// The HTTP vocabulary handlers see: a parsed request and the response they
// produce. Deliberately free of Beast/Asio types so that only the server's
// transport translation unit pays for those headers.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
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
  std::string_view target;           // "/api/v1/customers?limit=5" (raw, percent-encoded)
  std::string_view content_type;     // the Content-Type header, "" when absent
  std::string_view authorization;    // the Authorization header, "" when absent
  std::string_view cookie;           // the Cookie header, "" when absent
  std::string_view csrf_token;       // the X-CSRF-Token header, "" when absent
  std::string_view user_agent;       // the User-Agent header, "" when absent
  std::string_view accept_encoding;  // the Accept-Encoding header, "" when absent
  std::string remote_ip;             // the client (the peer; see client_address.hpp)
  std::string_view body;

  // The target up to '?' and after it ("" when there is no query).
  std::string_view path() const;
  std::string_view query() const;
};

// A response body produced over time (server-sent events). The transport
// calls next() on the connection's io thread to collect what is ready, and
// waits for wake() (which the source may call from any thread) before asking
// again; while nothing comes it sends an SSE comment every keep-alive period.
class ResponseStream {
 public:
  virtual ~ResponseStream() = default;
  // Appends the bytes ready to be sent to `out`; false once the stream has ended.
  virtual bool next(std::string& out) = 0;
  // Registers the function that tells the transport more may be ready
  // (empty: forget the previous one; the transport clears it before it ends).
  virtual void set_waker(std::function<void()> wake) = 0;
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
  // Set for a streamed response: the transport sends the status and headers
  // without a length, then the stream's bytes until it ends, the client goes
  // away or the server stops; the connection is not reused. `body` is ignored.
  std::shared_ptr<ResponseStream> stream;
};

// ASCII case-insensitive equality, as header names and auth schemes compare.
inline bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) {
      return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// `s` without leading and trailing spaces and tabs (HTTP's optional whitespace).
inline std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace guanxi::api
