// The ACD's mechanics behind Router's events: timeouts, routing a call to an
// agent, an agent to a call, and the agent states around a call.
#include <algorithm>
#include <string>
#include <utility>

#include "callcenter/router_impl.hpp"

namespace guanxi::callcenter {

// ---------------------------------------------------------------- time

Status Router::Impl::advance(Timestamp t, Decisions& out) {
  if (started && t < now) {
    return Status::invalid("time went backwards: " + format_utc_iso8601(t) + " is before " +
                           format_utc_iso8601(now));
  }
  started = true;
  while (!timers.empty() && timers.top().at_ms <= to_ms(t)) {
    const Timer timer = timers.top();
    timers.pop();
    if (!is_live(timer)) continue;
    now = from_millis(timer.at_ms);
    fire(timer, out);
  }
  now = t;
  return Status::ok();
}

void Router::Impl::schedule(int64_t at_ms, TimerKind kind, int64_t target, uint32_t gen) {
  timers.push(Timer{std::max(at_ms, to_ms(now)), timer_seq++, kind, target, gen});
}

bool Router::Impl::is_live(const Timer& timer) const {
  if (timer.kind == TimerKind::kWrapUpEnd) {
    const AgentRec& a = agents[static_cast<size_t>(timer.target)];
    return a.state == AgentState::kWrapUp && a.wrap_gen == timer.gen;
  }
  if (timer.kind == TimerKind::kOutbound) return timer.gen == outbound_gen;
  const auto it = calls.find(timer.target);
  if (it == calls.end() || it->second.gen != timer.gen) return false;
  const CallRec& c = it->second;
  const bool waits = c.phase == Phase::kWaiting || c.phase == Phase::kHeld;
  switch (timer.kind) {
    case TimerKind::kHoldExpiry:
      return c.phase == Phase::kHeld;
    case TimerKind::kCallbackOffer:
      return waits && !c.callback_offered;
    default:
      return waits;
  }
}

void Router::Impl::fire(const Timer& timer, Decisions& out) {
  switch (timer.kind) {
    case TimerKind::kHoldExpiry: {
      CallRec& c = calls.at(timer.target);
      if (--queues[c.home()].held == 0) outbound_dirty = true;
      make_waiting(c, out);
      break;
    }
    case TimerKind::kOverflow:
      overflow(calls.at(timer.target), out);
      break;
    case TimerKind::kCallbackOffer: {
      CallRec& c = calls.at(timer.target);
      c.callback_offered = true;
      emit(out, DecisionKind::kOfferCallback, c.call.id, 0, c.call.queue);
      break;
    }
    case TimerKind::kWrapUpEnd:
      after_work(static_cast<uint32_t>(timer.target), to_ms(now), out);
      break;
    case TimerKind::kOutbound:
      outbound_check_ms.reset();
      run_outbound(out);
      break;
  }
}

// ---------------------------------------------------------------- calls

uint32_t Router::Impl::rank(bool vip, uint32_t queue) const {
  const auto behind = static_cast<uint32_t>(kMaxQueuePriority - queues[queue].queue.priority);
  const uint32_t not_vip = vip ? 0 : 1;
  return config.order == PriorityOrder::kVipFirst ? not_vip * (kMaxQueuePriority + 1) + behind
                                                  : behind * 2 + not_vip;
}

CallRec* Router::Impl::find(CallId id) {
  const auto it = calls.find(id);
  return it == calls.end() ? nullptr : &it->second;
}

void Router::Impl::enter_queue(CallRec& c, uint32_t q) {
  c.call.queue = queues[q].queue.id;
  c.call.times = CallTimes{};
  c.call.times.offered = now;
  c.queues[0] = q;
  c.n_queues = 1;
  c.callback_offered = false;
  c.key = WaitKey{rank(c.call.vip, q), to_ms(now), c.call.id};
  c.next_overflow_ms = to_ms(now) + to_ms(queues[q].queue.overflow_after);
}

void Router::Impl::schedule_wait_timers(CallRec& c) {
  const Queue& home = queues[c.home()].queue;
  if (home.callback_offer_after && !c.callback_offered) {
    schedule(to_ms(*c.call.times.offered) + to_ms(*home.callback_offer_after),
             TimerKind::kCallbackOffer, c.call.id, c.gen);
  }
  if (next_overflow_queue(c) != kNone) {
    schedule(c.next_overflow_ms, TimerKind::kOverflow, c.call.id, c.gen);
  }
}

void Router::Impl::make_waiting(CallRec& c, Decisions& out) {
  c.phase = Phase::kWaiting;
  for (size_t i = 0; i < c.n_queues; ++i) queues[c.queues[i]].waiting.insert(c.key);
  route_call(c, out);
}

bool Router::Impl::route_call(CallRec& c, Decisions& out) {
  if (c.dedicated != kNone && agents[c.dedicated].idle) {
    assign(c, c.dedicated, out);
    return true;
  }
  if (c.phase != Phase::kWaiting) return false;
  const IdleKey* best = nullptr;
  for (size_t i = 0; i < c.n_queues; ++i) {
    const std::set<IdleKey>& idle = queues[c.queues[i]].idle;
    if (!idle.empty() && (best == nullptr || *idle.begin() < *best)) best = &*idle.begin();
  }
  if (best == nullptr) return false;
  assign(c, best->index, out);
  return true;
}

void Router::Impl::leave_waiting(CallRec& c) {
  if (c.phase == Phase::kWaiting) {
    for (size_t i = 0; i < c.n_queues; ++i) queues[c.queues[i]].waiting.erase(c.key);
  } else if (c.phase == Phase::kHeld) {
    if (--queues[c.home()].held == 0) outbound_dirty = true;
  }
  if (c.dedicated != kNone) agents[c.dedicated].dedicated.erase(c.key);
}

void Router::Impl::assign(CallRec& c, uint32_t agent, Decisions& out) {
  leave_waiting(c);
  make_busy(agent);
  c.phase = Phase::kRinging;
  c.agent = agent;
  ++c.gen;
  c.call.times.assigned = now;
  AgentRec& a = agents[agent];
  a.call = c.call.id;
  set_state(agent, AgentState::kOnCall);
  emit(out, DecisionKind::kConnect, c.call.id, a.agent.id, c.call.queue);
}

uint32_t Router::Impl::next_overflow_queue(const CallRec& c) const {
  const uint32_t next = queues[c.queues[c.n_queues - 1]].overflow;
  if (next == kNone || c.n_queues > static_cast<size_t>(config.max_overflow_hops) ||
      c.n_queues >= kMaxQueuesPerCall) {
    return kNone;
  }
  for (size_t i = 0; i < c.n_queues; ++i) {
    if (c.queues[i] == next) return kNone;
  }
  return next;
}

void Router::Impl::overflow(CallRec& c, Decisions& out) {
  const uint32_t q = next_overflow_queue(c);
  if (q == kNone) return;
  c.queues[c.n_queues++] = q;
  emit(out, DecisionKind::kOverflow, c.call.id, 0, queues[q].queue.id);
  c.next_overflow_ms = to_ms(now) + to_ms(queues[q].queue.overflow_after);
  if (next_overflow_queue(c) != kNone) {
    schedule(c.next_overflow_ms, TimerKind::kOverflow, c.call.id, c.gen);
  }
  if (c.phase == Phase::kWaiting) {
    queues[q].waiting.insert(c.key);
    route_call(c, out);
  }
}

Status Router::Impl::abandon(CallRec& c, Decisions& out) {
  const bool inbound = c.call.direction == Direction::kInbound;
  switch (c.phase) {
    case Phase::kHeld:
    case Phase::kWaiting:
      leave_waiting(c);
      stats.call_abandoned(c.call.queue, *c.call.times.offered, now);
      calls.erase(c.call.id);
      return Status::ok();
    case Phase::kRinging: {
      const uint32_t agent = c.agent;
      if (inbound) stats.call_abandoned(c.call.queue, *c.call.times.offered, now);
      calls.erase(c.call.id);
      agents[agent].call = 0;
      // An agent whose inbound call rang out unanswered keeps its place in the idle order.
      after_work(agent, inbound ? agents[agent].idle_since_ms : to_ms(now), out);
      return Status::ok();
    }
    case Phase::kTalking:
      break;
  }
  return wrong_phase(c.call.id, "was answered: it ends, it is not abandoned");
}

// ---------------------------------------------------------------- agents

void Router::Impl::set_state(uint32_t agent, AgentState state) {
  AgentRec& a = agents[agent];
  if (a.state == AgentState::kWrapUp && state != AgentState::kWrapUp) ++a.wrap_gen;
  a.state = state;
  stats.agent_state(a.agent.id, state, now);
  if (state_listener) state_listener(a.agent.id, state, now);
}

void Router::Impl::announce_state(uint32_t agent, Decisions& out) {
  emit(out, DecisionKind::kAgentStateChange, 0, agents[agent].agent.id, 0).state =
      agents[agent].state;
}

void Router::Impl::make_busy(uint32_t agent) {
  AgentRec& a = agents[agent];
  if (!a.idle) return;
  const IdleKey key{a.idle_since_ms, a.agent.id, agent};
  for (uint32_t q : a.queues) queues[q].idle.erase(key);
  if (a.agent.blended) idle_blended.erase(key);
  a.idle = false;
}

void Router::Impl::agent_ready(uint32_t agent, int64_t idle_since_ms, Decisions& out) {
  AgentRec& a = agents[agent];
  if (a.state != AgentState::kAvailable) set_state(agent, AgentState::kAvailable);
  a.idle_since_ms = idle_since_ms;
  if (!a.dedicated.empty()) {
    assign(calls.at(a.dedicated.begin()->id), agent, out);
    return;
  }
  const WaitKey* best = nullptr;
  for (uint32_t q : a.queues) {
    const std::set<WaitKey>& waiting = queues[q].waiting;
    if (!waiting.empty() && (best == nullptr || *waiting.begin() < *best)) {
      best = &*waiting.begin();
    }
  }
  if (best != nullptr) {
    assign(calls.at(best->id), agent, out);
    return;
  }
  if (a.agent.blended && outbound_pending > 0 && try_dial(agent, out)) return;
  const IdleKey key{idle_since_ms, a.agent.id, agent};
  for (uint32_t q : a.queues) queues[q].idle.insert(key);
  if (a.agent.blended) {
    idle_blended.insert(key);
    schedule_outbound_check();
  }
  a.idle = true;
}

void Router::Impl::finish_call(uint32_t agent, Decisions& out) {
  AgentRec& a = agents[agent];
  a.call = 0;
  if (a.agent.wrap_up.count() == 0) {
    after_work(agent, to_ms(now), out);
    return;
  }
  set_state(agent, AgentState::kWrapUp);
  announce_state(agent, out);
  schedule(to_ms(now) + to_ms(a.agent.wrap_up), TimerKind::kWrapUpEnd, agent, a.wrap_gen);
}

void Router::Impl::after_work(uint32_t agent, int64_t idle_since_ms, Decisions& out) {
  AgentRec& a = agents[agent];
  if (a.after_call) {
    const AgentState next = *a.after_call;
    a.after_call.reset();
    set_state(agent, next);
    announce_state(agent, out);
    return;
  }
  set_state(agent, AgentState::kAvailable);
  announce_state(agent, out);
  agent_ready(agent, idle_since_ms, out);
}

}  // namespace guanxi::callcenter
