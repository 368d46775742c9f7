// Who takes a ticket. The customer's dedicated CSR (customers.csr_user_id →
// agents.user_id) when that agent is available; otherwise the least-loaded
// available agent of the ticket's skill group; otherwise nobody (the ticket
// waits in the queue as `new`).
//
// Available: active, presence available / on_call / wrap_up (not break or
// offline), and fewer open tickets (new, assigned, in_progress,
// waiting_customer) than the agent's ticket_capacity. In a skill group: the
// agent's skills JSON has the skill at level ≥ 1 (a ticket type without a
// skill accepts every agent). Least-loaded: fewest open tickets; ties go to the
// higher skill level, then the lower agent id.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/database.hpp"

namespace guanxi::service {

enum class AssignReason { kDedicatedCsr, kLeastLoaded };
std::string_view assign_reason_name(AssignReason r);  // "dedicated_csr", "least_loaded"

struct AgentChoice {
  int64_t agent_id = 0;
  AssignReason reason = AssignReason::kLeastLoaded;
};

Result<std::optional<AgentChoice>> choose_agent(store::Connection& db, int64_t shop,
                                                std::optional<int64_t> csr_user_id,
                                                const std::string& skill);

// The agent's level in `skill` from its skills JSON (0: not in the group);
// every agent is in the group of an empty skill, at level 1.
int64_t agent_skill_level(const std::string& skills_json, const std::string& skill);

// Whether the agent takes new work now (the availability rule above, without
// the skill).
bool agent_available(const std::string& state, bool active, int64_t open_tickets, int64_t capacity);

}  // namespace guanxi::service
