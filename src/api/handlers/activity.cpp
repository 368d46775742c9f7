// Notes and tags of a customer, and the shop's tags.
#include "domain/activity.hpp"

#include <string>
#include <vector>

#include "api/handlers/common.hpp"
#include "api/handlers/routes.hpp"
#include "api/inputs.hpp"
#include "api/render.hpp"
#include "api/url.hpp"

namespace guanxi::api::handlers {

namespace {

constexpr size_t kMaxTagsPerRequest = 100;

awaitable<Response> list_notes(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  QueryParams qp(ctx.request().query());
  const int limit = static_cast<int>(qp.int64("limit", 1, 500).value_or(50));
  GX_CO_RETURN_IF_ERROR(qp.finish());
  GX_CO_ASSIGN_OR_RETURN(auto notes, ctx.read([&](domain::ReadContext& r) {
    return domain::list_notes(r, id, limit);
  }));
  Json items = Json::array();
  for (const auto& n : notes) items.push_back(render_note(n, ctx.shop().zone));
  co_return ok(items_of(std::move(items)));
}

awaitable<Response> add_note(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_ASSIGN_OR_RETURN(auto input, read_note_input(ctx.body()));
  auto job = [id, input = std::move(input)](domain::WriteContext& w) {
    return domain::add_note(w, id, input);
  };
  GX_CO_ASSIGN_OR_RETURN(auto note, co_await ctx.write(job));
  co_return json_response(201, render_note(note, ctx.shop().zone));
}

awaitable<Response> delete_note(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  auto job = [id](domain::WriteContext& w) { return domain::delete_note(w, id); };
  GX_CO_RETURN_IF_ERROR(co_await ctx.write(job));
  co_return no_content();
}

awaitable<Response> list_tags(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(
      auto tags, ctx.read([&](domain::ReadContext& r) { return domain::list_tags(r, id); }));
  Json items = Json::array();
  for (const auto& t : tags) items.push_back(render_tag(t, ctx.shop().zone));
  co_return ok(items_of(std::move(items)));
}

// {"tag": "vip"} or {"tags": ["vip", "wholesale"]}.
Result<std::vector<std::string>> read_tag_names(const Json& body) {
  JsonFields f(body);
  const auto one = f.string("tag");
  const Json* many = f.array("tags");
  GX_RETURN_IF_ERROR(f.finish());
  Location loc;
  if (one.has_value() == (many != nullptr)) {
    loc.field = "/tag";
    return Status::invalid("give either 'tag' or 'tags'", loc);
  }
  if (one) return std::vector<std::string>{*one};
  loc.field = "/tags";
  if (many->empty() || many->size() > kMaxTagsPerRequest) {
    return Status::invalid("'tags' must list 1 to " + std::to_string(kMaxTagsPerRequest) + " names",
                           loc);
  }
  std::vector<std::string> names;
  for (size_t i = 0; i < many->size(); ++i) {
    if (!(*many)[i].is_string()) {
      loc.field = "/tags/" + std::to_string(i);
      return Status::invalid("tag names must be strings", loc);
    }
    names.push_back((*many)[i].get<std::string>());
  }
  return names;
}

awaitable<Response> add_tags(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_ASSIGN_OR_RETURN(auto names, read_tag_names(ctx.body()));
  // All names in one job: every tag is added, or none.
  auto job = [id, names = std::move(names)](domain::WriteContext& w) -> Result<Json> {
    Json results = Json::array();
    for (size_t i = 0; i < names.size(); ++i) {
      auto r = domain::add_tag(w, id, names[i]);
      if (!r.ok()) {
        Location loc = r.status().location();
        if (loc.field.empty() || loc.field == "/tag")
          loc.field = names.size() == 1 ? "/tag" : "/tags/" + std::to_string(i);
        return r.status().with_location(loc);
      }
      results.push_back({{"tag", names[i]}, {"added", *r}});
    }
    return results;
  };
  GX_CO_ASSIGN_OR_RETURN(auto added, co_await ctx.write(job));
  co_return ok(Json{{"results", std::move(added)}});
}

awaitable<Response> remove_tag(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_ASSIGN_OR_RETURN(std::string tag, ctx.text_param("tag"));
  auto job = [id, tag](domain::WriteContext& w) { return domain::remove_tag(w, id, tag); };
  GX_CO_ASSIGN_OR_RETURN(const bool removed, co_await ctx.write(job));
  if (!removed)
    co_return problem_response(
        Status::not_found("customer " + std::to_string(id) + " has no tag '" + tag + "'"));
  co_return no_content();
}

awaitable<Response> shop_tags(RequestContext& ctx) {
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(
      auto tags, ctx.read([](domain::ReadContext& r) { return domain::list_shop_tags(r); }));
  Json items = Json::array();
  for (const auto& t : tags) items.push_back({{"name", t.name}, {"customers", t.customers}});
  co_return ok(items_of(std::move(items)));
}

constexpr RouteSpec kActivityRoutes[] = {
    {Method::kGet, "/api/v1/customers/{id}/notes", "notes.read", list_notes},
    {Method::kPost, "/api/v1/customers/{id}/notes", "notes.write", add_note, BodyKind::kJson},
    {Method::kDelete, "/api/v1/notes/{id}", "notes.write", delete_note},
    {Method::kGet, "/api/v1/customers/{id}/tags", "tags.read", list_tags},
    {Method::kPost, "/api/v1/customers/{id}/tags", "tags.write", add_tags, BodyKind::kJson},
    {Method::kDelete, "/api/v1/customers/{id}/tags/{tag}", "tags.write", remove_tag},
    {Method::kGet, "/api/v1/tags", "tags.read", shop_tags},
};

}  // namespace

Status add_activity_routes(Router& router) {
  for (const RouteSpec& r : kActivityRoutes) GX_RETURN_IF_ERROR(router.add(r));
  return Status::ok();
}

}  // namespace guanxi::api::handlers
