// The call center: /api/v1/queues, /api/v1/agents (with the state and the
// screen-pop event stream), /api/v1/cti/events (the telephony system's
// events), /api/v1/calls (the call log), /api/v1/callcenter/stats,
// /api/v1/ivr/{name} (menus and walks), /api/v1/outbound-lists and
// /api/v1/settings/callcenter. Permissions: callcenter.read /
// callcenter.write; the telephony needs cti.write; settings.write for the
// settings. Queues and agents change only while no call is live (409).
#include <spdlog/spdlog.h>

#include <functional>
#include <string>

#include "api/agent_stream.hpp"
#include "api/callcenter_input.hpp"
#include "api/handlers/common.hpp"
#include "api/handlers/routes.hpp"
#include "api/input_fields.hpp"
#include "api/render_callcenter.hpp"
#include "api/url.hpp"
#include "cti/call_center.hpp"
#include "cti/call_log.hpp"
#include "cti/settings.hpp"
#include "segment/engine.hpp"
#include "service/auto_pick.hpp"

namespace guanxi::api::handlers {

namespace {

Result<cti::CallCenter*> call_center(RequestContext& ctx) {
  cti::CallCenter* center = ctx.app().callcenter();
  if (center == nullptr) {
    return Status(ErrorCode::kUnavailable, "the call center is not running");
  }
  return center;
}

// CallCenter::apply as an awaitable: resumes on the request's executor once
// the event is durable (or failed).
awaitable<Result<cti::Applied>> apply_event(cti::CallCenter& center, const LoadedShop& shop,
                                            cti::CtiInput input, WriteTracker& tracker) {
  using Done = std::function<void(Result<cti::Applied>)>;
  std::function<void(Done)> start = [&center, &shop, in = std::move(input)](Done done) mutable {
    center.apply(shop.shop, shop.zone, std::move(in), std::move(done));
  };
  co_return co_await await_callback<Result<cti::Applied>>(start, tracker);
}

Json render_applied(const cti::Applied& a) {
  return Json{{"duplicate", a.duplicate},
              {"at", format_utc_iso8601(a.at)},
              {"decisions", cti::decisions_to_json(a.decisions)},
              {"next_due", a.next_due ? Json(format_utc_iso8601(*a.next_due)) : Json(nullptr)}};
}

// An agent may have become free to take tickets (logged in, more capacity):
// the queue's unassigned tickets are picked up now, in a write after the
// agent's (service/auto_pick.hpp). The state change stands whatever happens
// here; a failure is logged and the engine's sweep tries again.
awaitable<void> pick_queued_tickets(RequestContext& ctx) {
  auto job = [](domain::WriteContext& w) { return service::auto_pick_tickets(w); };
  auto picked = co_await ctx.write(job);
  if (!picked.ok())
    spdlog::warn("auto-pick after an agent change: {}", picked.status().to_string());
}

bool becomes_available(const cti::CtiInput& input) {
  return input.type == cti::CtiType::kAgentState &&
         input.state == callcenter::AgentState::kAvailable;
}

// Reconfiguration: only while no call is live, and the Router is rebuilt after.
Status check_idle(RequestContext& ctx) {
  cti::CallCenter* center = ctx.app().callcenter();
  return center ? center->check_idle(ctx.shop().shop.id) : Status::ok();
}

Status reload(RequestContext& ctx) {
  cti::CallCenter* center = ctx.app().callcenter();
  return center ? center->reload(ctx.shop().shop.id) : Status::ok();
}

// ---- settings -------------------------------------------------------------------------

awaitable<Response> get_callcenter_settings(RequestContext& ctx) {
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(auto settings, ctx.read([](domain::ReadContext& r) {
    return cti::load_settings(r.db, r.shop.id);
  }));
  co_return ok(cti::settings_to_json(settings));
}

awaitable<Response> put_callcenter_settings(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(auto settings, cti::settings_from_json(ctx.body()));
  GX_CO_RETURN_IF_ERROR(check_idle(ctx));
  auto job = [settings](domain::WriteContext& w) {
    return cti::save_settings(w.db, w.shop.id, settings, to_millis(w.clock.now()));
  };
  GX_CO_RETURN_IF_ERROR(co_await ctx.write(job));
  GX_CO_RETURN_IF_ERROR(reload(ctx));
  co_return ok(cti::settings_to_json(settings));
}

// ---- queues -------------------------------------------------------------------------------

awaitable<Response> list_queues(RequestContext& ctx) {
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(auto queues,
                         ctx.read([](domain::ReadContext& r) { return cti::list_queues(r); }));
  Json items = Json::array();
  for (const auto& q : queues) items.push_back(render_queue(q));
  co_return ok(items_of(std::move(items)));
}

awaitable<Response> create_queue(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(auto input, read_queue_input(ctx.body()));
  GX_CO_RETURN_IF_ERROR(check_idle(ctx));
  auto job = [input](domain::WriteContext& w) { return cti::create_queue(w, input); };
  GX_CO_ASSIGN_OR_RETURN(auto queue, co_await ctx.write(job));
  GX_CO_RETURN_IF_ERROR(reload(ctx));
  co_return created(render_queue(queue), "/api/v1/queues/" + std::to_string(queue.id));
}

awaitable<Response> get_queue(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(auto queue,
                         ctx.read([id](domain::ReadContext& r) { return cti::get_queue(r, id); }));
  Json body = render_queue(queue);
  if (cti::CallCenter* center = ctx.app().callcenter()) {
    if (auto snap = center->queue_snapshot(ctx.shop().shop, ctx.shop().zone, id); snap.ok()) {
      body["live"] = render_queue_snapshot(id, *snap);
    }
  }
  co_return ok(body);
}

awaitable<Response> put_queue(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_ASSIGN_OR_RETURN(auto input, read_queue_input(ctx.body()));
  GX_CO_RETURN_IF_ERROR(check_idle(ctx));
  auto job = [id, input](domain::WriteContext& w) { return cti::update_queue(w, id, input); };
  GX_CO_ASSIGN_OR_RETURN(auto queue, co_await ctx.write(job));
  GX_CO_RETURN_IF_ERROR(reload(ctx));
  co_return ok(render_queue(queue));
}

// ---- agents ---------------------------------------------------------------------------------

Json agent_json(RequestContext& ctx, const cti::AgentView& a) {
  Json j = render_agent(a, ctx.shop().zone);
  if (cti::CallCenter* center = ctx.app().callcenter()) {
    if (const auto live = center->agent_state(ctx.shop().shop.id, a.agent.id)) {
      j["state"] = callcenter::agent_state_name(*live);
    }
  }
  return j;
}

awaitable<Response> list_agents(RequestContext& ctx) {
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(auto agents,
                         ctx.read([](domain::ReadContext& r) { return cti::list_agents(r); }));
  Json items = Json::array();
  for (const auto& a : agents) items.push_back(agent_json(ctx, a));
  co_return ok(items_of(std::move(items)));
}

awaitable<Response> create_agent(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(auto input, read_agent_input(ctx.body()));
  GX_CO_RETURN_IF_ERROR(check_idle(ctx));
  auto job = [input](domain::WriteContext& w) { return cti::create_agent(w, input); };
  GX_CO_ASSIGN_OR_RETURN(auto agent, co_await ctx.write(job));
  GX_CO_RETURN_IF_ERROR(reload(ctx));
  co_return created(agent_json(ctx, agent), "/api/v1/agents/" + std::to_string(agent.agent.id));
}

awaitable<Response> get_agent(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(auto agent,
                         ctx.read([id](domain::ReadContext& r) { return cti::get_agent(r, id); }));
  co_return ok(agent_json(ctx, agent));
}

awaitable<Response> patch_agent(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_ASSIGN_OR_RETURN(auto input, read_agent_input(ctx.body()));
  GX_CO_RETURN_IF_ERROR(check_idle(ctx));
  auto job = [id, input](domain::WriteContext& w) { return cti::update_agent(w, id, input); };
  GX_CO_ASSIGN_OR_RETURN(auto agent, co_await ctx.write(job));
  GX_CO_RETURN_IF_ERROR(reload(ctx));
  co_await pick_queued_tickets(ctx);
  co_return ok(agent_json(ctx, agent));
}

// {"state": "available" | "break" | "offline" | …}: the agent's console logging
// in, out or taking a break; the same as a CTI agent_state event at the server's time.
awaitable<Response> post_agent_state(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_ASSIGN_OR_RETURN(cti::CallCenter * center, call_center(ctx));
  Json event = ctx.body();
  if (!event.is_object()) co_return problem_response(Status::invalid("the body must be an object"));
  event["type"] = "agent_state";
  event["agent_id"] = id;
  GX_CO_ASSIGN_OR_RETURN(auto input, cti::cti_event_from_json(event));
  const bool available = becomes_available(input);
  GX_CO_ASSIGN_OR_RETURN(auto applied, co_await apply_event(*center, ctx.shop(), std::move(input),
                                                            ctx.services().writes));
  if (available && !applied.duplicate) co_await pick_queued_tickets(ctx);
  Json body = render_applied(applied);
  if (const auto live = center->agent_state(ctx.shop().shop.id, id)) {
    body["state"] = callcenter::agent_state_name(*live);
  }
  co_return ok(body);
}

// The agent's screen: server-sent events (see agent_stream.hpp).
awaitable<Response> agent_events(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(cti::CallCenter * center, call_center(ctx));
  GX_CO_ASSIGN_OR_RETURN(auto agent,
                         ctx.read([id](domain::ReadContext& r) { return cti::get_agent(r, id); }));
  GX_CO_ASSIGN_OR_RETURN(store::Connection * reader, ctx.reader());
  GX_CO_ASSIGN_OR_RETURN(auto subscription, center->subscribe(ctx.shop().shop.id, id));
  Json hello = {{"agent_id", id}, {"name", agent.agent.name}};
  const auto live = center->agent_state(ctx.shop().shop.id, id);
  hello["state"] = live ? std::string(callcenter::agent_state_name(*live)) : agent.agent.state;
  Response r;
  r.content_type = "text/event-stream";
  r.stream = std::make_shared<AgentEventStream>(std::move(subscription), *reader, ctx.app().clock(),
                                                ctx.shop(), std::move(hello));
  co_return r;
}

// ---- CTI events -----------------------------------------------------------------------------

// One event from the telephony system (cti/event_json.hpp); 200 with the
// decisions (and `duplicate` for a retry).
awaitable<Response> post_cti_event(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(cti::CallCenter * center, call_center(ctx));
  GX_CO_ASSIGN_OR_RETURN(auto input, cti::cti_event_from_json(ctx.body()));
  const bool available = becomes_available(input);
  GX_CO_ASSIGN_OR_RETURN(auto applied, co_await apply_event(*center, ctx.shop(), std::move(input),
                                                            ctx.services().writes));
  if (available && !applied.duplicate) co_await pick_queued_tickets(ctx);
  co_return ok(render_applied(applied));
}

// ---- the call log and statistics -------------------------------------------------------------

std::optional<Timestamp> callcenter_time_param(QueryParams& qp, std::string_view name,
                                               Status& error) {
  const auto text = qp.string(name);
  if (!text) return std::nullopt;
  auto t = parse_iso8601(*text);
  if (!t.ok() && error.is_ok()) {
    Location loc;
    loc.field = "?" + std::string(name);
    error = Status::invalid("'" + std::string(name) + "' must be an ISO 8601 time", loc);
  }
  return t.ok() ? std::optional(*t) : std::nullopt;
}

// ?number= ?customer_id= ?agent_id= ?queue_id= ?outcome= ?direction= ?from= ?to=
// ?cursor= (from next_cursor) ?limit=1..1000 (default 50); newest first.
awaitable<Response> list_calls(RequestContext& ctx) {
  QueryParams qp(ctx.request().query());
  store::CallSearch s;
  Status bad;
  s.number = qp.string("number");
  s.customer_id = qp.int64("customer_id", 1, INT64_MAX);
  s.agent_id = qp.int64("agent_id", 1, INT64_MAX);
  s.queue_id = qp.int64("queue_id", 1, INT64_MAX);
  s.outcome = qp.one_of("outcome", {"waiting", "ringing", "talking", "answered", "abandoned",
                                    "callback", "not_reached", "lost"});
  s.direction = qp.one_of("direction", {"inbound", "outbound"});
  if (const auto from = callcenter_time_param(qp, "from", bad)) s.from = to_millis(*from);
  if (const auto to = callcenter_time_param(qp, "to", bad)) s.to = to_millis(*to);
  const auto cursor = qp.string("cursor");
  s.limit = static_cast<int>(qp.int64("limit", 1, kMaxPage).value_or(50));
  GX_CO_RETURN_IF_ERROR(qp.finish());
  GX_CO_RETURN_IF_ERROR(bad);
  if (cursor) {
    const auto dot = cursor->find('.');
    try {
      if (dot == std::string::npos) throw std::invalid_argument("cursor");
      s.before_offered_at = std::stoll(cursor->substr(0, dot));
      s.before_call_id = std::stoll(cursor->substr(dot + 1));
    } catch (const std::exception&) {
      Location loc;
      loc.field = "?cursor";
      co_return problem_response(Status::invalid("'cursor' is not a cursor of this list", loc));
    }
  }
  GX_CO_ASSIGN_OR_RETURN(
      auto calls, ctx.read([&s](domain::ReadContext& r) { return cti::search_calls(r, s); }));
  Json items = Json::array();
  for (const auto& c : calls) items.push_back(render_call(c, ctx.shop().zone));
  Json body = items_of(std::move(items));
  body["next_cursor"] = static_cast<int>(calls.size()) == s.limit
                            ? Json(std::to_string(calls.back().offered_at) + "." +
                                   std::to_string(calls.back().call_id))
                            : Json(nullptr);
  co_return ok(body);
}

awaitable<Response> get_call(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(auto call,
                         ctx.read([id](domain::ReadContext& r) { return cti::get_call(r, id); }));
  co_return ok(render_call_detail(call, ctx.shop().zone));
}

// ?from= ?to= (default: the shop-local day so far) ?interval=15min|hour|day.
awaitable<Response> call_stats(RequestContext& ctx) {
  QueryParams qp(ctx.request().query());
  Status bad;
  const auto from = callcenter_time_param(qp, "from", bad);
  const auto to = callcenter_time_param(qp, "to", bad);
  const auto interval = qp.one_of("interval", {"15min", "hour", "day"}).value_or("15min");
  GX_CO_RETURN_IF_ERROR(qp.finish());
  GX_CO_RETURN_IF_ERROR(bad);
  const Timestamp now = ctx.app().clock().now();
  const ShopZone& zone = ctx.shop().zone;
  const Timestamp end = to.value_or(now);
  const Timestamp start =
      from.value_or(zone.at_local(zone.local_day(end), std::chrono::minutes(0)));
  const std::chrono::minutes length(interval == "day" ? 1440 : interval == "hour" ? 60 : 15);
  auto stats =
      ctx.read([&](domain::ReadContext& r) { return cti::call_statistics(r, start, end, length); });
  if (!stats.ok()) {
    Status s = stats.status();
    if (s.code() == ErrorCode::kInvalidArgument && s.location().field.empty()) {
      Location loc;
      loc.field = "?to";
      s = s.with_location(loc);
    }
    co_return problem_response(s);
  }
  Json body = render_call_stats(*stats, zone);
  body["from"] = format_utc_iso8601(start);
  body["to"] = format_utc_iso8601(end);
  body["interval"] = interval;
  co_return ok(body);
}

// ---- IVR ---------------------------------------------------------------------------------------

awaitable<Response> get_ivr(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const std::string name, ctx.text_param("name"));
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(
      auto menu, ctx.read([&name](domain::ReadContext& r) { return cti::get_ivr_menu(r, name); }));
  co_return ok(menu);
}

awaitable<Response> put_ivr(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const std::string name, ctx.text_param("name"));
  const Json menu = ctx.body();
  auto job = [name, menu](domain::WriteContext& w) {
    return cti::put_ivr_menu(w, name, menu).status();
  };
  GX_CO_RETURN_IF_ERROR(co_await ctx.write(job));
  co_return ok(menu);
}

