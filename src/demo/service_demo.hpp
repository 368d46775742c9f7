// The demo shop's service desk and call center: for an existing shop (the demo
// shop), a small, realistic team and its last 60 days — for trying the
// service desk, the call-center statistics and the screen-pop out.
//
// What it writes, all through the service and cti operations (except the call
// log, see below), replayed in chronological order on a simulated clock so
// that every created_at, event and change carries its historical time:
// - service settings: ticket types mapped to the skill groups 售前 (inquiry,
//   suggestion), 售后 (after_sales) and 投诉 (complaint); VIP tiers raised;
// - 8 agents with skill levels in 售前, 售后, 投诉 and VIP, working Mon-Fri
//   09:00-18:00 with a lunch break (the agent-state log); the desk closes two
//   hours before `as_of`, so the newest tickets wait in the queue as `new`;
// - 4 call queues (售前咨询, 售后服务, 投诉建议, VIP专线 overflowing to
//   售后服务) and the IVR menu `main` (VIP callers straight to VIP专线; 1 售前,
//   2 售后, 3 投诉, 9 callback);
// - 3 canned responses;
// - ~`tickets` tickets over the last `days` days: auto-assigned (or picked up
//   at the next login), replies in business hours (some late enough to
//   breach), waits on the customer, resolutions, reopens, closes, CSAT
//   answers; the SLA warnings and breaches fire as the ServiceEngine would
//   (at the next step after they fall due); tickets of the last three days
//   stop at every stage, so each status is present at the end;
// - ~`calls` inbound calls (answered, abandoned, callbacks) with the call
//   memo on known callers. The running CallCenter only takes events from the
//   last 3 days, so the log is written as its CTI write path stores it
//   (store::upsert_call with the memo through domain::add_note).
//
// Deterministic: the same shop content, options and as_of give the same data.
#pragma once

#include <cstdint>
#include <optional>

#include "core/json.hpp"
#include "core/time.hpp"
#include "domain/model.hpp"
#include "store/database.hpp"

namespace guanxi::demo {

struct ServiceDemoOptions {
  domain::ShopId shop_id = 0;  // an existing shop with customers (required)
  uint64_t seed = 42;
  int64_t tickets = 300;           // 0..100,000
  int64_t calls = 500;             // 0..1,000,000
  int days = 60;                   // 7..365: the history ends at as_of
  std::optional<Timestamp> as_of;  // the clock's now when absent
  std::string actor = "demo";
};

struct ServiceDemoSummary {
  int64_t agents = 0;
  int64_t queues = 0;
  int64_t tickets = 0;
  int64_t replies = 0;
  int64_t resolutions = 0;
  int64_t reopens = 0;
  int64_t csat_answers = 0;
  int64_t sla_breaches = 0;  // breaches fired (either clock)
  int64_t auto_picked = 0;   // tickets picked up at a login
  int64_t calls = 0;
  int64_t calls_answered = 0;
  int64_t calls_abandoned = 0;
  int64_t call_memos = 0;
  double seconds = 0;

  Json to_json() const;
};

// Errors: invalid_argument naming the option; not_found for an unknown shop;
// conflict for a shop without customers or that already has agents (run it
// once per shop, after generate_demo_shop); otherwise the failing write's
// status, naming the step.
Result<ServiceDemoSummary> generate_service_demo(store::Database& db,
                                                 const ServiceDemoOptions& options,
                                                 const Clock& clock);

}  // namespace guanxi::demo
