// JSON of the call-center resources: queues, agents, calls and their events,
// statistics, outbound lists, IVR walks. Shared by the API and the CLI (the
// call simulator compares the statistics API with the simulated truth
// rendered by the same function).
#pragma once

#include "callcenter/ivr.hpp"
#include "callcenter/router.hpp"
#include "callcenter/stats.hpp"
#include "core/json.hpp"
#include "core/time.hpp"
#include "cti/call_log.hpp"

namespace guanxi::api {

Json render_queue(const store::CallQueueRecord& q);
// `live`: the agent's state in the running call center (else the stored one).
Json render_agent(const cti::AgentView& a, const ShopZone& zone);
Json render_call(const store::CallRecord& c, const ShopZone& zone);
Json render_call_detail(const cti::CallDetail& d, const ShopZone& zone);
// {total, queues: [{queue_id, ...}], agents: [{agent_id, ..., time}], intervals: [{start, ...}]}
Json render_call_stats(const callcenter::StatsReport& r, const ShopZone& zone);
Json render_queue_snapshot(int64_t queue, const callcenter::QueueSnapshot& s);
Json render_outbound_list(const cti::OutboundListView& v, bool with_entries);
Json render_ivr_outcome(const callcenter::IvrOutcome& o);

}  // namespace guanxi::api
