// ServiceEngine: the service desk's timers. One thread that, each round,
// fires the SLA warnings and breaches that are due (tickets whose
// sla_next_at ≤ now, on an index) and the task reminders that are due.
// Each ticket is re-evaluated inside its write transaction and the fired bit
// is written with the event, so a warning or breach fires exactly once, even
// across a crash or restart. Fired: a `ticket_sla_warning` /
// `ticket_sla_breached` change {"clock": "first_response"|"resolution",
// "due"}, a ticket event, and the customer event of the same name (journeys
// trigger on it); a `task_reminder` change {"task_id", "title", "due_at"}.
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
  int64_t tickets = 0;  // tickets looked at
  // Something fired (another round may find more).
  bool any() const { return sla_warnings + sla_breaches + reminders > 0; }
};

class ServiceEngine {
 public:
  struct Options {
    bool background = true;
    std::chrono::milliseconds poll{1000};
    int batch = 500;  // tickets or tasks per transaction
  };

  static Result<std::unique_ptr<ServiceEngine>> start(store::Database& db, store::Writer& writer,
                                                      const Clock& clock, Options options);
  ~ServiceEngine();
  ServiceEngine(const ServiceEngine&) = delete;
  ServiceEngine& operator=(const ServiceEngine&) = delete;

  // Runs rounds until nothing is due now (tests with a fake clock call this).
  Result<ServiceRoundStats> process_pending();
  void notify();

 private:
  ServiceEngine(store::Database& db, store::Writer& writer, const Clock& clock, Options options);
  void loop();
  Result<ServiceRoundStats> round();
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
  bool stopping_ = false;
  std::thread thread_;
};

// Fires what is due on one ticket at ctx's now (the engine's transaction
// body; exposed for tests). Adds to `stats`.
Status fire_ticket_sla(domain::WriteContext& ctx, int64_t ticket, ServiceRoundStats& stats);
// Sends a due task reminder once (nothing for a task no longer open).
Status fire_task_reminder(domain::WriteContext& ctx, int64_t task, ServiceRoundStats& stats);

}  // namespace guanxi::service
