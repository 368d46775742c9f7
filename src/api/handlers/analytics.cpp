// /api/v1/analytics: the built-in customer models (RFM grid and groups,
// ABC/Pareto, lifecycle) as of a day, and /api/v1/settings/models, their
// settings. Computed by the SegmentEngine over its feature store.
#include <string>

#include "api/handlers/common.hpp"
#include "api/handlers/routes.hpp"
#include "api/inputs.hpp"
#include "api/render_intelligence.hpp"
#include "api/url.hpp"
#include "segment/engine.hpp"
#include "segment/settings.hpp"

namespace guanxi::api::handlers {

namespace {

// ?as_of=YYYY-MM-DD (shop-local; default today).
Result<std::optional<int32_t>> read_as_of(const Request& request) {
  QueryParams qp(request.query());
  const auto text = qp.string("as_of");
  GX_RETURN_IF_ERROR(qp.finish());
  if (!text) return std::optional<int32_t>();
  auto day = parse_day_number(*text);
  if (!day.ok()) {
    Location loc;
    loc.field = "?as_of";
    return day.status().with_location(loc);
  }
  return std::optional<int32_t>(*day);
}

awaitable<Response> rfm(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const auto as_of, read_as_of(ctx.request()));
  GX_CO_ASSIGN_OR_RETURN(segment::SegmentEngine * engine, segment_engine(ctx));
  GX_CO_ASSIGN_OR_RETURN(auto report, engine->rfm(ctx.shop().shop.id, as_of));
  co_return ok(render_rfm(report, ctx.shop().shop));
}

awaitable<Response> abc(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const auto as_of, read_as_of(ctx.request()));
  GX_CO_ASSIGN_OR_RETURN(segment::SegmentEngine * engine, segment_engine(ctx));
  GX_CO_ASSIGN_OR_RETURN(auto report, engine->abc(ctx.shop().shop.id, as_of));
  co_return ok(render_abc(report, ctx.shop().shop));
}

awaitable<Response> lifecycle(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const auto as_of, read_as_of(ctx.request()));
  GX_CO_ASSIGN_OR_RETURN(segment::SegmentEngine * engine, segment_engine(ctx));
  GX_CO_ASSIGN_OR_RETURN(auto report, engine->lifecycle(ctx.shop().shop.id, as_of));
  co_return ok(render_lifecycle(report, ctx.shop().shop));
}

awaitable<Response> get_models(RequestContext& ctx) {
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(segment::SegmentEngine * engine, segment_engine(ctx));
  GX_CO_ASSIGN_OR_RETURN(auto settings, engine->model_settings(ctx.shop().shop.id));
  co_return ok(segment::model_settings_json(settings));
}

// The complete settings; absent keys take the defaults. Errors name the key.
awaitable<Response> put_models(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(auto settings, segment::parse_model_settings(ctx.body()));
  GX_CO_ASSIGN_OR_RETURN(segment::SegmentEngine * engine, segment_engine(ctx));
  GX_CO_RETURN_IF_ERROR(
      engine->set_model_settings(ctx.shop().shop.id, settings, ctx.principal().actor));
  co_return ok(segment::model_settings_json(settings));
}

constexpr RouteSpec kAnalyticsRoutes[] = {
    {Method::kGet, "/api/v1/analytics/rfm", "analytics.read", rfm},
    {Method::kGet, "/api/v1/analytics/abc", "analytics.read", abc},
    {Method::kGet, "/api/v1/analytics/lifecycle", "analytics.read", lifecycle},
    {Method::kGet, "/api/v1/settings/models", "analytics.read", get_models},
    {Method::kPut, "/api/v1/settings/models", "settings.write", put_models, BodyKind::kJson},
};

}  // namespace

Status add_analytics_routes(Router& router) {
  for (const RouteSpec& r : kAnalyticsRoutes) GX_RETURN_IF_ERROR(router.add(r));
  return Status::ok();
}

}  // namespace guanxi::api::handlers
