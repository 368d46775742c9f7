// Request bodies of the call-center routes -> cti inputs. Strict like
// inputs.hpp: unknown members, wrong types and unparseable values are
// invalid_argument at the member's JSON pointer; the rules are the cti
// module's.
#pragma once

#include "core/json.hpp"
#include "core/status.hpp"
#include "cti/call_log.hpp"
#include "store/callcenter_table.hpp"

namespace guanxi::api {

// name, skill, min_level, priority, overflow_to, overflow_after_s,
// callback_offer_after_s, service_level_s (a PUT: absent members take the defaults).
Result<store::CallQueueRecord> read_queue_input(const Json& body);
// user_id, name, skills {skill: level}, ticket_capacity, active, blended, wrap_up_s.
Result<cti::AgentInput> read_agent_input(const Json& body);
// name, queue_id, allowed_hours ["HH:MM", "HH:MM"], and either segment_id or
// entries [{number, customer_id}].
Result<cti::OutboundListInput> read_outbound_list_input(const Json& body);

}  // namespace guanxi::api
