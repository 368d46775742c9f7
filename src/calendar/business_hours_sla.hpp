// The SLA clock of a ticket: "first response within 4 business hours", "resolved
// within 2 business days". The clock counts only the shop's business hours and
// stops while the ticket waits on the customer (pauses). Pure: the caller passes
// the ticket's history and `now`; nothing is stored or read from a clock.
//
// Targets are business time: "2 business days" is twice the shop's working day
// (16 h for 09:00-18:00 with an hour's lunch).
//
//   SlaClock clock(hours, zone);
//   SlaStatus s = clock.evaluate({.started = created, .target = std::chrono::hours(4),
//                                 .pauses = waits, .warning = {20, std::chrono::minutes(30)}},
//                                now);
//   // s.state; s.due (the breach) and s.warn_at are the instants to wake up at.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "calendar/business_hours.hpp"
#include "core/time.hpp"

namespace guanxi::calendar {

// A period the clock stood still (the ticket waited on the customer): [from, to),
// or from `from` on while it still waits (no `to`).
struct SlaPause {
  Timestamp from{};
  std::optional<Timestamp> to{};

  bool operator==(const SlaPause&) const = default;
};

// When an SLA is close to its breach: when the business time remaining is at most
// `percent` of the target or at most `remaining`, whichever is more (neither set:
// never). {20, 30 min}: 48 min before a 4 h target's breach, 30 min before a 1 h one's.
struct SlaWarning {
  unsigned percent = 0;  // 0 … 100
  std::chrono::milliseconds remaining{0};

  bool operator==(const SlaWarning&) const = default;
};

struct SlaInput {
  Timestamp started{};                 // the ticket was created (or the target began)
  std::chrono::milliseconds target{};  // business time allowed
  // Any order; overlaps are merged; the parts before `started` or after the
  // evaluated instant do not count; a pause without `to` lasts until then.
  std::vector<SlaPause> pauses{};
  // The target was met (first response sent, ticket resolved): the clock stops there.
  std::optional<Timestamp> stopped{};
  SlaWarning warning{};
};

enum class SlaState : uint8_t {
  kRunning,   // counting, not yet in the warning zone
  kWarning,   // counting, remaining ≤ the warning threshold
  kPaused,    // waiting on the customer, not breached
  kBreached,  // past due (also when stopped late or paused after the breach)
  kMet,       // stopped at or before the due time
};

// "running", "warning", "paused", "breached", "met".
std::string_view sla_state_name(SlaState state);

struct SlaStatus {
  SlaState state = SlaState::kRunning;
  // The instant the target is (or was) reached: `started` plus the target in
  // business time, extended by the business time paused before it. While paused it
  // is the due time if the ticket resumed at the evaluated instant (it moves on as
  // the pause goes on). kNever when the shop never opens.
  Timestamp due;
  // When the warning zone begins (same rules as `due`); nullopt without a threshold.
  std::optional<Timestamp> warn_at;
  std::chrono::milliseconds elapsed{0};    // business time counted, pauses excluded
  std::chrono::milliseconds remaining{0};  // target − elapsed, at least 0
  bool paused = false;                     // a pause covers `now` (and not stopped)
  std::optional<Timestamp> breached_at;    // == due, once the clock passed it

  bool operator==(const SlaStatus&) const = default;
};

// Evaluates SLA clocks over one shop's hours. Borrows `hours` and `zone`, which
// must outlive it; cheap to copy.
class SlaClock {
 public:
  SlaClock(const BusinessHours& hours, const ShopZone& zone) : hours_(&hours), zone_(&zone) {}

  // The clock at `now`, counted up to min(now, input.stopped) (a `stopped` after
  // `now` has not happened yet). The state: met or breached once stopped (met at
  // exactly `due` is met); otherwise breached once past `due`; otherwise paused while
  // a pause covers `now`; otherwise warning when remaining ≤ the threshold; else running.
  SlaStatus evaluate(const SlaInput& input, Timestamp now) const;

 private:
  const BusinessHours* hours_;
  const ShopZone* zone_;
};

}  // namespace guanxi::calendar
