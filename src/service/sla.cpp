#include "service/sla.hpp"

#include <algorithm>

#include "core/json.hpp"

namespace guanxi::service {

namespace {

int rank(calendar::SlaState s) {
  switch (s) {
    case calendar::SlaState::kBreached:
      return 4;
    case calendar::SlaState::kWarning:
      return 3;
    case calendar::SlaState::kPaused:
      return 2;
    case calendar::SlaState::kRunning:
      return 1;
    case calendar::SlaState::kMet:
      return 0;
  }
  return 0;
}

// The next instant of one clock still to fire, if any: its warning (when not
// fired) or its breach (when not fired). A clock stopped in time has nothing
// left; one stopped late still owes its breach. While paused the due time
// moves, so nothing is scheduled until the pause ends (a write re-evaluates).
std::optional<Timestamp> next_of(const calendar::SlaStatus& s, bool stopped, int64_t fired,
                                 int64_t warn_bit, int64_t breach_bit) {
  if (fired & breach_bit) return std::nullopt;
  if (s.state == calendar::SlaState::kMet) return std::nullopt;
  if (s.state == calendar::SlaState::kBreached) return s.due;
  if (stopped || s.paused) return std::nullopt;
  if (!(fired & warn_bit) && s.warn_at) return std::min(*s.warn_at, s.due);
  return s.due;
}

}  // namespace

std::vector<calendar::SlaPause> ticket_pauses(const store::TicketRecord& t) {
  std::vector<calendar::SlaPause> out;
  const Json j = Json::parse(t.pauses, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& p : j) {
    if (!p.is_array() || p.size() != 2 || !p[0].is_number_integer()) continue;
    calendar::SlaPause pause;
    pause.from = from_millis(p[0].get<int64_t>());
    if (p[1].is_number_integer()) pause.to = from_millis(p[1].get<int64_t>());
    out.push_back(pause);
  }
  return out;
}

std::string pauses_to_json(const std::vector<calendar::SlaPause>& pauses) {
  Json j = Json::array();
  for (const auto& p : pauses) {
    j.push_back(Json::array({to_millis(p.from), p.to ? Json(to_millis(*p.to)) : Json(nullptr)}));
  }
  return j.dump();
}

std::optional<int64_t> first_response_stop(const store::TicketRecord& t) {
  std::optional<int64_t> responded = t.first_response_at;
  for (const auto& alt : {t.first_resolved_at, t.closed_at}) {
    if (alt && (!responded || *alt < *responded)) responded = alt;
  }
  return responded;
}

std::optional<int64_t> resolution_stop(const store::TicketRecord& t) {
  return t.resolved_at ? t.resolved_at : t.closed_at;
}

int64_t business_ms_until(const calendar::BusinessHours& hours, const ShopZone& zone,
                          const store::TicketRecord& t, int64_t stop) {
  const Timestamp from = from_millis(t.created_at);
  const Timestamp to = from_millis(stop);
  auto total = calendar::business_time_between(hours, zone, from, to);
  for (const auto& p : ticket_pauses(t)) {
    const Timestamp a = std::max(p.from, from);
    const Timestamp b = std::min(p.to.value_or(to), to);
    if (a < b) total -= calendar::business_time_between(hours, zone, a, b);
  }
  return std::max<int64_t>(total.count(), 0);
}

SlaEvaluation evaluate_sla(const store::TicketRecord& t, const ServiceSettings& settings,
                           const ShopZone& zone, Timestamp now) {
  SlaEvaluation e;
  auto target = settings.sla.find(t.priority);
  if (target == settings.sla.end()) return e;
  e.has_sla = true;
  const calendar::SlaClock clock(settings.business_hours, zone);
  calendar::SlaInput in;
  in.started = from_millis(t.created_at);
  in.pauses = ticket_pauses(t);
  in.warning = settings.sla_warning;

  const std::optional<int64_t> responded = first_response_stop(t);
  in.target = target->second.first_response;
  if (responded) in.stopped = from_millis(*responded);
  e.first_response = clock.evaluate(in, now);
  const auto fr_next =
      next_of(e.first_response, responded.has_value(), t.sla_fired, kFrWarningBit, kFrBreachBit);

  const std::optional<int64_t> resolved = resolution_stop(t);
  in.target = target->second.resolution;
  in.stopped.reset();
  if (resolved) in.stopped = from_millis(*resolved);
  e.resolution = clock.evaluate(in, now);
  const auto res_next =
      next_of(e.resolution, resolved.has_value(), t.sla_fired, kResWarningBit, kResBreachBit);

  const auto& worse =
      rank(e.resolution.state) >= rank(e.first_response.state) ? e.resolution : e.first_response;
  e.state = std::string(calendar::sla_state_name(worse.state));
  if (fr_next && res_next)
    e.next_at = std::min(*fr_next, *res_next);
  else
    e.next_at = fr_next ? fr_next : res_next;
  if (e.next_at && *e.next_at == calendar::kNever) e.next_at.reset();
  return e;
}

void apply_sla(store::TicketRecord& t, const SlaEvaluation& e) {
  t.sla_state = e.state;
  if (!e.has_sla) {
    t.first_response_due.reset();
    t.resolution_due.reset();
    t.sla_next_at.reset();
    return;
  }
  auto ms = [](Timestamp ts) -> std::optional<int64_t> {
    if (ts == calendar::kNever) return std::nullopt;
    return to_millis(ts);
  };
  t.first_response_due = ms(e.first_response.due);
  t.resolution_due = ms(e.resolution.due);
  t.sla_next_at = e.next_at ? ms(*e.next_at) : std::nullopt;
}

void store_speed(store::TicketRecord& t, const SlaEvaluation& e, const ServiceSettings& settings,
                 const ShopZone& zone) {
  // The first-response stop only appears, never moves, while it exists (its
  // parts are set at "now" and only a close is undone, by a reopen).
  if (const auto stop = first_response_stop(t)) {
    if (!t.speed_stored || !t.first_response_ms)
      t.first_response_ms = business_ms_until(settings.business_hours, zone, t, *stop);
    t.first_response_breached.reset();
    if (e.has_sla)
      t.first_response_breached = e.first_response.state == calendar::SlaState::kBreached;
  } else {
    t.first_response_ms.reset();
    t.first_response_breached.reset();
  }
  if (t.first_resolved_at && (!t.speed_stored || !t.first_resolution_ms)) {
    t.first_resolution_ms =
        business_ms_until(settings.business_hours, zone, t, *t.first_resolved_at);
  }
  t.resolution_breached.reset();
  if (resolution_stop(t) && e.has_sla)
    t.resolution_breached = e.resolution.state == calendar::SlaState::kBreached;
  t.speed_stored = true;
}

void refresh_sla(store::TicketRecord& t, const ServiceSettings& settings, const ShopZone& zone,
                 Timestamp now) {
  const SlaEvaluation e = evaluate_sla(t, settings, zone, now);
  apply_sla(t, e);
  store_speed(t, e, settings, zone);
}

}  // namespace guanxi::service
