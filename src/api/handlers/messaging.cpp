// Messaging: message templates (/api/v1/message-templates, preview per
// customer, SMS length), the outbox log (/api/v1/messages, a customer's
// messages and journeys), the suppression list, the shop's care settings
// (guardrails and providers; secrets masked) and holidays, the provider
// callbacks (inbound SMS replies, delivery receipts) and the public
// unsubscribe page and one-click endpoint (RFC 8058) behind every email's
// List-Unsubscribe link. Permissions: templates.read / templates.write,
// messages.read / messages.write, settings.write, channels.callback.
#include <chrono>
#include <string>

#include "api/handlers/common.hpp"
#include "api/handlers/html.hpp"
#include "api/handlers/routes.hpp"
#include "api/render_care.hpp"
#include "api/url.hpp"
#include "calendar/holiday.hpp"
#include "calendar/holiday_json.hpp"
#include "journey/dates.hpp"
#include "outbox/feedback.hpp"
#include "outbox/outbox.hpp"
#include "outbox/settings.hpp"
#include "outbox/templates.hpp"
#include "store/journey_table.hpp"
#include "store/outbox_table.hpp"
#include "store/settings_table.hpp"

namespace guanxi::api::handlers {

namespace {

std::string template_location(int64_t id) {
  return "/api/v1/message-templates/" + std::to_string(id);
}

Result<store::TemplateRecord> read_template(domain::ReadContext& r, int64_t id) {
  GX_ASSIGN_OR_RETURN(auto t, store::find_template(r.db, r.shop.id, id));
  if (!t) return Status::not_found("message template " + std::to_string(id) + " does not exist");
  return *t;
}

// ---- message templates --------------------------------------------------------------

awaitable<Response> list_templates(RequestContext& ctx) {
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(auto templates, ctx.read([](domain::ReadContext& r) {
    return store::list_templates(r.db, r.shop.id);
  }));
  Json items = Json::array();
  for (const auto& t : templates) items.push_back(outbox::render_template_record(t));
  co_return ok(items_of(std::move(items)));
}

awaitable<Response> create_template(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(auto in, outbox::template_input_from_json(ctx.body()));
  auto job = [in = std::move(in)](domain::WriteContext& w) {
    return outbox::create_template(w, in);
  };
  GX_CO_ASSIGN_OR_RETURN(auto t, co_await ctx.write(job));
  co_return created(outbox::render_template_record(t), template_location(t.id));
}

awaitable<Response> get_template(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(auto t,
                         ctx.read([id](domain::ReadContext& r) { return read_template(r, id); }));
  co_return ok(outbox::render_template_record(t));
}

awaitable<Response> put_template(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_ASSIGN_OR_RETURN(auto in, outbox::template_input_from_json(ctx.body()));
  auto job = [id, in = std::move(in)](domain::WriteContext& w) {
    return outbox::update_template(w, id, in);
  };
  GX_CO_ASSIGN_OR_RETURN(auto t, co_await ctx.write(job));
  co_return ok(outbox::render_template_record(t));
}

awaitable<Response> delete_template(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  auto job = [id](domain::WriteContext& w) -> Status {
    GX_ASSIGN_OR_RETURN(bool removed, store::delete_template(w.db, w.shop.id, id));
    if (!removed)
      return Status::not_found("message template " + std::to_string(id) + " does not exist");
    return Status::ok();
  };
  GX_CO_RETURN_IF_ERROR(co_await ctx.write(job));
  co_return no_content();
}

// {"customer_id": id, "vars"?: {...}}: the template rendered for that customer.
awaitable<Response> preview_template(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  JsonFields f(ctx.body());
  const auto customer = f.int64("customer_id", JsonFields::Need::kRequired);
  const Json* vars = f.object("vars");
  GX_CO_RETURN_IF_ERROR(f.finish());
  const Json extra = vars != nullptr ? *vars : Json::object();
  GX_CO_ASSIGN_OR_RETURN(auto preview, ctx.read([&](domain::ReadContext& r) -> Result<Json> {
    GX_ASSIGN_OR_RETURN(auto t, read_template(r, id));
    return outbox::preview_template(r, t, *customer, extra);
  }));
  co_return ok(preview);
}

// {"text": "..."}: characters, encoding and segments of an SMS (70 per single
// GSM-UCS2 message, 67 per part when concatenated).
awaitable<Response> sms_length(RequestContext& ctx) {
  JsonFields f(ctx.body());
  const auto text = f.string("text", JsonFields::Need::kRequired);
  GX_CO_RETURN_IF_ERROR(f.finish());
  co_return ok(outbox::sms_length_json(*text));
}

// ---- the outbox log -----------------------------------------------------------------

// ?status=, ?source=journey|campaign|api, ?source_id=, ?cursor= (from
// next_cursor), ?limit=1..1000 (default 100); newest first.
awaitable<Response> list_messages(RequestContext& ctx) {
  QueryParams qp(ctx.request().query());
  const auto status = qp.one_of("status", {"queued", "held", "sending", "sent", "delivered",
                                           "failed", "dead", "suppressed", "cancelled"});
  const auto source = qp.one_of("source", {"journey", "campaign", "api"});
  const auto source_id = qp.int64("source_id", 1, INT64_MAX);
  const auto cursor = qp.int64("cursor", 1, INT64_MAX);
  const int limit = static_cast<int>(qp.int64("limit", 1, kMaxPage).value_or(100));
  GX_CO_RETURN_IF_ERROR(qp.finish());
  GX_CO_ASSIGN_OR_RETURN(auto messages, ctx.read([&](domain::ReadContext& r) {
    return store::list_messages(r.db, r.shop.id, status.value_or(""), source.value_or(""),
                                source_id, cursor, limit);
  }));
  Json items = Json::array();
  for (const auto& m : messages) items.push_back(render_message(m, zone_of(ctx), false));
  Json body = items_of(std::move(items));
  body["next_cursor"] =
      static_cast<int>(messages.size()) == limit ? Json(messages.back().id) : Json(nullptr);
  co_return ok(body);
}

awaitable<Response> get_message(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(
      auto m, ctx.read([id](domain::ReadContext& r) -> Result<store::MessageRecord> {
        GX_ASSIGN_OR_RETURN(auto found, store::find_message(r.db, id));
        if (!found || found->shop_id != r.shop.id)
          return Status::not_found("message " + std::to_string(id) + " does not exist");
        return *found;
      }));
  co_return ok(render_message(m, zone_of(ctx), true));
}

// Puts a dead or failed message back in the queue (409 for any other status).
awaitable<Response> retry_message(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  auto job = [id](domain::WriteContext& w) { return outbox::retry_message(w, id); };
  GX_CO_ASSIGN_OR_RETURN(auto m, co_await ctx.write(job));
  co_return ok(render_message(m, zone_of(ctx), true));
}

// A customer's messages, newest first, with their text: ?limit=1..1000 (default 50).
awaitable<Response> customer_messages(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  QueryParams qp(ctx.request().query());
  const int limit = static_cast<int>(qp.int64("limit", 1, kMaxPage).value_or(50));
  GX_CO_RETURN_IF_ERROR(qp.finish());
  GX_CO_ASSIGN_OR_RETURN(auto messages, ctx.read([&](domain::ReadContext& r) {
    return store::customer_messages(r.db, r.shop.id, id, limit);
  }));
  Json items = Json::array();
  for (const auto& m : messages) items.push_back(render_message(m, zone_of(ctx), true));
  co_return ok(items_of(std::move(items)));
}

// A customer's journey runs, newest first: ?status=, ?limit=1..1000 (default 50).
awaitable<Response> customer_journeys(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const int64_t id, ctx.id_param("id"));
  QueryParams qp(ctx.request().query());
  const auto status = qp.one_of("status", {"waiting", "done", "exited", "failed"});
  const int limit = static_cast<int>(qp.int64("limit", 1, kMaxPage).value_or(50));
  GX_CO_RETURN_IF_ERROR(qp.finish());
  GX_CO_ASSIGN_OR_RETURN(auto runs, ctx.read([&](domain::ReadContext& r) {
    return store::customer_journey_runs(r.db, id, status.value_or(""), limit);
  }));
  Json items = Json::array();
  for (const auto& run : runs) {
    if (run.shop_id == ctx.shop().shop.id) items.push_back(render_journey_run(run, zone_of(ctx)));
  }
  co_return ok(items_of(std::move(items)));
}

// ---- suppressions -------------------------------------------------------------------

// ?channel=, ?offset=, ?limit=1..1000 (default 100)
awaitable<Response> list_suppressions(RequestContext& ctx) {
  QueryParams qp(ctx.request().query());
  const auto channel = qp.one_of("channel", {"sms", "email", "wechat", "webhook"});
  const int offset = static_cast<int>(qp.int64("offset", 0, 10'000'000).value_or(0));
  const int limit = static_cast<int>(qp.int64("limit", 1, kMaxPage).value_or(100));
  GX_CO_RETURN_IF_ERROR(qp.finish());
  GX_CO_ASSIGN_OR_RETURN(auto list, ctx.read([&](domain::ReadContext& r) {
    return store::list_suppressions(r.db, r.shop.id, channel.value_or(""), limit, offset);
  }));
  Json items = Json::array();
  for (const auto& s : list) items.push_back(render_suppression(s, zone_of(ctx)));
  co_return ok(items_of(std::move(items)));
}

struct SuppressionBody {
  std::string channel;
  std::string address;
  std::string reason;
};

Result<SuppressionBody> read_suppression(const Json& body, bool with_reason) {
  JsonFields f(body);
  SuppressionBody out;
  out.channel = f.string("channel", JsonFields::Need::kRequired).value_or("");
  out.address = f.string("address", JsonFields::Need::kRequired).value_or("");
  if (with_reason) out.reason = f.string("reason").value_or("manual");
  GX_RETURN_IF_ERROR(f.finish());
  return out;
}

// {"channel", "address", "reason"?}: 201 when added, 200 when already listed.
awaitable<Response> add_suppression(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(auto in, read_suppression(ctx.body(), true));
  auto job = [in](domain::WriteContext& w) {
    return outbox::add_suppression(w, in.channel, in.address, in.reason);
  };
  GX_CO_ASSIGN_OR_RETURN(bool added, co_await ctx.write(job));
  GX_CO_ASSIGN_OR_RETURN(auto address, outbox::normalize_address(in.channel, in.address));
  Json body = {{"channel", in.channel}, {"address", address}, {"added", added}};
  co_return added ? created(body, "/api/v1/suppressions") : ok(body);
}

// {"channel", "address"}: takes the address off the list (consent is not changed).
awaitable<Response> remove_suppression(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(auto in, read_suppression(ctx.body(), false));
  auto job = [in](domain::WriteContext& w) {
    return outbox::remove_suppression(w, in.channel, in.address);
  };
  GX_CO_ASSIGN_OR_RETURN(bool removed, co_await ctx.write(job));
  co_return ok(Json{{"removed", removed}});
}

// ---- settings ---------------------------------------------------------------------

awaitable<Response> get_care_settings(RequestContext& ctx) {
  GX_CO_RETURN_IF_ERROR(QueryParams(ctx.request().query()).finish());
  GX_CO_ASSIGN_OR_RETURN(auto settings, ctx.read([](domain::ReadContext& r) {
    return outbox::load_care_settings(r.db, r.shop.id);
  }));
  co_return ok(mask_provider_secrets(outbox::care_settings_to_json(settings)));
}

// The whole settings document; a secret sent back as "********" keeps its stored value.
awaitable<Response> put_care_settings(RequestContext& ctx) {
  auto job = [incoming = ctx.body()](domain::WriteContext& w) mutable -> Result<Json> {
    GX_ASSIGN_OR_RETURN(auto stored, outbox::load_care_settings(w.db, w.shop.id));
    restore_provider_secrets(incoming, outbox::care_settings_to_json(stored));
    GX_ASSIGN_OR_RETURN(auto settings, outbox::care_settings_from_json(incoming));
    GX_RETURN_IF_ERROR(
        outbox::save_care_settings(w.db, w.shop.id, settings, to_millis(w.clock.now())));
    return outbox::care_settings_to_json(settings);
  };
  GX_CO_ASSIGN_OR_RETURN(Json saved, co_await ctx.write(job));
  co_return ok(mask_provider_secrets(std::move(saved)));
}

// The built-in holidays, the shop's own, and every occurrence in ?year= (default this year).
awaitable<Response> get_holidays(RequestContext& ctx) {
  QueryParams qp(ctx.request().query());
  const int year = static_cast<int>(
      qp.int64("year", 1901, 2100)
          .value_or(static_cast<int64_t>(zone_of(ctx).local_date(ctx.app().clock().now()).year)));
  GX_CO_RETURN_IF_ERROR(qp.finish());
  GX_CO_ASSIGN_OR_RETURN(Json shop_json, ctx.read([](domain::ReadContext& r) {
    return journey::shop_holidays_json(r.db, r.shop.id);
  }));
  GX_CO_ASSIGN_OR_RETURN(auto shop_holidays, calendar::holidays_from_json(shop_json));
  const auto from = date::sys_days(date::year(year) / 1 / 1);
  const auto to = date::sys_days(date::year(year) / 12 / 31);
  Json occurrences = Json::array();
  for (const auto& o : calendar::holidays_between(from, to, shop_holidays)) {
    occurrences.push_back({{"date", date::format("%F", o.day)},
                           {"key", o.holiday.key},
                           {"name_zh", o.holiday.name_zh},
                           {"name_en", o.holiday.name_en}});
  }
  co_return ok(Json{{"builtin", calendar::holidays_to_json(calendar::builtin_holidays())},
                    {"shop", shop_json},
                    {"year", year},
                    {"occurrences", std::move(occurrences)}});
}

// {"holidays": [{"key", "name_zh", "name_en", "rule", "month", "day", ...}]}
awaitable<Response> put_holidays(RequestContext& ctx) {
  JsonFields f(ctx.body());
  const Json* list = f.array("holidays", JsonFields::Need::kRequired);
  GX_CO_RETURN_IF_ERROR(f.finish());
  GX_CO_ASSIGN_OR_RETURN(auto holidays, calendar::holidays_from_json(*list));
  auto job = [text = calendar::holidays_to_json(holidays).dump()](domain::WriteContext& w) {
    return store::put_shop_setting(w.db, w.shop.id, "holidays", text, to_millis(w.clock.now()));
  };
  GX_CO_RETURN_IF_ERROR(co_await ctx.write(job));
  co_return ok(Json{{"holidays", calendar::holidays_to_json(holidays)}});
}

// ---- provider callbacks -------------------------------------------------------------

Location at_field(std::string pointer) {
  Location loc;
  loc.field = std::move(pointer);
  return loc;
}

// The entries of a callback body: one object or an array of them.
Result<std::vector<const Json*>> callback_entries(const Json& body) {
  std::vector<const Json*> out;
  if (body.is_object()) {
    out.push_back(&body);
  } else if (body.is_array() && !body.empty() && body.size() <= 1000) {
    for (const auto& e : body) {
      if (!e.is_object()) return Status::invalid("every entry must be a JSON object");
      out.push_back(&e);
    }
  } else {
    return Status::invalid("the body must be an object or an array of 1..1000 objects");
  }
  return out;
}

std::string member_text(const Json& e, std::initializer_list<const char*> names) {
  for (const char* n : names) {
    const auto it = e.find(n);
    if (it == e.end()) continue;
    if (it->is_string()) return it->get<std::string>();
    if (it->is_number_integer()) return it->dump();
  }
  return {};
}

// An inbound SMS (a reply): {"from", "text"} (generic) or Tencent Cloud's
// {"mobile", "nationcode", "text", ...}; one object or an array. A reply
// asking to stop (TD, T, 退订, ...) unsubscribes every customer with that phone.
awaitable<Response> sms_inbound(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(auto entries, callback_entries(ctx.body()));
  std::vector<std::pair<std::string, std::string>> replies;
  for (size_t i = 0; i < entries.size(); ++i) {
    const Json& e = *entries[i];
    std::string from = member_text(e, {"from", "mobile", "phone"});
    const std::string nation = member_text(e, {"nationcode"});
    if (!nation.empty() && !from.empty() && from[0] != '+') from.insert(0, "+" + nation);
    const std::string text = member_text(e, {"text", "content", "body"});
    if (from.empty()) {
      co_return problem_response(Status::invalid(
          "entry " + std::to_string(i) + ": 'from' (or 'mobile') is required",
          at_field(entries.size() > 1 ? "/" + std::to_string(i) + "/from" : "/from")));
    }
    replies.emplace_back(std::move(from), text);
  }
  auto job = [replies](domain::WriteContext& w) -> Result<Json> {
    Json items = Json::array();
    for (const auto& [from, text] : replies) {
      GX_ASSIGN_OR_RETURN(auto r, outbox::handle_sms_reply(w, from, text));
      items.push_back(
          {{"phone", r.phone}, {"unsubscribed", r.unsubscribed}, {"customers", r.customers}});
    }
    return items_of(std::move(items));
  };
  GX_CO_ASSIGN_OR_RETURN(Json result, co_await ctx.write(job));
  co_return ok(result);
}

// Delivery receipts: {"idempotency_key" | "provider_message_id", "event":
// delivered|failed|opened|clicked, "error"?, "at"?} or Tencent Cloud's status
// reports {"sid", "report_status": SUCCESS|FAIL, "errmsg", "user_receive_time"};
// one object or an array. Receipts of unknown messages are counted, not refused
// (a provider would retry them forever).
awaitable<Response> receipts(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(auto entries, callback_entries(ctx.body()));
  std::vector<outbox::Receipt> list;
  for (size_t i = 0; i < entries.size(); ++i) {
    const Json& e = *entries[i];
    outbox::Receipt r;
    r.idempotency_key = member_text(e, {"idempotency_key"});
    r.provider_message_id = member_text(e, {"provider_message_id", "sid", "message_id"});
    r.event = member_text(e, {"event"});
    if (r.event.empty()) {
      const std::string status = member_text(e, {"report_status"});
      if (status == "SUCCESS") r.event = "delivered";
      if (status == "FAIL") r.event = "failed";
    }
    r.error = member_text(e, {"error", "errmsg", "description"});
    const std::string at = member_text(e, {"at", "user_receive_time"});
    if (!at.empty()) {
      auto t = parse_iso8601(at);
      if (!t.ok()) t = zone_of(ctx).parse_local(at);
      if (t.ok()) r.at = *t;
    }
    const std::string where = entries.size() > 1 ? "/" + std::to_string(i) : "";
    if (r.idempotency_key.empty() && r.provider_message_id.empty())
      co_return problem_response(Status::invalid(
          "a receipt names its message by 'idempotency_key' or 'provider_message_id'",
          at_field(where + "/idempotency_key")));
    if (r.event != "delivered" && r.event != "failed" && r.event != "opened" &&
        r.event != "clicked")
      co_return problem_response(Status::invalid(
          "'event' must be delivered, failed, opened or clicked", at_field(where + "/event")));
    list.push_back(std::move(r));
  }
  auto job = [list](domain::WriteContext& w) -> Result<Json> {
    int64_t recorded = 0, unknown = 0;
    for (const auto& r : list) {
      auto m = outbox::record_receipt(w, r);
      if (m.ok()) {
        ++recorded;
      } else if (m.status().code() == ErrorCode::kNotFound) {
        ++unknown;
      } else {
        return m.status();
      }
    }
    return Json{{"recorded", recorded}, {"unknown", unknown}};
  };
  GX_CO_ASSIGN_OR_RETURN(Json result, co_await ctx.write(job));
  co_return ok(result);
}

// ---- the public unsubscribe page ------------------------------------------------------

struct TokenMessage {
  store::MessageRecord message;
  const LoadedShop* shop = nullptr;
};

Result<TokenMessage> message_of_token(RequestContext& ctx, const std::string& token) {
  GX_ASSIGN_OR_RETURN(store::Connection * conn, ctx.reader());
  GX_ASSIGN_OR_RETURN(auto m, store::find_message_by_key(*conn, token));
  if (!m) return Status::not_found("this unsubscribe link is not valid");
  GX_ASSIGN_OR_RETURN(const LoadedShop* shop, ctx.app().shop(m->shop_id, *conn));
  return TokenMessage{std::move(*m), shop};
}

std::string channel_name_zh(std::string_view channel) {
  if (channel == "sms") return "短信";
  if (channel == "email") return "邮件";
  if (channel == "wechat") return "微信消息";
  return std::string(channel);
}

// Shows what the link unsubscribes from and a button (a GET never
// unsubscribes: mail scanners follow links).
awaitable<Response> unsubscribe_page(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const std::string token, ctx.text_param("token"));
  auto found = message_of_token(ctx, token);
  if (!found.ok())
    co_return html_page(404, "退订 Unsubscribe",
                        "<h1>链接无效</h1><p>This unsubscribe link is not valid.</p>");
  const std::string shop = html_escape(found->shop->shop.name);
  const std::string channel = html_escape(channel_name_zh(found->message.channel));
  if (found->message.unsubscribed_at) {
    co_return html_page(200, "已退订 Unsubscribed",
                        "<h1>您已退订</h1><p>您不会再收到" + shop + "的" + channel +
                            "。</p><p>You are unsubscribed.</p>");
  }
  co_return html_page(200, "退订 Unsubscribe",
                      "<h1>退订" + shop + "的" + channel +
                          "</h1><p>确认后将不再向您发送此类消息。</p>"
                          "<p>Confirm to stop these messages.</p>"
                          "<form method=\"post\"><button type=\"submit\">确认退订 "
                          "Unsubscribe</button></form>");
}

