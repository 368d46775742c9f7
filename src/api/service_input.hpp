// Request bodies of the service desk routes → service inputs (strict
// JsonFields: unknown members and bad values fail at their JSON pointer).
// Also used by the CLI, which reads the same JSON from --file.
#pragma once

#include "core/json.hpp"
#include "domain/activity.hpp"
#include "service/interactions.hpp"
#include "service/tasks.hpp"
#include "service/tickets.hpp"

namespace guanxi::api {

Result<service::TicketInput> read_ticket_input(const Json& body);
Result<service::TicketPatch> read_ticket_patch(const Json& body);
Result<service::MessageInput> read_message_input(const Json& body);
// An interaction: the note members plus agent_id, duration_s, outcome,
// next_follow_up_at, ticket_id.
Result<service::InteractionInput> read_interaction_input(const Json& body);
Result<service::TaskInput> read_task_input(const Json& body);
Result<service::TaskPatch> read_task_patch(const Json& body);

}  // namespace guanxi::api
