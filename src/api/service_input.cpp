#include "api/service_input.hpp"

#include "api/input_fields.hpp"
#include "api/inputs.hpp"

namespace guanxi::api {

namespace {

using detail::id_member;
using detail::parsed_member;
using detail::time_member;
using Need = JsonFields::Need;

std::optional<service::Priority> priority_member(JsonFields& f) {
  return parsed_member<service::Priority>(
      f, "priority", [](std::string_view t) { return service::parse_priority(t); });
}

Status read_order_ids(const Json& v, const std::string& pointer, std::vector<int64_t>& out) {
  for (size_t i = 0; i < v.size(); ++i) {
    if (!v[i].is_number_integer() || v[i].get<int64_t>() <= 0) {
      Location loc;
      loc.field = pointer + "/" + std::to_string(i);
      return Status::invalid("order ids must be positive integers", loc);
    }
    out.push_back(v[i].get<int64_t>());
  }
  return Status::ok();
}

Status read_attachments(const Json& v, const std::string& pointer,
                        std::vector<service::Attachment>& out) {
  for (size_t i = 0; i < v.size(); ++i) {
    const std::string at = pointer + "/" + std::to_string(i);
    if (!v[i].is_object()) {
      Location loc;
      loc.field = at;
      return Status::invalid("an attachment is an object {\"url\", \"name\"}", loc);
    }
    JsonFields a(v[i], at);
    service::Attachment item;
    item.url = a.string("url", Need::kRequired).value_or("");
    item.name = a.string("name").value_or("");
    GX_RETURN_IF_ERROR(a.finish());
    out.push_back(std::move(item));
  }
  return Status::ok();
}

// A member that may be null (clears) or a value.
template <typename T, typename Read>
std::optional<std::optional<T>> nullable(JsonFields& f, std::string_view key, Read&& read) {
  if (f.is_null(key)) {
    f.allow(key);
    return std::optional<T>();
  }
  auto v = read();
  if (!v) return std::nullopt;
  return std::optional<T>(*v);
}

}  // namespace

Result<service::TicketInput> read_ticket_input(const Json& body) {
  service::TicketInput in;
  JsonFields f(body);
  in.customer_id = id_member(f, "customer_id", Need::kRequired).value_or(0);
  in.subject = f.string("subject", Need::kRequired).value_or("");
  in.description = f.string("description").value_or("");
  in.type = f.string("type", Need::kRequired).value_or("");
  in.channel = f.string("channel", Need::kRequired).value_or("");
  in.priority = priority_member(f);
  in.category = f.string("category").value_or("");
  in.assignee_agent_id = id_member(f, "assignee_agent_id");
  const Json* orders = f.array("order_ids");
  const Json* files = f.array("attachments");
  GX_RETURN_IF_ERROR(f.finish());
  if (orders) GX_RETURN_IF_ERROR(read_order_ids(*orders, "/order_ids", in.order_ids));
  if (files) GX_RETURN_IF_ERROR(read_attachments(*files, "/attachments", in.attachments));
  return in;
}

Result<service::TicketPatch> read_ticket_patch(const Json& body) {
  service::TicketPatch p;
  JsonFields f(body);
  p.subject = f.string("subject");
  p.description = f.string("description");
  p.type = f.string("type");
  p.category = f.string("category");
  p.priority = priority_member(f);
  const Json* orders = f.array("order_ids");
  const Json* files = f.array("attachments");
  GX_RETURN_IF_ERROR(f.finish());
  if (orders) {
    p.order_ids.emplace();
    GX_RETURN_IF_ERROR(read_order_ids(*orders, "/order_ids", *p.order_ids));
  }
  if (files) {
    p.attachments.emplace();
    GX_RETURN_IF_ERROR(read_attachments(*files, "/attachments", *p.attachments));
  }
  return p;
}

Result<service::MessageInput> read_message_input(const Json& body) {
  service::MessageInput in;
  JsonFields f(body);
  if (auto kind = parsed_member<service::MessageKind>(
          f, "kind", [](std::string_view t) { return service::parse_message_kind(t); })) {
    in.kind = *kind;
  }
  in.body = f.string("body").value_or("");
  in.canned_response_id = id_member(f, "canned_response_id");
  in.agent_id = id_member(f, "agent_id");
  in.then_status = parsed_member<service::TicketStatus>(
      f, "status", [](std::string_view t) { return service::parse_ticket_status(t); });
  GX_RETURN_IF_ERROR(f.finish());
  return in;
}

Result<service::InteractionInput> read_interaction_input(const Json& body) {
  service::InteractionInput in;
  JsonFields f(body);
  read_note_members(f, in.note, Need::kRequired);
  in.details.agent_id = id_member(f, "agent_id");
  in.details.duration_s = f.int64("duration_s");
  in.details.outcome = f.string("outcome").value_or("");
  in.details.next_follow_up_at = time_member(f, "next_follow_up_at");
  in.details.ticket_id = id_member(f, "ticket_id");
  GX_RETURN_IF_ERROR(f.finish());
  return in;
}

Result<service::TaskInput> read_task_input(const Json& body) {
  service::TaskInput in;
  JsonFields f(body);
  in.title = f.string("title", Need::kRequired).value_or("");
  in.notes = f.string("notes").value_or("");
  in.customer_id = id_member(f, "customer_id");
  in.ticket_id = id_member(f, "ticket_id");
  in.assignee_user_id = id_member(f, "assignee_user_id");
  in.due_at = time_member(f, "due_at");
  in.remind_at = time_member(f, "remind_at");
  GX_RETURN_IF_ERROR(f.finish());
  return in;
}

Result<service::TaskPatch> read_task_patch(const Json& body) {
  service::TaskPatch p;
  JsonFields f(body);
  p.title = f.string("title");
  p.notes = f.string("notes");
  p.status = f.string("status");
  p.assignee_user_id =
      nullable<int64_t>(f, "assignee_user_id", [&] { return id_member(f, "assignee_user_id"); });
  p.due_at = nullable<Timestamp>(f, "due_at", [&] { return time_member(f, "due_at"); });
  p.remind_at = nullable<Timestamp>(f, "remind_at", [&] { return time_member(f, "remind_at"); });
  GX_RETURN_IF_ERROR(f.finish());
  return p;
}

}  // namespace guanxi::api
