#include "api/dispatcher.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <exception>

#include "api/metrics.hpp"
#include "api/problem.hpp"
#include "api/request_body.hpp"
#include "api/static_files.hpp"

namespace guanxi::api {

namespace {

bool changes_state(Method m) {
  return m == Method::kPost || m == Method::kPut || m == Method::kPatch || m == Method::kDelete;
}

}  // namespace

void Dispatcher::add_security_headers(Response& r) const {
  r.headers.emplace_back("Content-Security-Policy", std::string(kContentSecurityPolicy));
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("Referrer-Policy", "same-origin");
  r.headers.emplace_back("X-Frame-Options", "DENY");
  if (services_.auth.options().behind_tls) {
    r.headers.emplace_back("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  }
}

size_t Dispatcher::body_limit(Method method, std::string_view target) const {
  const size_t q = target.find('?');
  const Router::Match m = services_.router.match(method, target.substr(0, q));
  if (m.route != nullptr && m.route->spec.body == BodyKind::kJsonBatch) return limits_.batch;
  return limits_.standard;
}

boost::asio::awaitable<Response> Dispatcher::dispatch(const Request& request,
                                                      ReaderConnection& reader) const {
  const auto start = std::chrono::steady_clock::now();
  Metrics::InFlight in_flight(services_.metrics);
  const Router::Match m = services_.router.match(request.method, request.path());
  Response response;
  if (m.route != nullptr) {
    try {
      response = co_await run(*m.route, m.params, request, reader);
    } catch (const std::exception& e) {
      spdlog::error("{} {}: {}", method_name(request.method), m.route->spec.path, e.what());
      response = problem_response(Status::internal(e.what()));
    }
  } else if (m.path_known) {
    response = method_not_allowed(m.allow);
  } else if (services_.web != nullptr && StaticFiles::handles(request.method, request.path())) {
    response = services_.web->serve(request.method, request.path(), request.accept_encoding);
  } else {
    response = problem_response(Status::not_found("no resource at " + std::string(request.path())));
  }
  services_.metrics.record(m.route, request.method, response.status,
                           std::chrono::steady_clock::now() - start);
  add_security_headers(response);
  co_return response;
}

Response Dispatcher::reject(Method method, std::string_view target, const Status& status) const {
  const size_t q = target.find('?');
  const Router::Match m = services_.router.match(method, target.substr(0, q));
  Response response = problem_response(status);
  response.close = true;
  add_security_headers(response);
  services_.metrics.record(m.route, method, response.status, std::chrono::nanoseconds(0));
  return response;
}

boost::asio::awaitable<Response> Dispatcher::run(const Router::Route& route,
                                                 const PathParams& params, const Request& request,
                                                 ReaderConnection& reader) const {
  Principal principal;
  const LoadedShop* shop = nullptr;
  const bool authenticated = route.spec.permission != kPublic;
  if (authenticated) {
    auto conn = reader.get();
    if (!conn.ok()) co_return problem_response(conn.status());
    auto who = services_.auth.authenticate(request, **conn);
    if (!who.ok()) co_return problem_response(who.status());
    principal = std::move(*who);
    if (principal.session_id != 0 && changes_state(request.method)) {
      if (!csrf_matches(principal, request.csrf_token)) {
        co_return problem_response(
            Status(ErrorCode::kPermissionDenied,
                   "missing or wrong X-CSRF-Token header (send the csrf_token of the session)"));
      }
    }
    // After an admin reset the user may only look at, end or fix the session.
    if (principal.must_change_password && !route.spec.path.starts_with("/api/v1/session")) {
      co_return problem_response(
          Status(ErrorCode::kPermissionDenied,
                 "the password was reset by an administrator: choose a new one "
                 "(POST /api/v1/session/password) before anything else"));
    }
    if (!has_permission(principal, route.spec.permission)) {
      co_return problem_response(Status(ErrorCode::kPermissionDenied,
                                        "role '" + principal.role + "' lacks the '" +
                                            std::string(route.spec.permission) + "' permission"));
    }
    auto loaded = services_.app.shop(principal.shop_id, **conn);
    if (!loaded.ok()) co_return problem_response(loaded.status());
    shop = *loaded;
  }

  Json body;
  if (route.spec.body != BodyKind::kNone) {
    if (request.body.empty())
      co_return problem_response(Status::invalid("a JSON request body is required"));
    if (!is_json_content_type(request.content_type))
      co_return unsupported_media_type(request.content_type);
    auto parsed = parse_json_body(request.body);
    if (!parsed.ok()) co_return problem_response(parsed.status());
    body = std::move(*parsed);
  }

  RequestContext ctx(request, params, body, authenticated ? &principal : nullptr, shop, services_,
                     reader);
  co_return co_await route.spec.handler(ctx);
}

}  // namespace guanxi::api
