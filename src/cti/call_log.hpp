// The call center's stored configuration and records, as operations on a
// shop: queues, agents (the call-center view of the shared agents table), IVR
// menus, outbound lists, the searchable call log and the statistics computed
// from it. Writes run inside the caller's transaction (a Writer job); the
// running CallCenter is told to reload by the caller after the commit.
//
// Statistics (call_statistics) use the definitions of callcenter::CallStats
// (src/callcenter/README.md "Statistics") over the stored log: the calls
// offered in [from, to) and the agents' state timeline clipped to [from, to).
// A transferred call counts once, in the queue it was transferred to.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "callcenter/ivr.hpp"
#include "callcenter/stats.hpp"
#include "core/json.hpp"
#include "domain/context.hpp"
#include "store/agents_table.hpp"
#include "store/callcenter_table.hpp"

namespace guanxi::cti {

// ---- queues -------------------------------------------------------------------------

// Validates (skill, levels 1-9, priority 0-999, overflow_to another queue of
// the shop, durations) and inserts; errors name the member.
Result<store::CallQueueRecord> create_queue(domain::WriteContext& ctx, store::CallQueueRecord q);
// Replaces the queue's settings with `q`'s.
Result<store::CallQueueRecord> update_queue(domain::WriteContext& ctx, int64_t id,
                                            store::CallQueueRecord q);
Result<store::CallQueueRecord> get_queue(domain::ReadContext& ctx, int64_t id);
Result<std::vector<store::CallQueueRecord>> list_queues(domain::ReadContext& ctx);

// ---- agents ----------------------------------------------------------------------------

struct AgentView {
  store::AgentRecord agent;
  bool blended = false;
  int64_t wrap_up_s = 0;
};

// Absent members keep their value (create: the defaults).
struct AgentInput {
  std::optional<std::optional<int64_t>> user_id;
  std::optional<std::string> name;
  std::optional<Json> skills;  // {"skill": level 1-9}
  std::optional<int64_t> ticket_capacity;
  std::optional<bool> active;
  std::optional<bool> blended;
  std::optional<int64_t> wrap_up_s;
};
Result<AgentView> create_agent(domain::WriteContext& ctx, const AgentInput& input);
Result<AgentView> update_agent(domain::WriteContext& ctx, int64_t id, const AgentInput& input);
Result<AgentView> get_agent(domain::ReadContext& ctx, int64_t id);
Result<std::vector<AgentView>> list_agents(domain::ReadContext& ctx);

// ---- IVR menus -------------------------------------------------------------------------

// Validates the menu against the shop's queues and stores it under `name`.
Result<callcenter::IvrMenu> put_ivr_menu(domain::WriteContext& ctx, const std::string& name,
                                         const Json& menu);
// The stored menu document; not_found when there is none.
Result<Json> get_ivr_menu(domain::ReadContext& ctx, const std::string& name);
Result<callcenter::IvrMenu> load_ivr_menu(domain::ReadContext& ctx, const std::string& name);
// The walk of `digits` for a caller: VIP recognition by number uses the
// customer's tier and the shop's VIP tiers.
Result<callcenter::IvrOutcome> walk_ivr_menu(domain::ReadContext& ctx, const std::string& name,
                                             const std::string& number, const std::string& digits);
// True when the number belongs to a customer whose tier is a VIP tier.
Result<bool> is_vip_number(domain::ReadContext& ctx, const std::string& number);

// ---- outbound lists --------------------------------------------------------------------

struct OutboundListInput {
  std::string name;
  int64_t queue_id = 0;
  std::optional<int64_t> segment_id;
  int window_start = 0;  // shop-local minutes [start, end)
  int window_end = 1440;
  std::vector<store::OutboundEntryRecord> entries;  // number, customer_id
};
struct OutboundListView {
  store::OutboundListRecord list;
  std::vector<store::OutboundEntryRecord> entries;
};
// The phone numbers of `customers` (their first phone identity), in order;
// customers without a phone are skipped.
Result<std::vector<store::OutboundEntryRecord>> entries_for_customers(
    domain::ReadContext& ctx, const std::vector<int64_t>& customers);
Result<OutboundListView> create_outbound_list(domain::WriteContext& ctx,
                                              const OutboundListInput& input);
Result<OutboundListView> get_outbound_list(domain::ReadContext& ctx, int64_t id);
Result<std::vector<store::OutboundListRecord>> list_outbound_lists(domain::ReadContext& ctx);

// ---- the call log and statistics ------------------------------------------------------

struct CallDetail {
  store::CallRecord call;
  std::vector<store::CallEventRecord> events;
};
Result<std::vector<store::CallRecord>> search_calls(domain::ReadContext& ctx,
                                                    store::CallSearch search);
Result<CallDetail> get_call(domain::ReadContext& ctx, int64_t call);

Result<callcenter::StatsReport> call_statistics(domain::ReadContext& ctx, Timestamp from,
                                                Timestamp to, std::chrono::minutes interval);

}  // namespace guanxi::cti
