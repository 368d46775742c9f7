#include "callcenter/router.hpp"

#include <memory>
#include <string>
#include <utility>

#include "callcenter/router_impl.hpp"

namespace guanxi::callcenter {

namespace {

Status validate_queue(const Queue& q) {
  if (q.id <= 0) return Status::invalid_field("/id", "a queue id must be positive");
  if (q.name.empty()) return Status::invalid_field("/name", "a queue needs a name");
  if (q.skill.empty())
    return Status::invalid_field("/skill", "a queue needs the skill its agents have");
  if (q.min_level < 1 || q.min_level > kMaxSkillLevel) {
    return Status::invalid_field("/min_level",
                                 "min_level must be 1.." + std::to_string(kMaxSkillLevel));
  }
  if (q.priority < 0 || q.priority > kMaxQueuePriority) {
    return Status::invalid_field("/priority",
                                 "priority must be 0.." + std::to_string(kMaxQueuePriority));
  }
  if (q.overflow_to && *q.overflow_to == q.id) {
    return Status::invalid_field("/overflow_to", "a queue cannot overflow to itself");
  }
  if (q.overflow_to && q.overflow_after.count() <= 0) {
    return Status::invalid_field("/overflow_after",
                                 "overflow_after must be positive with overflow_to");
  }
  if (q.callback_offer_after && q.callback_offer_after->count() <= 0) {
    return Status::invalid_field("/callback_offer_after", "callback_offer_after must be positive");
  }
  if (q.service_level.count() < 0) {
    return Status::invalid_field("/service_level", "service_level must not be negative");
  }
  return Status::ok();
}

Status validate_agent(const Agent& a) {
  if (a.id <= 0) return Status::invalid_field("/id", "an agent id must be positive");
  if (a.wrap_up.count() < 0)
    return Status::invalid_field("/wrap_up", "wrap_up must not be negative");
  for (size_t i = 0; i < a.skills.size(); ++i) {
    const std::string at = "/skills/" + std::to_string(i);
    if (a.skills[i].name.empty())
      return Status::invalid_field(at + "/name", "a skill needs a name");
    if (a.skills[i].level < 1 || a.skills[i].level > kMaxSkillLevel) {
      return Status::invalid_field(at + "/level",
                                   "a skill level must be 1.." + std::to_string(kMaxSkillLevel));
    }
    for (size_t j = 0; j < i; ++j) {
      if (a.skills[j].name == a.skills[i].name) {
        return Status::invalid_field(at + "/name",
                                     "skill '" + a.skills[i].name + "' is listed twice");
      }
    }
  }
  return Status::ok();
}

}  // namespace

Router::Router(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;
Router::~Router() = default;

Result<Router> Router::create(RouterConfig config, std::vector<Queue> queues,
                              std::vector<Agent> agents) {
  if (config.dedicated_wait.count() < 0) {
    return Status::invalid_field("/dedicated_wait", "dedicated_wait must not be negative");
  }
  if (config.max_overflow_hops < 0 ||
      config.max_overflow_hops >= static_cast<int>(kMaxQueuesPerCall)) {
    return Status::invalid_field("/max_overflow_hops", "max_overflow_hops must be 0.." +
                                                           std::to_string(kMaxQueuesPerCall - 1));
  }
  if (config.first_outbound_call_id <= 0) {
    return Status::invalid_field("/first_outbound_call_id",
                                 "first_outbound_call_id must be positive");
  }
  GX_RETURN_IF_ERROR(validate_stats_config(StatsConfig{config.zone, config.stats_interval, {}})
                         .with_field_prefix("/stats"));
  auto impl = std::make_unique<Impl>(std::move(config));
  impl->next_outbound_id = impl->config.first_outbound_call_id;
  for (size_t i = 0; i < queues.size(); ++i) {
    const std::string at = "/queues/" + std::to_string(i);
    GX_RETURN_IF_ERROR(validate_queue(queues[i]).with_field_prefix(at));
    const auto index = static_cast<uint32_t>(impl->queues.size());
    if (!impl->queue_index.emplace(queues[i].id, index).second) {
      return Status::invalid_field(at + "/id",
                                   "queue id " + std::to_string(queues[i].id) + " is used twice");
    }
    impl->stats.add_queue(queues[i].id, queues[i].service_level);
    QueueRec rec;
    rec.queue = std::move(queues[i]);
    impl->queues.push_back(std::move(rec));
  }
  for (size_t i = 0; i < impl->queues.size(); ++i) {
    QueueRec& q = impl->queues[i];
    if (!q.queue.overflow_to) continue;
    const auto it = impl->queue_index.find(*q.queue.overflow_to);
    if (it == impl->queue_index.end()) {
      return Status::invalid_field("/queues/" + std::to_string(i) + "/overflow_to",
                                   "overflow_to names queue " +
                                       std::to_string(*q.queue.overflow_to) +
                                       ", which does not exist");
    }
    q.overflow = it->second;
  }
  Router router(std::move(impl));
  for (size_t i = 0; i < agents.size(); ++i) {
    GX_RETURN_IF_ERROR(
        router.add_agent(agents[i]).with_field_prefix("/agents/" + std::to_string(i)));
  }
  return router;
}

Status Router::add_agent(const Agent& agent) {
  GX_RETURN_IF_ERROR(validate_agent(agent));
  Impl& m = *impl_;
  const auto index = static_cast<uint32_t>(m.agents.size());
  if (!m.agent_index.emplace(agent.id, index).second) {
    return {ErrorCode::kAlreadyExists, "agent " + std::to_string(agent.id) + " already exists",
            Location{"", 0, 0, "/id"}};
  }
  AgentRec rec;
  rec.agent = agent;
  for (uint32_t q = 0; q < m.queues.size(); ++q) {
    if (serves(agent, m.queues[q].queue)) rec.queues.push_back(q);
  }
  m.agents.push_back(std::move(rec));
  m.stats.add_agent(agent.id);
  return Status::ok();
}

Result<Decisions> Router::offer(const Call& call, Timestamp now) {
  Impl& m = *impl_;
  if (call.id <= 0 || call.id >= m.config.first_outbound_call_id) {
    return Status::invalid_field("/id", "an inbound call id must be in 1.." +
                                            std::to_string(m.config.first_outbound_call_id - 1));
  }
  if (call.direction != Direction::kInbound) {
    return Status::invalid_field("/direction",
                                 "only inbound calls are offered; outbound ones are dialed");
  }
  if (m.calls.contains(call.id)) {
    return Status(ErrorCode::kAlreadyExists, "call " + std::to_string(call.id) + " is live");
  }
  const auto queue = m.queue_index.find(call.queue);
  if (queue == m.queue_index.end()) {
    return Status::invalid_field("/queue",
                                 "queue " + std::to_string(call.queue) + " does not exist");
  }
  uint32_t dedicated = kNone;
  if (call.dedicated_agent) {
    const auto it = m.agent_index.find(*call.dedicated_agent);
    if (it == m.agent_index.end()) {
      return Status::invalid_field(
          "/dedicated_agent", "agent " + std::to_string(*call.dedicated_agent) + " does not exist");
    }
    dedicated = it->second;
  }
  const uint32_t q = queue->second;
  return m.run(now, [&](Decisions& out) {
    CallRec rec;
    rec.call = call;
    rec.dedicated = dedicated;
    m.enter_queue(rec, q);
    CallRec& c = m.calls.emplace(call.id, std::move(rec)).first->second;
    m.stats.call_offered(call.queue, m.now);
    m.schedule_wait_timers(c);
    if (dedicated != kNone) {
      AgentRec& d = m.agents[dedicated];
      d.dedicated.insert(c.key);
      const bool busy = d.state == AgentState::kOnCall || d.state == AgentState::kWrapUp;
      if (busy && m.config.dedicated_wait.count() > 0) {
        c.phase = Phase::kHeld;
        ++m.queues[q].held;
        m.schedule(to_ms(m.now) + to_ms(m.config.dedicated_wait), TimerKind::kHoldExpiry, call.id,
                   c.gen);
        return Status::ok();
      }
    }
    m.make_waiting(c, out);
    return Status::ok();
  });
}

Result<Decisions> Router::agent_state(AgentId id, AgentState state, Timestamp now) {
  Impl& m = *impl_;
  const auto it = m.agent_index.find(id);
  if (it == m.agent_index.end()) {
    return Status::not_found("agent " + std::to_string(id) + " does not exist");
  }
  const uint32_t agent = it->second;
  return m.run(now, [&](Decisions& out) {
    AgentRec& a = m.agents[agent];
    const bool after_call_state = state == AgentState::kBreak || state == AgentState::kOffline;
    if (a.call != 0 || a.state == AgentState::kWrapUp) {
      if (after_call_state) {
        a.after_call = state;
        return Status::ok();
      }
      if (a.call != 0 && state != AgentState::kOnCall) {
        return Status::conflict("agent " + std::to_string(id) + " is on call " +
                                std::to_string(a.call) +
                                ": only break or offline (after the call) can be asked for");
      }
    }
    if (a.state == state) return Status::ok();
    a.after_call.reset();
    switch (state) {
      case AgentState::kAvailable:
        m.agent_ready(agent, to_ms(m.now), out);
        break;
      case AgentState::kWrapUp:
        m.make_busy(agent);
        m.set_state(agent, state);
        m.schedule(to_ms(m.now) + to_ms(a.agent.wrap_up), TimerKind::kWrapUpEnd, agent, a.wrap_gen);
        break;
      case AgentState::kOnCall:
      case AgentState::kBreak:
      case AgentState::kOffline:
        m.make_busy(agent);
        m.set_state(agent, state);
        break;
    }
    return Status::ok();
  });
}

Result<Decisions> Router::answered(CallId id, Timestamp now) {
  Impl& m = *impl_;
  return m.run_for_call(id, now, [&](CallRec& c, Decisions&) {
    if (c.phase != Phase::kRinging) return wrong_phase(id, "is not ringing");
    c.phase = Phase::kTalking;
    c.call.times.answered = m.now;
    const AgentId agent = m.agents[c.agent].agent.id;
    if (c.call.direction == Direction::kInbound) {
      m.stats.call_answered(c.call.queue, agent, *c.call.times.offered, m.now);
    } else {
      m.stats.outbound_connected(c.call.queue, agent, *c.call.times.offered);
    }
    return Status::ok();
  });
}

Result<Decisions> Router::ended(CallId id, Timestamp now) {
  Impl& m = *impl_;
  return m.run_for_call(id, now, [&](CallRec& c, Decisions& out) {
    if (c.phase != Phase::kTalking) return m.abandon(c, out);
    const uint32_t agent = c.agent;
    if (c.call.direction == Direction::kInbound) {
      m.stats.call_ended(c.call.queue, m.agents[agent].agent.id, *c.call.times.offered,
                         *c.call.times.answered, m.now);
    }
    m.calls.erase(id);
    m.finish_call(agent, out);
    return Status::ok();
  });
}

Result<Decisions> Router::abandoned(CallId id, Timestamp now) {
  Impl& m = *impl_;
  return m.run_for_call(id, now, [&](CallRec& c, Decisions& out) { return m.abandon(c, out); });
}

Result<Decisions> Router::transferred(CallId id, QueueId to, Timestamp now) {
  Impl& m = *impl_;
  const auto queue = m.queue_index.find(to);
  if (queue == m.queue_index.end()) {
    return Status::invalid_field("/queue", "queue " + std::to_string(to) + " does not exist");
  }
  const uint32_t q = queue->second;
  return m.run_for_call(id, now, [&](CallRec& c, Decisions& out) {
    if (c.phase != Phase::kTalking || c.call.direction != Direction::kInbound) {
      return wrong_phase(id, "is not a connected inbound call");
    }
    const uint32_t agent = c.agent;
    m.stats.call_ended(c.call.queue, m.agents[agent].agent.id, *c.call.times.offered,
                       *c.call.times.answered, m.now);
    // The transfer is a new offer to `to`: it waits from now, without a dedicated CSR.
    c.agent = kNone;
    ++c.gen;
    c.call.dedicated_agent.reset();
    c.dedicated = kNone;
    m.enter_queue(c, q);
    m.finish_call(agent, out);
    m.stats.call_offered(to, m.now);
    m.schedule_wait_timers(c);
    m.make_waiting(c, out);
    return Status::ok();
  });
}

Result<Decisions> Router::declined(CallId id, Timestamp now) {
  Impl& m = *impl_;
  return m.run_for_call(id, now, [&](CallRec& c, Decisions& out) {
    if (c.phase != Phase::kRinging || c.call.direction != Direction::kInbound) {
      return wrong_phase(id, "is not a ringing inbound call");
    }
    const uint32_t agent = c.agent;
    AgentRec& a = m.agents[agent];
    a.call = 0;
    const AgentState next = a.after_call.value_or(AgentState::kBreak);
    a.after_call.reset();
    m.set_state(agent, next);
    m.announce_state(agent, out);
    c.agent = kNone;
    c.call.times.assigned.reset();
    if (c.dedicated != kNone) m.agents[c.dedicated].dedicated.insert(c.key);
    m.schedule_wait_timers(c);
    m.make_waiting(c, out);
    return Status::ok();
  });
}

Result<Decisions> Router::request_callback(CallId id, Timestamp callback_at, Timestamp now) {
  Impl& m = *impl_;
  return m.run_for_call(id, now, [&](CallRec& c, Decisions& out) {
    if (c.phase != Phase::kWaiting && c.phase != Phase::kHeld) {
      return wrong_phase(id, "is not waiting in a queue");
    }
    m.leave_waiting(c);
    m.stats.callback_requested(c.call.queue, *c.call.times.offered, m.now);
    CallbackRequest request;
    request.call = id;
    request.number = c.call.caller_number;
    request.customer = c.call.customer;
    request.queue = c.call.queue;
    request.requested_at = m.now;
    request.callback_at = callback_at;
    const uint32_t home = c.home();
    m.calls.erase(id);
    m.add_callback_work(request, home, out);
    return Status::ok();
  });
}

Result<Decisions> Router::add_callback(const CallbackRequest& request, Timestamp now) {
  Impl& m = *impl_;
  const auto queue = m.queue_index.find(request.queue);
  if (queue == m.queue_index.end()) {
    return Status::invalid_field("/queue",
                                 "queue " + std::to_string(request.queue) + " does not exist");
  }
  if (request.number.empty()) return Status::invalid_field("/number", "a callback needs a number");
  return m.run(now, [&](Decisions& out) {
    CallbackRequest r = request;
    r.call = 0;
    r.requested_at = m.now;
    m.stats.callback_requested(r.queue, m.now, m.now);
    m.add_callback_work(r, queue->second, out);
    return Status::ok();
  });
}

Result<Decisions> Router::tick(Timestamp now) {
  return impl_->run(now, [](Decisions&) { return Status::ok(); });
}

Result<Decisions> Router::apply(const CtiEvent& e) {
  switch (e.kind) {
    case CtiEventKind::kOffer:
      return offer(e.call, e.at);
    case CtiEventKind::kAnswered:
      return answered(e.call_id, e.at);
    case CtiEventKind::kEnded:
      return ended(e.call_id, e.at);
    case CtiEventKind::kAbandoned:
      return abandoned(e.call_id, e.at);
    case CtiEventKind::kTransferred:
      return transferred(e.call_id, e.queue, e.at);
    case CtiEventKind::kDeclined:
      return declined(e.call_id, e.at);
    case CtiEventKind::kCallbackRequest:
      return request_callback(e.call_id, e.callback_at, e.at);
    case CtiEventKind::kAgentState:
      return agent_state(e.agent, e.state, e.at);
    case CtiEventKind::kTick:
      return tick(e.at);
  }
  return Status::invalid("unknown event kind");
}

std::optional<Timestamp> Router::next_due() {
  Impl& m = *impl_;
  while (!m.timers.empty() && !m.is_live(m.timers.top())) m.timers.pop();
  if (m.timers.empty()) return std::nullopt;
  return from_millis(m.timers.top().at_ms);
}

Timestamp Router::now() const {
  return impl_->now;
}

void Router::set_agent_state_listener(AgentStateListener listener) {
  impl_->state_listener = std::move(listener);
}

std::optional<AgentState> Router::agent_state_of(AgentId id) const {
  const auto it = impl_->agent_index.find(id);
  if (it == impl_->agent_index.end()) return std::nullopt;
  return impl_->agents[it->second].state;
}

const Call* Router::find_call(CallId id) const {
  const auto it = impl_->calls.find(id);
  return it == impl_->calls.end() ? nullptr : &it->second.call;
}

std::optional<AgentId> Router::agent_of(CallId id) const {
  const auto it = impl_->calls.find(id);
  if (it == impl_->calls.end() || it->second.agent == kNone) return std::nullopt;
  return impl_->agents[it->second.agent].agent.id;
}

Result<QueueSnapshot> Router::queue_snapshot(QueueId id) const {
  const auto it = impl_->queue_index.find(id);
  if (it == impl_->queue_index.end()) {
    return Status::not_found("queue " + std::to_string(id) + " does not exist");
  }
  const QueueRec& q = impl_->queues[it->second];
  QueueSnapshot s;
  for (const WaitKey& k : q.waiting) s.waiting.push_back(k.id);
  s.held = q.held;
  for (const IdleKey& k : q.idle) s.idle.push_back(k.id);
  s.callbacks_pending = static_cast<int64_t>(q.callbacks.size());
  s.entries_pending = q.entries_pending;
  return s;
}

const CallStats& Router::call_stats() const {
  return impl_->stats;
}

}  // namespace guanxi::callcenter
