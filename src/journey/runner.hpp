// Runner: moves customers through journeys inside the caller's write
// transaction. It never evaluates a segment rule itself: the caller computes
// the members of every rule the journeys use beforehand (RuleSets), outside
// the transaction, because the segment engine's state must not be waited on
// from the writer thread.
//
// Exactly once: a run's steps, their effects (message, tag, coupon, points,
// task) and the run's new state are written in one transaction, and a run
// only moves forward (definitions have no loops). A run that rests at a wait
// also records each executed step in journey_steps_done; a step that finds its
// row takes the recorded outcome and does nothing again. A run that finishes
// in the transaction that starts it (the usual one-message care journey) is
// written once, in its final state, with no step rows: nothing can replay it.
// Every executed step is counted in journey_step_totals (the statistics).
// A run rests only at a wait step (with wake_at and/or wait_event set) or
// before its first step (a date trigger starting at a set time); every other
// step runs as soon as it is reached.
#pragma once

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "core/json.hpp"
#include "core/status.hpp"
#include "domain/context.hpp"
#include "journey/definition.hpp"
#include "outbox/fact_batch.hpp"
#include "outbox/settings.hpp"
#include "store/journey_table.hpp"
#include "store/outbox_table.hpp"

namespace guanxi::journey {

// A journey version ready to run.
struct LoadedJourney {
  store::JourneyRecord rec;  // the journey (its current status and version)
  int64_t version = 0;       // the version `def` is
  JourneyDef def;
};

// The members (ascending ids) of each rule text, computed before the transaction.
class RuleSets {
 public:
  void put(std::string rule, std::shared_ptr<const std::vector<int64_t>> members) {
    sets_[std::move(rule)] = std::move(members);
  }
  bool has(const std::string& rule) const { return sets_.contains(rule); }
  // Whether the customer is a member; an unknown rule is an internal error.
  Result<bool> matches(const std::string& rule, int64_t customer) const {
    auto it = sets_.find(rule);
    if (it == sets_.end()) return Status::internal("rule not evaluated: " + rule);
    return std::binary_search(it->second->begin(), it->second->end(), customer);
  }

 private:
  std::map<std::string, std::shared_ptr<const std::vector<int64_t>>> sets_;
};

// The rows a planned batch writes (see RunEnv::plan).
struct PlannedWrites {
  std::vector<store::JourneyRunRecord> runs;  // ids reserved, in their final state
  std::vector<store::MessageRecord> messages;
};

// Whether a status is the runner's "cannot plan this" (the batch is then
// decided on the writer instead).
bool is_not_plannable(const Status& s);

// Everything a transaction of journey work needs besides the runs.
struct RunEnv {
  domain::WriteContext& w;
  const outbox::CareSettings& settings;
  const RuleSets& rules;
  // Templates by name for this shop, filled on first use.
  std::map<std::string, std::optional<store::TemplateRecord>> templates;
  // Messages written (the caller wakes the dispatcher when > 0).
  int64_t enqueued = 0;
  // For simulation: every message decided, in order.
  std::vector<int64_t>* message_log = nullptr;
  // Prefetched guardrail and template facts of the batch being entered (null: ask the store).
  outbox::FactBatch* facts = nullptr;
  // The last run id handed out in this transaction (-1: not read yet).
  int64_t last_run_id = -1;
  // Steps executed in this transaction by (journey, step, outcome), added to
  // journey_step_totals by flush_step_totals before the transaction commits.
  std::map<std::tuple<int64_t, std::string, std::string>, int64_t> step_totals;
  // Planning: w.db is a read-only snapshot, and the runs and messages entered
  // customers would write are collected here instead. Only entries whose steps
  // up to their first wait are sends, branches, splits and exits can be
  // planned (with `facts` loaded); anything else returns is_not_plannable.
  // Null: write in the transaction.
  PlannedWrites* plan = nullptr;
};

// Adds the transaction's step counts to the store's totals (call once, last).
Status flush_step_totals(RunEnv& env);

// Enters a customer (checks re-entry and the audience). The run starts at
// `start_at` (now or later; a date trigger's time of day). Returns the run id,
// or nullopt when the customer does not enter.
Result<std::optional<int64_t>> enter_journey(RunEnv& env, const LoadedJourney& j, int64_t customer,
                                             const std::string& occurrence, const Json& context,
                                             Timestamp start_at);

// Continues a waiting run: its wake time came (event "") or the change kind
// it waits for happened (event = that kind).
Status advance_run(RunEnv& env, const LoadedJourney& j, store::JourneyRunRecord& run,
                   std::string_view event);

// Ends a waiting run without running more steps (an exit event or rule).
Status exit_run(RunEnv& env, store::JourneyRunRecord& run, std::string reason);

}  // namespace guanxi::journey
