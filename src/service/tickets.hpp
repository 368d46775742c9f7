// Tickets (工单): creation with automatic priority raise and assignment, the
// workflow with every transition recorded (who, when), replies to the
// customer, customer messages, internal notes, manual reassignment, the ticket
// list and a ticket's history.
//
// Workflow (allowed_transitions in model.hpp): new → assigned → in_progress →
// waiting_customer → resolved → closed; waiting_customer → in_progress;
// resolved/closed → in_progress is a reopen. A move the workflow forbids is
// `conflict` (HTTP 409) naming the current status and the allowed targets.
// Side effects:
// - waiting_customer starts an SLA pause, leaving it ends the pause;
// - resolved: resolved_at (and the first resolution's contact and reply
//   counts), the `ticket_resolved` customer event, the CSAT survey (csat.hpp);
// - reopen: the time since the resolution becomes a pause; a reopen within
//   the FCR window of the first resolution marks the ticket as not resolved
//   at first contact;
// - an agent reply to a new/assigned ticket moves it to in_progress and the
//   first one stops the first-response clock; a customer message on a
//   waiting_customer ticket moves it to in_progress, on a resolved one reopens it.
// Changes: ticket_created {"status", "priority", "type", "channel"},
// ticket_status_changed {"from", "to"}, ticket_assigned {"agent_id", "from",
// "reason"}, ticket_replied {"kind"}, ticket_updated {"fields"}; customer events
// (event_tracked) ticket_created, ticket_resolved, ticket_reopened.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/context.hpp"
#include "service/model.hpp"
#include "store/service_table.hpp"

namespace guanxi::service {

Result<Ticket> create_ticket(domain::WriteContext& ctx, const TicketInput& input);
Result<Ticket> get_ticket(domain::ReadContext& ctx, int64_t id);
Result<Ticket> update_ticket(domain::WriteContext& ctx, int64_t id, const TicketPatch& patch);

// Moves the ticket to `to` (see the workflow above); `comment` goes to the event.
Result<Ticket> change_status(domain::WriteContext& ctx, int64_t id, TicketStatus to,
                             const std::string& comment = "");
// Assigns to `agent` (manual: any active agent of the shop), or picks one
// (assignment.hpp) when nullopt. A new ticket becomes assigned. not_found for
// an unknown agent; conflict for a closed ticket, or when no agent is available
// for automatic assignment.
Result<Ticket> assign_ticket(domain::WriteContext& ctx, int64_t id, std::optional<int64_t> agent);

enum class MessageKind {
  kReply,            // an agent's reply to the customer
  kCustomerMessage,  // the customer wrote (a contact)
  kNote,             // internal, never shown to the customer
};
std::string_view message_kind_name(MessageKind k);  // "reply", "customer_message", "note"
Result<MessageKind> parse_message_kind(std::string_view name);

struct MessageInput {
  MessageKind kind = MessageKind::kReply;
  std::string body;                           // 1..20,000 bytes after rendering
  std::optional<int64_t> canned_response_id;  // body = the rendered canned response (body empty)
  std::optional<int64_t> agent_id;            // default: the assignee
  std::optional<TicketStatus> then_status;    // e.g. reply and wait on the customer
};
Result<Ticket> add_message(domain::WriteContext& ctx, int64_t id, const MessageInput& input);

// The customer's open tickets (new .. waiting_customer), the most urgent
// first (priority, then resolution due), at most `limit` — what a screen-pop
// shows of a caller.
Result<std::vector<Ticket>> open_customer_tickets(domain::ReadContext& ctx, int64_t customer,
                                                  int limit);

Result<std::vector<TicketEvent>> ticket_events(domain::ReadContext& ctx, int64_t id);

// The list. Statuses are OR-ed ("open" stands for the four open statuses).
struct TicketQuery {
  std::vector<std::string> statuses;
  std::optional<int64_t> assignee;  // 0: unassigned
  std::optional<std::string> priority;
  std::optional<std::string> type;
  std::optional<std::string> channel;
  std::optional<int64_t> customer;
  std::vector<std::string> sla_states;  // e.g. warning, breached ("at_risk" = both)
  std::string q;  // words in the subject or the opening message (store::TicketFilter::text)
  std::string sort = "id";  // id | updated | priority | due
  std::string cursor;       // from the previous page
  int limit = 50;           // 1..500
};
struct TicketPage {
  std::vector<Ticket> tickets;
  std::string next_cursor;  // empty on the last page
};
Result<TicketPage> list_tickets(domain::ReadContext& ctx, const TicketQuery& query);

// Record → model (CSAT score not filled).
Ticket to_ticket(const store::TicketRecord& r);

}  // namespace guanxi::service
