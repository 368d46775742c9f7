// Journeys (/api/v1/journeys: records, versions by edit, status, statistics,
// runs, simulation), the built-in care template gallery
// (/api/v1/care-templates) and campaigns (/api/v1/campaigns: create,
// schedule, cancel, results with uplift). Permissions: journeys.read /
// journeys.write, campaigns.read / campaigns.write.
#include "journey/journeys.hpp"

#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <future>
#include <string>

#include "api/handlers/common.hpp"
#include "api/handlers/routes.hpp"
#include "api/input_fields.hpp"
#include "api/render_care.hpp"
#include "api/url.hpp"
#include "domain/audit.hpp"
#include "journey/campaign.hpp"
#include "journey/simulate.hpp"
#include "store/journey_table.hpp"
#include "store/outbox_table.hpp"

namespace guanxi::api::handlers {

namespace {

std::string journey_location(int64_t id) {
  return "/api/v1/journeys/" + std::to_string(id);
}

std::string campaign_location(int64_t id) {
  return "/api/v1/campaigns/" + std::to_string(id);
}

// Runs a blocking job on its own thread and resumes when it is done, so that
// the io thread keeps serving other requests meanwhile.
//
// GCC 12 flags the coroutine frame of offload<lambda> (-Wsubobject-linkage)
// when this file is not the main file of its translation unit (a unity
// build), although the frame, like the lambda, is local to this file.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wsubobject-linkage"
#endif
template <typename F>
awaitable<std::invoke_result_t<F&>> offload(F fn) {
  auto future = std::async(std::launch::async, std::move(fn));
  boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor);
  while (future.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
    timer.expires_after(std::chrono::milliseconds(20));
    co_await timer.async_wait(boost::asio::use_awaitable);
  }
  co_return future.get();
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

// ---- journeys ---------------------------------------------------------------------

// ?status=draft|active|paused|archived
awaitable<Response> list_journeys(RequestContext& ctx) {
  QueryParams qp(ctx.request().query());
  const auto status = qp.one_of("status", {"draft", "active", "paused", "archived"});
  GX_CO_RETURN_IF_ERROR(qp.finish());
  GX_CO_ASSIGN_OR_RETURN(auto journeys, ctx.read([&](domain::ReadContext& r) {
    return store::list_journeys(r.db, r.shop.id, status.value_or(""));
  }));
  Json items = Json::array();
  for (const auto& j : journeys) items.push_back(render_journey(j, zone_of(ctx), false));
  co_return ok(items_of(std::move(items)));
}

struct JourneyBody {
  std::optional<std::string> name;
  std::optional<Json> definition;
};

Result<JourneyBody> read_journey_body(const Json& body, bool create) {
  const auto need = create ? JsonFields::Need::kRequired : JsonFields::Need::kOptional;
  JsonFields f(body);
  JourneyBody out;
  out.name = f.string("name", need);
  if (const Json* d = f.object("definition", need)) out.definition = *d;
  GX_RETURN_IF_ERROR(f.finish());
  if (out.definition) {
    // Errors inside the definition name their pointer from the body's root.
    if (auto parsed = journey::parse_definition(*out.definition); !parsed.ok()) {
      Status s = parsed.status();
      Location loc = s.location();
      loc.field = "/definition" + loc.field;
      return Status(s.code(), s.message(), std::move(loc));
    }
  }
  if (!create && !out.name && !out.definition)
    return Status::invalid("nothing to change: give 'name' and/or 'definition'");
  return out;
}

awaitable<Response> create_journey(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(auto in, read_journey_body(ctx.body(), true));
  auto job = [in = std::move(in)](domain::WriteContext& w) {
    return journey::create_journey(w, journey::JourneyInput{*in.name, *in.definition, ""});
  };
  GX_CO_ASSIGN_OR_RETURN(auto j, co_await ctx.write(job));
  co_return created(render_journey(j, zone_of(ctx), true), journey_location(j.id));
}

// The journey with its definition and statistics per step.
awaitable<Response> get_journey(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  struct View {
    store::JourneyRecord j;
    journey::JourneyStats stats;
  };
  GX_CO_ASSIGN_OR_RETURN(auto view, ctx.read([id](domain::ReadContext& r) -> Result<View> {
    GX_ASSIGN_OR_RETURN(auto j, journey::get_journey(r, id));
    GX_ASSIGN_OR_RETURN(auto stats, journey::journey_stats(r, j));
    return View{std::move(j), std::move(stats)};
  }));
  Json body = render_journey(view.j, zone_of(ctx), true);
  body["stats"] = render_journey_stats(view.stats);
  co_return ok(body);
}

awaitable<Response> patch_journey(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_ASSIGN_OR_RETURN(auto in, read_journey_body(ctx.body(), false));
  auto job = [id, in = std::move(in)](domain::WriteContext& w) {
    return journey::update_journey(w, id, in.name, in.definition);
  };
  GX_CO_ASSIGN_OR_RETURN(auto j, co_await ctx.write(job));
  co_return ok(render_journey(j, zone_of(ctx), true));
}

// {"status": "active" | "paused" | "archived" | "draft"}
awaitable<Response> set_status(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  JsonFields f(ctx.body());
  const auto status = f.string("status", JsonFields::Need::kRequired);
  GX_CO_RETURN_IF_ERROR(f.finish());
  auto job = [id, status = *status](domain::WriteContext& w) {
    return journey::set_journey_status(w, id, status);
  };
  GX_CO_ASSIGN_OR_RETURN(auto j, co_await ctx.write(job));
  co_return ok(render_journey(j, zone_of(ctx), false));
}

// ?status=waiting|done|exited|failed, ?cursor= (from next_cursor), ?limit=1..1000 (default 100).
awaitable<Response> list_runs(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  QueryParams qp(ctx.request().query());
  const auto status = qp.one_of("status", {"waiting", "done", "exited", "failed"});
  const auto cursor = qp.int64("cursor", 1, INT64_MAX);
  const int limit = static_cast<int>(qp.int64("limit", 1, kMaxPage).value_or(100));
  GX_CO_RETURN_IF_ERROR(qp.finish());
  GX_CO_ASSIGN_OR_RETURN(
      auto runs,
      ctx.read([&](domain::ReadContext& r) -> Result<std::vector<store::JourneyRunRecord>> {
        GX_RETURN_IF_ERROR(journey::get_journey(r, id).status());
        return store::list_journey_runs(r.db, id, status.value_or(""), cursor, limit);
      }));
  Json items = Json::array();
  for (const auto& run : runs) items.push_back(render_journey_run(run, zone_of(ctx)));
  Json body = items_of(std::move(items));
  body["next_cursor"] =
      static_cast<int>(runs.size()) == limit ? Json(runs.back().id) : Json(nullptr);
  co_return ok(body);
}

std::atomic<int> g_simulations{0};

// {"from": "YYYY-MM-DD", "to": "YYYY-MM-DD", "limit": 0..5000 (default 200)}: who
// would receive what and when, sending nothing (see journey/simulate.hpp).
awaitable<Response> simulate(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  JsonFields f(ctx.body());
  journey::SimulationRequest req;
  req.shop_id = ctx.shop().shop.id;
  req.journey = std::to_string(id);
  const auto from = f.string("from", JsonFields::Need::kRequired);
  const auto to = f.string("to", JsonFields::Need::kRequired);
  const auto limit = f.int64("limit");
  if (limit && (*limit < 0 || *limit > 5000)) f.fail("limit", "'limit' must be 0..5000");
  GX_CO_RETURN_IF_ERROR(f.finish());
  GX_CO_ASSIGN_OR_RETURN(req.from, parse_civil_date(*from));
  GX_CO_ASSIGN_OR_RETURN(req.to, parse_civil_date(*to));
  req.sample_limit = static_cast<int>(limit.value_or(200));
  if (g_simulations.fetch_add(1) > 0) {
    --g_simulations;
    co_return problem_response(
        Status(ErrorCode::kUnavailable, "another simulation is running; try again shortly"));
  }
  store::Database* db = &ctx.app().database();
  // Not a lambda temporary inside co_await: see RequestContext::write.
  auto run = [db, req] { return journey::simulate_journey(*db, req); };
  auto result = co_await offload(std::move(run));
  --g_simulations;
  if (!result.ok()) co_return problem_response(result.status());
  co_return ok(render_simulation(*result, zone_of(ctx)));
}

// ---- the care template gallery ----------------------------------------------------

awaitable<Response> list_care_templates(RequestContext& ctx) {
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(auto journeys, ctx.read([](domain::ReadContext& r) {
    return store::list_journeys(r.db, r.shop.id, "");
  }));
  Json items = Json::array();
  for (const auto& t : journey::care_templates()) {
    Json item = {{"key", t.key},
                 {"name", t.name},
                 {"name_en", t.name_en},
                 {"description", t.description},
                 {"definition", t.definition},
                 {"message_templates", t.message_templates},
                 {"journey_id", nullptr},
                 {"status", "off"}};
    for (const auto& j : journeys) {
      if (j.template_key != t.key) continue;
      item["journey_id"] = j.id;
      item["status"] = j.status;
    }
    items.push_back(std::move(item));
  }
  co_return ok(items_of(std::move(items)));
}

// One click: creates the journey (and its message templates) and activates it.
awaitable<Response> enable_care_template(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const std::string key, ctx.text_param("key"));
  auto job = [key](domain::WriteContext& w) { return journey::enable_care_template(w, key); };
  GX_CO_ASSIGN_OR_RETURN(auto j, co_await ctx.write(job));
  co_return ok(render_journey(j, zone_of(ctx), false));
}

// ---- campaigns --------------------------------------------------------------------

// ?status=draft|scheduled|running|done|cancelled
awaitable<Response> list_campaigns(RequestContext& ctx) {
  QueryParams qp(ctx.request().query());
  const auto status =
      qp.one_of("status", {"draft", "scheduled", "running", "paused", "done", "cancelled"});
  GX_CO_RETURN_IF_ERROR(qp.finish());
  GX_CO_ASSIGN_OR_RETURN(auto campaigns, ctx.read([&](domain::ReadContext& r) {
    return store::list_campaigns(r.db, r.shop.id, status.value_or(""));
  }));
  Json items = Json::array();
  for (const auto& c : campaigns) items.push_back(render_campaign(c, zone_of(ctx)));
  co_return ok(items_of(std::move(items)));
}

// {"name", "definition": {...}, "scheduled_at"?: ISO 8601}: a draft, or scheduled.
awaitable<Response> create_campaign(RequestContext& ctx) {
  JsonFields f(ctx.body());
  const auto name = f.string("name", JsonFields::Need::kRequired);
  const Json* definition = f.object("definition", JsonFields::Need::kRequired);
  const std::optional<Timestamp> scheduled = detail::time_member(f, "scheduled_at");
  GX_CO_RETURN_IF_ERROR(f.finish());
  auto job = [name = *name, def = *definition, scheduled](domain::WriteContext& w) {
    return journey::create_campaign(w, name, def, scheduled);
  };
  GX_CO_ASSIGN_OR_RETURN(auto c, co_await ctx.write(job));
  co_return created(render_campaign(c, zone_of(ctx)), campaign_location(c.id));
}

Result<store::CampaignRecord> read_campaign(domain::ReadContext& r, int64_t id) {
  GX_ASSIGN_OR_RETURN(auto c, store::find_campaign(r.db, r.shop.id, id));
  if (!c) return Status::not_found("campaign " + std::to_string(id) + " does not exist");
  return *c;
}

awaitable<Response> get_campaign(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(auto c,
                         ctx.read([id](domain::ReadContext& r) { return read_campaign(r, id); }));
  co_return ok(render_campaign(c, zone_of(ctx)));
}

// {"at"?: ISO 8601}: schedules a draft (now without "at").
awaitable<Response> schedule_campaign(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  JsonFields f(ctx.body());
  const std::optional<Timestamp> when = detail::time_member(f, "at");
  GX_CO_RETURN_IF_ERROR(f.finish());
  auto job = [id,
              when](domain::WriteContext& w) -> decltype(journey::schedule_campaign(w, id, when)) {
    auto c = journey::schedule_campaign(w, id, when);
    if (c.ok()) {
      GX_RETURN_IF_ERROR(domain::record_audit(
          w, domain::AuditEntry{"campaign.send", "campaign", std::to_string(id),
                                Json{{"scheduled", true}}, ""}));
    }
    return c;
  };
  GX_CO_ASSIGN_OR_RETURN(auto c, co_await ctx.write(job));
  co_return ok(render_campaign(c, zone_of(ctx)));
}

awaitable<Response> cancel_campaign(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  auto job = [id](domain::WriteContext& w) { return journey::cancel_campaign(w, id); };
  GX_CO_ASSIGN_OR_RETURN(auto c, co_await ctx.write(job));
  co_return ok(render_campaign(c, zone_of(ctx)));
}

// Pauses (holds its queued messages) or resumes (re-spreads them at the
// throttle from now) a campaign; audited.
awaitable<Response> pause_or_resume_campaign(RequestContext& ctx, bool pause) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  auto job = [id, pause](domain::WriteContext& w) -> Result<store::CampaignRecord> {
    GX_ASSIGN_OR_RETURN(auto c,
                        pause ? journey::pause_campaign(w, id) : journey::resume_campaign(w, id));
    GX_RETURN_IF_ERROR(domain::record_audit(
        w, domain::AuditEntry{pause ? "campaign.pause" : "campaign.resume", "campaign",
                              std::to_string(id), Json{{"status", c.status}}, ""}));
    return c;
  };
  GX_CO_ASSIGN_OR_RETURN(auto c, co_await ctx.write(job));
  co_return ok(render_campaign(c, zone_of(ctx)));
}

