// Loyalty: /api/v1/coupon-batches (batches, issuing codes, codes, report),
// a customer's coupons, points (balance and ledger, adjust / redeem) and
// referrals, /api/v1/settings/points, /api/v1/referrals and
// /api/v1/analytics/loyalty. Permissions: loyalty.read / loyalty.write;
// the points rules are settings (settings.write) and the loyalty report is
// analytics (analytics.read).
#include <string>

#include "api/handlers/common.hpp"
#include "api/handlers/routes.hpp"
#include "api/loyalty_input.hpp"
#include "api/render_loyalty.hpp"
#include "api/url.hpp"
#include "domain/coupons.hpp"
#include "domain/points.hpp"
#include "domain/points_settings.hpp"
#include "domain/referrals.hpp"

namespace guanxi::api::handlers {

namespace {

std::string batch_location(int64_t id) {
  return "/api/v1/coupon-batches/" + std::to_string(id);
}

// ---- coupon batches -------------------------------------------------------------

awaitable<Response> list_batches(RequestContext& ctx) {
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(auto batches, ctx.read([](domain::ReadContext& r) {
    return domain::list_coupon_batches(r);
  }));
  Json items = Json::array();
  for (const auto& b : batches) items.push_back(render_coupon_batch(b, zone_of(ctx)));
  co_return ok(items_of(std::move(items)));
}

awaitable<Response> create_batch(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(auto input, read_coupon_batch_input(ctx.body()));
  auto job = [input = std::move(input)](domain::WriteContext& w) {
    return domain::create_coupon_batch(w, input);
  };
  GX_CO_ASSIGN_OR_RETURN(auto batch, co_await ctx.write(job));
  co_return created(render_coupon_batch(batch, zone_of(ctx)), batch_location(batch.id));
}

awaitable<Response> get_batch(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(auto batch, ctx.read([id](domain::ReadContext& r) {
    return domain::get_coupon_batch(r, id);
  }));
  co_return ok(render_coupon_batch(batch, zone_of(ctx)));
}

awaitable<Response> patch_batch(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_ASSIGN_OR_RETURN(auto patch, read_coupon_batch_patch(ctx.body()));
  auto job = [id, patch = std::move(patch)](domain::WriteContext& w) {
    return domain::update_coupon_batch(w, id, patch);
  };
  GX_CO_ASSIGN_OR_RETURN(auto batch, co_await ctx.write(job));
  co_return ok(render_coupon_batch(batch, zone_of(ctx)));
}

awaitable<Response> delete_batch(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  auto job = [id](domain::WriteContext& w) { return domain::delete_coupon_batch(w, id); };
  GX_CO_RETURN_IF_ERROR(co_await ctx.write(job));
  co_return no_content();
}

// Issues one new code of the batch to a customer.
awaitable<Response> issue(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_ASSIGN_OR_RETURN(auto req, read_issue_request(ctx.body()));
  auto job = [id, req = std::move(req)](domain::WriteContext& w) {
    return domain::issue_coupon(w, id, req.customer_id, req.source);
  };
  GX_CO_ASSIGN_OR_RETURN(auto coupon, co_await ctx.write(job));
  co_return created(render_coupon(coupon, zone_of(ctx)), batch_location(id) + "/coupons");
}

// The batch's codes in issue order: ?status=issued|redeemed, ?cursor= (from
// next_cursor), ?limit=1..1000 (default 100).
awaitable<Response> list_codes(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  QueryParams qp(ctx.request().query());
  const auto status = qp.one_of("status", {"issued", "redeemed"});
  const auto cursor = qp.int64("cursor", 1, INT64_MAX);
  const int limit = static_cast<int>(qp.int64("limit", 1, kMaxPage).value_or(100));
  GX_CO_RETURN_IF_ERROR(qp.finish());
  std::optional<domain::CouponStatus> wanted;
  if (status) wanted = domain::parse_coupon_status(*status).value();
  GX_CO_ASSIGN_OR_RETURN(auto page, ctx.read([&](domain::ReadContext& r) {
    return domain::list_batch_coupons(r, id, limit, cursor, wanted);
  }));
  Json items = Json::array();
  for (const auto& c : page.coupons) items.push_back(render_coupon(c, zone_of(ctx)));
  Json body = items_of(std::move(items));
  body["next_cursor"] = page.next_after ? Json(*page.next_after) : Json(nullptr);
  co_return ok(body);
}

awaitable<Response> batch_report(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(auto report, ctx.read([id](domain::ReadContext& r) {
    return domain::coupon_batch_report(r, id);
  }));
  co_return ok(render_coupon_report(report));
}

// ---- a customer's coupons, points and referrals -----------------------------------

awaitable<Response> customer_coupons(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  QueryParams qp(ctx.request().query());
  const int limit = static_cast<int>(qp.int64("limit", 1, kMaxPage).value_or(100));
  GX_CO_RETURN_IF_ERROR(qp.finish());
  GX_CO_ASSIGN_OR_RETURN(auto coupons, ctx.read([&](domain::ReadContext& r) {
    return domain::list_customer_coupons(r, id, limit);
  }));
  Json items = Json::array();
  for (const auto& c : coupons) items.push_back(render_coupon(c, zone_of(ctx)));
  co_return ok(items_of(std::move(items)));
}

// The balance and the ledger, newest first: ?cursor= (from next_cursor),
// ?limit=1..1000 (default 50).
awaitable<Response> get_points(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  QueryParams qp(ctx.request().query());
  const auto cursor = qp.int64("cursor", 1, INT64_MAX);
  const int limit = static_cast<int>(qp.int64("limit", 1, kMaxPage).value_or(50));
  GX_CO_RETURN_IF_ERROR(qp.finish());
  GX_CO_ASSIGN_OR_RETURN(auto account, ctx.read([&](domain::ReadContext& r) {
    return domain::points_account(r, id, limit, cursor);
  }));
  co_return ok(render_points_account(account, zone_of(ctx)));
}

// Adjusts (any sign) or redeems points; more than the balance is a 409.
awaitable<Response> post_points(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_ASSIGN_OR_RETURN(auto req, read_points_request(ctx.body()));
  auto job = [id, req = std::move(req)](domain::WriteContext& w) {
    if (req.kind == domain::PointsKind::kRedeem) {
      return domain::redeem_points(w, id, req.amount, req.reason, req.source);
    }
    return domain::add_points(w, id, req.amount, req.reason, req.source);
  };
  GX_CO_ASSIGN_OR_RETURN(const int64_t balance, co_await ctx.write(job));
  GX_CO_ASSIGN_OR_RETURN(auto account, ctx.read([id](domain::ReadContext& r) {
    return domain::points_account(r, id, 1);
  }));
  Json body = {{"customer_id", account.customer_id}, {"balance", balance}};
  body["entry"] = account.entries.empty() ? Json(nullptr)
                                          : render_points_entry(account.entries[0], zone_of(ctx));
  co_return ok(body);
}

awaitable<Response> customer_referrals(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  QueryParams qp(ctx.request().query());
  const int limit = static_cast<int>(qp.int64("limit", 1, kMaxPage).value_or(100));
  GX_CO_RETURN_IF_ERROR(qp.finish());
  GX_CO_ASSIGN_OR_RETURN(auto referrals, ctx.read([&](domain::ReadContext& r) {
    return domain::customer_referrals(r, id, limit);
  }));
  co_return ok(render_customer_referrals(referrals, zone_of(ctx)));
}

// ---- points settings, referrals, the loyalty report ------------------------------------

awaitable<Response> get_points_settings(RequestContext& ctx) {
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(auto settings, ctx.read([](domain::ReadContext& r) {
    return domain::load_points_settings(r.db, r.shop.id);
  }));
  co_return ok(domain::points_settings_to_json(settings));
}

// The complete settings; absent members take the defaults (saving `{}` turns
// earning on with ¥1 = 1 point). Errors name the key.
awaitable<Response> put_points_settings(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(auto settings, domain::points_settings_from_json(ctx.body()));
  auto job = [settings](domain::WriteContext& w) {
    return domain::save_points_settings(w, settings);
  };
  GX_CO_RETURN_IF_ERROR(co_await ctx.write(job));
  co_return ok(domain::points_settings_to_json(settings));
}

// 201 with the new referral; 200 when the same one was already recorded.
awaitable<Response> post_referral(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(auto req, read_referral_request(ctx.body()));
  auto job = [req = std::move(req)](domain::WriteContext& w) {
    return domain::add_referral(w, req.referrer_id, req.referred_id, req.source);
  };
  GX_CO_ASSIGN_OR_RETURN(auto added, co_await ctx.write(job));
  Json body = render_referral(added.referral, zone_of(ctx));
  body["created"] = added.created;
  if (!added.created) co_return ok(body);
  co_return created(
      body, "/api/v1/customers/" + std::to_string(added.referral.referred_id) + "/referrals");
}

// ?top=0..100 (default 10) referrers.
awaitable<Response> loyalty_report(RequestContext& ctx) {
  QueryParams qp(ctx.request().query());
  const int top = static_cast<int>(qp.int64("top", 0, 100).value_or(10));
  GX_CO_RETURN_IF_ERROR(qp.finish());
  GX_CO_ASSIGN_OR_RETURN(auto report, ctx.read([top](domain::ReadContext& r) {
    return domain::loyalty_report(r, top);
  }));
  co_return ok(render_loyalty_report(report));
}

constexpr RouteSpec kLoyaltyRoutes[] = {
    {Method::kGet, "/api/v1/coupon-batches", "loyalty.read", list_batches},
    {Method::kPost, "/api/v1/coupon-batches", "loyalty.write", create_batch, BodyKind::kJson},
    {Method::kGet, "/api/v1/coupon-batches/{id}", "loyalty.read", get_batch},
    {Method::kPatch, "/api/v1/coupon-batches/{id}", "loyalty.write", patch_batch, BodyKind::kJson},
    {Method::kDelete, "/api/v1/coupon-batches/{id}", "loyalty.write", delete_batch},
    {Method::kGet, "/api/v1/coupon-batches/{id}/coupons", "loyalty.read", list_codes},
    {Method::kPost, "/api/v1/coupon-batches/{id}/coupons", "loyalty.write", issue, BodyKind::kJson},
    {Method::kGet, "/api/v1/coupon-batches/{id}/report", "loyalty.read", batch_report},
    {Method::kGet, "/api/v1/customers/{id}/coupons", "loyalty.read", customer_coupons},
    {Method::kGet, "/api/v1/customers/{id}/points", "loyalty.read", get_points},
    {Method::kPost, "/api/v1/customers/{id}/points", "loyalty.write", post_points, BodyKind::kJson},
    {Method::kGet, "/api/v1/customers/{id}/referrals", "loyalty.read", customer_referrals},
    {Method::kGet, "/api/v1/settings/points", "loyalty.read", get_points_settings},
    {Method::kPut, "/api/v1/settings/points", "settings.write", put_points_settings,
     BodyKind::kJson},
    {Method::kPost, "/api/v1/referrals", "loyalty.write", post_referral, BodyKind::kJson},
    {Method::kGet, "/api/v1/analytics/loyalty", "analytics.read", loyalty_report},
};

}  // namespace

Status add_loyalty_routes(Router& router) {
  for (const RouteSpec& r : kLoyaltyRoutes) GX_RETURN_IF_ERROR(router.add(r));
  return Status::ok();
}

}  // namespace guanxi::api::handlers
