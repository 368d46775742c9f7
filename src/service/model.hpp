// The service desk's values: ticket statuses and priorities with their stored
// names, the workflow (which status may follow which), the Ticket and its
// inputs, and the change-feed helper every service write uses.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.hpp"
#include "core/status.hpp"
#include "core/time.hpp"
#include "domain/context.hpp"

namespace guanxi::service {

// new → assigned → in_progress → waiting_customer → resolved → closed, with
// reopen (resolved/closed → in_progress).
enum class TicketStatus { kNew, kAssigned, kInProgress, kWaitingCustomer, kResolved, kClosed };
std::string_view ticket_status_name(TicketStatus s);
Result<TicketStatus> parse_ticket_status(std::string_view name);
// Not resolved or closed.
bool is_open(TicketStatus s);

enum class Priority { kLow, kNormal, kHigh, kUrgent };
std::string_view priority_name(Priority p);  // "low", "normal", "high", "urgent"
Result<Priority> parse_priority(std::string_view name);

// The statuses a ticket may move to from `from` by an explicit transition.
// Closing from an unresolved status is allowed only when the shop's policy
// does not require resolution first. "assigned" needs an assignee (assign).
std::vector<TicketStatus> allowed_transitions(TicketStatus from, bool closing_requires_resolved);

struct Attachment {
  std::string url;  // http(s)
  std::string name;
};

struct Ticket {
  int64_t id = 0;
  int64_t customer_id = 0;
  std::string subject;
  std::string description;
  std::string type;
  std::string channel;
  Priority priority = Priority::kNormal;
  std::string priority_reason;  // "" | vip_tier | high_value | manual
  std::string category;
  TicketStatus status = TicketStatus::kNew;
  std::optional<int64_t> assignee_agent_id;
  std::vector<int64_t> order_ids;
  std::vector<Attachment> attachments;
  std::optional<Timestamp> first_response_at;
  std::optional<Timestamp> first_response_due;
  std::optional<Timestamp> resolution_due;
  std::optional<Timestamp> resolved_at;
  std::optional<Timestamp> first_resolved_at;
  std::optional<Timestamp> closed_at;
  std::string sla_state;  // none | running | paused | warning | breached | met
  // The due time of the clock still running: the first response's, else the
  // resolution's; none once both stopped (or without an SLA target).
  std::optional<Timestamp> next_due;
  int64_t customer_contacts = 1;
  int64_t agent_replies = 0;
  int64_t reopen_count = 0;
  std::optional<int64_t> csat_score;
  std::string created_by;
  Timestamp created_at{};
  Timestamp updated_at{};
};

struct TicketInput {
  int64_t customer_id = 0;           // required
  std::string subject;               // required, 1..200 bytes
  std::string description;           // at most 20,000 bytes
  std::string type;                  // one of the shop's ticket_types (required)
  std::string channel;               // one of the shop's channels (required)
  std::optional<Priority> priority;  // default normal; VIP / high-value raise applies
  std::string category;
  std::vector<int64_t> order_ids;  // orders of the customer
  std::vector<Attachment> attachments;
  std::optional<int64_t> assignee_agent_id;  // set: no automatic assignment
};

// Fields a PATCH may change (absent: unchanged).
struct TicketPatch {
  std::optional<std::string> subject;
  std::optional<std::string> description;
  std::optional<std::string> type;
  std::optional<std::string> category;
  std::optional<Priority> priority;  // manual: priority_reason becomes "manual"
  std::optional<std::vector<int64_t>> order_ids;
  std::optional<std::vector<Attachment>> attachments;
};

// One step of the ticket's life.
struct TicketEvent {
  int64_t id = 0;
  std::string kind;  // created | status | assigned | reply | customer_message | note | priority |
                     // sla_warning | sla_breached | csat
  std::string from;
  std::string to;
  std::string body;
  std::string actor;
  std::optional<int64_t> agent_id;
  Timestamp at{};
};

// Appends a change to the feed in the caller's transaction.
Status record_service_change(domain::WriteContext& ctx, std::string_view kind,
                             std::optional<int64_t> customer, std::optional<int64_t> entity,
                             const Json& payload);

}  // namespace guanxi::service
