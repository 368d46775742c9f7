#include "callcenter/stats.hpp"

#include <algorithm>
#include <string>
#include <utility>

namespace guanxi::callcenter {

namespace {

double ratio(int64_t num, int64_t den, double when_empty) {
  return den == 0 ? when_empty : static_cast<double>(num) / static_cast<double>(den);
}

bool is_empty(const CallMetrics& m) {
  return m == CallMetrics{};
}

}  // namespace

double CallMetrics::abandonment_rate() const {
  return ratio(abandoned, offered, 0.0);
}

double CallMetrics::service_level() const {
  return ratio(answered_in_sl, answered + abandoned, 1.0);
}

double CallMetrics::asa_seconds() const {
  return ratio(answer_wait_ms, answered, 0.0) / 1000.0;
}

double CallMetrics::aht_seconds() const {
  return ratio(talk_ms + wrap_up_ms, handled, 0.0) / 1000.0;
}

CallMetrics& CallMetrics::operator+=(const CallMetrics& o) {
  offered += o.offered;
  answered += o.answered;
  abandoned += o.abandoned;
  callbacks += o.callbacks;
  answered_in_sl += o.answered_in_sl;
  answer_wait_ms += o.answer_wait_ms;
  handled += o.handled;
  talk_ms += o.talk_ms;
  wrap_up_ms += o.wrap_up_ms;
  outbound_dialed += o.outbound_dialed;
  outbound_connected += o.outbound_connected;
  return *this;
}

int64_t* AgentTime::ms_in(AgentState state) {
  switch (state) {
    case AgentState::kAvailable:
      return &available_ms;
    case AgentState::kOnCall:
      return &on_call_ms;
    case AgentState::kWrapUp:
      return &wrap_up_ms;
    case AgentState::kBreak:
      return &break_ms;
    case AgentState::kOffline:
      return nullptr;
  }
  return nullptr;
}

double AgentTime::occupancy() const {
  return ratio(on_call_ms + wrap_up_ms, logged_in_ms(), 0.0);
}

AgentTime& AgentTime::operator+=(const AgentTime& o) {
  available_ms += o.available_ms;
  on_call_ms += o.on_call_ms;
  wrap_up_ms += o.wrap_up_ms;
  break_ms += o.break_ms;
  return *this;
}

Status validate_stats_config(const StatsConfig& config) {
  const int64_t minutes = config.interval.count();
  if (minutes < 1 || minutes > 1440 || 1440 % minutes != 0) {
    return Status::invalid("the statistics interval must divide a day (1..1440 minutes), got " +
                               std::to_string(minutes),
                           Location{"", 0, 0, "/interval"});
  }
  return Status::ok();
}

IntervalClock::IntervalClock(ShopZone zone, std::chrono::minutes length)
    : zone_(std::move(zone)), length_ms_(length.count() * 60'000) {}

int64_t IntervalClock::start_ms(int64_t utc_ms) {
  if (utc_ms < span_.begin_ms || utc_ms >= span_.end_ms) {
    span_ = zone_.offset_at(from_millis(utc_ms));
  }
  const int64_t local = utc_ms + span_.offset_ms;
  int64_t rem = local % length_ms_;
  if (rem < 0) rem += length_ms_;
  return local - rem - span_.offset_ms;
}

CallStats::CallStats(StatsConfig config)
    : config_(std::move(config)), clock_(config_.zone, config_.interval) {}

void CallStats::add_queue(QueueId queue, Seconds service_level) {
  queues_[queue].service_level = service_level;
}

void CallStats::add_agent(AgentId agent) {
  agent_acc(agent);
}

CallStats::QueueAcc& CallStats::queue_acc(QueueId queue) {
  auto it = queues_.find(queue);
  if (it == queues_.end()) {
    it = queues_.emplace(queue, QueueAcc{{}, config_.default_service_level}).first;
  }
  return it->second;
}

CallStats::AgentAcc& CallStats::agent_acc(AgentId agent) {
  return agents_[agent];
}

CallMetrics& CallStats::interval_calls(Timestamp at) {
  return intervals_[clock_.start_ms(to_millis(at))].calls;
}

void CallStats::call_offered(QueueId queue, Timestamp at) {
  ++queue_acc(queue).calls.offered;
  ++interval_calls(at).offered;
}

void CallStats::call_answered(QueueId queue, AgentId agent, Timestamp offered, Timestamp at) {
  QueueAcc& q = queue_acc(queue);
  CallMetrics delta;
  delta.answered = 1;
  delta.answer_wait_ms = to_millis(at) - to_millis(offered);
  delta.answered_in_sl = (at - offered) <= q.service_level ? 1 : 0;
  q.calls += delta;
  agent_acc(agent).calls += delta;
  interval_calls(offered) += delta;
}

void CallStats::call_abandoned(QueueId queue, Timestamp offered, Timestamp /*at*/) {
  ++queue_acc(queue).calls.abandoned;
  ++interval_calls(offered).abandoned;
}

void CallStats::callback_requested(QueueId queue, Timestamp offered, Timestamp /*at*/) {
  ++queue_acc(queue).calls.callbacks;
  ++interval_calls(offered).callbacks;
}

void CallStats::call_ended(QueueId queue, AgentId agent, Timestamp offered, Timestamp answered,
                           Timestamp at) {
  PendingHandle p;
  p.queue = queue;
  p.interval = clock_.start_ms(to_millis(offered));
  p.talk_ms = to_millis(at) - to_millis(answered);
  p.ended = at;
  agent_acc(agent).pending = p;
}

void CallStats::outbound_dialed(QueueId queue, AgentId agent, Timestamp at) {
  ++queue_acc(queue).calls.outbound_dialed;
  ++agent_acc(agent).calls.outbound_dialed;
  ++interval_calls(at).outbound_dialed;
}

void CallStats::outbound_connected(QueueId queue, AgentId agent, Timestamp dialed) {
  ++queue_acc(queue).calls.outbound_connected;
  ++agent_acc(agent).calls.outbound_connected;
  ++interval_calls(dialed).outbound_connected;
}

void CallStats::agent_state(AgentId agent, AgentState state, Timestamp at) {
  AgentAcc& a = agent_acc(agent);
  add_span(a.state, a.since, at, a.time, intervals_, clock_);
  a.state = state;
  a.since = at;
  if (a.pending && state != AgentState::kWrapUp) {
    CallMetrics delta;
    delta.handled = 1;
    delta.talk_ms = a.pending->talk_ms;
    delta.wrap_up_ms = to_millis(at) - to_millis(a.pending->ended);
    a.calls += delta;
    queue_acc(a.pending->queue).calls += delta;
    intervals_[a.pending->interval].calls += delta;
    a.pending.reset();
  }
}

void CallStats::add_span(AgentState state, Timestamp from, Timestamp to, AgentTime& time,
                         std::map<int64_t, IntervalAcc>& intervals, IntervalClock& clock) {
  int64_t* total = time.ms_in(state);
  if (total == nullptr || to <= from) return;
  *total += to_millis(to) - to_millis(from);
  clock.split(to_millis(from), to_millis(to), [&](int64_t start, int64_t span_ms) {
    *intervals[start].time.ms_in(state) += span_ms;
  });
}

StatsReport CallStats::report(Timestamp as_of) const {
  StatsReport r;
  r.as_of = as_of;
  std::map<int64_t, IntervalAcc> intervals = intervals_;
  IntervalClock clock(config_.zone, config_.interval);
  for (const auto& [id, q] : queues_) {
    r.queues.push_back(QueueStats{id, q.calls});
    r.total += q.calls;
  }
  for (const auto& [id, a] : agents_) {
    AgentStats row{id, a.calls, a.time};
    add_span(a.state, a.since, as_of, row.time, intervals, clock);
    r.agents.push_back(row);
  }
  for (const auto& [start, acc] : intervals) {
    if (is_empty(acc.calls) && acc.time == AgentTime{}) continue;
    r.intervals.push_back(IntervalStats{from_millis(start), acc.calls, acc.time});
  }
  return r;
}

}  // namespace guanxi::callcenter