// Checks a menu without storing it: 200 {"valid": true} or the 400 naming the member.
awaitable<Response> validate_ivr(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(auto queues,
                         ctx.read([](domain::ReadContext& r) { return cti::list_queues(r); }));
  std::vector<callcenter::QueueId> ids;
  for (const auto& q : queues) ids.push_back(q.id);
  GX_CO_RETURN_IF_ERROR(callcenter::ivr_menu_from_json(ctx.body(), ids).status());
  co_return ok(Json{{"valid", true}});
}

// {"number": "13800138000", "digits": "12"}: where the caller ends up.
awaitable<Response> walk_ivr(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const std::string name, ctx.text_param("name"));
  if (!ctx.body().is_object()) {
    co_return problem_response(Status::invalid("the body must be a JSON object"));
  }
  JsonFields f(ctx.body());
  const std::string number = f.string("number", JsonFields::Need::kRequired).value_or("");
  const std::string digits = f.string("digits").value_or("");
  GX_CO_RETURN_IF_ERROR(f.finish());
  GX_CO_ASSIGN_OR_RETURN(auto outcome, ctx.read([&](domain::ReadContext& r) {
    return cti::walk_ivr_menu(r, name, number, digits);
  }));
  co_return ok(render_ivr_outcome(outcome));
}

