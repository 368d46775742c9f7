// The route table: method + path template ("/api/v1/customers/{id}") ->
// handler, with the permission each route requires and the kind of body it
// reads. Matching prefers literal segments over parameters, so
// "/api/v1/customers/lookup" wins over "/api/v1/customers/{id}".
//
// The table is built once at server start and read concurrently afterwards;
// it is inspectable (routes()) so tests can check it against the OpenAPI
// document.
#pragma once

#include <array>
#include <boost/asio/awaitable.hpp>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "api/http.hpp"
#include "core/status.hpp"

namespace guanxi::api {

class RequestContext;

// A handler parses and validates its input, calls one domain function and
// renders the result. It reports failure by returning a problem response
// (problem_response(status)); it never needs to catch: the dispatcher turns an
// escaped exception into a 500.
using Handler = boost::asio::awaitable<Response> (*)(RequestContext&);

// What a route reads from the request body.
enum class BodyKind {
  kNone,       // no body expected (one that is sent is ignored)
  kJson,       // a JSON body up to the server's body limit (default 1 MiB)
  kJsonBatch,  // a JSON body up to the batch limit (default 16 MiB)
};

// Permission of the routes anyone may call without credentials (/healthz).
inline constexpr std::string_view kPublic = "public";

struct RouteSpec {
  Method method = Method::kGet;
  std::string_view path;        // template; "{name}" is a whole-segment parameter
  std::string_view permission;  // e.g. "customers.read"; kPublic for no authentication
  Handler handler = nullptr;
  BodyKind body = BodyKind::kNone;
};

// Up to kMaxParams path parameters of a match, as raw (still percent-encoded)
// views into the request path.
class PathParams {
 public:
  static constexpr size_t kMaxParams = 4;
  // The raw value of a parameter, "" when the template has no such name.
  std::string_view raw(std::string_view name) const;
  void add(std::string_view name, std::string_view value);

 private:
  std::array<std::pair<std::string_view, std::string_view>, kMaxParams> items_{};
  size_t size_ = 0;
};

class Router {
 public:
  struct Route {
    RouteSpec spec;
    size_t index = 0;                   // position in routes(), for metrics
    std::vector<std::string> segments;  // "{id}" kept as written
  };

  struct Match {
    const Route* route = nullptr;  // null when nothing matched
    PathParams params;
    // When route is null: true if the path exists with other methods, which
    // are listed in `allow` ("GET, POST").
    bool path_known = false;
    std::string allow;
  };

  // Adds a route. A duplicate (method, template), a malformed template or more
  // than PathParams::kMaxParams parameters is invalid_argument.
  Status add(const RouteSpec& spec);

  Match match(Method method, std::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace guanxi::api
