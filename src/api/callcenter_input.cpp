#include "api/callcenter_input.hpp"

#include "api/input_fields.hpp"
#include "callcenter/model.hpp"

namespace guanxi::api {

namespace {

using Need = JsonFields::Need;

}  // namespace

Result<store::CallQueueRecord> read_queue_input(const Json& body) {
  if (!body.is_object()) return Status::invalid("the body must be a JSON object");
  JsonFields f(body);
  store::CallQueueRecord q;
  q.name = f.string("name", Need::kRequired).value_or("");
  q.skill = f.string("skill", Need::kRequired).value_or("");
  q.min_level = f.int64("min_level").value_or(1);
  q.priority = f.int64("priority").value_or(0);
  if (!f.is_null("overflow_to")) q.overflow_to = detail::id_member(f, "overflow_to");
  f.allow("overflow_to");
  q.overflow_after_s = f.int64("overflow_after_s").value_or(0);
  if (!f.is_null("callback_offer_after_s"))
    q.callback_offer_after_s = f.int64("callback_offer_after_s");
  f.allow("callback_offer_after_s");
  q.service_level_s = f.int64("service_level_s").value_or(20);
  GX_RETURN_IF_ERROR(f.finish());
  return q;
}

Result<cti::AgentInput> read_agent_input(const Json& body) {
  if (!body.is_object()) return Status::invalid("the body must be a JSON object");
  JsonFields f(body);
  cti::AgentInput in;
  if (f.is_null("user_id")) {
    in.user_id = std::optional<int64_t>();
    f.allow("user_id");
  } else if (const auto user = detail::id_member(f, "user_id")) {
    in.user_id = std::optional<int64_t>(*user);
  }
  in.name = f.string("name");
  if (const Json* skills = f.object("skills")) in.skills = *skills;
  in.ticket_capacity = f.int64("ticket_capacity");
  in.active = f.boolean("active");
  in.blended = f.boolean("blended");
  in.wrap_up_s = f.int64("wrap_up_s");
  GX_RETURN_IF_ERROR(f.finish());
  return in;
}

Result<cti::OutboundListInput> read_outbound_list_input(const Json& body) {
  if (!body.is_object()) return Status::invalid("the body must be a JSON object");
  JsonFields f(body);
  cti::OutboundListInput in;
  in.name = f.string("name", Need::kRequired).value_or("");
  in.queue_id = detail::id_member(f, "queue_id", Need::kRequired).value_or(0);
  in.segment_id = detail::id_member(f, "segment_id");
  if (const Json* hours = f.array("allowed_hours")) {
    const auto bad = [&f] {
      f.fail("allowed_hours", "'allowed_hours' must be [\"HH:MM\", \"HH:MM\"], start before end");
    };
    if (hours->size() != 2 || !(*hours)[0].is_string() || !(*hours)[1].is_string()) {
      bad();
    } else {
      auto start = callcenter::parse_minute_of_day((*hours)[0].get<std::string>());
      auto end = callcenter::parse_minute_of_day((*hours)[1].get<std::string>());
      if (!start.ok() || !end.ok() || *start >= *end) {
        bad();
      } else {
        in.window_start = *start;
        in.window_end = *end;
      }
    }
  }
  if (const Json* entries = f.array("entries")) {
    for (size_t i = 0; i < entries->size(); ++i) {
      const Json& e = (*entries)[i];
      if (!e.is_object()) {
        f.fail("entries", "'entries' must be an array of {number, customer_id}");
        break;
      }
      JsonFields ef(e, f.pointer_of("entries") + "/" + std::to_string(i));
      store::OutboundEntryRecord row;
      row.number = ef.string("number", Need::kRequired).value_or("");
      row.customer_id = detail::id_member(ef, "customer_id");
      if (Status s = ef.finish(); !s.is_ok()) return s;
      in.entries.push_back(std::move(row));
    }
  }
  GX_RETURN_IF_ERROR(f.finish());
  if (in.segment_id && !in.entries.empty()) {
    Location loc;
    loc.field = "/entries";
    return Status::invalid("give either segment_id or entries, not both", loc);
  }
  return in;
}

}  // namespace guanxi::api
