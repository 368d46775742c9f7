// truth_stats: the statistics of a simulated day computed after the fact from
// what happened to each call and each agent's timeline, as a check on
// CallStats, which keeps them incrementally from the Router's events.
#include <map>

#include "callcenter/simulator.hpp"

namespace guanxi::callcenter {

namespace {

int64_t ms_between(Timestamp from, Timestamp to) {
  return to_millis(to) - to_millis(from);
}

// The measures one call contributes to its queue and interval.
CallMetrics measures_of(const CallTruth& call, Seconds service_level) {
  CallMetrics m;
  if (call.direction == Direction::kOutbound) {
    m.outbound_dialed = 1;
    m.outbound_connected = call.answered ? 1 : 0;
    return m;
  }
  m.offered = 1;
  m.abandoned = call.abandoned ? 1 : 0;
  m.callbacks = call.callback ? 1 : 0;
  if (call.answered) {
    m.answered = 1;
    m.answer_wait_ms = ms_between(call.offered, *call.answered);
    m.answered_in_sl = m.answer_wait_ms <= service_level.count() * 1000 ? 1 : 0;
  }
  if (call.wrap_up_end) {
    m.handled = 1;
    m.talk_ms = ms_between(*call.answered, *call.ended);
    m.wrap_up_ms = ms_between(*call.ended, *call.wrap_up_end);
  }
  return m;
}

}  // namespace

StatsReport truth_stats(const SimTruth& truth, std::span<const Queue> queues, const ShopZone& zone,
                        std::chrono::minutes interval) {
  IntervalClock clock(zone, interval);
  std::map<QueueId, CallMetrics> by_queue;
  std::map<QueueId, Seconds> service_level;
  for (const Queue& q : queues) {
    by_queue[q.id];
    service_level[q.id] = q.service_level;
  }
  std::map<AgentId, AgentStats> by_agent;
  for (const AgentTruth& a : truth.agents) by_agent[a.id].agent = a.id;
  std::map<int64_t, IntervalStats> by_interval;

  for (const CallTruth& call : truth.calls) {
    const CallMetrics m = measures_of(call, service_level[call.queue]);
    by_queue[call.queue] += m;
    by_interval[clock.start_ms(to_millis(call.offered))].calls += m;
    if (call.agent) {
      CallMetrics own = m;  // an agent is offered nothing; it answers, handles and dials
      own.offered = 0;
      own.abandoned = 0;
      own.callbacks = 0;
      by_agent[*call.agent].calls += own;
    }
  }
  for (const AgentTruth& a : truth.agents) {
    AgentTime& total = by_agent[a.id].time;
    for (size_t i = 0; i < a.timeline.size(); ++i) {
      const AgentState state = a.timeline[i].second;
      if (total.ms_in(state) == nullptr) continue;  // offline
      const int64_t from = to_millis(a.timeline[i].first);
      const int64_t to = to_millis(i + 1 < a.timeline.size() ? a.timeline[i + 1].first : truth.end);
      *total.ms_in(state) += to - from;
      clock.split(from, to, [&](int64_t start, int64_t span_ms) {
        *by_interval[start].time.ms_in(state) += span_ms;
      });
    }
  }

  StatsReport r;
  r.as_of = truth.end;
  for (const auto& [id, m] : by_queue) {
    r.queues.push_back(QueueStats{id, m});
    r.total += m;
  }
  for (const auto& [id, a] : by_agent) r.agents.push_back(a);
  for (const auto& [start, row] : by_interval) {
    if (row.calls == CallMetrics{} && row.time == AgentTime{}) continue;
    IntervalStats out = row;
    out.start = from_millis(start);
    r.intervals.push_back(out);
  }
  return r;
}

}  // namespace guanxi::callcenter
