// Interactions: every call, visit, chat or email with a customer, logged as
// a note (the CSR's memo; domain/activity.hpp, which appends `note_added`)
// with the agent, duration, outcome, next follow-up date and ticket. A next
// follow-up date creates a follow-up task for the agent (due and reminded
// then). An inbound interaction on a ticket is a customer contact (it counts
// against first-contact resolution) and shows in the ticket's history.
#pragma once

#include <vector>

#include "domain/activity.hpp"
#include "domain/context.hpp"

namespace guanxi::service {

struct InteractionInput {
  domain::NoteInput note;
  domain::InteractionDetails details;
};

struct LoggedInteraction {
  domain::Note note;
  std::optional<int64_t> task_id;  // the follow-up task created
};

// invalid_argument naming the field for an unknown agent or ticket, or a
// ticket of another customer.
Result<LoggedInteraction> log_interaction(domain::WriteContext& ctx, domain::CustomerId customer,
                                          const InteractionInput& input);
// The customer's interactions, newest first.
Result<std::vector<domain::Note>> list_interactions(domain::ReadContext& ctx,
                                                    domain::CustomerId customer, int limit);
// The interactions logged on a ticket, oldest first.
Result<std::vector<domain::Note>> ticket_interactions(domain::ReadContext& ctx, int64_t ticket);

}  // namespace guanxi::service
