// From a complete HTTP request to its response, independent of the transport:
// route matching (404 / 405), authentication and the route's permission
// (401 / 403; cookie-authenticated POST/PUT/PATCH/DELETE need the session's
// X-CSRF-Token, else 403), the content type and JSON syntax of the body (415 / 400), the
// handler, metrics. The transport (server.cpp) owns sockets and parsing of
// HTTP itself and calls dispatch() once per request.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstddef>
#include <string_view>

#include "api/http.hpp"
#include "api/request_context.hpp"

namespace guanxi::api {

// Sent with every response: scripts, styles, images, fonts and connections
// only from the server itself (Element Plus sets inline styles; there is no
// inline script anywhere), no framing, no plugins.
inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' "
    "data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'";

struct BodyLimits {
  size_t standard = size_t{1} << 20;  // routes with BodyKind::kJson
  size_t batch = size_t{16} << 20;    // routes with BodyKind::kJsonBatch
};

class Dispatcher {
 public:
  // Borrows everything; they must outlive the Dispatcher.
  Dispatcher(Services& services, BodyLimits limits) : services_(services), limits_(limits) {}

  // The largest body the request may carry, decided from its request line
  // before the body is read (unknown routes get the standard limit, their
  // body is never read anyway).
  size_t body_limit(Method method, std::string_view target) const;

  // Produces the response to one request. Never throws: an exception escaping
  // a handler (or anything else) is logged and answered with a 500 problem.
  boost::asio::awaitable<Response> dispatch(const Request& request, ReaderConnection& reader) const;

  // The response for a request the transport refused before dispatch (body
  // over the limit, malformed HTTP, timeout), counted in the metrics.
  Response reject(Method method, std::string_view target, const Status& status) const;

 private:
  boost::asio::awaitable<Response> run(const Router::Route& route, const PathParams& params,
                                       const Request& request, ReaderConnection& reader) const;

  // Content-Security-Policy, nosniff, Referrer-Policy, X-Frame-Options and,
  // behind TLS, Strict-Transport-Security.
  void add_security_headers(Response& r) const;

  Services& services_;
  BodyLimits limits_;
};

}  // namespace guanxi::api
