// ServiceEngine: the service desk's timers. One thread that, each round,
// fires the SLA warnings and breaches that are due (tickets whose
// sla_next_at ≤ now, on an index) and the task reminders that are due.
// Each ticket is re-evaluated inside its write transaction and the fired bit
// is written with the event, so a warning or breach fires exactly once, even
// across a crash or restart. Fired: a `ticket_sla_warning` /
// `ticket_sla_breached` change {"clock": "first_response"|"resolution",
// "due"}, a ticket event, and the customer event of the same name (journeys
// trigger on it); a `task_reminder` change {"task_id", "title", "due_at"}.
//
// Also, each round: fills in the stored speed of tickets written before it
// was kept (0009_service_speed.sql; `batch` tickets a transaction), and every
// `pick_every` (or at once after request_pick()) the auto-pick sweep: every
// shop's unassigned `new` tickets to the agents free to take them
// (auto_pick.hpp) — so tickets waiting in the queue are picked up within that
// time of an agent becoming free however the agent's state changed.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "core/status.hpp"
#include "core/time.hpp"
#include "domain/context.hpp"
#include "store/database.hpp"
#include "store/writer.hpp"

namespace guanxi::service {

struct ServiceRoundStats {
  int64_t sla_warnings = 0;
  int64_t sla_breaches = 0;
  int64_t reminders = 0;
  int64_t tickets = 0;     // tickets looked at
  int64_t picked = 0;      // tickets assigned by the auto-pick sweep
  int64_t backfilled = 0;  // tickets whose stored speed was filled in
  // Something fired or changed (another round may find more).
  bool any() const { return sla_warnings + sla_breaches + reminders + picked + backfilled > 0; }
};

class ServiceEngine {
 public:
  struct Options {
    bool background = true;
    std::chrono::milliseconds poll{1000};
    int batch = 500;                               // tickets or tasks per transaction
    std::chrono::milliseconds pick_every{30'000};  // the auto-pick sweep's period
  };

  static Result<std::unique_ptr<ServiceEngine>> start(store::Database& db, store::Writer& writer,
                                                      const Clock& clock, Options options);
  ~ServiceEngine();
  ServiceEngine(const ServiceEngine&) = delete;
  ServiceEngine& operator=(const ServiceEngine&) = delete;

  // Runs rounds until nothing is due now (tests with a fake clock call this).
  Result<ServiceRoundStats> process_pending();
  void notify();
  // The next round runs the auto-pick sweep, due or not, and starts soon.
  void request_pick();

 private:
  ServiceEngine(store::Database& db, store::Writer& writer, const Clock& clock, Options options);
  void loop();
  Result<ServiceRoundStats> round();
  Status pick_sweep(ServiceRoundStats& stats);
  struct Shop {
    domain::Shop shop;
    ShopZone zone;
  };
  Result<const Shop*> shop(int64_t id);

  store::Database& db_;
  store::Writer& writer_;
  const Clock& clock_;
  Options options_;
  std::unique_ptr<store::Connection> reader_;
  std::mutex process_mu_;
  std::map<int64_t, std::unique_ptr<Shop>> shops_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool pending_ = false;
  bool pick_requested_ = true;  // the first round sweeps
  int64_t next_pick_at_ = 0;
  bool stopping_ = false;
  std::thread thread_;
};

// Fires what is due on one ticket at ctx's now (the engine's transaction
// body; exposed for tests). Adds to `stats`.
Status fire_ticket_sla(domain::WriteContext& ctx, int64_t ticket, ServiceRoundStats& stats);
// Fills in the stored speed of one ticket written before it was kept (the
// clocks' business times and outcomes, sla.hpp store_speed); nothing else of
// the ticket changes. Adds to `stats`.
Status backfill_ticket_speed(domain::WriteContext& ctx, int64_t ticket, ServiceRoundStats& stats);
// Sends a due task reminder once (nothing for a task no longer open).
Status fire_task_reminder(domain::WriteContext& ctx, int64_t task, ServiceRoundStats& stats);

}  // namespace guanxi::service
