#include "service/tickets.hpp"

#include <sodium.h>

#include <algorithm>
#include <charconv>

#include "domain/customers.hpp"
#include "domain/events.hpp"
#include "service/assignment.hpp"
#include "service/auto_pick.hpp"
#include "service/canned.hpp"
#include "service/csat.hpp"
#include "service/internal.hpp"
#include "service/sla.hpp"
#include "store/agents_table.hpp"
#include "store/customers_table.hpp"
#include "store/orders_table.hpp"
#include "store/tier_table.hpp"

namespace guanxi::service {

namespace internal {

Result<store::TicketRecord> load_ticket(store::Connection& db, int64_t shop, int64_t id) {
  GX_ASSIGN_OR_RETURN(auto t, store::find_ticket(db, shop, id));
  if (!t) return Status::not_found("ticket " + std::to_string(id) + " does not exist");
  return std::move(*t);
}

Status save_ticket(domain::WriteContext& ctx, store::TicketRecord& t,
                   const ServiceSettings& settings) {
  refresh_sla(t, settings, ctx.zone, ctx.clock.now());
  t.updated_at = now_ms(ctx);
  return store::update_ticket(ctx.db, t);
}

Status add_event(domain::WriteContext& ctx, const store::TicketRecord& t, std::string_view kind,
                 std::string from, std::string to, std::string body, std::optional<int64_t> agent) {
  store::TicketEventRecord e;
  e.ticket_id = t.id;
  e.shop_id = t.shop_id;
  e.kind = std::string(kind);
  e.from_value = std::move(from);
  e.to_value = std::move(to);
  e.body = std::move(body);
  e.actor = ctx.actor;
  e.agent_id = agent;
  e.at = now_ms(ctx);
  return store::insert_ticket_event(ctx.db, e).status();
}

Status track_ticket_event(domain::WriteContext& ctx, const store::TicketRecord& t,
                          std::string_view name, std::string_view occurrence) {
  const Json props = {{"ticket_id", t.id},      {"type", t.type},         {"channel", t.channel},
                      {"priority", t.priority}, {"category", t.category}, {"status", t.status}};
  const std::string message_id =
      "gx:ticket:" + std::to_string(t.id) + ":" + std::string(occurrence);
  return domain::record_customer_event(ctx, t.customer_id, name, props, message_id).status();
}

}  // namespace internal

namespace {

constexpr size_t kMaxSubject = 200;
constexpr size_t kMaxBody = 20000;
constexpr size_t kMaxLinks = 20;

bool contains(const std::vector<std::string>& list, const std::string& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

Json order_ids_json(const std::vector<int64_t>& ids) {
  return Json(ids);
}

Json attachments_json(const std::vector<Attachment>& list) {
  Json j = Json::array();
  for (const auto& a : list) j.push_back({{"url", a.url}, {"name", a.name}});
  return j;
}

Status check_type(const ServiceSettings& s, const std::string& type) {
  if (!contains(s.ticket_types, type)) {
    std::string all;
    for (const auto& t : s.ticket_types) all += (all.empty() ? "" : ", ") + t;
    return Status::invalid_field("type",
                                 "unknown ticket type '" + type + "' (this shop has " + all + ")");
  }
  return Status::ok();
}

Status check_category(const ServiceSettings& s, const std::string& category) {
  if (category.size() > 100)
    return Status::invalid_field("category", "category is longer than 100 bytes");
  if (!category.empty() && !s.categories.empty() && !contains(s.categories, category))
    return Status::invalid_field("category", "unknown category '" + category + "'");
  return Status::ok();
}

Status check_links(store::Connection& db, int64_t shop, int64_t customer,
                   const std::vector<int64_t>& orders, const std::vector<Attachment>& files) {
  if (orders.size() > kMaxLinks) return Status::invalid_field("order_ids", "at most 20 orders");
  if (files.size() > kMaxLinks)
    return Status::invalid_field("attachments", "at most 20 attachments");
  for (size_t i = 0; i < orders.size(); ++i) {
    GX_ASSIGN_OR_RETURN(auto o, store::find_order(db, shop, orders[i]));
    if (!o) {
      return Status::invalid_field("order_ids/" + std::to_string(i),
                                   "order " + std::to_string(orders[i]) + " does not exist");
    }
    if (o->customer_id != customer) {
      return Status::invalid_field(
          "order_ids/" + std::to_string(i),
          "order " + std::to_string(orders[i]) + " is not this customer's");
    }
  }
  for (size_t i = 0; i < files.size(); ++i) {
    const auto& url = files[i].url;
    if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0)
      return Status::invalid_field("attachments/" + std::to_string(i) + "/url",
                                   "url must be http(s)");
    if (url.size() > 2000 || files[i].name.size() > 200)
      return Status::invalid_field("attachments/" + std::to_string(i), "url or name too long");
  }
  return Status::ok();
}

// The priority after the VIP / high-value raise, and why it was raised.
Result<std::pair<std::string, std::string>> raised_priority(store::Connection& db, int64_t shop,
                                                            int64_t customer, Priority asked,
                                                            const ServiceSettings& s) {
  const Priority floor = parse_priority(s.raise_to).value_or(Priority::kHigh);
  if (asked >= floor) return std::make_pair(std::string(priority_name(asked)), std::string());
  GX_ASSIGN_OR_RETURN(auto tier, store::find_customer_tier(db, shop, customer));
  if (tier && !tier->empty() && contains(s.raise_tiers, *tier))
    return std::make_pair(std::string(priority_name(floor)), std::string("vip_tier"));
  if (s.raise_min_revenue) {
    GX_ASSIGN_OR_RETURN(auto totals, store::purchase_totals(db, customer, INT64_MIN, INT64_MAX));
    if (totals.revenue >= *s.raise_min_revenue)
      return std::make_pair(std::string(priority_name(floor)), std::string("high_value"));
  }
  return std::make_pair(std::string(priority_name(asked)), std::string());
}

// Ends the open pause at `now`.
void end_pause(store::TicketRecord& t, Timestamp now) {
  auto pauses = ticket_pauses(t);
  for (auto& p : pauses) {
    if (!p.to) p.to = now;
  }
  t.pauses = pauses_to_json(pauses);
}

void add_pause(store::TicketRecord& t, Timestamp from, std::optional<Timestamp> to) {
  auto pauses = ticket_pauses(t);
  pauses.push_back({from, to});
  t.pauses = pauses_to_json(pauses);
}

Status conflict_transition(const store::TicketRecord& t, TicketStatus to,
                           const ServiceSettings& s) {
  const auto from = parse_ticket_status(t.status).value_or(TicketStatus::kNew);
  std::string allowed;
  for (TicketStatus a : allowed_transitions(from, s.closing_requires_resolved)) {
    allowed += (allowed.empty() ? "" : ", ") + std::string(ticket_status_name(a));
  }
  std::string why;
  if (to == TicketStatus::kClosed && s.closing_requires_resolved && is_open(from))
    why = " (this shop's policy requires resolving a ticket before closing it)";
  if (to == TicketStatus::kAssigned) why = " (assign the ticket to an agent instead)";
  return Status::conflict("ticket " + std::to_string(t.id) + " is " + t.status +
                          ": it cannot move to " + std::string(ticket_status_name(to)) + why +
                          "; allowed: " + (allowed.empty() ? "none" : allowed));
}

// Applies a status move with its side effects (no checks).
Status move_status(domain::WriteContext& ctx, store::TicketRecord& t, TicketStatus to,
                   const ServiceSettings& s, const std::string& comment) {
  const Timestamp now = ctx.clock.now();
  const int64_t now_ms = to_millis(now);
  const auto from = parse_ticket_status(t.status).value_or(TicketStatus::kNew);
  if (from == TicketStatus::kWaitingCustomer) end_pause(t, now);
  bool reopened = false;
  if (!is_open(from) && is_open(to)) {
    // A reopen: the time since the resolution (or close) does not count.
    reopened = true;
    const int64_t since = t.resolved_at.value_or(t.closed_at.value_or(now_ms));
    add_pause(t, from_millis(since), now);
    t.reopen_count += 1;
    if (t.first_resolved_at &&
        now_ms - *t.first_resolved_at < int64_t{s.fcr_window_days} * 86'400'000)
      t.reopened_in_window = true;
    t.resolved_at.reset();
    t.closed_at.reset();
  }
  if (to == TicketStatus::kWaitingCustomer) add_pause(t, now, std::nullopt);
  if (to == TicketStatus::kResolved) {
    t.resolved_at = now_ms;
    if (!t.first_resolved_at) {
      t.first_resolved_at = now_ms;
      t.contacts_at_resolution = t.customer_contacts;
      t.replies_at_resolution = t.agent_replies;
    }
  }
  if (to == TicketStatus::kClosed) t.closed_at = now_ms;
  const std::string from_name = t.status;
  t.status = std::string(ticket_status_name(to));
  GX_RETURN_IF_ERROR(internal::save_ticket(ctx, t, s));
  GX_RETURN_IF_ERROR(internal::add_event(ctx, t, "status", from_name, t.status, comment));
  GX_RETURN_IF_ERROR(record_service_change(ctx, "ticket_status_changed", t.customer_id, t.id,
                                           Json{{"from", from_name}, {"to", t.status}}));
  const std::string occurrence = std::to_string(now_ms) + ":" + t.status;
  if (to == TicketStatus::kResolved) {
    GX_RETURN_IF_ERROR(internal::track_ticket_event(ctx, t, "ticket_resolved", occurrence));
    GX_RETURN_IF_ERROR(send_csat_survey(ctx, t, s));
  }
  if (reopened) {
    GX_RETURN_IF_ERROR(internal::track_ticket_event(ctx, t, "ticket_reopened", occurrence));
  }
  if (is_open(from) && !is_open(to) && t.assignee_agent_id) {
    // The assignee has room for one more: the queue may hold a ticket for them.
    GX_RETURN_IF_ERROR(auto_pick_tickets(ctx).status());
  }
  return Status::ok();
}

Status check_transition(const store::TicketRecord& t, TicketStatus to, const ServiceSettings& s) {
  const auto from = parse_ticket_status(t.status).value_or(TicketStatus::kNew);
  const auto allowed = allowed_transitions(from, s.closing_requires_resolved);
  if (std::find(allowed.begin(), allowed.end(), to) == allowed.end())
    return conflict_transition(t, to, s);
  if (to == TicketStatus::kAssigned && !t.assignee_agent_id) return conflict_transition(t, to, s);
  return Status::ok();
}

Status assign_to(domain::WriteContext& ctx, store::TicketRecord& t, int64_t agent,
                 std::string_view reason, const ServiceSettings& s) {
  const std::optional<int64_t> before = t.assignee_agent_id;
  t.assignee_agent_id = agent;
  if (t.status == "new") {
    const std::string from = t.status;
    t.status = "assigned";
    GX_RETURN_IF_ERROR(internal::add_event(ctx, t, "status", from, t.status));
    GX_RETURN_IF_ERROR(record_service_change(ctx, "ticket_status_changed", t.customer_id, t.id,
                                             Json{{"from", from}, {"to", t.status}}));
  }
  GX_RETURN_IF_ERROR(internal::save_ticket(ctx, t, s));
  GX_RETURN_IF_ERROR(internal::add_event(ctx, t, "assigned",
                                         before ? std::to_string(*before) : std::string(),
                                         std::to_string(agent), std::string(reason), agent));
  return record_service_change(ctx, "ticket_assigned", t.customer_id, t.id,
                               Json{{"agent_id", agent},
                                    {"from", before ? Json(*before) : Json(nullptr)},
                                    {"reason", reason}});
}

std::string encode_cursor(int64_t key, int64_t id) {
  return std::to_string(key) + "_" + std::to_string(id);
}

Status decode_cursor(const std::string& cursor, int64_t& key, int64_t& id) {
  const auto sep = cursor.find('_');
  auto bad = [] {
    Location loc;
    loc.field = "?cursor";
    return Status::invalid("cursor is not one this API returned", loc);
  };
  if (sep == std::string::npos) return bad();
  const char* b = cursor.data();
  if (std::from_chars(b, b + sep, key).ec != std::errc() ||
      std::from_chars(b + sep + 1, b + cursor.size(), id).ec != std::errc())
    return bad();
  return Status::ok();
}

}  // namespace

Ticket to_ticket(const store::TicketRecord& r) {
  Ticket t;
  t.id = r.id;
  t.customer_id = r.customer_id;
  t.subject = r.subject;
  t.description = r.description;
  t.type = r.type;
  t.channel = r.channel;
  t.priority = parse_priority(r.priority).value_or(Priority::kNormal);
  t.priority_reason = r.priority_reason;
  t.category = r.category;
  t.status = parse_ticket_status(r.status).value_or(TicketStatus::kNew);
  t.assignee_agent_id = r.assignee_agent_id;
  const Json orders = Json::parse(r.order_ids, nullptr, false);
  if (orders.is_array()) {
    for (const auto& o : orders) {
      if (o.is_number_integer()) t.order_ids.push_back(o.get<int64_t>());
    }
  }
  const Json files = Json::parse(r.attachments, nullptr, false);
  if (files.is_array()) {
    for (const auto& f : files) {
      if (f.is_object()) t.attachments.push_back({f.value("url", ""), f.value("name", "")});
    }
  }
  auto opt = [](const std::optional<int64_t>& ms) -> std::optional<Timestamp> {
    if (!ms) return std::nullopt;
    return from_millis(*ms);
  };
  t.first_response_at = opt(r.first_response_at);
  t.first_response_due = opt(r.first_response_due);
  t.resolution_due = opt(r.resolution_due);
  t.resolved_at = opt(r.resolved_at);
  t.first_resolved_at = opt(r.first_resolved_at);
  t.closed_at = opt(r.closed_at);
  t.sla_state = r.sla_state;
  if (!first_response_stop(r))
    t.next_due = opt(r.first_response_due);
  else if (!resolution_stop(r))
    t.next_due = opt(r.resolution_due);
  t.customer_contacts = r.customer_contacts;
  t.agent_replies = r.agent_replies;
  t.reopen_count = r.reopen_count;
  t.created_by = r.created_by;
  t.created_at = from_millis(r.created_at);
  t.updated_at = from_millis(r.updated_at);
  return t;
}

Result<Ticket> create_ticket(domain::WriteContext& ctx, const TicketInput& in) {
  GX_ASSIGN_OR_RETURN(ServiceSettings s, load_service_settings(ctx.db, ctx.shop.id));
  if (in.subject.empty()) return Status::invalid_field("subject", "subject is required");
  if (in.subject.size() > kMaxSubject)
    return Status::invalid_field("subject", "subject is longer than 200 bytes");
  if (in.description.size() > kMaxBody)
    return Status::invalid_field("description", "description is longer than 20000 bytes");
  GX_RETURN_IF_ERROR(check_type(s, in.type));
  if (!contains(s.channels, in.channel))
    return Status::invalid_field("channel", "unknown channel '" + in.channel + "'");
  GX_RETURN_IF_ERROR(check_category(s, in.category));
  auto live = domain::resolve_customer_id(ctx.db, ctx.shop.id, in.customer_id);
  if (!live.ok()) {
    if (live.status().code() == ErrorCode::kNotFound)
      return Status(ErrorCode::kUnprocessable, live.status().message(), [] {
        Location loc;
        loc.field = "/customer_id";
        return loc;
      }());
    return live.status();
  }
  GX_RETURN_IF_ERROR(check_links(ctx.db, ctx.shop.id, *live, in.order_ids, in.attachments));

  store::TicketRecord t;
  t.shop_id = ctx.shop.id;
  t.customer_id = *live;
  t.subject = in.subject;
  t.description = in.description;
  t.type = in.type;
  t.channel = in.channel;
  GX_ASSIGN_OR_RETURN(auto priority, raised_priority(ctx.db, ctx.shop.id, *live,
                                                     in.priority.value_or(Priority::kNormal), s));
  t.priority = priority.first;
  t.priority_reason = priority.second;
  t.category = in.category;
  t.status = "new";
  t.order_ids = order_ids_json(in.order_ids).dump();
  t.attachments = attachments_json(in.attachments).dump();
  t.created_by = ctx.actor;
  t.created_at = internal::now_ms(ctx);
  t.updated_at = t.created_at;
  refresh_sla(t, s, ctx.zone, ctx.clock.now());
  GX_ASSIGN_OR_RETURN(t.id, store::insert_ticket(ctx.db, t));
  GX_RETURN_IF_ERROR(internal::add_event(ctx, t, "created", "", "new", t.subject));
  GX_RETURN_IF_ERROR(record_service_change(ctx, "ticket_created", t.customer_id, t.id,
                                           Json{{"status", t.status},
                                                {"priority", t.priority},
                                                {"type", t.type},
                                                {"channel", t.channel}}));
  if (!t.priority_reason.empty()) {
    GX_RETURN_IF_ERROR(internal::add_event(
        ctx, t, "priority", std::string(priority_name(in.priority.value_or(Priority::kNormal))),
        t.priority, t.priority_reason));
  }
  GX_RETURN_IF_ERROR(internal::track_ticket_event(ctx, t, "ticket_created", "created"));

  if (in.assignee_agent_id) {
    GX_ASSIGN_OR_RETURN(auto agent, store::find_agent(ctx.db, ctx.shop.id, *in.assignee_agent_id));
    if (!agent || !agent->active)
      return Status::invalid_field(
          "assignee_agent_id",
          "agent " + std::to_string(*in.assignee_agent_id) + " does not exist");
    GX_RETURN_IF_ERROR(assign_to(ctx, t, agent->id, "manual", s));
  } else if (s.auto_assign) {
    GX_ASSIGN_OR_RETURN(auto customer, store::find_customer(ctx.db, ctx.shop.id, t.customer_id));
    std::optional<int64_t> csr;
    if (customer) csr = customer->csr_user_id;
    GX_ASSIGN_OR_RETURN(auto choice, choose_agent(ctx.db, ctx.shop.id, csr, s.skill_for(t.type)));
    if (choice) {
      GX_RETURN_IF_ERROR(
          assign_to(ctx, t, choice->agent_id, assign_reason_name(choice->reason), s));
    }
  }
  return to_ticket(t);
}

namespace internal {

Status assign_to_agent(domain::WriteContext& ctx, store::TicketRecord& t, int64_t agent,
                       std::string_view reason, const ServiceSettings& settings) {
  return assign_to(ctx, t, agent, reason, settings);
}

}  // namespace internal

Result<Ticket> get_ticket(domain::ReadContext& ctx, int64_t id) {
  GX_ASSIGN_OR_RETURN(auto r, internal::load_ticket(ctx.db, ctx.shop.id, id));
  Ticket t = to_ticket(r);
  GX_ASSIGN_OR_RETURN(auto csat, store::latest_csat_survey(ctx.db, id));
  if (csat) t.csat_score = csat->score;
  return t;
}

Result<Ticket> update_ticket(domain::WriteContext& ctx, int64_t id, const TicketPatch& p) {
  GX_ASSIGN_OR_RETURN(ServiceSettings s, load_service_settings(ctx.db, ctx.shop.id));
  GX_ASSIGN_OR_RETURN(auto t, internal::load_ticket(ctx.db, ctx.shop.id, id));
  Json fields = Json::array();
  if (p.subject) {
    if (p.subject->empty() || p.subject->size() > kMaxSubject)
      return Status::invalid_field("subject", "subject must be 1-200 bytes");
    t.subject = *p.subject;
    fields.push_back("subject");
  }
  if (p.description) {
    if (p.description->size() > kMaxBody)
      return Status::invalid_field("description", "description is longer than 20000 bytes");
    t.description = *p.description;
    fields.push_back("description");
  }
  if (p.type) {
    GX_RETURN_IF_ERROR(check_type(s, *p.type));
    t.type = *p.type;
    fields.push_back("type");
  }
  if (p.category) {
    GX_RETURN_IF_ERROR(check_category(s, *p.category));
    t.category = *p.category;
    fields.push_back("category");
  }
  if (p.order_ids || p.attachments) {
    GX_RETURN_IF_ERROR(check_links(ctx.db, ctx.shop.id, t.customer_id,
                                   p.order_ids.value_or(std::vector<int64_t>{}),
                                   p.attachments.value_or(std::vector<Attachment>{})));
    if (p.order_ids) {
      t.order_ids = order_ids_json(*p.order_ids).dump();
      fields.push_back("order_ids");
    }
    if (p.attachments) {
      t.attachments = attachments_json(*p.attachments).dump();
      fields.push_back("attachments");
    }
  }
  if (p.priority && std::string(priority_name(*p.priority)) != t.priority) {
    GX_RETURN_IF_ERROR(internal::add_event(ctx, t, "priority", t.priority,
                                           std::string(priority_name(*p.priority)), "manual"));
    t.priority = std::string(priority_name(*p.priority));
    t.priority_reason = "manual";
    fields.push_back("priority");
  }
  if (fields.empty()) return to_ticket(t);
  GX_RETURN_IF_ERROR(internal::save_ticket(ctx, t, s));
  GX_RETURN_IF_ERROR(
      record_service_change(ctx, "ticket_updated", t.customer_id, t.id, Json{{"fields", fields}}));
  return to_ticket(t);
}

Result<Ticket> change_status(domain::WriteContext& ctx, int64_t id, TicketStatus to,
                             const std::string& comment) {
  if (comment.size() > kMaxBody)
    return Status::invalid_field("comment", "comment is longer than 20000 bytes");
  GX_ASSIGN_OR_RETURN(ServiceSettings s, load_service_settings(ctx.db, ctx.shop.id));
  GX_ASSIGN_OR_RETURN(auto t, internal::load_ticket(ctx.db, ctx.shop.id, id));
  GX_RETURN_IF_ERROR(check_transition(t, to, s));
  GX_RETURN_IF_ERROR(move_status(ctx, t, to, s, comment));
  return to_ticket(t);
}

Result<Ticket> assign_ticket(domain::WriteContext& ctx, int64_t id, std::optional<int64_t> agent) {
  GX_ASSIGN_OR_RETURN(ServiceSettings s, load_service_settings(ctx.db, ctx.shop.id));
  GX_ASSIGN_OR_RETURN(auto t, internal::load_ticket(ctx.db, ctx.shop.id, id));
  if (t.status == "closed")
    return Status::conflict("ticket " + std::to_string(id) +
                            " is closed: reopen it before assigning it");
  if (agent) {
    GX_ASSIGN_OR_RETURN(auto a, store::find_agent(ctx.db, ctx.shop.id, *agent));
    if (!a || !a->active)
      return Status::not_found("agent " + std::to_string(*agent) + " does not exist");
    if (t.assignee_agent_id == a->id) return to_ticket(t);
    GX_RETURN_IF_ERROR(assign_to(ctx, t, a->id, "manual", s));
    return to_ticket(t);
  }
  GX_ASSIGN_OR_RETURN(auto customer, store::find_customer(ctx.db, ctx.shop.id, t.customer_id));
  std::optional<int64_t> csr;
  if (customer) csr = customer->csr_user_id;
  GX_ASSIGN_OR_RETURN(auto choice, choose_agent(ctx.db, ctx.shop.id, csr, s.skill_for(t.type)));
  if (!choice)
    return Status::conflict("no agent of skill group '" + s.skill_for(t.type) +
                            "' is available to take ticket " + std::to_string(id));
  if (t.assignee_agent_id != choice->agent_id) {
    GX_RETURN_IF_ERROR(assign_to(ctx, t, choice->agent_id, assign_reason_name(choice->reason), s));
  }
  return to_ticket(t);
}

std::string_view message_kind_name(MessageKind k) {
  switch (k) {
    case MessageKind::kReply:
      return "reply";
    case MessageKind::kCustomerMessage:
      return "customer_message";
    case MessageKind::kNote:
      return "note";
  }
  return "reply";
}

Result<MessageKind> parse_message_kind(std::string_view name) {
  for (MessageKind k : {MessageKind::kReply, MessageKind::kCustomerMessage, MessageKind::kNote}) {
    if (message_kind_name(k) == name) return k;
  }
  return Status::invalid_field("kind", "kind must be reply, customer_message or note");
}

Result<Ticket> add_message(domain::WriteContext& ctx, int64_t id, const MessageInput& in) {
  GX_ASSIGN_OR_RETURN(ServiceSettings s, load_service_settings(ctx.db, ctx.shop.id));
  GX_ASSIGN_OR_RETURN(auto t, internal::load_ticket(ctx.db, ctx.shop.id, id));
  std::string body = in.body;
  if (in.canned_response_id) {
    if (!body.empty())
      return Status::invalid_field("body", "give either body or canned_response_id, not both");
    GX_ASSIGN_OR_RETURN(body, render_canned_response(ctx, *in.canned_response_id, t, in.agent_id));
  }
  if (body.empty()) return Status::invalid_field("body", "body is required");
  if (body.size() > kMaxBody)
    return Status::invalid_field("body", "body is longer than 20000 bytes");
  std::optional<int64_t> agent = in.agent_id ? in.agent_id : t.assignee_agent_id;
  if (in.agent_id) {
    GX_ASSIGN_OR_RETURN(auto a, store::find_agent(ctx.db, ctx.shop.id, *in.agent_id));
    if (!a)
      return Status::invalid_field("agent_id",
                                   "agent " + std::to_string(*in.agent_id) + " does not exist");
  }
  if (in.kind != MessageKind::kNote && t.status == "closed")
    return Status::conflict("ticket " + std::to_string(id) +
                            " is closed: open a new ticket (or reopen this one) to write to the "
                            "customer");
  if (in.then_status) GX_RETURN_IF_ERROR(check_transition(t, *in.then_status, s));

  const int64_t now = internal::now_ms(ctx);
  std::optional<TicketStatus> implied;
  const auto status = parse_ticket_status(t.status).value_or(TicketStatus::kNew);
  if (in.kind == MessageKind::kReply) {
    t.agent_replies += 1;
    if (!t.first_response_at) t.first_response_at = now;
    if (status == TicketStatus::kNew || status == TicketStatus::kAssigned)
      implied = TicketStatus::kInProgress;
  } else if (in.kind == MessageKind::kCustomerMessage) {
    t.customer_contacts += 1;
    if (status == TicketStatus::kWaitingCustomer || status == TicketStatus::kResolved)
      implied = TicketStatus::kInProgress;
  }
  if (in.kind == MessageKind::kNote) {
    GX_RETURN_IF_ERROR(internal::add_event(ctx, t, "note", "", "", body, agent));
  } else {
    GX_RETURN_IF_ERROR(internal::add_event(ctx, t, message_kind_name(in.kind), "", "", body,
                                           in.kind == MessageKind::kReply ? agent : std::nullopt));
  }
  GX_RETURN_IF_ERROR(record_service_change(ctx, "ticket_replied", t.customer_id, t.id,
                                           Json{{"kind", message_kind_name(in.kind)}}));
  std::optional<TicketStatus> target = in.then_status ? in.then_status : implied;
  if (target && *target != status) {
    GX_RETURN_IF_ERROR(move_status(ctx, t, *target, s, ""));
  } else {
    GX_RETURN_IF_ERROR(internal::save_ticket(ctx, t, s));
  }
  return to_ticket(t);
}

Result<std::vector<Ticket>> open_customer_tickets(domain::ReadContext& ctx, int64_t customer,
                                                  int limit) {
  GX_ASSIGN_OR_RETURN(auto recs,
                      store::open_customer_tickets(ctx.db, ctx.shop.id, customer, limit));
  std::vector<Ticket> out;
  out.reserve(recs.size());
  for (const auto& r : recs) out.push_back(to_ticket(r));
  return out;
}

Result<std::vector<TicketEvent>> ticket_events(domain::ReadContext& ctx, int64_t id) {
  GX_RETURN_IF_ERROR(internal::load_ticket(ctx.db, ctx.shop.id, id).status());
  GX_ASSIGN_OR_RETURN(auto recs, store::list_ticket_events(ctx.db, id));
  std::vector<TicketEvent> out;
  out.reserve(recs.size());
  for (auto& r : recs) {
    out.push_back({r.id, std::move(r.kind), std::move(r.from_value), std::move(r.to_value),
                   std::move(r.body), std::move(r.actor), r.agent_id, from_millis(r.at)});
  }
  return out;
}

Result<TicketPage> list_tickets(domain::ReadContext& ctx, const TicketQuery& q) {
  if (q.limit < 1 || q.limit > 500) {
    Location loc;
    loc.field = "?limit";
    return Status::invalid("limit must be between 1 and 500", loc);
  }
  if (q.sort != "id" && q.sort != "updated" && q.sort != "priority" && q.sort != "due") {
    Location loc;
    loc.field = "?sort";
    return Status::invalid("sort must be id, updated, priority or due", loc);
  }
  store::TicketFilter f;
  for (const auto& st : q.statuses) {
    if (st == "open") {
      for (const char* o : {"new", "assigned", "in_progress", "waiting_customer"})
        f.statuses.push_back(o);
      continue;
    }
    if (!parse_ticket_status(st).ok()) {
      Location loc;
      loc.field = "?status";
      return Status::invalid("unknown status '" + st + "'", loc);
    }
    f.statuses.push_back(st);
  }
  for (const auto& st : q.sla_states) {
    if (st == "at_risk") {
      f.sla_states.push_back("warning");
      f.sla_states.push_back("breached");
      continue;
    }
    if (st != "none" && st != "running" && st != "paused" && st != "warning" && st != "breached" &&
        st != "met") {
      Location loc;
      loc.field = "?sla";
      return Status::invalid("unknown SLA state '" + st + "'", loc);
    }
    f.sla_states.push_back(st);
  }
  if (q.priority && !parse_priority(*q.priority).ok()) {
    Location loc;
    loc.field = "?priority";
    return Status::invalid("priority must be low, normal, high or urgent", loc);
  }
  f.assignee = q.assignee;
  f.priority = q.priority;
  f.type = q.type;
  f.channel = q.channel;
  if (q.customer) {
    GX_ASSIGN_OR_RETURN(f.customer, domain::resolve_customer_id(ctx.db, ctx.shop.id, *q.customer));
  }
  f.text = q.q;
  f.sort = q.sort;
  f.limit = q.limit + 1;
  if (!q.cursor.empty()) {
    int64_t key = 0;
    int64_t after = 0;
    GX_RETURN_IF_ERROR(decode_cursor(q.cursor, key, after));
    f.after_key = key;
    f.after_id = after;
  }
  GX_ASSIGN_OR_RETURN(auto recs, store::list_tickets(ctx.db, ctx.shop.id, f));
  TicketPage page;
  if (recs.size() > static_cast<size_t>(q.limit)) {
    recs.resize(static_cast<size_t>(q.limit));
    page.next_cursor = encode_cursor(store::ticket_sort_key(recs.back(), q.sort), recs.back().id);
  }
  page.tickets.reserve(recs.size());
  for (const auto& r : recs) page.tickets.push_back(to_ticket(r));
  return page;
}

}  // namespace guanxi::service
