#include "service/assignment.hpp"

#include <map>

#include "core/json.hpp"
#include "store/agents_table.hpp"
#include "store/service_table.hpp"

namespace guanxi::service {

int64_t agent_skill_level(const std::string& skills_json, const std::string& skill) {
  if (skill.empty()) return 1;
  const Json j = Json::parse(skills_json, nullptr, false);
  if (!j.is_object() || !j.contains(skill) || !j[skill].is_number_integer()) return 0;
  return j[skill].get<int64_t>();
}

std::string_view assign_reason_name(AssignReason r) {
  return r == AssignReason::kDedicatedCsr ? "dedicated_csr" : "least_loaded";
}

bool agent_available(const std::string& state, bool active, int64_t open_tickets,
                     int64_t capacity) {
  const bool present = state == "available" || state == "on_call" || state == "wrap_up";
  return active && present && open_tickets < capacity;
}

Result<std::optional<AgentChoice>> choose_agent(store::Connection& db, int64_t shop,
                                                std::optional<int64_t> csr_user_id,
                                                const std::string& skill) {
  GX_ASSIGN_OR_RETURN(auto counts, store::open_tickets_per_agent(db, shop));
  std::map<int64_t, int64_t> load(counts.begin(), counts.end());
  auto open_of = [&](int64_t agent) {
    auto it = load.find(agent);
    return it == load.end() ? int64_t{0} : it->second;
  };
  if (csr_user_id) {
    GX_ASSIGN_OR_RETURN(auto csr, store::find_agent_by_user(db, shop, *csr_user_id));
    if (csr && agent_available(csr->state, csr->active, open_of(csr->id), csr->ticket_capacity)) {
      return std::optional<AgentChoice>(AgentChoice{csr->id, AssignReason::kDedicatedCsr});
    }
  }
  GX_ASSIGN_OR_RETURN(auto agents, store::list_agents(db, shop));
  std::optional<AgentChoice> best;
  int64_t best_open = 0;
  int64_t best_level = 0;
  for (const auto& a : agents) {
    const int64_t open = open_of(a.id);
    if (!agent_available(a.state, a.active, open, a.ticket_capacity)) continue;
    const int64_t level = agent_skill_level(a.skills, skill);
    if (level < 1) continue;
    const bool better = !best || open < best_open || (open == best_open && level > best_level);
    if (better) {
      best = AgentChoice{a.id, AssignReason::kLeastLoaded};
      best_open = open;
      best_level = level;
    }
  }
  return best;
}

}  // namespace guanxi::service
