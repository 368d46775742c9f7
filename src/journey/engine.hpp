// JourneyEngine: the running care and marketing automation. One thread that,
// in each round:
//
//  1. follows the change feed (subscriber "journey_engine"): enters customers
//     into active journeys whose event trigger matches, ends waits for events,
//     and exits runs whose exit events happen; the subscriber offset is saved
//     in the same transaction, so after kill -9 the round is replayed and the
//     unique (journey, customer, occurrence) key and the step log keep every
//     effect single;
//  2. continues runs whose wake time has come (waits, timeouts, date triggers
//     that start at a time of day);
//  3. decides date triggers (birthdays solar and lunar, anniversaries,
//     holidays, replenishment, inactivity) for every shop-local day since the
//     journey's cursor, up to today: a day missed while the server was down is
//     decided late rather than never;
//  4. starts due campaigns (see campaign.hpp) and expires points daily.
//
// Rules (audience, branch, exit) are evaluated through the SegmentEngine
// before each write transaction. Messages go to the outbox; the Dispatcher is
// told to wake.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "core/status.hpp"
#include "core/time.hpp"
#include "journey/runner.hpp"
#include "store/database.hpp"
#include "store/writer.hpp"

namespace guanxi::segment {
class SegmentEngine;
}

namespace guanxi::journey {

struct RoundStats {
  int64_t changes = 0;    // changes read from the feed
  int64_t entered = 0;    // runs started
  int64_t advanced = 0;   // runs continued
  int64_t exited = 0;     // runs ended by exit events
  int64_t enqueued = 0;   // messages queued
  int64_t date_days = 0;  // journey-days of date triggers decided
  int64_t campaigns = 0;  // campaign batches worked
  int64_t planned = 0;    // date-trigger batches written as decided off the writer
  int64_t stale = 0;      // of those decided off the writer, decided again on it
  bool any() const { return changes + entered + advanced + exited + date_days + campaigns > 0; }
};

class JourneyEngine {
 public:
  struct Options {
    bool background = true;
    std::chrono::milliseconds poll{1000};
    int batch = 2000;  // changes or due runs per transaction
    // Customers entered per transaction by a date trigger (a whole shop's
    // holiday): bigger transactions rewrite the tails of the indexes less
    // often; each holds the writer for about a quarter of a second.
    int date_batch = 5000;
    // Date triggers load the guardrail facts of dense candidate batches in
    // range scans; off, every fact is one point query (tests compare both).
    bool prefetch_facts = true;
    // SQLite: a date trigger's next batch is decided on the engine's thread,
    // from a read snapshot, while the writer writes the previous one (the two
    // cores share the work). A batch whose snapshot another write made stale,
    // or whose steps write more than messages, is decided on the writer.
    bool pipeline_dates = true;
    // Tests: called on the engine's thread after batch `k` of a date trigger
    // was decided off the writer, before it is written (to write in between).
    std::function<void(size_t k)> after_plan;
  };

  // Starts the engine; `segments` evaluates rules and must outlive it.
  // `on_enqueued` is called after a transaction that queued messages (wake the dispatcher).
  static Result<std::unique_ptr<JourneyEngine>> start(store::Database& db, store::Writer& writer,
                                                      const Clock& clock,
                                                      segment::SegmentEngine& segments,
                                                      Options options,
                                                      std::function<void()> on_enqueued = nullptr);
  ~JourneyEngine();
  JourneyEngine(const JourneyEngine&) = delete;
  JourneyEngine& operator=(const JourneyEngine&) = delete;

  // Runs rounds until nothing is left to do now (tests with a fake clock call
  // this after moving the clock). Returns the summed statistics.
  Result<RoundStats> process_pending();
  void notify();

 private:
  JourneyEngine(store::Database& db, store::Writer& writer, const Clock& clock,
                segment::SegmentEngine& segments, Options options,
                std::function<void()> on_enqueued);
  void loop();
  Result<RoundStats> round();
  Status follow_feed(RoundStats& stats);
  Status wake_due_runs(RoundStats& stats);
  Status decide_dates(RoundStats& stats);
  struct DateDay;
  Status decide_date_day(const DateDay& d, RoundStats& stats);
  struct DatePlan;
  Result<DatePlan> plan_date_chunk(const DateDay& d, size_t begin, size_t end,
                                   int64_t run_ids_after);
  Status housekeeping(RoundStats& stats);

  struct Shop;
  Result<Shop*> shop(int64_t id);
  // Active journeys of every shop, parsed (reloaded each round; cached by version).
  Result<std::vector<const LoadedJourney*>> active_journeys();
  Result<const LoadedJourney*> journey_version(int64_t shop, int64_t journey, int64_t version);
  // The members of every rule the given journeys use, for one shop.
  Result<RuleSets> rule_sets(int64_t shop, const std::vector<const LoadedJourney*>& journeys);
  // Runs `body` in a write transaction with a RunEnv for the shop.
  Status with_env(int64_t shop, const RuleSets& rules, RoundStats& stats,
                  const std::function<Status(RunEnv&)>& body);

  store::Database& db_;
  store::Writer& writer_;
  const Clock& clock_;
  segment::SegmentEngine& segments_;
  Options options_;
  std::function<void()> on_enqueued_;
  std::unique_ptr<store::Connection> reader_;
  std::mutex process_mu_;
  std::map<int64_t, std::unique_ptr<Shop>> shops_;
  std::map<std::pair<int64_t, int64_t>, std::unique_ptr<LoadedJourney>> versions_;

  struct Wakeup {
    std::mutex mu;
    std::condition_variable cv;
    bool pending = false;
    bool stopping = false;
  };
  std::shared_ptr<Wakeup> wakeup_ = std::make_shared<Wakeup>();
  std::thread thread_;
};

}  // namespace guanxi::journey
