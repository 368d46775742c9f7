#include "api/render_callcenter.hpp"

namespace guanxi::api {

namespace {

Json opt(const std::optional<int64_t>& v) {
  return v ? Json(*v) : Json(nullptr);
}

Json time_of(const std::optional<int64_t>& ms) {
  return ms ? Json(format_utc_iso8601(from_millis(*ms))) : Json(nullptr);
}

Json call_metrics_json(const callcenter::CallMetrics& m) {
  return Json{{"offered", m.offered},
              {"answered", m.answered},
              {"abandoned", m.abandoned},
              {"callbacks", m.callbacks},
              {"abandonment_rate", m.abandonment_rate()},
              {"answered_in_sl", m.answered_in_sl},
              {"service_level", m.service_level()},
              {"asa_s", m.asa_seconds()},
              {"handled", m.handled},
              {"aht_s", m.aht_seconds()},
              {"talk_ms", m.talk_ms},
              {"wrap_up_ms", m.wrap_up_ms},
              {"outbound_dialed", m.outbound_dialed},
              {"outbound_connected", m.outbound_connected}};
}

Json agent_time(const callcenter::AgentTime& t) {
  return Json{{"available_ms", t.available_ms},
              {"on_call_ms", t.on_call_ms},
              {"wrap_up_ms", t.wrap_up_ms},
              {"break_ms", t.break_ms},
              {"occupancy", t.occupancy()}};
}

}  // namespace

Json render_queue(const store::CallQueueRecord& q) {
  return Json{{"id", q.id},
              {"name", q.name},
              {"skill", q.skill},
              {"min_level", q.min_level},
              {"priority", q.priority},
              {"overflow_to", opt(q.overflow_to)},
              {"overflow_after_s", q.overflow_after_s},
              {"callback_offer_after_s", opt(q.callback_offer_after_s)},
              {"service_level_s", q.service_level_s},
              {"created_at", format_utc_iso8601(from_millis(q.created_at))},
              {"updated_at", format_utc_iso8601(from_millis(q.updated_at))}};
}

Json render_agent(const cti::AgentView& a, const ShopZone& zone) {
  Json skills = Json::object();
  if (auto parsed = parse_json(a.agent.skills); parsed.ok()) skills = *parsed;
  return Json{{"id", a.agent.id},
              {"user_id", opt(a.agent.user_id)},
              {"name", a.agent.name},
              {"skills", skills},
              {"state", a.agent.state},
              {"state_since", format_utc_iso8601(from_millis(a.agent.state_since))},
              {"state_since_local", zone.format_local(from_millis(a.agent.state_since))},
              {"ticket_capacity", a.agent.ticket_capacity},
              {"active", a.agent.active},
              {"blended", a.blended},
              {"wrap_up_s", a.wrap_up_s}};
}

Json render_call(const store::CallRecord& c, const ShopZone& zone) {
  Json path = Json::array();
  if (auto parsed = parse_json(c.ivr_path); parsed.ok()) path = *parsed;
  Json j = {{"id", c.call_id},
            {"direction", c.direction},
            {"number", c.number},
            {"customer_id", opt(c.customer_id)},
            {"vip", c.vip},
            {"dedicated_agent_id", opt(c.dedicated_agent_id)},
            {"queue_id", c.queue_id},
            {"agent_id", opt(c.agent_id)},
            {"ivr_path", path},
            {"offered_at", format_utc_iso8601(from_millis(c.offered_at))},
            {"offered_at_local", zone.format_local(from_millis(c.offered_at))},
            {"answered_at", time_of(c.answered_at)},
            {"ended_at", time_of(c.ended_at)},
            {"wrap_up_end_at", time_of(c.wrap_up_end_at)},
            {"outcome", c.outcome},
            {"transfers", c.transfers},
            {"recording_url", c.recording_url.empty() ? Json(nullptr) : Json(c.recording_url)}};
  j["wait_s"] = c.answered_at ? Json((*c.answered_at - c.offered_at) / 1000) : Json(nullptr);
  j["talk_s"] =
      c.answered_at && c.ended_at ? Json((*c.ended_at - *c.answered_at) / 1000) : Json(nullptr);
  if (c.list_id) {
    j["list_id"] = *c.list_id;
    j["entry"] = opt(c.entry_index);
  }
  return j;
}

Json render_call_detail(const cti::CallDetail& d, const ShopZone& zone) {
  Json j = render_call(d.call, zone);
  Json events = Json::array();
  for (const auto& e : d.events) {
    Json body = Json::object();
    if (auto parsed = parse_json(e.body); parsed.ok()) body = *parsed;
    Json decisions = Json::array();
    if (auto parsed = parse_json(e.decisions); parsed.ok()) decisions = *parsed;
    events.push_back({{"kind", e.kind},
                      {"at", format_utc_iso8601(from_millis(e.at))},
                      {"event", body},
                      {"decisions", decisions}});
  }
  j["events"] = std::move(events);
  return j;
}

Json render_call_stats(const callcenter::StatsReport& r, const ShopZone& zone) {
  Json queues = Json::array();
  for (const auto& q : r.queues) {
    Json row = call_metrics_json(q.calls);
    row["queue_id"] = q.queue;
    queues.push_back(std::move(row));
  }
  Json agents = Json::array();
  for (const auto& a : r.agents) {
    Json row = call_metrics_json(a.calls);
    row["agent_id"] = a.agent;
    row["time"] = agent_time(a.time);
    agents.push_back(std::move(row));
  }
  Json intervals = Json::array();
  for (const auto& i : r.intervals) {
    Json row = call_metrics_json(i.calls);
    row["start"] = format_utc_iso8601(i.start);
    row["start_local"] = zone.format_local(i.start);
    row["time"] = agent_time(i.time);
    intervals.push_back(std::move(row));
  }
  return Json{{"as_of", format_utc_iso8601(r.as_of)},
              {"total", call_metrics_json(r.total)},
              {"queues", std::move(queues)},
              {"agents", std::move(agents)},
              {"intervals", std::move(intervals)}};
}

Json render_queue_snapshot(int64_t queue, const callcenter::QueueSnapshot& s) {
  return Json{{"queue_id", queue},
              {"waiting", s.waiting},
              {"held", s.held},
              {"idle_agents", s.idle},
              {"callbacks_pending", s.callbacks_pending},
              {"entries_pending", s.entries_pending}};
}

Json render_outbound_list(const cti::OutboundListView& v, bool with_entries) {
  Json j = {{"id", v.list.id},
            {"name", v.list.name},
            {"queue_id", v.list.queue_id},
            {"segment_id", opt(v.list.segment_id)},
            {"allowed_hours",
             {callcenter::format_minute_of_day(static_cast<int>(v.list.window_start)),
              callcenter::format_minute_of_day(static_cast<int>(v.list.window_end))}},
            {"created_at", format_utc_iso8601(from_millis(v.list.created_at))}};
  Json counts = Json::object();
  for (const auto& e : v.entries) counts[e.outcome] = counts.value(e.outcome, 0) + 1;
  j["entry_count"] = v.entries.size();
  j["outcomes"] = std::move(counts);
  if (with_entries) {
    Json entries = Json::array();
    for (const auto& e : v.entries) {
      entries.push_back({{"position", e.position},
                         {"number", e.number},
                         {"customer_id", opt(e.customer_id)},
                         {"outcome", e.outcome},
                         {"call_id", opt(e.call_id)}});
    }
    j["entries"] = std::move(entries);
  }
  return j;
}

Json render_ivr_outcome(const callcenter::IvrOutcome& o) {
  Json j = {{"outcome", callcenter::ivr_outcome_name(o.kind)},
            {"vip", o.vip},
            {"node", o.node},
            {"path", o.path},
            {"digits_used", o.digits_used}};
  if (o.kind == callcenter::IvrOutcome::Kind::kQueue ||
      o.kind == callcenter::IvrOutcome::Kind::kCallback) {
    j["queue_id"] = o.queue;
  }
  return j;
}

}  // namespace guanxi::api
