// The shop of the caller (its settings) and its API keys.
#include <string>

#include "api/handlers/common.hpp"
#include "api/handlers/routes.hpp"
#include "api/render.hpp"
#include "api/url.hpp"
#include "domain/shops.hpp"

namespace guanxi::api::handlers {

namespace {

awaitable<Response> get_shop(RequestContext& ctx) {
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  co_return ok(render_shop(ctx.shop().shop));
}

// {"name", "time_zone", "currency"}, each optional: changes what is given, audited
// as shop.change; the API serves the new values at once (AppContext::reload_shop).
awaitable<Response> patch_shop(RequestContext& ctx) {
  JsonFields f(ctx.body());
  domain::ShopPatch patch;
  patch.name = f.string("name");
  patch.time_zone = f.string("time_zone");
  patch.currency = f.string("currency");
  GX_CO_RETURN_IF_ERROR(f.finish());
  const std::string ip = ctx.request().remote_ip;
  auto job = [patch, ip](domain::WriteContext& w) { return domain::update_shop(w, patch, ip); };
  GX_CO_ASSIGN_OR_RETURN(const domain::Shop shop, co_await ctx.write(job));
  GX_CO_ASSIGN_OR_RETURN(store::Connection * reader, ctx.reader());
  GX_CO_RETURN_IF_ERROR(ctx.app().reload_shop(shop.id, *reader));
  co_return ok(render_shop(shop));
}

awaitable<Response> list_keys(RequestContext& ctx) {
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(auto keys, ctx.read([](domain::ReadContext& r) {
    return domain::list_api_keys(r.db, r.shop.id);
  }));
  Json items = Json::array();
  for (const auto& k : keys) items.push_back(render_api_key(k));
  co_return ok(items_of(std::move(items)));
}

awaitable<Response> create_key(RequestContext& ctx) {
  JsonFields f(ctx.body());
  std::string name = f.string("name", JsonFields::Need::kRequired).value_or("");
  std::string role = f.string("role").value_or("admin");
  GX_CO_RETURN_IF_ERROR(f.finish());
  auto job = [name, role](domain::WriteContext& w) {
    return domain::create_api_key(w.db, w.clock, w.shop.id, name, role);
  };
  GX_CO_ASSIGN_OR_RETURN(auto key, co_await ctx.write(job));
  Json body = render_api_key(key.key);
  body["token"] = key.secret;  // shown once; only its hash is stored
  co_return json_response(201, body);
}

awaitable<Response> revoke_key(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  auto job = [id](domain::WriteContext& w) {
    return domain::revoke_api_key(w.db, w.clock, w.shop.id, id);
  };
  GX_CO_RETURN_IF_ERROR(co_await ctx.write(job));
  ctx.services().auth.forget_key(id);
  co_return no_content();
}

constexpr RouteSpec kAdminRoutes[] = {
    {Method::kGet, "/api/v1/shop", "shop.read", get_shop},
    {Method::kPatch, "/api/v1/shop", "shop.write", patch_shop, BodyKind::kJson},
    {Method::kGet, "/api/v1/apikeys", "apikeys.manage", list_keys},
    {Method::kPost, "/api/v1/apikeys", "apikeys.manage", create_key, BodyKind::kJson},
    {Method::kDelete, "/api/v1/apikeys/{id}", "apikeys.manage", revoke_key},
};

}  // namespace

Status add_admin_routes(Router& router) {
  for (const RouteSpec& r : kAdminRoutes) GX_RETURN_IF_ERROR(router.add(r));
  return Status::ok();
}

}  // namespace guanxi::api::handlers
