// The two SLA clocks of a ticket — first response and resolution — over the
// shop's business hours, and what the engine must do next. Both clocks start
// when the ticket is created and stand still while it waits on the customer
// (and between a resolution and a reopen). The first-response clock stops at
// the first agent reply to the customer (or the first resolution, or a close);
// the resolution clock at the resolution (or a close without one).
//
// A ticket's `sla_fired` bits make each warning and breach fire once:
// 1 first-response warning, 2 first-response breach, 4 resolution warning,
// 8 resolution breach. A breach found before its warning fired (the engine was
// down through the warning zone) sets the warning bit without a warning event.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "calendar/business_hours_sla.hpp"
#include "service/settings.hpp"
#include "store/service_table.hpp"

namespace guanxi::service {

inline constexpr int64_t kFrWarningBit = 1;
inline constexpr int64_t kFrBreachBit = 2;
inline constexpr int64_t kResWarningBit = 4;
inline constexpr int64_t kResBreachBit = 8;

// The pauses stored on a ticket ([[from, to|null], …]).
std::vector<calendar::SlaPause> ticket_pauses(const store::TicketRecord& t);
std::string pauses_to_json(const std::vector<calendar::SlaPause>& pauses);

struct SlaEvaluation {
  bool has_sla = false;  // the priority has a target
  calendar::SlaStatus first_response;
  calendar::SlaStatus resolution;
  std::string state = "none";        // the worse clock: breached > warning > paused > running > met
  std::optional<Timestamp> next_at;  // the next warning or breach still to fire
};

// Both clocks at `now`.
SlaEvaluation evaluate_sla(const store::TicketRecord& t, const ServiceSettings& settings,
                           const ShopZone& zone, Timestamp now);

// Writes the evaluation into the record: the due times, sla_state, sla_next_at.
void apply_sla(store::TicketRecord& t, const SlaEvaluation& e);

// Business time (shop hours) from the ticket's creation to `stop`, its waits
// on the customer excluded (pauses never overlap: one wait at a time).
int64_t business_ms_until(const calendar::BusinessHours& hours, const ShopZone& zone,
                          const store::TicketRecord& t, int64_t stop);

// The instant each clock stopped, if it did: the first response at the first
// agent reply, or the first resolution or a close when earlier; the resolution
// at the (latest) resolution, else a close.
std::optional<int64_t> first_response_stop(const store::TicketRecord& t);
std::optional<int64_t> resolution_stop(const store::TicketRecord& t);

// Keeps the stored speed of `t` (the speed_* members of the record, see
// 0009_service_speed.sql) in step with the evaluation `e` at the record's
// current state: a clock that stopped gets its business time (computed once)
// and whether it breached; a clock running again after a reopen is cleared;
// the first resolution's business time is kept for good.
void store_speed(store::TicketRecord& t, const SlaEvaluation& e, const ServiceSettings& settings,
                 const ShopZone& zone);

// evaluate_sla at `now`, apply_sla, store_speed: what every ticket write does.
void refresh_sla(store::TicketRecord& t, const ServiceSettings& settings, const ShopZone& zone,
                 Timestamp now);

}  // namespace guanxi::service
