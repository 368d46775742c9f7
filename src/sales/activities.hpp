// Sales activities: calls, meetings, emails, visits and notes logged on an
// account, contact, opportunity or lead (at least one). The targets fill each
// other in (a contact's account, an opportunity's account). When the contact
// has a customer profile the memo is also an interaction of that profile
// (service/interactions.hpp: a note, so the 360 timeline shows it) and
// note_id points at it. Logging on an opportunity keeps its last_activity_at
// current (the stalled-deals report reads it) and feeds the analytics rollups
// in the same transaction. Tasks on sales records are service tasks
// (service/tasks.hpp) with the record links of the tasks table.
// Changes: sales_activity_logged (and the service side's note_added, task_created).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sales/model.hpp"
#include "service/tasks.hpp"

namespace guanxi::sales {

struct ActivityInput {
  std::string kind;  // required: kActivityKinds
  std::string subject;
  std::string body;
  std::string outcome;
  std::string direction;  // inbound | outbound | "" (for the interaction memo)
  std::optional<int64_t> duration_s;
  std::optional<int64_t> account_id;
  std::optional<int64_t> contact_id;
  std::optional<int64_t> opportunity_id;
  std::optional<int64_t> lead_id;
  std::optional<int64_t> user_id;        // default: the viewer
  std::optional<Timestamp> occurred_at;  // default: now
};

Result<Activity> log_activity(domain::WriteContext& ctx, const Viewer& viewer,
                              const ActivityInput& in);
Result<Activity> get_activity(domain::ReadContext& ctx, const Viewer& viewer, int64_t id);
// Activities on a record (its visibility is checked), or, without a record,
// the viewer's own (every activity for a viewer who sees all). Newest first.
Result<std::vector<Activity>> list_activities(domain::ReadContext& ctx, const Viewer& viewer,
                                              store::SalesActivityFilter filter);

struct SalesTask {
  service::Task task;
  store::SalesTaskLinks links;
};
// A service task linked to sales records (each must exist and be visible).
Result<SalesTask> create_sales_task(domain::WriteContext& ctx, const Viewer& viewer,
                                    const service::TaskInput& in,
                                    const store::SalesTaskLinks& links);
Result<std::vector<SalesTask>> list_sales_tasks(domain::ReadContext& ctx, const Viewer& viewer,
                                                const store::SalesTaskLinks& on,
                                                std::optional<std::string> status, int limit);

}  // namespace guanxi::sales
