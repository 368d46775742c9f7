#include "service/reports.hpp"

#include <date/date.h>

#include <algorithm>
#include <unordered_map>

#include "calendar/business_hours_sla.hpp"
#include "service/settings.hpp"
#include "service/sla.hpp"
#include "store/service_table.hpp"

namespace guanxi::service {

namespace {

std::optional<double> ratio(int64_t num, int64_t den) {
  if (den <= 0) return std::nullopt;
  return static_cast<double>(num) / static_cast<double>(den);
}

std::optional<int64_t> mean(int64_t total, int64_t n) {
  if (n <= 0) return std::nullopt;
  return total / n;
}

std::string group_key(const ReportQuery& q, const store::TicketRecord& t, const ShopZone& zone) {
  if (q.group_by == "agent")
    return t.assignee_agent_id ? "agent:" + std::to_string(*t.assignee_agent_id) : "unassigned";
  const date::sys_days day{zone.local_day(from_millis(t.created_at)).time_since_epoch()};
  if (q.group_by == "week") {
    const date::weekday wd{day};
    const auto monday = day - date::days((wd.c_encoding() + 6) % 7);
    return date::format("%F", monday);
  }
  if (q.group_by == "month") return date::format("%Y-%m", day);
  return date::format("%F", day);
}

// What the report counts of one ticket, computed once (the total and its
// group share it).
enum class ClockOutcome { kNone, kMet, kBreached };
struct TicketFacts {
  std::optional<int64_t> resolution_ms;      // to the first resolution
  std::optional<int64_t> first_response_ms;  // to the first reply, resolution or close
  ClockOutcome first_response = ClockOutcome::kNone;
  ClockOutcome resolution = ClockOutcome::kNone;
};

ClockOutcome outcome_of(const SlaEvaluation& e, const calendar::SlaStatus& clock) {
  if (!e.has_sla) return ClockOutcome::kNone;
  if (clock.state == calendar::SlaState::kMet) return ClockOutcome::kMet;
  if (clock.state == calendar::SlaState::kBreached) return ClockOutcome::kBreached;
  return ClockOutcome::kNone;
}

// The reference: both clocks and business times recomputed from the pauses.
TicketFacts recomputed_facts(const ServiceSettings& s, const ShopZone& zone,
                             const store::TicketRecord& t, Timestamp now) {
  TicketFacts out;
  if (t.first_resolved_at)
    out.resolution_ms = business_ms_until(s.business_hours, zone, t, *t.first_resolved_at);
  if (const auto stop = first_response_stop(t))
    out.first_response_ms = business_ms_until(s.business_hours, zone, t, *stop);
  const SlaEvaluation e = evaluate_sla(t, s, zone, now);
  out.first_response = outcome_of(e, e.first_response);
  out.resolution = outcome_of(e, e.resolution);
  return out;
}

ClockOutcome stopped_outcome(const std::optional<bool>& breached) {
  if (!breached) return ClockOutcome::kNone;
  return *breached ? ClockOutcome::kBreached : ClockOutcome::kMet;
}

// A running clock is breached once now is past its stored due time; while the
// ticket waits on the customer the due time moves on, so it is breached only
// if it was before the wait began.
ClockOutcome running_outcome(const std::optional<int64_t>& due, std::optional<int64_t> wait_from,
                             int64_t now) {
  if (!due || now <= *due) return ClockOutcome::kNone;
  if (wait_from && *due > *wait_from) return ClockOutcome::kNone;
  return ClockOutcome::kBreached;
}

// From the columns stored when the clocks stopped (sla.hpp store_speed); a row
// written before they existed is recomputed.
TicketFacts stored_facts(const ServiceSettings& s, const ShopZone& zone,
                         const store::TicketRecord& t, Timestamp now) {
  if (!t.speed_stored) return recomputed_facts(s, zone, t, now);
  TicketFacts out;
  out.resolution_ms = t.first_resolution_ms;
  out.first_response_ms = t.first_response_ms;
  std::optional<int64_t> wait_from;
  if (t.status == "waiting_customer") {
    for (const auto& p : ticket_pauses(t)) {
      if (!p.to) wait_from = to_millis(p.from);
    }
  }
  const int64_t now_ms = to_millis(now);
  out.first_response = first_response_stop(t)
                           ? stopped_outcome(t.first_response_breached)
                           : running_outcome(t.first_response_due, wait_from, now_ms);
  out.resolution = resolution_stop(t) ? stopped_outcome(t.resolution_breached)
                                      : running_outcome(t.resolution_due, wait_from, now_ms);
  return out;
}

void add_ticket(ReportFigures& f, const store::TicketRecord& t, const TicketFacts& facts,
                int64_t window_ms, int64_t now) {
  f.tickets += 1;
  f.by_status[t.status] += 1;
  f.by_priority[t.priority] += 1;
  f.by_type[t.type] += 1;
  f.by_channel[t.channel] += 1;
  if (t.first_resolved_at) {
    f.resolved += 1;
    const bool decided = t.reopened_in_window || now - *t.first_resolved_at >= window_ms;
    if (decided) {
      f.fcr_decided += 1;
      if (!t.reopened_in_window && t.contacts_at_resolution.value_or(0) == 1) f.fcr += 1;
    } else {
      f.fcr_pending += 1;
    }
    if (t.replies_at_resolution.value_or(0) == 1) f.one_touch += 1;
    f.resolution_ms_total += facts.resolution_ms.value_or(0);
  }
  if (facts.first_response_ms) {
    f.responded += 1;
    f.first_response_ms_total += *facts.first_response_ms;
  }
  if (facts.first_response == ClockOutcome::kMet) f.first_response_met += 1;
  if (facts.first_response == ClockOutcome::kBreached) f.first_response_breached += 1;
  if (facts.resolution == ClockOutcome::kMet) f.resolution_met += 1;
  if (facts.resolution == ClockOutcome::kBreached) f.resolution_breached += 1;
}

void add_csat(ReportFigures& f, const store::CsatSurveyRecord& s) {
  f.csat_sent += 1;
  if (s.score && *s.score >= 1 && *s.score <= 5) {
    f.csat_responses += 1;
    f.csat_sum += *s.score;
    f.csat_distribution[static_cast<size_t>(*s.score - 1)] += 1;
  }
}

}  // namespace

std::optional<double> ReportFigures::fcr_rate() const {
  return ratio(fcr, fcr_decided);
}
std::optional<double> ReportFigures::one_touch_rate() const {
  return ratio(one_touch, resolved);
}
std::optional<double> ReportFigures::csat_average() const {
  return ratio(csat_sum, csat_responses);
}
std::optional<double> ReportFigures::csat_response_rate() const {
  return ratio(csat_responses, csat_sent);
}
std::optional<double> ReportFigures::first_response_met_rate() const {
  return ratio(first_response_met, first_response_met + first_response_breached);
}
std::optional<double> ReportFigures::resolution_met_rate() const {
  return ratio(resolution_met, resolution_met + resolution_breached);
}
std::optional<int64_t> ReportFigures::average_first_response_ms() const {
  return mean(first_response_ms_total, responded);
}
std::optional<int64_t> ReportFigures::average_resolution_ms() const {
  return mean(resolution_ms_total, resolved);
}

Result<ServiceReport> service_report(domain::ReadContext& ctx, const ReportQuery& q) {
  if (q.to <= q.from) {
    Location loc;
    loc.field = "?to";
    return Status::invalid("to must be after from", loc);
  }
  if (q.to - q.from > std::chrono::hours(24 * 400)) {
    Location loc;
    loc.field = "?to";
    return Status::invalid("a report spans at most 400 days", loc);
  }
  if (!q.group_by.empty() && q.group_by != "agent" && q.group_by != "day" && q.group_by != "week" &&
      q.group_by != "month") {
    Location loc;
    loc.field = "?group_by";
    return Status::invalid("group_by must be agent, day, week or month", loc);
  }
  GX_ASSIGN_OR_RETURN(ServiceSettings s, load_service_settings(ctx.db, ctx.shop.id));
  const Timestamp now = ctx.clock.now();
  const int64_t now_ms = to_millis(now);
  const int64_t window_ms = int64_t{s.fcr_window_days} * 86'400'000;
  const int64_t from = to_millis(q.from);
  const int64_t to = to_millis(q.to);
  GX_ASSIGN_OR_RETURN(auto tickets, store::tickets_created_between(ctx.db, ctx.shop.id, from, to));
  GX_ASSIGN_OR_RETURN(auto surveys,
                      store::csat_for_tickets_created_between(ctx.db, ctx.shop.id, from, to));
  ServiceReport out;
  out.from = q.from;
  out.to = q.to;
  std::map<std::string, ReportFigures> groups;
  std::unordered_map<int64_t, std::string> key_of;  // ticket -> group ("" when filtered out)
  for (const auto& t : tickets) {
    if (q.agent && t.assignee_agent_id != q.agent) {
      key_of[t.id] = "\x01";
      continue;
    }
    const TicketFacts facts =
        q.recompute ? recomputed_facts(s, ctx.zone, t, now) : stored_facts(s, ctx.zone, t, now);
    add_ticket(out.total, t, facts, window_ms, now_ms);
    std::string key = q.group_by.empty() ? std::string() : group_key(q, t, ctx.zone);
    if (!key.empty()) add_ticket(groups[key], t, facts, window_ms, now_ms);
    key_of[t.id] = std::move(key);
  }
  for (const auto& sv : surveys) {
    auto it = key_of.find(sv.ticket_id);
    if (it == key_of.end() || it->second == "\x01") continue;
    add_csat(out.total, sv);
    if (!it->second.empty()) add_csat(groups[it->second], sv);
  }
  for (auto& [k, f] : groups) out.groups.emplace_back(k, std::move(f));
  return out;
}

}  // namespace guanxi::service
