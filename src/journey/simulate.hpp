// Simulation: what a journey would send over a span of days, sending nothing.
//
// The live database is copied (an online backup) to a scratch file; in the
// copy the journey is switched on (a draft or paused one too), its date
// cursor is put on the day before `from`, and the change feed is skipped to
// its end (past events do not enter anyone). A JourneyEngine and a
// SegmentEngine then run over the copy with a fake clock that jumps from
// wake-up to wake-up (every run's next wake time and every shop-local
// midnight) through the span. No Dispatcher runs, so nothing leaves the
// machine. Every message the journey decided — queued, or suppressed with the
// guardrail's reason — is read back from the copy's outbox; the copy is then
// deleted. Other active journeys and campaigns run in the copy too, so
// frequency caps shared with them are honoured as they would be.
//
// Events that have not happened cannot be simulated: an event-triggered
// journey only continues the runs already waiting.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "core/time.hpp"
#include "store/database.hpp"

namespace guanxi::journey {

struct SimulationRequest {
  int64_t shop_id = 0;
  std::string journey;  // id or name
  CivilDate from;       // shop-local days, inclusive
  CivilDate to;
  int sample_limit = 1000;  // messages listed in full (totals count all)
  std::string scratch_dir;  // where the copy goes ("" = the system's temp directory)
};

struct SimulatedMessage {
  int64_t customer_id = 0;
  std::string customer_name;
  std::string channel;
  std::string template_name;
  std::string to;  // the address
  Timestamp due{};
  std::string status;  // queued | suppressed
  std::string reason;  // the guardrail that refused it
  std::string subject;
  std::string body;
};

struct SimulationResult {
  int64_t journey_id = 0;
  std::string journey_name;
  int64_t entered = 0;  // runs started in the span
  int64_t messages = 0;
  std::map<std::string, int64_t> by_status;  // "queued", "suppressed:quiet_hours" ...
  std::map<std::string, int64_t> by_day;     // shop-local "YYYY-MM-DD" of due -> queued count
  std::vector<SimulatedMessage> sample;      // the first sample_limit, by due time
};

// At most 366 days. The journey must exist; the span's days must be valid.
Result<SimulationResult> simulate_journey(store::Database& live, const SimulationRequest& req);

}  // namespace guanxi::journey
