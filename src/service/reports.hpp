// Service desk reports over the tickets created in [from, to) (the cohort):
// every figure below is about those tickets, evaluated at the read's now.
//
// - tickets; by_status / by_priority / by_type / by_channel: counts.
// - resolved: tickets resolved at least once.
// - customer contact: the ticket's opening contact, each customer message on
//   the ticket and each inbound interaction logged against it.
// - FCR (一次解决率): a resolved ticket is *decided* once its FCR window
//   (fcr_window_days × 24 h after the first resolution) has passed or it was
//   reopened within it; it is *first-contact resolved* when, at its first
//   resolution, it had exactly one customer contact and it was not reopened
//   within the window. fcr_rate = fcr / fcr_decided; fcr_pending = resolved
//   but not yet decided.
// - one-touch: resolved (first resolution) with exactly one agent reply to the
//   customer by then; one_touch_rate = one_touch / resolved.
// - CSAT: surveys of the cohort's tickets: sent, responses, distribution of
//   scores 1-5, average = sum / responses, response_rate = responses / sent.
// - SLA: per clock (first response, resolution), met and breached counts of
//   the clocks that are decided (met, or breached — also while still open);
//   rates over met + breached.
// - average first response and resolution business time (ms): business time
//   (shop hours, pauses excluded) from creation to the first agent reply (or
//   first resolution / close when earlier), and to the first resolution.
// Group by agent (the current assignee; "unassigned") or by shop-local day,
// week (starting Monday) or month of creation.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/context.hpp"

namespace guanxi::service {

struct ReportQuery {
  Timestamp from{};
  Timestamp to{};
  std::optional<int64_t> agent;  // only tickets assigned to this agent
  std::string group_by;          // "" | agent | day | week | month
  // false: business times and clock outcomes from the columns stored when
  // each clock stopped (a sum); true: recomputed per ticket from its pauses
  // over the current settings (the reference the tests and the benchmark
  // compare with). They differ only for clocks that stopped before a change
  // of the shop's SLA targets or hours: the stored figures keep the targets
  // in force then.
  bool recompute = false;
};

struct ReportFigures {
  int64_t tickets = 0;
  std::map<std::string, int64_t> by_status, by_priority, by_type, by_channel;
  int64_t resolved = 0;
  int64_t fcr = 0;
  int64_t fcr_decided = 0;
  int64_t fcr_pending = 0;
  int64_t one_touch = 0;
  int64_t csat_sent = 0;
  int64_t csat_responses = 0;
  int64_t csat_sum = 0;
  std::array<int64_t, 5> csat_distribution{};  // [0] = score 1
  int64_t first_response_met = 0;
  int64_t first_response_breached = 0;
  int64_t resolution_met = 0;
  int64_t resolution_breached = 0;
  int64_t responded = 0;
  int64_t first_response_ms_total = 0;
  int64_t resolution_ms_total = 0;

  // nullopt when the denominator is 0.
  std::optional<double> fcr_rate() const;
  std::optional<double> one_touch_rate() const;
  std::optional<double> csat_average() const;
  std::optional<double> csat_response_rate() const;
  std::optional<double> first_response_met_rate() const;
  std::optional<double> resolution_met_rate() const;
  std::optional<int64_t> average_first_response_ms() const;
  std::optional<int64_t> average_resolution_ms() const;

  bool operator==(const ReportFigures&) const = default;
};

struct ServiceReport {
  Timestamp from{};
  Timestamp to{};
  ReportFigures total;
  std::vector<std::pair<std::string, ReportFigures>> groups;  // by key, ascending
};

// invalid_argument for to ≤ from, a span over 400 days or an unknown group_by.
Result<ServiceReport> service_report(domain::ReadContext& ctx, const ReportQuery& query);

}  // namespace guanxi::service