awaitable<Response> pause_campaign(RequestContext& ctx) {
  co_return co_await pause_or_resume_campaign(ctx, true);
}

awaitable<Response> resume_campaign(RequestContext& ctx) {
  co_return co_await pause_or_resume_campaign(ctx, false);
}

// Results per variant and control, with uplift.
awaitable<Response> campaign_report(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(auto report, ctx.read([id](domain::ReadContext& r) -> Result<Json> {
    GX_ASSIGN_OR_RETURN(auto c, read_campaign(r, id));
    return journey::campaign_report(r, c);
  }));
  co_return ok(report);
}

constexpr RouteSpec kJourneyRoutes[] = {
    {Method::kGet, "/api/v1/journeys", "journeys.read", list_journeys},
    {Method::kPost, "/api/v1/journeys", "journeys.write", create_journey, BodyKind::kJson},
    {Method::kGet, "/api/v1/journeys/{id}", "journeys.read", get_journey},
    {Method::kPatch, "/api/v1/journeys/{id}", "journeys.write", patch_journey, BodyKind::kJson},
    {Method::kPost, "/api/v1/journeys/{id}/status", "journeys.write", set_status, BodyKind::kJson},
    {Method::kGet, "/api/v1/journeys/{id}/runs", "journeys.read", list_runs},
    {Method::kPost, "/api/v1/journeys/{id}/simulate", "journeys.read", simulate, BodyKind::kJson},
    {Method::kGet, "/api/v1/care-templates", "journeys.read", list_care_templates},
    {Method::kPost, "/api/v1/care-templates/{key}/enable", "journeys.write", enable_care_template},
    {Method::kGet, "/api/v1/campaigns", "campaigns.read", list_campaigns},
    {Method::kPost, "/api/v1/campaigns", "campaigns.write", create_campaign, BodyKind::kJson},
    {Method::kGet, "/api/v1/campaigns/{id}", "campaigns.read", get_campaign},
    {Method::kPost, "/api/v1/campaigns/{id}/schedule", "campaigns.write", schedule_campaign,
     BodyKind::kJson},
    {Method::kPost, "/api/v1/campaigns/{id}/cancel", "campaigns.write", cancel_campaign},
    {Method::kPost, "/api/v1/campaigns/{id}/pause", "campaigns.write", pause_campaign},
    {Method::kPost, "/api/v1/campaigns/{id}/resume", "campaigns.write", resume_campaign},
    {Method::kGet, "/api/v1/campaigns/{id}/report", "campaigns.read", campaign_report},
};

}  // namespace

Status add_journey_routes(Router& router) {
  for (const RouteSpec& r : kJourneyRoutes) GX_RETURN_IF_ERROR(router.add(r));
  return Status::ok();
}

}  // namespace guanxi::api::handlers
