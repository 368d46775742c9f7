// SQL for agents: the people who take tickets and calls (service desk and call
// center share them). Runs on the caller's connection; rules are the caller's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"

namespace guanxi::store {

struct AgentRecord {
  int64_t id = 0;
  int64_t shop_id = 0;
  std::optional<int64_t> user_id;  // the person; customers.csr_user_id names it
  std::string name;
  std::string skills = "{}";      // JSON object: skill -> level 1-9
  std::string state = "offline";  // available | on_call | wrap_up | break | offline
  int64_t state_since = 0;
  int64_t ticket_capacity = 20;
  bool active = true;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

Result<int64_t> insert_agent(Connection& db, const AgentRecord& r);
// Name, user, skills, capacity, active (not the state).
Status update_agent(Connection& db, const AgentRecord& r);
Status set_agent_state(Connection& db, int64_t shop, int64_t agent, std::string_view state,
                       int64_t since);
Result<std::optional<AgentRecord>> find_agent(Connection& db, int64_t shop, int64_t agent);
Result<std::optional<AgentRecord>> find_agent_by_user(Connection& db, int64_t shop,
                                                      int64_t user_id);
Result<std::optional<AgentRecord>> find_agent_by_name(Connection& db, int64_t shop,
                                                      std::string_view name);
// Every agent of the shop (active first is not implied), ordered by id.
Result<std::vector<AgentRecord>> list_agents(Connection& db, int64_t shop);

}  // namespace guanxi::store
