// Follow-up tasks (the `tasks` table journeys also write): created by hand,
// by an interaction's next follow-up date or by a journey step; due dates and
// reminders (the ServiceEngine appends `task_reminder` at remind_at, once).
// Status open → done | cancelled (and back to open). Changes: task_created,
// task_updated {"fields"}.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/context.hpp"

namespace guanxi::service {

struct Task {
  int64_t id = 0;
  std::optional<int64_t> customer_id;
  std::optional<int64_t> ticket_id;
  std::optional<int64_t> assignee_user_id;
  std::string assignee_role;
  std::string title;
  std::string notes;
  std::string status;  // open | done | cancelled
  std::optional<Timestamp> due_at;
  std::optional<Timestamp> remind_at;
  std::optional<Timestamp> reminded_at;
  std::optional<Timestamp> completed_at;
  std::string source;  // api | interaction | journey | cli
  Timestamp created_at{};
  Timestamp updated_at{};
};

struct TaskInput {
  std::string title;  // 1..200 bytes
  std::string notes;  // ≤ 5,000 bytes
  std::optional<int64_t> customer_id;
  std::optional<int64_t> ticket_id;
  std::optional<int64_t> assignee_user_id;
  std::optional<Timestamp> due_at;
  std::optional<Timestamp> remind_at;  // default: due_at
  std::string source = "api";
};

struct TaskPatch {
  std::optional<std::string> title;
  std::optional<std::string> notes;
  std::optional<std::string> status;
  std::optional<std::optional<int64_t>> assignee_user_id;
  std::optional<std::optional<Timestamp>> due_at;
  std::optional<std::optional<Timestamp>> remind_at;  // a new time re-arms the reminder
};

struct TaskQuery {
  std::optional<std::string> status;
  std::optional<int64_t> assignee_user_id;
  std::optional<int64_t> customer_id;
  std::optional<int64_t> ticket_id;
  std::optional<Timestamp> due_before;  // overdue: due_before = now, status = open
  std::optional<int64_t> after_id;
  int limit = 50;  // 1..500
};

Result<Task> create_task(domain::WriteContext& ctx, const TaskInput& input);
Result<Task> update_task(domain::WriteContext& ctx, int64_t id, const TaskPatch& patch);
Result<Task> get_task(domain::ReadContext& ctx, int64_t id);
Result<std::vector<Task>> list_tasks(domain::ReadContext& ctx, const TaskQuery& query);

}  // namespace guanxi::service