// ---- outbound lists ----------------------------------------------------------------------------

awaitable<Response> list_outbound(RequestContext& ctx) {
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(
      auto lists, ctx.read([](domain::ReadContext& r) { return cti::list_outbound_lists(r); }));
  Json items = Json::array();
  for (auto& l : lists) items.push_back(render_outbound_list({std::move(l), {}}, false));
  co_return ok(items_of(std::move(items)));
}

// A list from explicit entries or from a segment's members (their phones);
// blended agents of the queue dial it within its allowed hours.
awaitable<Response> create_outbound(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(auto input, read_outbound_list_input(ctx.body()));
  if (input.segment_id) {
    GX_CO_ASSIGN_OR_RETURN(segment::SegmentEngine * engine, segment_engine(ctx));
    std::vector<int64_t> members;
    std::optional<int64_t> after;
    for (;;) {
      GX_CO_ASSIGN_OR_RETURN(
          auto page, engine->segment_members(ctx.shop().shop.id, *input.segment_id, after, 1000));
      if (page.ids.empty()) break;
      members.insert(members.end(), page.ids.begin(), page.ids.end());
      if (!page.next) break;
      after = page.next;
    }
    GX_CO_ASSIGN_OR_RETURN(input.entries, ctx.read([&members](domain::ReadContext& r) {
      return cti::entries_for_customers(r, members);
    }));
  }
  auto job = [input](domain::WriteContext& w) { return cti::create_outbound_list(w, input); };
  GX_CO_ASSIGN_OR_RETURN(auto list, co_await ctx.write(job));
  if (cti::CallCenter* center = ctx.app().callcenter()) {
    GX_CO_RETURN_IF_ERROR(
        center->add_outbound_list(ctx.shop().shop, ctx.shop().zone, list.list.id));
  }
  co_return created(render_outbound_list(list, false),
                    "/api/v1/outbound-lists/" + std::to_string(list.list.id));
}

