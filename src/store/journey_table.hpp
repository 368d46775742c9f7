// SQL for journeys: definitions and their versions, the per-customer runs
// (the durable state of every customer in every journey), the exactly-once
// step log, date-trigger cursors, and follow-up tasks. Every function runs on
// the caller's connection.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"

namespace guanxi::store {

struct JourneyRecord {
  int64_t id = 0;
  int64_t shop_id = 0;
  std::string name;
  std::string status;  // draft | active | paused | archived
  int64_t version = 0;
  std::string definition;  // JSON
  std::string template_key;
  std::string created_by;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  int64_t activated_seq = 0;  // change-feed seq when last switched on
};

Result<int64_t> insert_journey(Connection& db, const JourneyRecord& r);
// Replaces name, status, version, definition and updated_at.
Status update_journey(Connection& db, const JourneyRecord& r);
Status insert_journey_version(Connection& db, int64_t journey, int64_t version,
                              std::string_view definition, std::string_view actor, int64_t now);
Result<std::optional<std::string>> find_journey_version(Connection& db, int64_t journey,
                                                        int64_t version);
Result<std::optional<JourneyRecord>> find_journey(Connection& db, int64_t shop, int64_t id);
Result<std::optional<JourneyRecord>> find_journey_by_name(Connection& db, int64_t shop,
                                                          std::string_view name);
// A shop's journeys by id; shop 0 = every shop. `status` "" = any.
Result<std::vector<JourneyRecord>> list_journeys(Connection& db, int64_t shop,
                                                 std::string_view status);

struct JourneyRunRecord {
  int64_t id = 0;
  int64_t journey_id = 0;
  int64_t version = 0;
  int64_t shop_id = 0;
  int64_t customer_id = 0;
  std::string occurrence;
  std::string status;  // waiting | done | exited | failed
  std::string step;    // next step id; "" before the first step or when finished
  std::optional<int64_t> wake_at;
  std::string wait_event;
  std::string variant;
  std::string context;  // JSON
  std::string exit_reason;
  int64_t started_at = 0;
  int64_t updated_at = 0;
};

// Inserts the run unless (journey, customer, occurrence) exists; returns the
// new id, or nullopt when the occurrence already entered the customer. A
// positive r.id is used as the id (see max_journey_run_id); 0 lets the store
// choose.
Result<std::optional<int64_t>> insert_journey_run(Connection& db, const JourneyRunRecord& r);
// Inserts runs with their ids (r.id > 0) in multi-row statements; a taken id
// or (journey, customer, occurrence) fails, possibly after some rows were
// inserted: roll the transaction back.
Status insert_journey_runs(Connection& db, const std::vector<JourneyRunRecord>& rows);
// The largest run id so far (0: none). The writer, the only one inserting, may
// hand out the ids after it inside its transaction, so that a run can be
// written once in its final state by steps that need its id first.
Result<int64_t> max_journey_run_id(Connection& db);
// Saves status, step, wake_at, wait_event, variant, context, exit_reason, updated_at.
Status update_journey_run(Connection& db, const JourneyRunRecord& r);
Result<std::optional<JourneyRunRecord>> find_journey_run(Connection& db, int64_t id);
// Waiting runs with wake_at <= now, earliest first.
Result<std::vector<JourneyRunRecord>> due_journey_runs(Connection& db, int64_t now, int limit);
// The earliest wake_at after `after` of a waiting run, if any.
Result<std::optional<int64_t>> next_journey_wake(Connection& db, int64_t after);
// A customer's runs with the given status ("" = any), newest first.
Result<std::vector<JourneyRunRecord>> customer_journey_runs(Connection& db, int64_t customer,
                                                            std::string_view status, int limit);
// Whether the customer has a run of the journey that is still waiting, or one
// that started at or after `since` (re-entry rules).
Result<bool> has_active_run(Connection& db, int64_t journey, int64_t customer);
Result<std::optional<int64_t>> last_run_start(Connection& db, int64_t journey, int64_t customer);
// A journey's runs, newest first, optionally by status.
Result<std::vector<JourneyRunRecord>> list_journey_runs(Connection& db, int64_t journey,
                                                        std::string_view status,
                                                        std::optional<int64_t> before_id,
                                                        int limit);

// Records that a run executed a step; false when it already had (the step must
// then not run again). Counted in the totals by the caller (add_journey_step_total).
Result<bool> mark_step_done(Connection& db, int64_t run, int64_t journey, std::string_view step,
                            std::string_view outcome, int64_t now);
Result<std::optional<std::string>> step_outcome(Connection& db, int64_t run, std::string_view step);

struct JourneyStepCount {
  std::string step;
  std::string outcome;  // the outcome up to its first ':' ("ok", "suppressed", "branch", ...)
  std::string detail;   // the rest ("frequency_cap", "then", "A", ...)
  int64_t count = 0;
};
// Adds n to the count of (journey, step, outcome) in journey_step_totals.
Status add_journey_step_total(Connection& db, int64_t journey, std::string_view step,
                              std::string_view outcome, int64_t n);
// The journey's step totals, by step and outcome.
Result<std::vector<JourneyStepCount>> journey_step_counts(Connection& db, int64_t journey);
struct JourneyRunCount {
  std::string status;
  int64_t count = 0;
};
Result<std::vector<JourneyRunCount>> journey_run_counts(Connection& db, int64_t journey);
// Waiting runs per step id (where customers are now).
Result<std::vector<std::pair<std::string, int64_t>>> journey_waiting_by_step(Connection& db,
                                                                             int64_t journey);

Result<std::optional<int64_t>> journey_date_cursor(Connection& db, int64_t journey);
Status set_journey_date_cursor(Connection& db, int64_t journey, int64_t day);

struct TaskRecord {
  int64_t id = 0;
  int64_t shop_id = 0;
  std::optional<int64_t> customer_id;
  std::optional<int64_t> assignee_user_id;
  std::string assignee_role;
  std::string title;
  std::string status;  // open | done | cancelled
  std::optional<int64_t> due_at;
  std::string source;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  std::optional<int64_t> remind_at;  // a reminder change fires then (once)
  std::optional<int64_t> reminded_at;
  std::string notes;
  std::optional<int64_t> ticket_id;
  std::optional<int64_t> completed_at;
};
Result<int64_t> insert_task(Connection& db, const TaskRecord& r);
Result<std::vector<TaskRecord>> customer_tasks(Connection& db, int64_t shop, int64_t customer,
                                               int limit);
Result<std::optional<TaskRecord>> find_task(Connection& db, int64_t shop, int64_t task);
// Writes title, status, assignee, due_at, remind_at, reminded_at, notes,
// completed_at, updated_at.
Status update_task(Connection& db, const TaskRecord& r);
struct TaskFilter {
  std::optional<std::string> status;
  std::optional<int64_t> assignee_user_id;
  std::optional<int64_t> customer;
  std::optional<int64_t> ticket;
  std::optional<int64_t> due_before;
  std::optional<int64_t> after_id;  // keyset: ids ascending
  int limit = 50;
};
Result<std::vector<TaskRecord>> list_tasks(Connection& db, int64_t shop, const TaskFilter& f);
// (shop, task) of open tasks whose reminder is due and not yet sent, soonest first.
Result<std::vector<std::pair<int64_t, int64_t>>> due_task_reminders(Connection& db, int64_t now,
                                                                    int limit);

}  // namespace guanxi::store
