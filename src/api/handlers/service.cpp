// The service desk: /api/v1/tickets (list, create, read, patch, status,
// assign, messages, events, interactions, CSAT), /api/v1/canned-responses,
// /api/v1/settings/service (SLA policies, business hours, types, skills),
// /api/v1/customers/{id}/interactions, /api/v1/tasks, /api/v1/analytics/service
// and the public CSAT survey page /api/v1/csat/{token}.
// Permissions: tickets.read / tickets.write, tasks.read / tasks.write,
// notes.read / notes.write (interactions), settings.read / settings.write,
// analytics.read.
#include <string>

#include "api/handlers/common.hpp"
#include "api/handlers/html.hpp"
#include "api/handlers/routes.hpp"
#include "api/input_fields.hpp"
#include "api/render.hpp"
#include "api/render_service.hpp"
#include "api/service_input.hpp"
#include "api/url.hpp"
#include "channel/http_transport.hpp"
#include "service/canned.hpp"
#include "service/csat.hpp"
#include "service/interactions.hpp"
#include "service/reports.hpp"
#include "service/settings.hpp"
#include "service/tasks.hpp"
#include "service/tickets.hpp"

namespace guanxi::api::handlers {

namespace {

std::string ticket_location(int64_t id) {
  return "/api/v1/tickets/" + std::to_string(id);
}

std::optional<Timestamp> service_time_param(QueryParams& qp, std::string_view name, Status& error) {
  const auto text = qp.string(name);
  if (!text) return std::nullopt;
  auto t = parse_iso8601(*text);
  if (!t.ok() && error.is_ok()) {
    Location loc;
    loc.field = "?" + std::string(name);
    error = Status::invalid(std::string(name) + " must be an ISO 8601 instant", loc);
  }
  return t.ok() ? std::optional<Timestamp>(*t) : std::nullopt;
}

// ---- tickets ---------------------------------------------------------------------

// ?status=open,waiting_customer&assignee=&priority=&type=&channel=&customer=
// &sla=at_risk&q=&sort=id|updated|priority|due&cursor=&limit=1..500
awaitable<Response> list_tickets(RequestContext& ctx) {
  QueryParams qp(ctx.request().query());
  service::TicketQuery q;
  q.statuses = split_list(qp.string("status"));
  q.assignee = qp.int64("assignee", 0, INT64_MAX);
  q.priority = qp.string("priority");
  q.type = qp.string("type");
  q.channel = qp.string("channel");
  q.customer = qp.int64("customer", 1, INT64_MAX);
  q.sla_states = split_list(qp.string("sla"));
  q.q = qp.string("q").value_or("");
  q.sort = qp.one_of("sort", {"id", "updated", "priority", "due"}).value_or("id");
  q.cursor = qp.string("cursor").value_or("");
  q.limit = static_cast<int>(qp.int64("limit", 1, 500).value_or(50));
  GX_CO_RETURN_IF_ERROR(qp.finish());
  GX_CO_ASSIGN_OR_RETURN(
      auto page, ctx.read([&](domain::ReadContext& r) { return service::list_tickets(r, q); }));
  Json items = Json::array();
  for (const auto& t : page.tickets) items.push_back(render_ticket(t, zone_of(ctx)));
  Json body = items_of(std::move(items));
  body["next_cursor"] = page.next_cursor.empty() ? Json(nullptr) : Json(page.next_cursor);
  co_return ok(body);
}

awaitable<Response> create_ticket(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(auto input, read_ticket_input(ctx.body()));
  auto job = [input = std::move(input)](domain::WriteContext& w) {
    return service::create_ticket(w, input);
  };
  GX_CO_ASSIGN_OR_RETURN(auto ticket, co_await ctx.write(job));
  co_return created(render_ticket(ticket, zone_of(ctx)), ticket_location(ticket.id));
}

awaitable<Response> get_ticket(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(
      auto ticket, ctx.read([id](domain::ReadContext& r) { return service::get_ticket(r, id); }));
  co_return ok(render_ticket(ticket, zone_of(ctx)));
}

awaitable<Response> patch_ticket(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_ASSIGN_OR_RETURN(auto patch, read_ticket_patch(ctx.body()));
  auto job = [id, patch = std::move(patch)](domain::WriteContext& w) {
    return service::update_ticket(w, id, patch);
  };
  GX_CO_ASSIGN_OR_RETURN(auto ticket, co_await ctx.write(job));
  co_return ok(render_ticket(ticket, zone_of(ctx)));
}

// {"status": "...", "comment": "..."}. A move the workflow forbids is a 409
// whose problem document also carries current_status and allowed.
awaitable<Response> post_status(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  JsonFields f(ctx.body());
  const auto to = detail::parsed_member<service::TicketStatus>(
      f, "status", [](std::string_view t) { return service::parse_ticket_status(t); },
      JsonFields::Need::kRequired);
  const std::string comment = f.string("comment").value_or("");
  GX_CO_RETURN_IF_ERROR(f.finish());
  auto job = [id, to = *to, comment](domain::WriteContext& w) {
    return service::change_status(w, id, to, comment);
  };
  auto moved = co_await ctx.write(job);
  if (moved.ok()) co_return ok(render_ticket(*moved, zone_of(ctx)));
  if (moved.status().code() != ErrorCode::kConflict) co_return problem_response(moved.status());
  Json doc = problem_json(moved.status());
  auto current = ctx.read([id](domain::ReadContext& r) { return service::get_ticket(r, id); });
  if (current.ok()) {
    doc["current_status"] = service::ticket_status_name(current->status);
    auto settings = ctx.read(
        [](domain::ReadContext& r) { return service::load_service_settings(r.db, r.shop.id); });
    Json allowed = Json::array();
    if (settings.ok()) {
      for (auto s :
           service::allowed_transitions(current->status, settings->closing_requires_resolved)) {
        allowed.push_back(service::ticket_status_name(s));
      }
    }
    doc["allowed"] = allowed;
  }
  doc["requested_status"] = service::ticket_status_name(*to);
  Response r = json_response(409, doc);
  r.content_type = "application/problem+json";
  co_return r;
}

// {"agent_id": 7} (manual) or {} (automatic: dedicated CSR / least loaded).
awaitable<Response> post_assign(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  JsonFields f(ctx.body());
  const auto agent = detail::id_member(f, "agent_id");
  GX_CO_RETURN_IF_ERROR(f.finish());
  auto job = [id, agent](domain::WriteContext& w) { return service::assign_ticket(w, id, agent); };
  GX_CO_ASSIGN_OR_RETURN(auto ticket, co_await ctx.write(job));
  co_return ok(render_ticket(ticket, zone_of(ctx)));
}

awaitable<Response> post_message(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_ASSIGN_OR_RETURN(auto input, read_message_input(ctx.body()));
  auto job = [id, input = std::move(input)](domain::WriteContext& w) {
    return service::add_message(w, id, input);
  };
  GX_CO_ASSIGN_OR_RETURN(auto ticket, co_await ctx.write(job));
  co_return created(render_ticket(ticket, zone_of(ctx)), ticket_location(id) + "/events");
}

awaitable<Response> list_events(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(auto events, ctx.read([id](domain::ReadContext& r) {
    return service::ticket_events(r, id);
  }));
  Json items = Json::array();
  for (const auto& e : events) items.push_back(render_ticket_event(e, zone_of(ctx)));
  co_return ok(items_of(std::move(items)));
}

awaitable<Response> ticket_interactions(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(auto notes, ctx.read([id](domain::ReadContext& r) {
    return service::ticket_interactions(r, id);
  }));
  Json items = Json::array();
  for (const auto& n : notes) items.push_back(render_note(n, zone_of(ctx)));
  co_return ok(items_of(std::move(items)));
}

awaitable<Response> get_ticket_csat(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(
      auto survey, ctx.read([id](domain::ReadContext& r) { return service::latest_csat(r, id); }));
  co_return ok(survey ? render_csat(*survey, zone_of(ctx)) : Json(nullptr));
}

// A score taken by an agent: {"score": 1-5, "comment": "", "source": "phone"}.
awaitable<Response> post_ticket_csat(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  JsonFields f(ctx.body());
  const int64_t score = f.int64("score", JsonFields::Need::kRequired).value_or(0);
  const std::string comment = f.string("comment").value_or("");
  const std::string source = f.string("source").value_or("phone");
  GX_CO_RETURN_IF_ERROR(f.finish());
  if (source != "phone" && source != "visit" && source != "api") {
    Location loc;
    loc.field = "/source";
    co_return problem_response(Status::invalid("source must be phone, visit or api", loc));
  }
  auto job = [id, score, comment, source](domain::WriteContext& w) {
    return service::record_csat(w, id, score, comment, source);
  };
  GX_CO_ASSIGN_OR_RETURN(auto survey, co_await ctx.write(job));
  co_return ok(render_csat(survey, zone_of(ctx)));
}

// ---- canned responses -----------------------------------------------------------

awaitable<Response> list_canned(RequestContext& ctx) {
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(auto list, ctx.read([](domain::ReadContext& r) {
    return service::list_canned_responses(r);
  }));
  Json items = Json::array();
  for (const auto& c : list) items.push_back(render_canned_response(c));
  co_return ok(items_of(std::move(items)));
}

awaitable<Response> create_canned(RequestContext& ctx) {
  JsonFields f(ctx.body());
  const std::string name = f.string("name", JsonFields::Need::kRequired).value_or("");
  const std::string text = f.string("body", JsonFields::Need::kRequired).value_or("");
  GX_CO_RETURN_IF_ERROR(f.finish());
  auto job = [name, text](domain::WriteContext& w) {
    return service::create_canned_response(w, name, text);
  };
  GX_CO_ASSIGN_OR_RETURN(auto c, co_await ctx.write(job));
  co_return created(render_canned_response(c), "/api/v1/canned-responses/" + std::to_string(c.id));
}

awaitable<Response> patch_canned(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  JsonFields f(ctx.body());
  const auto name = f.string("name");
  const auto text = f.string("body");
  GX_CO_RETURN_IF_ERROR(f.finish());
  auto job = [id, name, text](domain::WriteContext& w) {
    return service::update_canned_response(w, id, name, text);
  };
  GX_CO_ASSIGN_OR_RETURN(auto c, co_await ctx.write(job));
  co_return ok(render_canned_response(c));
}

awaitable<Response> delete_canned(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  auto job = [id](domain::WriteContext& w) { return service::delete_canned_response(w, id); };
  GX_CO_RETURN_IF_ERROR(co_await ctx.write(job));
  co_return no_content();
}

// ---- settings ------------------------------------------------------------------------

awaitable<Response> get_service_settings(RequestContext& ctx) {
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(auto s, ctx.read([](domain::ReadContext& r) {
    return service::load_service_settings(r.db, r.shop.id);
  }));
  co_return ok(service::service_settings_to_json(s));
}

// The complete settings; absent members take the defaults. Errors name the member.
awaitable<Response> put_service_settings(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(auto s, service::service_settings_from_json(ctx.body()));
  auto job = [s](domain::WriteContext& w) { return service::save_service_settings(w, s); };
  GX_CO_RETURN_IF_ERROR(co_await ctx.write(job));
  co_return ok(service::service_settings_to_json(s));
}

// ---- interactions --------------------------------------------------------------------

awaitable<Response> list_interactions(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  QueryParams qp(ctx.request().query());
  const int limit = static_cast<int>(qp.int64("limit", 1, 500).value_or(50));
  GX_CO_RETURN_IF_ERROR(qp.finish());
  GX_CO_ASSIGN_OR_RETURN(auto notes, ctx.read([&](domain::ReadContext& r) {
    return service::list_interactions(r, id, limit);
  }));
  Json items = Json::array();
  for (const auto& n : notes) items.push_back(render_note(n, zone_of(ctx)));
  co_return ok(items_of(std::move(items)));
}

awaitable<Response> post_interaction(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_ASSIGN_OR_RETURN(auto input, read_interaction_input(ctx.body()));
  auto job = [id, input = std::move(input)](domain::WriteContext& w) {
    return service::log_interaction(w, id, input);
  };
  GX_CO_ASSIGN_OR_RETURN(auto logged, co_await ctx.write(job));
  Json body = render_note(logged.note, zone_of(ctx));
  body["follow_up_task_id"] = optional_value(logged.task_id);
  co_return created(body, "/api/v1/customers/" + std::to_string(id) + "/interactions");
}

// ---- tasks ------------------------------------------------------------------------------

// ?status=&assignee=&customer=&ticket=&due_before=&after=&limit=
awaitable<Response> list_tasks(RequestContext& ctx) {
  QueryParams qp(ctx.request().query());
  service::TaskQuery q;
  q.status = qp.one_of("status", {"open", "done", "cancelled"});
  q.assignee_user_id = qp.int64("assignee", 1, INT64_MAX);
  q.customer_id = qp.int64("customer", 1, INT64_MAX);
  q.ticket_id = qp.int64("ticket", 1, INT64_MAX);
  Status bad;
  q.due_before = service_time_param(qp, "due_before", bad);
  q.after_id = qp.int64("after", 1, INT64_MAX);
  q.limit = static_cast<int>(qp.int64("limit", 1, 500).value_or(50));
  GX_CO_RETURN_IF_ERROR(qp.finish());
  GX_CO_RETURN_IF_ERROR(bad);
  GX_CO_ASSIGN_OR_RETURN(
      auto tasks, ctx.read([&](domain::ReadContext& r) { return service::list_tasks(r, q); }));
  Json items = Json::array();
  for (const auto& t : tasks) items.push_back(render_task(t, zone_of(ctx)));
  Json body = items_of(std::move(items));
  body["next_after"] =
      static_cast<int>(tasks.size()) == q.limit ? Json(tasks.back().id) : Json(nullptr);
  co_return ok(body);
}

awaitable<Response> create_task(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(auto input, read_task_input(ctx.body()));
  auto job = [input = std::move(input)](domain::WriteContext& w) {
    return service::create_task(w, input);
  };
  GX_CO_ASSIGN_OR_RETURN(auto task, co_await ctx.write(job));
  co_return created(render_task(task, zone_of(ctx)), "/api/v1/tasks/" + std::to_string(task.id));
}

awaitable<Response> get_task(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(
      auto task, ctx.read([id](domain::ReadContext& r) { return service::get_task(r, id); }));
  co_return ok(render_task(task, zone_of(ctx)));
}

awaitable<Response> patch_task(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_ASSIGN_OR_RETURN(auto patch, read_task_patch(ctx.body()));
  auto job = [id, patch = std::move(patch)](domain::WriteContext& w) {
    return service::update_task(w, id, patch);
  };
  GX_CO_ASSIGN_OR_RETURN(auto task, co_await ctx.write(job));
  co_return ok(render_task(task, zone_of(ctx)));
}

// ---- the report --------------------------------------------------------------------

// ?from=&to= (ISO 8601; default: the last 30 days), ?agent=, ?group_by=agent|day|week|month
awaitable<Response> service_report(RequestContext& ctx) {
  QueryParams qp(ctx.request().query());
  Status bad;
  service::ReportQuery q;
  const Timestamp now = ctx.app().clock().now();
  q.to = service_time_param(qp, "to", bad).value_or(now);
  q.from = service_time_param(qp, "from", bad).value_or(q.to - std::chrono::hours(24 * 30));
  q.agent = qp.int64("agent", 1, INT64_MAX);
  q.group_by = qp.one_of("group_by", {"agent", "day", "week", "month"}).value_or("");
  GX_CO_RETURN_IF_ERROR(qp.finish());
  GX_CO_RETURN_IF_ERROR(bad);
  GX_CO_ASSIGN_OR_RETURN(
      auto report, ctx.read([&](domain::ReadContext& r) { return service::service_report(r, q); }));
  co_return ok(render_service_report(report, zone_of(ctx)));
}

// ---- the public CSAT survey ------------------------------------------------------------

Response survey_invalid() {
  return html_page(404, "满意度调查 Survey",
                   "<h1>链接无效</h1><p>This survey link is not valid.</p>");
}

// GET without a score shows the five scores (links that come back here with
// ?score=N and a comment box); GET with a score shows a confirm button (a GET
// never records: link scanners follow links); the POST records, once.
awaitable<Response> csat_page(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const std::string token, ctx.text_param("token"));
  QueryParams qp(ctx.request().query());
  const auto score = qp.int64("score", 1, 5);
  const std::string comment = qp.string("comment").value_or("");
  if (!qp.finish().is_ok()) co_return survey_invalid();
  GX_CO_ASSIGN_OR_RETURN(store::Connection * conn, ctx.reader());
  auto survey = service::csat_by_token(*conn, token);
  if (!survey.ok()) co_return survey_invalid();
  if (survey->score) {
    co_return html_page(200, "满意度调查 Survey",
                        "<h1>感谢您的评价</h1><p>您已评分 " + std::to_string(*survey->score) +
                            " 分。Thank you for your feedback.</p>");
  }
  if (!score) {
    std::string body =
        "<h1>请为本次服务打分</h1><p>Please rate our service (5 = very satisfied).</p>"
        "<form method=\"get\"><p>";
    for (int s = 5; s >= 1; --s) {
      body += "<label><input type=\"radio\" name=\"score\" value=\"" + std::to_string(s) + "\"" +
              (s == 5 ? " checked" : "") + "> " + std::to_string(s) + "</label> ";
    }
    body +=
        "</p><p><textarea name=\"comment\" rows=\"3\" cols=\"30\" maxlength=\"500\" "
        "placeholder=\"意见 Comment\"></textarea></p><button type=\"submit\">下一步 Next</button>"
        "</form>";
    co_return html_page(200, "满意度调查 Survey", body);
  }
  co_return html_page(
      200, "满意度调查 Survey",
      "<h1>确认评分 " + std::to_string(*score) + " 分？</h1><p>" + html_escape(comment) +
          "</p><form method=\"post\" action=\"?score=" + std::to_string(*score) +
          "&amp;comment=" + html_escape(channel::HttpTransport::url_encode(comment)) +
          "\"><button type=\"submit\">提交 Submit</button></form>");
}

// ?score=1..5&comment=… : records the answer; a second answer is a 409.
awaitable<Response> csat_post(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const std::string token, ctx.text_param("token"));
  QueryParams qp(ctx.request().query());
  const auto score = qp.int64("score", 1, 5);
  const std::string comment = qp.string("comment").value_or("");
  GX_CO_RETURN_IF_ERROR(qp.finish());
  if (!score) {
    Location loc;
    loc.field = "?score";
    co_return problem_response(Status::invalid("score (1-5) is required", loc));
  }
  GX_CO_ASSIGN_OR_RETURN(store::Connection * conn, ctx.reader());
  auto survey = service::csat_by_token(*conn, token);
  if (!survey.ok()) co_return survey_invalid();
  GX_CO_ASSIGN_OR_RETURN(const LoadedShop* shop, ctx.app().shop(survey->shop_id, *conn));
  auto job = [token, s = *score, comment](domain::WriteContext& w) {
    return service::answer_csat(w, token, s, comment, "link");
  };
  auto done = co_await ctx.write_for(*shop, "csat-link", job);
  if (!done.ok()) co_return problem_response(done.status());
  co_return html_page(200, "满意度调查 Survey",
                      "<h1>感谢您的评价</h1><p>Thank you for your feedback.</p>");
}

