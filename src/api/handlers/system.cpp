// Operational endpoints: /healthz, /metrics, and the OpenAPI document.
#include <string>

#include "api/handlers/common.hpp"
#include "api/handlers/routes.hpp"
#include "api/metrics.hpp"
#include "api/openapi.hpp"
#include "domain/shops.hpp"
#include "store/admin_table.hpp"

namespace guanxi::api::handlers {

namespace {

// 200 when a reader connection can query the database, 503 otherwise.
awaitable<Response> healthz(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(store::Connection * db, ctx.reader());
  auto shops = domain::list_shops(*db);
  if (!shops.ok()) {
    co_return problem_response(
        Status(ErrorCode::kUnavailable, "database unreachable: " + shops.status().message()));
  }
  co_return ok(Json{{"status", "ok"}});
}

awaitable<Response> metrics(RequestContext& ctx) {
  Response r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body.reserve(16 * 1024);
  ctx.services().metrics.render(r.body);
  // The import log is small (one row per import); the HTTP series above are
  // served even when the database is not.
  if (auto db = ctx.reader(); db.ok()) {
    auto runs = store::list_import_runs(**db);
    if (runs.ok()) append_import_metrics(*runs, r.body);
  }
  co_return r;
}

awaitable<Response> openapi(RequestContext&) {
  Response r;
  r.body = std::string(openapi_document());
  co_return r;
}

constexpr RouteSpec kSystemRoutes[] = {
    {Method::kGet, "/healthz", kPublic, healthz},
    {Method::kGet, "/metrics", kPublic, metrics},
    {Method::kGet, "/api/v1/openapi.json", kPublic, openapi},
};

}  // namespace

Status add_system_routes(Router& router) {
  for (const RouteSpec& r : kSystemRoutes) GX_RETURN_IF_ERROR(router.add(r));
  return Status::ok();
}

}  // namespace guanxi::api::handlers
