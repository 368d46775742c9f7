#include "service/auto_pick.hpp"

#include <algorithm>
#include <map>

#include "service/assignment.hpp"
#include "service/internal.hpp"
#include "store/agents_table.hpp"
#include "store/customers_table.hpp"

namespace guanxi::service {

namespace {

struct FreeAgent {
  store::AgentRecord agent;
  int64_t open = 0;
  bool has_room() const { return open < agent.ticket_capacity; }
};

}  // namespace

Result<int64_t> auto_pick_tickets(domain::WriteContext& ctx, int limit) {
  GX_ASSIGN_OR_RETURN(ServiceSettings s, load_service_settings(ctx.db, ctx.shop.id));
  if (!s.auto_assign) return int64_t{0};
  // Cheapest first: nobody present, or nothing waiting, ends it before the
  // per-agent load count (a scan of the open assigned tickets).
  GX_ASSIGN_OR_RETURN(auto agents, store::list_agents(ctx.db, ctx.shop.id));
  const bool anyone = std::any_of(agents.begin(), agents.end(), [](const store::AgentRecord& a) {
    return agent_available(a.state, a.active, 0, a.ticket_capacity);
  });
  if (!anyone) return int64_t{0};
  GX_ASSIGN_OR_RETURN(auto tickets, store::unassigned_new_tickets(ctx.db, ctx.shop.id, limit));
  if (tickets.empty()) return int64_t{0};

  GX_ASSIGN_OR_RETURN(auto counts, store::open_tickets_per_agent(ctx.db, ctx.shop.id));
  const std::map<int64_t, int64_t> load(counts.begin(), counts.end());
  std::vector<FreeAgent> free;  // by id, as list_agents orders them
  for (auto& a : agents) {
    const auto it = load.find(a.id);
    const int64_t open = it == load.end() ? 0 : it->second;
    if (agent_available(a.state, a.active, open, a.ticket_capacity))
      free.push_back({std::move(a), open});
  }

  int64_t assigned = 0;
  for (auto& t : tickets) {
    if (free.empty()) break;
    FreeAgent* chosen = nullptr;
    std::string_view reason = "auto_pick";
    GX_ASSIGN_OR_RETURN(auto customer, store::find_customer(ctx.db, ctx.shop.id, t.customer_id));
    if (customer && customer->csr_user_id) {
      for (auto& f : free) {
        if (f.agent.user_id == customer->csr_user_id && f.has_room()) {
          chosen = &f;
          reason = "dedicated_csr";
        }
      }
    }
    if (!chosen) {
      const std::string skill = s.skill_for(t.type);
      int64_t best_level = 0;
      for (auto& f : free) {
        if (!f.has_room()) continue;
        const int64_t level = agent_skill_level(f.agent.skills, skill);
        if (level < 1) continue;
        if (!chosen || f.open < chosen->open || (f.open == chosen->open && level > best_level)) {
          chosen = &f;
          best_level = level;
        }
      }
    }
    if (!chosen) continue;
    GX_RETURN_IF_ERROR(internal::assign_to_agent(ctx, t, chosen->agent.id, reason, s));
    chosen->open += 1;
    assigned += 1;
    std::erase_if(free, [](const FreeAgent& f) { return !f.has_room(); });
  }
  return assigned;
}

}  // namespace guanxi::service
