#include "store/journey_table.hpp"

#include "store/query.hpp"

namespace guanxi::store {

namespace {

constexpr const char* kJourneySelect =
    "SELECT id, shop_id, name, status, version, definition, template_key, created_by, "
    "created_at, updated_at, activated_seq FROM journeys ";

JourneyRecord read_journey(const Query& q) {
  JourneyRecord r;
  r.id = q.i64(0);
  r.shop_id = q.i64(1);
  r.name = q.text(2);
  r.status = q.text(3);
  r.version = q.i64(4);
  r.definition = q.text(5);
  r.template_key = q.text(6);
  r.created_by = q.text(7);
  r.created_at = q.i64(8);
  r.updated_at = q.i64(9);
  r.activated_seq = q.i64(10);
  return r;
}

constexpr const char* kRunSelect =
    "SELECT id, journey_id, version, shop_id, customer_id, occurrence, status, step, wake_at, "
    "wait_event, variant, context, exit_reason, started_at, updated_at FROM journey_runs ";

JourneyRunRecord read_run(const Query& q) {
  JourneyRunRecord r;
  r.id = q.i64(0);
  r.journey_id = q.i64(1);
  r.version = q.i64(2);
  r.shop_id = q.i64(3);
  r.customer_id = q.i64(4);
  r.occurrence = q.text(5);
  r.status = q.text(6);
  r.step = q.text(7);
  r.wake_at = q.opt_i64(8);
  r.wait_event = q.text(9);
  r.variant = q.text(10);
  r.context = q.text(11);
  r.exit_reason = q.text(12);
  r.started_at = q.i64(13);
  r.updated_at = q.i64(14);
  return r;
}

}  // namespace

Result<int64_t> insert_journey(Connection& db, const JourneyRecord& r) {
  Query q(db,
          "INSERT INTO journeys (shop_id, name, status, version, definition, template_key, "
          "created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(r.shop_id, r.name, r.status, r.version, r.definition, r.template_key, r.created_by,
         r.created_at, r.updated_at);
  return q.insert_row("journeys");
}

Status update_journey(Connection& db, const JourneyRecord& r) {
  Query q(db,
          "UPDATE journeys SET name = ?, status = ?, version = ?, definition = ?, updated_at = ?, "
          "activated_seq = ? WHERE id = ? AND shop_id = ?");
  q.bind(r.name, r.status, r.version, r.definition, r.updated_at, r.activated_seq, r.id, r.shop_id);
  return q.run();
}

Status insert_journey_version(Connection& db, int64_t journey, int64_t version,
                              std::string_view definition, std::string_view actor, int64_t now) {
  Query q(db,
          "INSERT INTO journey_versions (journey_id, version, definition, created_by, created_at) "
          "VALUES (?, ?, ?, ?, ?)");
  q.bind(journey, version, definition, actor, now);
  return q.run();
}

Result<std::optional<std::string>> find_journey_version(Connection& db, int64_t journey,
                                                        int64_t version) {
  Query q(db, "SELECT definition FROM journey_versions WHERE journey_id = ? AND version = ?");
  q.bind(journey, version);
  return first<std::string>(q, [](const Query& row) { return row.text(0); });
}

Result<std::optional<JourneyRecord>> find_journey(Connection& db, int64_t shop, int64_t id) {
  Query q(db, std::string(kJourneySelect) + "WHERE shop_id = ? AND id = ?");
  q.bind(shop, id);
  return first<JourneyRecord>(q, read_journey);
}

Result<std::optional<JourneyRecord>> find_journey_by_name(Connection& db, int64_t shop,
                                                          std::string_view name) {
  Query q(db, std::string(kJourneySelect) + "WHERE shop_id = ? AND name = ?");
  q.bind(shop, name);
  return first<JourneyRecord>(q, read_journey);
}

Result<std::vector<JourneyRecord>> list_journeys(Connection& db, int64_t shop,
                                                 std::string_view status) {
  Query q(db, std::string(kJourneySelect) +
                  "WHERE (? = 0 OR shop_id = ?) AND (? = '' OR status = ?) ORDER BY id");
  q.bind(shop, shop, status, status);
  return collect<JourneyRecord>(q, read_journey);
}

Result<std::optional<int64_t>> insert_journey_run(Connection& db, const JourneyRunRecord& r) {
  Query q(db,
          "INSERT INTO journey_runs (id, journey_id, version, shop_id, customer_id, occurrence, "
          "status, step, wake_at, wait_event, variant, context, exit_reason, started_at, "
          "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
          "ON CONFLICT (journey_id, customer_id, occurrence) DO NOTHING");
  q.bind(r.id > 0 ? std::optional<int64_t>(r.id) : std::nullopt, r.journey_id, r.version, r.shop_id,
         r.customer_id, r.occurrence, r.status, r.step, r.wake_at, r.wait_event, r.variant,
         r.context, r.exit_reason, r.started_at, r.updated_at);
  return q.insert();
}

Status insert_journey_runs(Connection& db, const std::vector<JourneyRunRecord>& rows) {
  return insert_rows(db,
                     "INTO journey_runs (id, journey_id, version, shop_id, "
                     "customer_id, occurrence, status, step, wake_at, wait_event, variant, "
                     "context, exit_reason, started_at, updated_at)",
                     15, rows, [](Query& q, int first, const JourneyRunRecord& r) {
                       q.bind_from(first, r.id, r.journey_id, r.version, r.shop_id, r.customer_id,
                                   r.occurrence, r.status, r.step, r.wake_at, r.wait_event,
                                   r.variant, r.context, r.exit_reason, r.started_at, r.updated_at);
                     });
}

Result<int64_t> max_journey_run_id(Connection& db) {
  Query q(db, "SELECT COALESCE(MAX(id), 0) FROM journey_runs");
  GX_ASSIGN_OR_RETURN(auto v, q.single_int64());
  return v.value_or(0);
}

Status update_journey_run(Connection& db, const JourneyRunRecord& r) {
  Query q(db,
          "UPDATE journey_runs SET status = ?, step = ?, wake_at = ?, wait_event = ?, variant = ?, "
          "context = ?, exit_reason = ?, updated_at = ? WHERE id = ?");
  q.bind(r.status, r.step, r.wake_at, r.wait_event, r.variant, r.context, r.exit_reason,
         r.updated_at, r.id);
  return q.run();
}

Result<std::optional<JourneyRunRecord>> find_journey_run(Connection& db, int64_t id) {
  Query q(db, std::string(kRunSelect) + "WHERE id = ?");
  q.bind(id);
  return first<JourneyRunRecord>(q, read_run);
}

Result<std::vector<JourneyRunRecord>> due_journey_runs(Connection& db, int64_t now, int limit) {
  Query q(db, std::string(kRunSelect) +
                  "WHERE status = 'waiting' AND wake_at IS NOT NULL AND wake_at <= ? "
                  "ORDER BY wake_at, id LIMIT ?");
  q.bind(now, limit);
  return collect<JourneyRunRecord>(q, read_run);
}

Result<std::optional<int64_t>> next_journey_wake(Connection& db, int64_t after) {
  Query q(db, "SELECT MIN(wake_at) FROM journey_runs WHERE status = 'waiting' AND wake_at > ?");
  q.bind(after);
  if (q.next()) return q.opt_i64(0);
  GX_RETURN_IF_ERROR(q.status());
  return std::optional<int64_t>();
}

Result<std::vector<JourneyRunRecord>> customer_journey_runs(Connection& db, int64_t customer,
                                                            std::string_view status, int limit) {
  Query q(db, std::string(kRunSelect) +
                  "WHERE customer_id = ? AND (? = '' OR status = ?) ORDER BY id DESC LIMIT ?");
  q.bind(customer, status, status, limit);
  return collect<JourneyRunRecord>(q, read_run);
}

Result<bool> has_active_run(Connection& db, int64_t journey, int64_t customer) {
  Query q(db,
          "SELECT 1 FROM journey_runs WHERE customer_id = ? AND journey_id = ? AND status = "
          "'waiting' LIMIT 1");
  q.bind(customer, journey);
  if (q.next()) return true;
  GX_RETURN_IF_ERROR(q.status());
  return false;
}

Result<std::optional<int64_t>> last_run_start(Connection& db, int64_t journey, int64_t customer) {
  Query q(db, "SELECT MAX(started_at) FROM journey_runs WHERE customer_id = ? AND journey_id = ?");
  q.bind(customer, journey);
  if (q.next()) return q.opt_i64(0);
  GX_RETURN_IF_ERROR(q.status());
  return std::optional<int64_t>();
}

Result<std::vector<JourneyRunRecord>> list_journey_runs(Connection& db, int64_t journey,
                                                        std::string_view status,
                                                        std::optional<int64_t> before_id,
                                                        int limit) {
  Query q(db, std::string(kRunSelect) +
                  "WHERE journey_id = ? AND (? = '' OR status = ?) AND (? IS NULL OR id < ?) "
                  "ORDER BY id DESC LIMIT ?");
  q.bind(journey, status, status, before_id, before_id, limit);
  return collect<JourneyRunRecord>(q, read_run);
}

Result<bool> mark_step_done(Connection& db, int64_t run, int64_t journey, std::string_view step,
                            std::string_view outcome, int64_t now) {
  Query q(db,
          "INSERT INTO journey_steps_done (run_id, step, journey_id, outcome, at) "
          "VALUES (?, ?, ?, ?, ?) ON CONFLICT (run_id, step) DO NOTHING");
  q.bind(run, step, journey, outcome, now);
  GX_RETURN_IF_ERROR(q.run());
  return q.changes() == 1;
}

Result<std::optional<std::string>> step_outcome(Connection& db, int64_t run,
                                                std::string_view step) {
  Query q(db, "SELECT outcome FROM journey_steps_done WHERE run_id = ? AND step = ?");
  q.bind(run, step);
  return first<std::string>(q, [](const Query& row) { return row.text(0); });
}

Status add_journey_step_total(Connection& db, int64_t journey, std::string_view step,
                              std::string_view outcome, int64_t n) {
  Query q(db,
          "INSERT INTO journey_step_totals (journey_id, step, outcome, count) VALUES (?, ?, ?, ?) "
          "ON CONFLICT (journey_id, step, outcome) DO UPDATE SET count = count + excluded.count");
  q.bind(journey, step, outcome, n);
  return q.run();
}

Result<std::vector<JourneyStepCount>> journey_step_counts(Connection& db, int64_t journey) {
  Query q(db,
          "SELECT step, outcome, count FROM journey_step_totals WHERE journey_id = ? AND count > 0 "
          "ORDER BY step, outcome");
  q.bind(journey);
  return collect<JourneyStepCount>(q, [](const Query& row) {
    JourneyStepCount c;
    c.step = row.text(0);
    const std::string outcome = row.text(1);
    const auto colon = outcome.find(':');
    c.outcome = outcome.substr(0, colon);
    if (colon != std::string::npos) c.detail = outcome.substr(colon + 1);
    c.count = row.i64(2);
    return c;
  });
}

Result<std::vector<JourneyRunCount>> journey_run_counts(Connection& db, int64_t journey) {
  Query q(db,
          "SELECT status, COUNT(*) FROM journey_runs WHERE journey_id = ? GROUP BY status "
          "ORDER BY status");
  q.bind(journey);
  return collect<JourneyRunCount>(q, [](const Query& row) {
    return JourneyRunCount{row.text(0), row.i64(1)};
  });
}

Result<std::vector<std::pair<std::string, int64_t>>> journey_waiting_by_step(Connection& db,
                                                                             int64_t journey) {
  Query q(db,
          "SELECT step, COUNT(*) FROM journey_runs WHERE journey_id = ? AND status = 'waiting' "
          "GROUP BY step ORDER BY step");
  q.bind(journey);
  return collect<std::pair<std::string, int64_t>>(
      q, [](const Query& row) { return std::pair(row.text(0), row.i64(1)); });
}

Result<std::optional<int64_t>> journey_date_cursor(Connection& db, int64_t journey) {
  Query q(db, "SELECT day FROM journey_date_cursors WHERE journey_id = ?");
  q.bind(journey);
  return q.single_int64();
}

Status set_journey_date_cursor(Connection& db, int64_t journey, int64_t day) {
  Query q(db,
          "INSERT INTO journey_date_cursors (journey_id, day) VALUES (?, ?) "
          "ON CONFLICT (journey_id) DO UPDATE SET day = excluded.day");
  q.bind(journey, day);
  return q.run();
}

namespace {

constexpr const char* kTaskSelect =
    "SELECT id, shop_id, customer_id, assignee_user_id, assignee_role, title, status, due_at, "
    "source, created_at, updated_at, remind_at, reminded_at, notes, ticket_id, completed_at "
    "FROM tasks ";

TaskRecord read_task(const Query& row) {
  TaskRecord t;
  t.id = row.i64(0);
  t.shop_id = row.i64(1);
  t.customer_id = row.opt_i64(2);
  t.assignee_user_id = row.opt_i64(3);
  t.assignee_role = row.text(4);
  t.title = row.text(5);
  t.status = row.text(6);
  t.due_at = row.opt_i64(7);
  t.source = row.text(8);
  t.created_at = row.i64(9);
  t.updated_at = row.i64(10);
  t.remind_at = row.opt_i64(11);
  t.reminded_at = row.opt_i64(12);
  t.notes = row.text(13);
  t.ticket_id = row.opt_i64(14);
  t.completed_at = row.opt_i64(15);
  return t;
}

}  // namespace

Result<int64_t> insert_task(Connection& db, const TaskRecord& r) {
  Query q(db,
          "INSERT INTO tasks (shop_id, customer_id, assignee_user_id, assignee_role, title, "
          "status, due_at, source, created_at, updated_at, remind_at, reminded_at, notes, "
          "ticket_id, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(r.shop_id, r.customer_id, r.assignee_user_id, r.assignee_role, r.title, r.status, r.due_at,
         r.source, r.created_at, r.updated_at, r.remind_at, r.reminded_at, r.notes, r.ticket_id,
         r.completed_at);
  return q.insert_row("tasks");
}

Result<std::vector<TaskRecord>> customer_tasks(Connection& db, int64_t shop, int64_t customer,
                                               int limit) {
  Query q(db, std::string(kTaskSelect) +
                  "WHERE shop_id = ? AND customer_id = ? ORDER BY id DESC LIMIT ?");
  q.bind(shop, customer, limit);
  return collect<TaskRecord>(q, read_task);
}

Result<std::optional<TaskRecord>> find_task(Connection& db, int64_t shop, int64_t task) {
  Query q(db, std::string(kTaskSelect) + "WHERE shop_id = ? AND id = ?");
  q.bind(shop, task);
  return first<TaskRecord>(q, read_task);
}

Status update_task(Connection& db, const TaskRecord& r) {
  Query q(db,
          "UPDATE tasks SET title = ?, status = ?, assignee_user_id = ?, assignee_role = ?, "
          "due_at = ?, remind_at = ?, reminded_at = ?, notes = ?, completed_at = ?, "
          "updated_at = ? WHERE shop_id = ? AND id = ?");
  q.bind(r.title, r.status, r.assignee_user_id, r.assignee_role, r.due_at, r.remind_at,
         r.reminded_at, r.notes, r.completed_at, r.updated_at, r.shop_id, r.id);
  return q.run();
}

Result<std::vector<TaskRecord>> list_tasks(Connection& db, int64_t shop, const TaskFilter& f) {
  // Fixed fragments, values bound: each optional condition is present or not.
  std::string sql = std::string(kTaskSelect) + "WHERE shop_id = ?";
  if (f.status) sql += " AND status = ?";
  if (f.assignee_user_id) sql += " AND assignee_user_id = ?";
  if (f.customer) sql += " AND customer_id = ?";
  if (f.ticket) sql += " AND ticket_id = ?";
  if (f.due_before) sql += " AND due_at IS NOT NULL AND due_at < ?";
  if (f.after_id) sql += " AND id > ?";
  sql += " ORDER BY id LIMIT ?";
  Query q(db, sql);
  int i = 1;
  q.bind_at(i++, shop);
  if (f.status) q.bind_at(i++, *f.status);
  if (f.assignee_user_id) q.bind_at(i++, *f.assignee_user_id);
  if (f.customer) q.bind_at(i++, *f.customer);
  if (f.ticket) q.bind_at(i++, *f.ticket);
  if (f.due_before) q.bind_at(i++, *f.due_before);
  if (f.after_id) q.bind_at(i++, *f.after_id);
  q.bind_at(i, f.limit);
  return collect<TaskRecord>(q, read_task);
}

Result<std::vector<std::pair<int64_t, int64_t>>> due_task_reminders(Connection& db, int64_t now,
                                                                    int limit) {
  Query q(db,
          "SELECT shop_id, id FROM tasks WHERE remind_at IS NOT NULL AND reminded_at IS NULL "
          "AND remind_at <= ? ORDER BY remind_at, id LIMIT ?");
  q.bind(now, limit);
  std::vector<std::pair<int64_t, int64_t>> out;
  while (q.next()) out.emplace_back(q.i64(0), q.i64(1));
  GX_RETURN_IF_ERROR(q.status());
  return out;
}

}  // namespace guanxi::store
