// /api/v1/tiers: the membership ladder (会员等级) configuration, the change
// history, the distribution of customers over levels, and a full review.
#include "domain/tiers.hpp"

#include <string>

#include "api/handlers/common.hpp"
#include "api/handlers/routes.hpp"
#include "api/inputs.hpp"
#include "api/render_intelligence.hpp"
#include "api/url.hpp"
#include "domain/audit.hpp"

namespace guanxi::api::handlers {

namespace {

// The ladder and the next review date (null without review dates).
Json render_config(const domain::TierConfig& config, const RequestContext& ctx) {
  Json body = domain::tier_config_to_json(config);
  const LocalDays today = ctx.shop().zone.local_day(ctx.app().clock().now());
  const auto next = domain::next_review_day(config, today);
  body["next_review"] =
      next ? Json(format_day_number(static_cast<int32_t>(next->time_since_epoch().count())))
           : Json(nullptr);
  return body;
}

awaitable<Response> get_config(RequestContext& ctx) {
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(auto config, ctx.read([](domain::ReadContext& r) {
    return domain::load_tier_config(r.db, r.shop.id);
  }));
  co_return ok(render_config(config, ctx));
}

// The complete ladder; absent members take the defaults. Errors name the key
// ("tiers.levels[2].min_revenue ...") and point at it ("/levels/2/min_revenue").
awaitable<Response> put_config(RequestContext& ctx) {
  Json body = ctx.body();
  if (body.is_object()) body.erase("next_review");  // what GET returns may be sent back as is
  GX_CO_ASSIGN_OR_RETURN(auto config, domain::tier_config_from_json(body));
  auto job = [config, body](domain::WriteContext& w) -> Status {
    GX_RETURN_IF_ERROR(domain::save_tier_config(w, config));
    return domain::record_audit(w, domain::AuditEntry{"tier.config", "tiers", "config", body, ""});
  };
  GX_CO_RETURN_IF_ERROR(co_await ctx.write(job));
  co_return ok(render_config(config, ctx));
}

// ?customer_id= (one customer's changes, newest first) or the shop's changes
// page by page (?cursor= from next_cursor); limit 1..1000 (default 50).
awaitable<Response> history(RequestContext& ctx) {
  QueryParams qp(ctx.request().query());
  const auto customer = qp.int64("customer_id", 1, INT64_MAX);
  const auto cursor = qp.int64("cursor", 1, INT64_MAX);
  const int limit = static_cast<int>(qp.int64("limit", 1, 1000).value_or(50));
  GX_CO_RETURN_IF_ERROR(qp.finish());
  if (customer && cursor) {
    Location loc;
    loc.field = "?cursor";
    co_return problem_response(
        Status::invalid("'cursor' pages the shop's history; a customer's comes in one page", loc));
  }
  Json items = Json::array();
  Json next = nullptr;
  if (customer) {
    GX_CO_ASSIGN_OR_RETURN(auto changes, ctx.read([&](domain::ReadContext& r) {
      return domain::tier_history(r, *customer, limit);
    }));
    for (const auto& c : changes) items.push_back(render_tier_change(c, ctx.shop().zone));
  } else {
    GX_CO_ASSIGN_OR_RETURN(auto page, ctx.read([&](domain::ReadContext& r) {
      return domain::list_tier_history(r, limit, cursor);
    }));
    for (const auto& c : page.changes) items.push_back(render_tier_change(c, ctx.shop().zone));
    if (page.next_before) next = *page.next_before;
  }
  Json body = items_of(std::move(items));
  body["next_cursor"] = std::move(next);
  co_return ok(body);
}

awaitable<Response> distribution(RequestContext& ctx) {
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(
      auto counts, ctx.read([](domain::ReadContext& r) { return domain::tier_distribution(r); }));
  Json items = Json::array();
  int64_t total = 0;
  for (const auto& c : counts) {
    items.push_back({{"tier", c.tier}, {"customers", c.customers}});
    total += c.customers;
  }
  Json body = items_of(std::move(items));
  body["total"] = total;
  co_return ok(body);
}

// Re-qualifies every customer as of today (reason "recompute"), up or down.
awaitable<Response> review(RequestContext& ctx) {
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  const LocalDays today = ctx.shop().zone.local_day(ctx.app().clock().now());
  auto job = [today](domain::WriteContext& w) -> decltype(domain::review_tiers(w, today, "")) {
    auto summary = domain::review_tiers(w, today, "recompute");
    if (summary.ok()) {
      GX_RETURN_IF_ERROR(domain::record_audit(
          w,
          domain::AuditEntry{"tier.change", "tiers", "review", Json{{"reason", "recompute"}}, ""}));
    }
    return summary;
  };
  GX_CO_ASSIGN_OR_RETURN(auto summary, co_await ctx.write(job));
  co_return ok(render_tier_review(summary, today));
}

constexpr RouteSpec kTierRoutes[] = {
    {Method::kGet, "/api/v1/tiers/config", "tiers.read", get_config},
    {Method::kPut, "/api/v1/tiers/config", "tiers.write", put_config, BodyKind::kJson},
    {Method::kGet, "/api/v1/tiers/history", "tiers.read", history},
    {Method::kGet, "/api/v1/tiers/distribution", "tiers.read", distribution},
    {Method::kPost, "/api/v1/tiers/review", "tiers.write", review},
};

}  // namespace

Status add_tier_routes(Router& router) {
  for (const RouteSpec& r : kTierRoutes) GX_RETURN_IF_ERROR(router.add(r));
  return Status::ok();
}

}  // namespace guanxi::api::handlers