// The one-click unsubscribe (RFC 8058: mail clients POST
// "List-Unsubscribe=One-Click"), also the page's button. Idempotent.
awaitable<Response> unsubscribe_post(RequestContext& ctx) {
  GX_CO_ASSIGN_OR_RETURN(const std::string token, ctx.text_param("token"));
  auto found = message_of_token(ctx, token);
  if (!found.ok())
    co_return html_page(404, "退订 Unsubscribe",
                        "<h1>链接无效</h1><p>This unsubscribe link is not valid.</p>");
  auto job = [token](domain::WriteContext& w) { return outbox::unsubscribe_by_token(w, token); };
  auto done = co_await ctx.write_for(*found->shop, "unsubscribe-link", job);
  if (!done.ok()) co_return problem_response(done.status());
  co_return html_page(200, "已退订 Unsubscribed",
                      "<h1>您已退订</h1><p>您不会再收到" + html_escape(found->shop->shop.name) +
                          "的" + html_escape(channel_name_zh(found->message.channel)) +
                          "。</p><p>You are unsubscribed.</p>");
}

constexpr RouteSpec kMessagingRoutes[] = {
    {Method::kGet, "/api/v1/message-templates", "templates.read", list_templates},
    {Method::kPost, "/api/v1/message-templates", "templates.write", create_template,
     BodyKind::kJson},
    {Method::kGet, "/api/v1/message-templates/{id}", "templates.read", get_template},
    {Method::kPut, "/api/v1/message-templates/{id}", "templates.write", put_template,
     BodyKind::kJson},
    {Method::kDelete, "/api/v1/message-templates/{id}", "templates.write", delete_template},
    {Method::kPost, "/api/v1/message-templates/{id}/preview", "templates.read", preview_template,
     BodyKind::kJson},
    {Method::kPost, "/api/v1/sms-length", "templates.read", sms_length, BodyKind::kJson},
    {Method::kGet, "/api/v1/messages", "messages.read", list_messages},
    {Method::kGet, "/api/v1/messages/{id}", "messages.read", get_message},
    {Method::kPost, "/api/v1/messages/{id}/retry", "messages.write", retry_message},
    {Method::kGet, "/api/v1/customers/{id}/messages", "messages.read", customer_messages},
    {Method::kGet, "/api/v1/customers/{id}/journeys", "journeys.read", customer_journeys},
    {Method::kGet, "/api/v1/suppressions", "messages.read", list_suppressions},
    {Method::kPost, "/api/v1/suppressions", "messages.write", add_suppression, BodyKind::kJson},
    {Method::kPost, "/api/v1/suppressions/remove", "messages.write", remove_suppression,
     BodyKind::kJson},
    {Method::kGet, "/api/v1/settings/care", "settings.read", get_care_settings},
    {Method::kPut, "/api/v1/settings/care", "settings.write", put_care_settings, BodyKind::kJson},
    {Method::kGet, "/api/v1/holidays", "journeys.read", get_holidays},
    {Method::kPut, "/api/v1/settings/holidays", "settings.write", put_holidays, BodyKind::kJson},
    {Method::kPost, "/api/v1/channels/sms/inbound", "channels.callback", sms_inbound,
     BodyKind::kJson},
    {Method::kPost, "/api/v1/channels/receipts", "channels.callback", receipts, BodyKind::kJson},
    {Method::kGet, "/api/v1/unsubscribe/{token}", kPublic, unsubscribe_page},
    {Method::kPost, "/api/v1/unsubscribe/{token}", kPublic, unsubscribe_post},
};

}  // namespace

Status add_messaging_routes(Router& router) {
  for (const RouteSpec& r : kMessagingRoutes) GX_RETURN_IF_ERROR(router.add(r));
  return Status::ok();
}

}  // namespace guanxi::api::handlers
