#include "service/tasks.hpp"

#include "domain/customers.hpp"
#include "service/internal.hpp"
#include "service/model.hpp"
#include "store/journey_table.hpp"
#include "store/service_table.hpp"

namespace guanxi::service {

namespace {

std::optional<Timestamp> opt_time(const std::optional<int64_t>& ms) {
  if (!ms) return std::nullopt;
  return from_millis(*ms);
}

std::optional<int64_t> opt_ms(const std::optional<Timestamp>& t) {
  if (!t) return std::nullopt;
  return to_millis(*t);
}

Task to_task(const store::TaskRecord& r) {
  Task t;
  t.id = r.id;
  t.customer_id = r.customer_id;
  t.ticket_id = r.ticket_id;
  t.assignee_user_id = r.assignee_user_id;
  t.assignee_role = r.assignee_role;
  t.title = r.title;
  t.notes = r.notes;
  t.status = r.status;
  t.due_at = opt_time(r.due_at);
  t.remind_at = opt_time(r.remind_at);
  t.reminded_at = opt_time(r.reminded_at);
  t.completed_at = opt_time(r.completed_at);
  t.source = r.source;
  t.created_at = from_millis(r.created_at);
  t.updated_at = from_millis(r.updated_at);
  return t;
}

Status check_text(const std::string& title, const std::string& notes) {
  if (title.empty() || title.size() > 200)
    return Status::invalid_field("title", "title must be 1-200 bytes");
  if (notes.size() > 5000)
    return Status::invalid_field("notes", "notes are longer than 5000 bytes");
  return Status::ok();
}

}  // namespace

Result<Task> create_task(domain::WriteContext& ctx, const TaskInput& in) {
  GX_RETURN_IF_ERROR(check_text(in.title, in.notes));
  store::TaskRecord r;
  r.shop_id = ctx.shop.id;
  if (in.customer_id) {
    auto live = domain::resolve_customer_id(ctx.db, ctx.shop.id, *in.customer_id);
    if (!live.ok()) return Status::invalid_field("customer_id", live.status().message());
    r.customer_id = *live;
  }
  if (in.ticket_id) {
    GX_ASSIGN_OR_RETURN(auto t, store::find_ticket(ctx.db, ctx.shop.id, *in.ticket_id));
    if (!t)
      return Status::invalid_field("ticket_id",
                                   "ticket " + std::to_string(*in.ticket_id) + " does not exist");
    if (!r.customer_id) r.customer_id = t->customer_id;
    r.ticket_id = t->id;
  }
  r.assignee_user_id = in.assignee_user_id;
  r.title = in.title;
  r.notes = in.notes;
  r.status = "open";
  r.due_at = opt_ms(in.due_at);
  r.remind_at = in.remind_at ? opt_ms(in.remind_at) : r.due_at;
  r.source = in.source;
  r.created_at = internal::now_ms(ctx);
  r.updated_at = r.created_at;
  GX_ASSIGN_OR_RETURN(r.id, store::insert_task(ctx.db, r));
  GX_RETURN_IF_ERROR(
      record_service_change(ctx, "task_created", r.customer_id, r.id, Json{{"source", r.source}}));
  return to_task(r);
}

Result<Task> update_task(domain::WriteContext& ctx, int64_t id, const TaskPatch& p) {
  GX_ASSIGN_OR_RETURN(auto found, store::find_task(ctx.db, ctx.shop.id, id));
  if (!found) return Status::not_found("task " + std::to_string(id) + " does not exist");
  store::TaskRecord r = *found;
  Json fields = Json::array();
  if (p.title) {
    r.title = *p.title;
    fields.push_back("title");
  }
  if (p.notes) {
    r.notes = *p.notes;
    fields.push_back("notes");
  }
  GX_RETURN_IF_ERROR(check_text(r.title, r.notes));
  const int64_t now = internal::now_ms(ctx);
  if (p.status && *p.status != r.status) {
    if (*p.status != "open" && *p.status != "done" && *p.status != "cancelled")
      return Status::invalid_field("status", "status must be open, done or cancelled");
    r.status = *p.status;
    r.completed_at = r.status == "done" ? std::optional<int64_t>(now) : std::nullopt;
    fields.push_back("status");
  }
  if (p.assignee_user_id) {
    r.assignee_user_id = *p.assignee_user_id;
    fields.push_back("assignee_user_id");
  }
  if (p.due_at) {
    r.due_at = opt_ms(*p.due_at);
    fields.push_back("due_at");
  }
  if (p.remind_at) {
    r.remind_at = opt_ms(*p.remind_at);
    r.reminded_at.reset();
    fields.push_back("remind_at");
  }
  if (fields.empty()) return to_task(r);
  r.updated_at = now;
  GX_RETURN_IF_ERROR(store::update_task(ctx.db, r));
  GX_RETURN_IF_ERROR(
      record_service_change(ctx, "task_updated", r.customer_id, r.id, Json{{"fields", fields}}));
  return to_task(r);
}

Result<Task> get_task(domain::ReadContext& ctx, int64_t id) {
  GX_ASSIGN_OR_RETURN(auto r, store::find_task(ctx.db, ctx.shop.id, id));
  if (!r) return Status::not_found("task " + std::to_string(id) + " does not exist");
  return to_task(*r);
}

Result<std::vector<Task>> list_tasks(domain::ReadContext& ctx, const TaskQuery& q) {
  if (q.limit < 1 || q.limit > 500) {
    Location loc;
    loc.field = "?limit";
    return Status::invalid("limit must be between 1 and 500", loc);
  }
  if (q.status && *q.status != "open" && *q.status != "done" && *q.status != "cancelled") {
    Location loc;
    loc.field = "?status";
    return Status::invalid("status must be open, done or cancelled", loc);
  }
  store::TaskFilter f;
  f.status = q.status;
  f.assignee_user_id = q.assignee_user_id;
  f.customer = q.customer_id;
  f.ticket = q.ticket_id;
  f.due_before = opt_ms(q.due_before);
  f.after_id = q.after_id;
  f.limit = q.limit;
  GX_ASSIGN_OR_RETURN(auto recs, store::list_tasks(ctx.db, ctx.shop.id, f));
  std::vector<Task> out;
  for (const auto& r : recs) out.push_back(to_task(r));
  return out;
}

}  // namespace guanxi::service