constexpr RouteSpec kServiceRoutes[] = {
    {Method::kGet, "/api/v1/tickets", "tickets.read", list_tickets},
    {Method::kPost, "/api/v1/tickets", "tickets.write", create_ticket, BodyKind::kJson},
    {Method::kGet, "/api/v1/tickets/{id}", "tickets.read", get_ticket},
    {Method::kPatch, "/api/v1/tickets/{id}", "tickets.write", patch_ticket, BodyKind::kJson},
    {Method::kPost, "/api/v1/tickets/{id}/status", "tickets.write", post_status, BodyKind::kJson},
    {Method::kPost, "/api/v1/tickets/{id}/assign", "tickets.write", post_assign, BodyKind::kJson},
    {Method::kPost, "/api/v1/tickets/{id}/messages", "tickets.write", post_message,
     BodyKind::kJson},
    {Method::kGet, "/api/v1/tickets/{id}/events", "tickets.read", list_events},
    {Method::kGet, "/api/v1/tickets/{id}/interactions", "tickets.read", ticket_interactions},
    {Method::kGet, "/api/v1/tickets/{id}/csat", "tickets.read", get_ticket_csat},
    {Method::kPost, "/api/v1/tickets/{id}/csat", "tickets.write", post_ticket_csat,
     BodyKind::kJson},
    {Method::kGet, "/api/v1/canned-responses", "tickets.read", list_canned},
    {Method::kPost, "/api/v1/canned-responses", "tickets.write", create_canned, BodyKind::kJson},
    {Method::kPatch, "/api/v1/canned-responses/{id}", "tickets.write", patch_canned,
     BodyKind::kJson},
    {Method::kDelete, "/api/v1/canned-responses/{id}", "tickets.write", delete_canned},
    {Method::kGet, "/api/v1/settings/service", "settings.read", get_service_settings},
    {Method::kPut, "/api/v1/settings/service", "settings.write", put_service_settings,
     BodyKind::kJson},
    {Method::kGet, "/api/v1/customers/{id}/interactions", "notes.read", list_interactions},
    {Method::kPost, "/api/v1/customers/{id}/interactions", "notes.write", post_interaction,
     BodyKind::kJson},
    {Method::kGet, "/api/v1/tasks", "tasks.read", list_tasks},
    {Method::kPost, "/api/v1/tasks", "tasks.write", create_task, BodyKind::kJson},
    {Method::kGet, "/api/v1/tasks/{id}", "tasks.read", get_task},
    {Method::kPatch, "/api/v1/tasks/{id}", "tasks.write", patch_task, BodyKind::kJson},
    {Method::kGet, "/api/v1/analytics/service", "analytics.read", service_report},
    {Method::kGet, "/api/v1/csat/{token}", kPublic, csat_page},
    {Method::kPost, "/api/v1/csat/{token}", kPublic, csat_post},
};

}  // namespace

Status add_service_routes(Router& router) {
  for (const RouteSpec& r : kServiceRoutes) GX_RETURN_IF_ERROR(router.add(r));
  return Status::ok();
}

}  // namespace guanxi::api::handlers
