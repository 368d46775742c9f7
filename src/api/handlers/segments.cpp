// /api/v1/segments: rule previews, stored segments (dynamic rules and static
// lists), their members, CSV export, size history and overlap, and the
// segments a customer belongs to. Every call goes to the SegmentEngine.
#include <spdlog/spdlog.h>

#include <string>
#include <vector>

#include "api/customer_summary.hpp"
#include "api/handlers/common.hpp"
#include "api/handlers/routes.hpp"
#include "api/inputs.hpp"
#include "api/render_intelligence.hpp"
#include "api/url.hpp"
#include "domain/audit.hpp"
#include "segment/engine.hpp"
#include "segment/rule/json_form.hpp"
#include "segment/rule/printer.hpp"

namespace guanxi::api::handlers {

namespace {

constexpr int64_t kMaxSegmentPage = 500;
constexpr int kExportPage = 5000;
constexpr int64_t kMaxSizeDays = 366;

std::string segment_location(int64_t id) {
  return "/api/v1/segments/" + std::to_string(id);
}

Result<Json> render_summaries(RequestContext& ctx, std::span<const int64_t> ids) {
  GX_ASSIGN_OR_RETURN(auto summaries, ctx.read([&](domain::ReadContext& r) {
    return read_customer_summaries(r, ids);
  }));
  Json items = Json::array();
  for (const auto& s : summaries) {
    items.push_back(render_customer_summary(s, ctx.shop().shop, ctx.shop().zone));
  }
  return items;
}

awaitable<Response> preview(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(RulePreview p, read_rule_preview(ctx.body()));
  GX_CO_ASSIGN_OR_RETURN(segment::SegmentEngine * engine, segment_engine(ctx));
  GX_CO_ASSIGN_OR_RETURN(auto answer,
                         engine->answer(ctx.shop().shop.id, p.rule, p.as_of_day, p.sample));
  GX_CO_ASSIGN_OR_RETURN(Json sample, render_summaries(ctx, answer.sample));
  co_return ok(Json{{"count", answer.count},
                    {"elapsed_ms", answer.elapsed_ms},
                    {"as_of", format_day_number(answer.as_of_day)},
                    {"rule", segment::print_rule(p.rule)},
                    {"rule_json", segment::rule_to_json(p.rule)},
                    {"sample", std::move(sample)}});
}

awaitable<Response> list_segments(RequestContext& ctx) {
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(segment::SegmentEngine * engine, segment_engine(ctx));
  GX_CO_ASSIGN_OR_RETURN(auto segments, engine->list_segments(ctx.shop().shop.id));
  Json items = Json::array();
  for (const auto& s : segments) items.push_back(render_segment(s, ctx.shop().zone));
  co_return ok(items_of(std::move(items)));
}

awaitable<Response> create_segment(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(auto input, read_segment_input(ctx.body()));
  GX_CO_ASSIGN_OR_RETURN(segment::SegmentEngine * engine, segment_engine(ctx));
  GX_CO_ASSIGN_OR_RETURN(auto s,
                         engine->create_segment(ctx.shop().shop.id, input, ctx.principal().actor));
  co_return created(render_segment(s, ctx.shop().zone), segment_location(s.id));
}

awaitable<Response> get_segment(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(segment::SegmentEngine * engine, segment_engine(ctx));
  GX_CO_ASSIGN_OR_RETURN(auto s, engine->get_segment(ctx.shop().shop.id, id));
  co_return ok(render_segment(s, ctx.shop().zone));
}

awaitable<Response> patch_segment(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_ASSIGN_OR_RETURN(auto patch, read_segment_patch(ctx.body()));
  GX_CO_ASSIGN_OR_RETURN(segment::SegmentEngine * engine, segment_engine(ctx));
  GX_CO_ASSIGN_OR_RETURN(
      auto s, engine->update_segment(ctx.shop().shop.id, id, patch, ctx.principal().actor));
  co_return ok(render_segment(s, ctx.shop().zone));
}

awaitable<Response> delete_segment(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_ASSIGN_OR_RETURN(segment::SegmentEngine * engine, segment_engine(ctx));
  GX_CO_RETURN_IF_ERROR(engine->delete_segment(ctx.shop().shop.id, id, ctx.principal().actor));
  co_return no_content();
}

// ?after=<customer id>&limit=1..500: members in ascending id order.
awaitable<Response> segment_members(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  QueryParams qp(ctx.request().query());
  const auto after = qp.int64("after", 0, INT64_MAX);
  const int limit = static_cast<int>(qp.int64("limit", 1, kMaxSegmentPage).value_or(50));
  GX_CO_RETURN_IF_ERROR(qp.finish());
  GX_CO_ASSIGN_OR_RETURN(segment::SegmentEngine * engine, segment_engine(ctx));
  GX_CO_ASSIGN_OR_RETURN(auto page, engine->segment_members(ctx.shop().shop.id, id, after, limit));
  GX_CO_ASSIGN_OR_RETURN(Json items, render_summaries(ctx, page.ids));
  Json body = items_of(std::move(items));
  body["ids"] = page.ids;
  body["total"] = page.total;
  body["next_after"] = page.next ? Json(*page.next) : Json(nullptr);
  co_return ok(body);
}

// The whole membership as CSV, read page by page from the engine.
awaitable<Response> export_segment(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  if (!has_permission(ctx.principal(), "customers.export")) {
    co_return problem_response(
        Status(ErrorCode::kPermissionDenied,
               "exporting customers needs the 'customers.export' permission"));
  }
  GX_CO_ASSIGN_OR_RETURN(segment::SegmentEngine * engine, segment_engine(ctx));
  const int64_t shop = ctx.shop().shop.id;
  GX_CO_ASSIGN_OR_RETURN(auto segment, engine->get_segment(shop, id));
  Response r;
  r.content_type = "text/csv; charset=utf-8";
  r.headers.emplace_back("Content-Disposition",
                         "attachment; filename=\"segment-" + std::to_string(id) + ".csv\"");
  r.body = customer_csv_header();
  int64_t rows = 0;
  std::optional<int64_t> after;
  do {
    GX_CO_ASSIGN_OR_RETURN(auto page, engine->segment_members(shop, id, after, kExportPage));
    GX_CO_ASSIGN_OR_RETURN(auto summaries, ctx.read([&](domain::ReadContext& rc) {
      return read_customer_summaries(rc, page.ids);
    }));
    for (const auto& s : summaries) append_customer_csv_row(r.body, s, ctx.shop().shop);
    rows += static_cast<int64_t>(summaries.size());
    after = page.next;
  } while (after);
  auto audit = [id, rows, name = segment.name](domain::WriteContext& w) {
    return domain::record_audit(
        w, domain::AuditEntry{"export", "segment", std::to_string(id),
                              Json{{"name", name}, {"rows", rows}, {"format", "csv"}}, ""});
  };
  GX_CO_RETURN_IF_ERROR(co_await ctx.write(audit));
  spdlog::info("segment {} ('{}') of shop {} exported by {}: {} customers", id, segment.name, shop,
               ctx.principal().actor, rows);
  co_return r;
}

// ?days=1..366 (default 30): the daily size log, oldest first.
awaitable<Response> segment_sizes(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  QueryParams qp(ctx.request().query());
  const int days = static_cast<int>(qp.int64("days", 1, kMaxSizeDays).value_or(30));
  GX_CO_RETURN_IF_ERROR(qp.finish());
  GX_CO_ASSIGN_OR_RETURN(segment::SegmentEngine * engine, segment_engine(ctx));
  GX_CO_ASSIGN_OR_RETURN(auto points, engine->size_history(ctx.shop().shop.id, id, days));
  Json items = Json::array();
  for (const auto& p : points) items.push_back(render_size_point(p));
  co_return ok(items_of(std::move(items)));
}

// ?a=<segment id>&b=<segment id>.
awaitable<Response> segment_overlap(RequestContext& ctx) {
  QueryParams qp(ctx.request().query());
  const auto a = qp.int64("a", 1, INT64_MAX);
  const auto b = qp.int64("b", 1, INT64_MAX);
  GX_CO_RETURN_IF_ERROR(qp.finish());
  if (!a || !b) {
    Location loc;
    loc.field = a ? "?b" : "?a";
    co_return problem_response(Status::invalid("give two segment ids as 'a' and 'b'", loc));
  }
  GX_CO_ASSIGN_OR_RETURN(segment::SegmentEngine * engine, segment_engine(ctx));
  GX_CO_ASSIGN_OR_RETURN(auto overlap, engine->overlap(ctx.shop().shop.id, *a, *b));
  Json body = render_overlap(overlap);
  body["segment_a"] = *a;
  body["segment_b"] = *b;
  co_return ok(body);
}

awaitable<Response> customer_segments(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(segment::SegmentEngine * engine, segment_engine(ctx));
  GX_CO_ASSIGN_OR_RETURN(auto segments, engine->segments_of_customer(ctx.shop().shop.id, id));
  Json items = Json::array();
  for (const auto& s : segments) items.push_back(render_segment(s, ctx.shop().zone));
  co_return ok(items_of(std::move(items)));
}

constexpr RouteSpec kSegmentRoutes[] = {
    {Method::kPost, "/api/v1/segments/preview", "segments.read", preview, BodyKind::kJson},
    {Method::kGet, "/api/v1/segments", "segments.read", list_segments},
    // Static uploads carry up to the batch limit of ids.
    {Method::kPost, "/api/v1/segments", "segments.write", create_segment, BodyKind::kJsonBatch},
    {Method::kGet, "/api/v1/segments/overlap", "segments.read", segment_overlap},
    {Method::kGet, "/api/v1/segments/{id}", "segments.read", get_segment},
    {Method::kPatch, "/api/v1/segments/{id}", "segments.write", patch_segment, BodyKind::kJson},
    {Method::kDelete, "/api/v1/segments/{id}", "segments.write", delete_segment},
    {Method::kGet, "/api/v1/segments/{id}/members", "segments.read", segment_members},
    {Method::kGet, "/api/v1/segments/{id}/export.csv", "segments.export", export_segment},
    {Method::kGet, "/api/v1/segments/{id}/sizes", "segments.read", segment_sizes},
    {Method::kGet, "/api/v1/customers/{id}/segments", "segments.read", customer_segments},
};

}  // namespace

Status add_segment_routes(Router& router) {
  for (const RouteSpec& r : kSegmentRoutes) GX_RETURN_IF_ERROR(router.add(r));
  return Status::ok();
}

}  // namespace guanxi::api::handlers
