#include "api/dispatcher.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <exception>

#include "api/metrics.hpp"
#include "api/problem.hpp"
#include "api/request_body.hpp"

namespace guanxi::api {

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
  } else {
    response = problem_response(Status::not_found("no resource at " + std::string(request.path())));
  }
  services_.metrics.record(m.route, request.method, response.status,
                           std::chrono::steady_clock::now() - start);
  co_return response;
}

Response Dispatcher::reject(Method method, std::string_view target, const Status& status) const {
  const size_t q = target.find('?');
  const Router::Match m = services_.router.match(method, target.substr(0, q));
  Response response = problem_response(status);
  response.close = true;
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
    auto who = services_.auth.authenticate(request.authorization, **conn);
    if (!who.ok()) co_return problem_response(who.status());
    principal = std::move(*who);
    if (!role_allows(principal.role, route.spec.permission)) {
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