awaitable<Response> get_outbound(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(
      auto list, ctx.read([id](domain::ReadContext& r) { return cti::get_outbound_list(r, id); }));
  co_return ok(render_outbound_list(list, true));
}

constexpr RouteSpec kCallCenterRoutes[] = {
    {Method::kGet, "/api/v1/settings/callcenter", "callcenter.read", get_callcenter_settings},
    {Method::kPut, "/api/v1/settings/callcenter", "settings.write", put_callcenter_settings,
     BodyKind::kJson},
    {Method::kGet, "/api/v1/queues", "callcenter.read", list_queues},
    {Method::kPost, "/api/v1/queues", "callcenter.write", create_queue, BodyKind::kJson},
    {Method::kGet, "/api/v1/queues/{id}", "callcenter.read", get_queue},
    {Method::kPut, "/api/v1/queues/{id}", "callcenter.write", put_queue, BodyKind::kJson},
    {Method::kGet, "/api/v1/agents", "callcenter.read", list_agents},
    {Method::kPost, "/api/v1/agents", "callcenter.write", create_agent, BodyKind::kJson},
    {Method::kGet, "/api/v1/agents/{id}", "callcenter.read", get_agent},
    {Method::kPatch, "/api/v1/agents/{id}", "callcenter.write", patch_agent, BodyKind::kJson},
    {Method::kPost, "/api/v1/agents/{id}/state", "callcenter.write", post_agent_state,
     BodyKind::kJson},
    {Method::kGet, "/api/v1/agents/{id}/events", "callcenter.read", agent_events},
    {Method::kPost, "/api/v1/cti/events", "cti.write", post_cti_event, BodyKind::kJson},
    {Method::kGet, "/api/v1/calls", "callcenter.read", list_calls},
    {Method::kGet, "/api/v1/calls/{id}", "callcenter.read", get_call},
    {Method::kGet, "/api/v1/callcenter/stats", "callcenter.read", call_stats},
    {Method::kPost, "/api/v1/ivr/validate", "callcenter.read", validate_ivr, BodyKind::kJson},
    {Method::kGet, "/api/v1/ivr/{name}", "callcenter.read", get_ivr},
    {Method::kPut, "/api/v1/ivr/{name}", "callcenter.write", put_ivr, BodyKind::kJson},
    {Method::kPost, "/api/v1/ivr/{name}/walk", "callcenter.read", walk_ivr, BodyKind::kJson},
    {Method::kGet, "/api/v1/outbound-lists", "callcenter.read", list_outbound},
    {Method::kPost, "/api/v1/outbound-lists", "callcenter.write", create_outbound, BodyKind::kJson},
    {Method::kGet, "/api/v1/outbound-lists/{id}", "callcenter.read", get_outbound},
};

}  // namespace

Status add_callcenter_routes(Router& router) {
  for (const RouteSpec& r : kCallCenterRoutes) GX_RETURN_IF_ERROR(router.add(r));
  return Status::ok();
}

}  // namespace guanxi::api::handlers
