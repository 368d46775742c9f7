#include "cti/call_log.hpp"

#include <map>

#include "callcenter/simulator.hpp"
#include "cti/field_error.hpp"
#include "cti/settings.hpp"
#include "domain/customers.hpp"
#include "store/customers_table.hpp"

namespace guanxi::cti {

namespace {

Status check_range(const std::string& field, int64_t v, int64_t lo, int64_t hi) {
  if (v < lo || v > hi) {
    return detail::field_error(
        field, "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
  }
  return Status::ok();
}

Status validate_queue(domain::WriteContext& ctx, const store::CallQueueRecord& q) {
  if (q.name.empty() || q.name.size() > 100)
    return detail::field_error("name", "must be 1-100 characters");
  if (q.skill.empty() || q.skill.size() > 64)
    return detail::field_error("skill", "must be 1-64 characters");
  GX_RETURN_IF_ERROR(check_range("min_level", q.min_level, 1, callcenter::kMaxSkillLevel));
  GX_RETURN_IF_ERROR(check_range("priority", q.priority, 0, callcenter::kMaxQueuePriority));
  GX_RETURN_IF_ERROR(check_range("overflow_after_s", q.overflow_after_s, 0, 86400));
  GX_RETURN_IF_ERROR(check_range("service_level_s", q.service_level_s, 1, 3600));
  if (q.callback_offer_after_s) {
    GX_RETURN_IF_ERROR(check_range("callback_offer_after_s", *q.callback_offer_after_s, 0, 86400));
  }
  if (q.overflow_to) {
    if (*q.overflow_to == q.id) return detail::field_error("overflow_to", "must be another queue");
    GX_ASSIGN_OR_RETURN(auto target, store::find_call_queue(ctx.db, ctx.shop.id, *q.overflow_to));
    if (!target) return detail::field_error("overflow_to", "names no queue of the shop");
  }
  GX_ASSIGN_OR_RETURN(auto taken, store::find_call_queue_by_name(ctx.db, ctx.shop.id, q.name));
  if (taken && *taken != q.id) {
    return Status(ErrorCode::kAlreadyExists, "a queue named '" + q.name + "' exists");
  }
  return Status::ok();
}

Status validate_skills(const Json& skills) {
  if (!skills.is_object())
    return detail::field_error("skills", "must be an object {skill: level 1-9}");
  for (const auto& [name, level] : skills.items()) {
    if (name.empty() || name.size() > 64) {
      return detail::field_error("skills", "names must be 1-64 characters");
    }
    if (!level.is_number_integer() || level.get<int64_t>() < 1 ||
        level.get<int64_t>() > callcenter::kMaxSkillLevel) {
      return detail::field_error("skills", "level of '" + name + "' must be an integer 1-9");
    }
  }
  return Status::ok();
}

Result<AgentView> view_of(store::Connection& db, int64_t shop, store::AgentRecord agent) {
  GX_ASSIGN_OR_RETURN(auto settings, store::list_agent_call_settings(db, shop));
  AgentView v{std::move(agent)};
  for (const auto& s : settings) {
    if (s.agent_id == v.agent.id) {
      v.blended = s.blended;
      v.wrap_up_s = s.wrap_up_s;
    }
  }
  return v;
}

Status apply_agent_input(domain::WriteContext& ctx, const AgentInput& in, AgentView& v) {
  if (in.name) {
    if (in.name->empty() || in.name->size() > 100) {
      return detail::field_error("name", "must be 1-100 characters");
    }
    GX_ASSIGN_OR_RETURN(auto same, store::find_agent_by_name(ctx.db, ctx.shop.id, *in.name));
    if (same && same->id != v.agent.id) {
      return Status(ErrorCode::kAlreadyExists, "an agent named '" + *in.name + "' exists");
    }
    v.agent.name = *in.name;
  }
  if (in.user_id) {
    if (*in.user_id) {
      GX_ASSIGN_OR_RETURN(auto same, store::find_agent_by_user(ctx.db, ctx.shop.id, **in.user_id));
      if (same && same->id != v.agent.id) {
        return Status(ErrorCode::kAlreadyExists, "user " + std::to_string(**in.user_id) +
                                                     " is already agent " +
                                                     std::to_string(same->id));
      }
    }
    v.agent.user_id = *in.user_id;
  }
  if (in.skills) {
    GX_RETURN_IF_ERROR(validate_skills(*in.skills));
    v.agent.skills = in.skills->dump();
  }
  if (in.ticket_capacity) {
    GX_RETURN_IF_ERROR(check_range("ticket_capacity", *in.ticket_capacity, 0, 10000));
    v.agent.ticket_capacity = *in.ticket_capacity;
  }
  if (in.active) v.agent.active = *in.active;
  if (in.blended) v.blended = *in.blended;
  if (in.wrap_up_s) {
    GX_RETURN_IF_ERROR(check_range("wrap_up_s", *in.wrap_up_s, 0, 3600));
    v.wrap_up_s = *in.wrap_up_s;
  }
  return Status::ok();
}

}  // namespace

// ---- queues -------------------------------------------------------------------------

Result<store::CallQueueRecord> create_queue(domain::WriteContext& ctx, store::CallQueueRecord q) {
  q.id = 0;
  q.shop_id = ctx.shop.id;
  GX_RETURN_IF_ERROR(validate_queue(ctx, q));
  q.created_at = q.updated_at = to_millis(ctx.clock.now());
  GX_ASSIGN_OR_RETURN(q.id, store::insert_call_queue(ctx.db, q));
  return q;
}

Result<store::CallQueueRecord> update_queue(domain::WriteContext& ctx, int64_t id,
                                            store::CallQueueRecord q) {
  GX_ASSIGN_OR_RETURN(auto old, store::find_call_queue(ctx.db, ctx.shop.id, id));
  if (!old) return Status::not_found("queue " + std::to_string(id) + " not found");
  q.id = id;
  q.shop_id = ctx.shop.id;
  q.created_at = old->created_at;
  GX_RETURN_IF_ERROR(validate_queue(ctx, q));
  q.updated_at = to_millis(ctx.clock.now());
  GX_RETURN_IF_ERROR(store::update_call_queue(ctx.db, q));
  return q;
}

Result<store::CallQueueRecord> get_queue(domain::ReadContext& ctx, int64_t id) {
  GX_ASSIGN_OR_RETURN(auto q, store::find_call_queue(ctx.db, ctx.shop.id, id));
  if (!q) return Status::not_found("queue " + std::to_string(id) + " not found");
  return *q;
}

Result<std::vector<store::CallQueueRecord>> list_queues(domain::ReadContext& ctx) {
  return store::list_call_queues(ctx.db, ctx.shop.id);
}

// ---- agents ----------------------------------------------------------------------------

Result<AgentView> create_agent(domain::WriteContext& ctx, const AgentInput& input) {
  if (!input.name) return detail::field_error("name", "is required");
  AgentView v;
  v.agent.shop_id = ctx.shop.id;
  GX_RETURN_IF_ERROR(apply_agent_input(ctx, input, v));
  const int64_t now = to_millis(ctx.clock.now());
  v.agent.state = "offline";
  v.agent.state_since = v.agent.created_at = v.agent.updated_at = now;
  GX_ASSIGN_OR_RETURN(v.agent.id, store::insert_agent(ctx.db, v.agent));
  GX_RETURN_IF_ERROR(
      store::put_agent_call_settings(ctx.db, {v.agent.id, ctx.shop.id, v.blended, v.wrap_up_s}));
  return v;
}

Result<AgentView> update_agent(domain::WriteContext& ctx, int64_t id, const AgentInput& input) {
  GX_ASSIGN_OR_RETURN(auto agent, store::find_agent(ctx.db, ctx.shop.id, id));
  if (!agent) return Status::not_found("agent " + std::to_string(id) + " not found");
  GX_ASSIGN_OR_RETURN(AgentView v, view_of(ctx.db, ctx.shop.id, std::move(*agent)));
  GX_RETURN_IF_ERROR(apply_agent_input(ctx, input, v));
  v.agent.updated_at = to_millis(ctx.clock.now());
  GX_RETURN_IF_ERROR(store::update_agent(ctx.db, v.agent));
  GX_RETURN_IF_ERROR(
      store::put_agent_call_settings(ctx.db, {v.agent.id, ctx.shop.id, v.blended, v.wrap_up_s}));
  return v;
}

Result<AgentView> get_agent(domain::ReadContext& ctx, int64_t id) {
  GX_ASSIGN_OR_RETURN(auto agent, store::find_agent(ctx.db, ctx.shop.id, id));
  if (!agent) return Status::not_found("agent " + std::to_string(id) + " not found");
  return view_of(ctx.db, ctx.shop.id, std::move(*agent));
}

Result<std::vector<AgentView>> list_agents(domain::ReadContext& ctx) {
  GX_ASSIGN_OR_RETURN(auto agents, store::list_agents(ctx.db, ctx.shop.id));
  GX_ASSIGN_OR_RETURN(auto settings, store::list_agent_call_settings(ctx.db, ctx.shop.id));
  std::map<int64_t, store::AgentCallSettingsRecord> by_agent;
  for (const auto& s : settings) by_agent[s.agent_id] = s;
  std::vector<AgentView> out;
  for (auto& a : agents) {
    AgentView v{std::move(a)};
    if (const auto it = by_agent.find(v.agent.id); it != by_agent.end()) {
      v.blended = it->second.blended;
      v.wrap_up_s = it->second.wrap_up_s;
    }
    out.push_back(std::move(v));
  }
  return out;
}

// ---- IVR menus -------------------------------------------------------------------------

Result<callcenter::IvrMenu> put_ivr_menu(domain::WriteContext& ctx, const std::string& name,
                                         const Json& menu) {
  if (name.empty() || name.size() > 64)
    return detail::field_error("name", "must be 1-64 characters");
  GX_ASSIGN_OR_RETURN(auto queues, store::list_call_queues(ctx.db, ctx.shop.id));
  std::vector<callcenter::QueueId> ids;
  for (const auto& q : queues) ids.push_back(q.id);
  GX_ASSIGN_OR_RETURN(auto parsed, callcenter::ivr_menu_from_json(menu, ids));
  GX_RETURN_IF_ERROR(
      store::put_ivr_menu(ctx.db, ctx.shop.id, {name, menu.dump(), to_millis(ctx.clock.now())}));
  return parsed;
}

Result<Json> get_ivr_menu(domain::ReadContext& ctx, const std::string& name) {
  GX_ASSIGN_OR_RETURN(auto row, store::find_ivr_menu(ctx.db, ctx.shop.id, name));
  if (!row) return Status::not_found("IVR menu '" + name + "' not found");
  return parse_json(row->menu);
}

Result<callcenter::IvrMenu> load_ivr_menu(domain::ReadContext& ctx, const std::string& name) {
  GX_ASSIGN_OR_RETURN(Json json, get_ivr_menu(ctx, name));
  return callcenter::ivr_menu_from_json(json);
}

Result<bool> is_vip_number(domain::ReadContext& ctx, const std::string& number) {
  auto found = domain::find_customer_by_identity(
      ctx, domain::IdentityInput{domain::IdentityType::kPhone, number});
  if (!found.ok() || !*found) return false;
  GX_ASSIGN_OR_RETURN(auto customer, domain::get_customer(ctx, **found));
  GX_ASSIGN_OR_RETURN(auto settings, load_settings(ctx.db, ctx.shop.id));
  for (const auto& tier : settings.vip_tiers) {
    if (!customer.tier.empty() && customer.tier == tier) return true;
  }
  return false;
}

Result<callcenter::IvrOutcome> walk_ivr_menu(domain::ReadContext& ctx, const std::string& name,
                                             const std::string& number, const std::string& digits) {
  GX_ASSIGN_OR_RETURN(auto menu, load_ivr_menu(ctx, name));
  GX_ASSIGN_OR_RETURN(const bool vip, is_vip_number(ctx, number));
  callcenter::IvrCaller caller;
  caller.number = number;
  caller.now = ctx.clock.now();
  caller.zone = ctx.zone;
  caller.is_vip = [vip](std::string_view) { return vip; };
  return callcenter::walk_ivr(menu, caller, digits);
}

// ---- outbound lists --------------------------------------------------------------------

Result<std::vector<store::OutboundEntryRecord>> entries_for_customers(
    domain::ReadContext& ctx, const std::vector<int64_t>& customers) {
  std::vector<store::OutboundEntryRecord> out;
  for (int64_t id : customers) {
    GX_ASSIGN_OR_RETURN(auto identities, store::list_identities(ctx.db, id));
    for (const auto& i : identities) {
      if (i.type != "phone") continue;
      store::OutboundEntryRecord e;
      e.number = i.value;
      e.customer_id = id;
      out.push_back(std::move(e));
      break;
    }
  }
  return out;
}

Result<OutboundListView> create_outbound_list(domain::WriteContext& ctx,
                                              const OutboundListInput& input) {
  if (input.name.empty() || input.name.size() > 100) {
    return detail::field_error("name", "must be 1-100 characters");
  }
  GX_ASSIGN_OR_RETURN(auto queue, store::find_call_queue(ctx.db, ctx.shop.id, input.queue_id));
  if (!queue) return detail::field_error("queue_id", "names no queue of the shop");
  GX_RETURN_IF_ERROR(callcenter::validate_window({input.window_start, input.window_end}));
  GX_ASSIGN_OR_RETURN(auto taken,
                      store::find_outbound_list_by_name(ctx.db, ctx.shop.id, input.name));
  if (taken) return Status(ErrorCode::kAlreadyExists, "a list named '" + input.name + "' exists");
  OutboundListView v;
  v.list.shop_id = ctx.shop.id;
  v.list.name = input.name;
  v.list.queue_id = input.queue_id;
  v.list.segment_id = input.segment_id;
  v.list.window_start = input.window_start;
  v.list.window_end = input.window_end;
  v.list.created_at = to_millis(ctx.clock.now());
  GX_ASSIGN_OR_RETURN(v.list.id, store::insert_outbound_list(ctx.db, v.list));
  int64_t position = 0;
  for (const auto& e : input.entries) {
    store::OutboundEntryRecord row = e;
    row.list_id = v.list.id;
    row.position = position++;
    row.outcome = "pending";
    GX_RETURN_IF_ERROR(store::insert_outbound_entry(ctx.db, row));
    v.entries.push_back(std::move(row));
  }
  return v;
}

Result<OutboundListView> get_outbound_list(domain::ReadContext& ctx, int64_t id) {
  GX_ASSIGN_OR_RETURN(auto list, store::find_outbound_list(ctx.db, ctx.shop.id, id));
  if (!list) return Status::not_found("outbound list " + std::to_string(id) + " not found");
  GX_ASSIGN_OR_RETURN(auto entries, store::list_outbound_entries(ctx.db, id));
  return OutboundListView{std::move(*list), std::move(entries)};
}

Result<std::vector<store::OutboundListRecord>> list_outbound_lists(domain::ReadContext& ctx) {
  return store::list_outbound_lists(ctx.db, ctx.shop.id);
}

// ---- the call log and statistics ------------------------------------------------------

Result<std::vector<store::CallRecord>> search_calls(domain::ReadContext& ctx,
                                                    store::CallSearch search) {
  if (search.number) {
    // The stored number is as the telephony sent it; try the normalized form too.
    auto n = domain::normalize_identity({domain::IdentityType::kPhone, *search.number});
    GX_ASSIGN_OR_RETURN(auto exact, store::search_calls(ctx.db, ctx.shop.id, search));
    if (!exact.empty() || !n.ok() || n->value == *search.number) return exact;
    search.number = n->value;
  }
  return store::search_calls(ctx.db, ctx.shop.id, search);
}

Result<CallDetail> get_call(domain::ReadContext& ctx, int64_t call) {
  GX_ASSIGN_OR_RETURN(auto row, store::find_call(ctx.db, ctx.shop.id, call));
  if (!row) return Status::not_found("call " + std::to_string(call) + " not found");
  GX_ASSIGN_OR_RETURN(auto events, store::list_call_events(ctx.db, ctx.shop.id, call));
  return CallDetail{std::move(*row), std::move(events)};
}

Result<callcenter::StatsReport> call_statistics(domain::ReadContext& ctx, Timestamp from,
                                                Timestamp to, std::chrono::minutes interval) {
  if (to < from) return Status::invalid("'to' is before 'from'");
  GX_ASSIGN_OR_RETURN(auto queue_rows, store::list_call_queues(ctx.db, ctx.shop.id));
  GX_ASSIGN_OR_RETURN(auto agent_rows, store::list_agents(ctx.db, ctx.shop.id));
  GX_ASSIGN_OR_RETURN(
      auto calls, store::list_calls_offered(ctx.db, ctx.shop.id, to_millis(from), to_millis(to)));
  GX_ASSIGN_OR_RETURN(auto states, store::list_agent_states(ctx.db, ctx.shop.id, to_millis(to)));

  std::vector<callcenter::Queue> queues;
  for (const auto& q : queue_rows) {
    callcenter::Queue out;
    out.id = q.id;
    out.service_level = callcenter::Seconds(q.service_level_s);
    queues.push_back(out);
  }
  callcenter::SimTruth truth;
  truth.end = to;
  for (const auto& c : calls) {
    callcenter::CallTruth t;
    t.id = c.call_id;
    t.queue = c.queue_id;
    t.direction = c.direction == "outbound" ? callcenter::Direction::kOutbound
                                            : callcenter::Direction::kInbound;
    t.vip = c.vip;
    t.offered = from_millis(c.offered_at);
    t.agent = c.agent_id;
    if (c.answered_at) t.answered = from_millis(*c.answered_at);
    if (c.ended_at) t.ended = from_millis(*c.ended_at);
    if (c.wrap_up_end_at && c.answered_at && c.ended_at && *c.wrap_up_end_at <= to_millis(to)) {
      t.wrap_up_end = from_millis(*c.wrap_up_end_at);
    }
    t.abandoned = c.outcome == "abandoned" || c.outcome == "not_reached";
    t.callback = c.outcome == "callback";
    truth.calls.push_back(t);
  }
  // Each agent's timeline from `from`: the state it was in then, and its changes after.
  std::map<int64_t, callcenter::AgentTruth> timelines;
  for (const auto& a : agent_rows) {
    timelines[a.id].id = a.id;
    timelines[a.id].timeline.emplace_back(from, callcenter::AgentState::kOffline);
  }
  for (const auto& s : states) {
    const auto state = callcenter::parse_agent_state(s.state);
    if (!state) continue;
    auto& line = timelines[s.agent_id];
    line.id = s.agent_id;
    if (line.timeline.empty()) line.timeline.emplace_back(from, callcenter::AgentState::kOffline);
    if (s.at <= to_millis(from)) {
      line.timeline.front().second = *state;
    } else {
      line.timeline.emplace_back(from_millis(s.at), *state);
    }
  }
  for (auto& [id, line] : timelines) truth.agents.push_back(std::move(line));
  return callcenter::truth_stats(truth, queues, ctx.zone, interval);
}

}  // namespace guanxi::cti
