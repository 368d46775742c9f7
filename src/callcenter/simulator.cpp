#include "callcenter/simulator.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <queue>
#include <set>
#include <tuple>
#include <utility>

#include "callcenter/random.hpp"

namespace guanxi::callcenter {

namespace {

constexpr int64_t kMinTalkMs = 5'000;
// Separate streams, so the calls do not change when the setup does.
constexpr uint64_t kCallStream = 0xca11u;
constexpr uint64_t kBehaviourStream = 0xbe4au;

int64_t ms_of(double seconds) {
  return static_cast<int64_t>(std::llround(seconds * 1000.0));
}

// Order at one instant: the model's own bookkeeping (class 0), then the call
// center's timeouts (class 1, a tick), then what callers and agents do (class 2).
constexpr int kModelClass = 0;
constexpr int kTickClass = 1;
constexpr int kActClass = 2;

}  // namespace

struct CallSimulation::State {
  enum class Ev : uint8_t {
    kWrapUpEnd,  // model only (class 0): the agent leaves wrap-up
    kLogin,
    kArrival,
    kPatience,
    kAnswer,
    kHangUp,
    kBreakWanted,
    kBreakEnd,
    kLogout,
    kDialAnswer,
    kDialNoAnswer,
    kDialHangUp,
  };

  struct SimEvent {
    int64_t at = 0;
    int cls = kActClass;
    uint64_t seq = 0;
    Ev kind = Ev::kArrival;
    size_t index = 0;
    bool operator>(const SimEvent& o) const {
      return std::tie(at, cls, seq) > std::tie(o.at, o.cls, o.seq);
    }
  };

  enum class CallState : uint8_t { kFuture, kWaiting, kRinging, kTalking, kDone };

  struct SimCall {
    CallTruth truth;
    std::string number;
    std::optional<CustomerId> customer;
    std::optional<AgentId> dedicated;
    int64_t patience_ms = 0;
    int64_t ring_ms = 0;
    int64_t talk_ms = 0;
    bool takes_callback = false;
    CallState state = CallState::kFuture;
  };

  struct SimAgent {
    AgentTruth truth;
    int64_t wrap_ms = 0;
    bool blended = false;
    std::set<QueueId> serves;
    AgentState state = AgentState::kOffline;
    std::optional<AgentState> after_call;
  };

  SimConfig config;
  SimSetup setup;
  SimRandom behaviour{0};
  std::vector<SimCall> calls;  // inbound; index = id - 1
  std::vector<SimCall> dials;  // outbound, in dial order
  std::map<CallId, size_t> dial_index;
  std::vector<SimAgent> agents;                // index = id - 1
  std::map<QueueId, std::set<QueueId>> reach;  // queue → queues whose agents may take its calls
  std::priority_queue<SimEvent, std::vector<SimEvent>, std::greater<>> heap;
  uint64_t seq = 0;
  int64_t now = 0;
  int64_t last_arrival = 0;
  int64_t resolved = 0;
  bool logging_out = false;
  std::deque<CtiEvent> follow_ups;
  std::vector<CtiEvent> events;
  Decisions decisions;
  std::vector<std::string> violations;

  void push(int64_t at, Ev kind, size_t index, int cls = kActClass) {
    heap.push(SimEvent{at, cls, seq++, kind, index});
  }
  Timestamp time() const { return from_millis(now); }

  void set_state(SimAgent& a, AgentState s) {
    if (a.state == s) return;
    a.state = s;
    a.truth.timeline.emplace_back(time(), s);
  }
  void start_break(SimAgent& a, size_t index) {
    set_state(a, AgentState::kBreak);
    push(now + config.break_s * 1000, Ev::kBreakEnd, index);
  }
  // The agent's call is over and wrap-up (if any) done.
  void after_work(SimAgent& a, size_t index) {
    if (a.after_call) {
      const AgentState next = *a.after_call;
      a.after_call.reset();
      if (next == AgentState::kBreak) {
        start_break(a, index);
      } else {
        set_state(a, next);
      }
      return;
    }
    set_state(a, AgentState::kAvailable);
  }
  // A connected call hung up.
  void call_over(SimAgent& a, size_t index, CallTruth& t) {
    t.ended = time();
    if (a.wrap_ms == 0) {
      t.wrap_up_end = time();
      after_work(a, index);
      return;
    }
    t.wrap_up_end = from_millis(now + a.wrap_ms);
    set_state(a, AgentState::kWrapUp);
    push(now + a.wrap_ms, Ev::kWrapUpEnd, index, kModelClass);
  }
  void resolve() {
    ++resolved;
    if (resolved < static_cast<int64_t>(calls.size()) || logging_out) return;
    logging_out = true;
    for (size_t i = 0; i < agents.size(); ++i) push(now, Ev::kLogout, i);
  }
  void violation(const Decision& d, const std::string& what) {
    violations.push_back(to_string(d) + ": " + what);
  }
  SimAgent* agent_of(AgentId id) {
    return id >= 1 && id <= static_cast<AgentId>(agents.size())
               ? &agents[static_cast<size_t>(id - 1)]
               : nullptr;
  }

  Status send(CtiPort& port, const CtiEvent& event);
  void on_decision(const Decision& d);
  void on_connect(const Decision& d);
  void on_dial(const Decision& d);
  Status handle(CtiPort& port, const SimEvent& e);
  Status handle_agent(CtiPort& port, const SimEvent& e);
};

Status CallSimulation::State::send(CtiPort& port, const CtiEvent& event) {
  events.push_back(event);
  auto result = port.send(event);
  if (!result.ok()) {
    return Status(result.status().code(), "the call center rejected \"" + to_string(event) +
                                              "\": " + result.status().message());
  }
  for (const Decision& d : *result) {
    decisions.push_back(d);
    on_decision(d);
  }
  while (!follow_ups.empty()) {
    const CtiEvent next = std::move(follow_ups.front());
    follow_ups.pop_front();
    GX_RETURN_IF_ERROR(send(port, next));
  }
  return Status::ok();
}

void CallSimulation::State::on_decision(const Decision& d) {
  if (to_millis(d.at) != now) violation(d, "decided at another instant than its event");
  switch (d.kind) {
    case DecisionKind::kConnect:
      on_connect(d);
      break;
    case DecisionKind::kDial:
      on_dial(d);
      break;
    case DecisionKind::kOfferCallback: {
      if (d.call < 1 || d.call > static_cast<CallId>(calls.size())) {
        violation(d, "no such inbound call");
        break;
      }
      SimCall& c = calls[static_cast<size_t>(d.call - 1)];
      if (c.state != CallState::kWaiting) {
        violation(d, "the call is not waiting");
      } else if (c.takes_callback) {
        c.state = CallState::kDone;
        c.truth.callback = true;
        follow_ups.push_back(CtiEvent::callback(d.call, time(), time()));
        resolve();
      }
      break;
    }
    case DecisionKind::kCallbackCreated:
      if (d.call != 0 && (d.call > static_cast<CallId>(calls.size()) ||
                          !calls[static_cast<size_t>(d.call - 1)].truth.callback)) {
        violation(d, "a callback nobody asked for");
      }
      break;
    case DecisionKind::kOverflow:
      break;
    case DecisionKind::kAgentStateChange: {
      const SimAgent* a = agent_of(d.agent);
      if (a == nullptr) {
        violation(d, "no such agent");
      } else if (a->state != d.state) {
        violation(d, "the agent is " + std::string(agent_state_name(a->state)));
      }
      break;
    }
  }
}

void CallSimulation::State::on_connect(const Decision& d) {
  SimAgent* a = agent_of(d.agent);
  if (a == nullptr || d.call < 1 || d.call > static_cast<CallId>(calls.size())) {
    violation(d, "no such agent or inbound call");
    return;
  }
  SimCall& c = calls[static_cast<size_t>(d.call - 1)];
  if (a->state != AgentState::kAvailable) {
    violation(d, "the agent is " + std::string(agent_state_name(a->state)));
  }
  if (c.state != CallState::kWaiting) violation(d, "the call is not waiting");
  const std::set<QueueId>& eligible = reach[c.truth.queue];
  const bool skilled = std::any_of(a->serves.begin(), a->serves.end(),
                                   [&](QueueId q) { return eligible.contains(q); });
  if (!skilled && c.dedicated != d.agent) violation(d, "the agent serves none of its queues");
  c.state = CallState::kRinging;
  c.truth.agent = d.agent;
  set_state(*a, AgentState::kOnCall);
  push(now + c.ring_ms, Ev::kAnswer, static_cast<size_t>(d.call - 1));
}

void CallSimulation::State::on_dial(const Decision& d) {
  SimAgent* a = agent_of(d.agent);
  if (a == nullptr) {
    violation(d, "no such agent");
    return;
  }
  if (a->state != AgentState::kAvailable || !a->blended) {
    violation(d, "the agent is not an available blended agent");
  }
  SimCall dial;
  dial.truth.id = d.call;
  dial.truth.queue = d.queue;
  dial.truth.direction = Direction::kOutbound;
  dial.truth.offered = time();
  dial.truth.agent = d.agent;
  dial.ring_ms = ms_of(behaviour.uniform(config.ring_min_s, config.ring_max_s * 2));
  dial.talk_ms =
      std::max(kMinTalkMs, ms_of(behaviour.lognormal(config.mean_talk_s / 2, config.talk_sigma)));
  const bool reached = behaviour.chance(config.outbound_reach);
  dial.state = CallState::kRinging;
  const size_t index = dials.size();
  dial_index[d.call] = index;
  dials.push_back(std::move(dial));
  set_state(*a, AgentState::kOnCall);
  if (reached) {
    push(now + dials[index].ring_ms, Ev::kDialAnswer, index);
  } else {
    push(now + config.outbound_no_answer_s * 1000, Ev::kDialNoAnswer, index);
  }
}

Status CallSimulation::State::handle(CtiPort& port, const SimEvent& e) {
  now = e.at;
  const Timestamp t = time();
  switch (e.kind) {
    case Ev::kArrival: {
      SimCall& c = calls[e.index];
      c.state = CallState::kWaiting;
      push(now + c.patience_ms, Ev::kPatience, e.index);
      Call call;
      call.id = c.truth.id;
      call.caller_number = c.number;
      call.customer = c.customer;
      call.vip = c.truth.vip;
      call.dedicated_agent = c.dedicated;
      call.queue = c.truth.queue;
      return send(port, CtiEvent::offer(std::move(call), t));
    }
    case Ev::kPatience:
    case Ev::kDialNoAnswer: {  // the caller, or the party dialed, gives up unanswered
      const bool inbound = e.kind == Ev::kPatience;
      SimCall& c = inbound ? calls[e.index] : dials[e.index];
      if (c.state != CallState::kWaiting && c.state != CallState::kRinging) return Status::ok();
      if (c.state == CallState::kRinging) {
        const auto agent = static_cast<size_t>(*c.truth.agent - 1);
        after_work(agents[agent], agent);
      }
      c.state = CallState::kDone;
      c.truth.abandoned = true;
      if (inbound) resolve();
      return send(port, CtiEvent::for_call(CtiEventKind::kAbandoned, c.truth.id, t));
    }
    case Ev::kAnswer:
    case Ev::kDialAnswer: {
      const bool inbound = e.kind == Ev::kAnswer;
      SimCall& c = inbound ? calls[e.index] : dials[e.index];
      if (c.state != CallState::kRinging) return Status::ok();
      c.state = CallState::kTalking;
      c.truth.answered = t;
      push(now + c.talk_ms, inbound ? Ev::kHangUp : Ev::kDialHangUp, e.index);
      return send(port, CtiEvent::for_call(CtiEventKind::kAnswered, c.truth.id, t));
    }
    case Ev::kHangUp:
    case Ev::kDialHangUp: {
      const bool inbound = e.kind == Ev::kHangUp;
      SimCall& c = inbound ? calls[e.index] : dials[e.index];
      c.state = CallState::kDone;
      const auto agent = static_cast<size_t>(*c.truth.agent - 1);
      call_over(agents[agent], agent, c.truth);
      if (inbound) resolve();
      return send(port, CtiEvent::for_call(CtiEventKind::kEnded, c.truth.id, t));
    }
    case Ev::kWrapUpEnd: {
      SimAgent& a = agents[e.index];
      if (a.state == AgentState::kWrapUp) after_work(a, e.index);
      return Status::ok();
    }
    case Ev::kLogin:
    case Ev::kBreakWanted:
    case Ev::kBreakEnd:
    case Ev::kLogout:
      return handle_agent(port, e);
  }
  return Status::ok();
}

Status CallSimulation::State::handle_agent(CtiPort& port, const SimEvent& e) {
  SimAgent& a = agents[e.index];
  const Timestamp t = time();
  const bool busy = a.state == AgentState::kOnCall || a.state == AgentState::kWrapUp;
  std::optional<AgentState> ask;
  switch (e.kind) {
    case Ev::kLogin:
      set_state(a, AgentState::kAvailable);
      ask = AgentState::kAvailable;
      break;
    case Ev::kBreakWanted:
      if (a.state == AgentState::kAvailable) {
        start_break(a, e.index);
      } else if (busy) {
        a.after_call = AgentState::kBreak;
      } else {
        return Status::ok();
      }
      ask = AgentState::kBreak;
      break;
    case Ev::kBreakEnd:
      if (a.state != AgentState::kBreak) return Status::ok();
      set_state(a, AgentState::kAvailable);
      ask = AgentState::kAvailable;
      if (!logging_out && now < last_arrival) {
        push(now + ms_of(behaviour.exponential(config.mean_break_gap_s)), Ev::kBreakWanted,
             e.index);
      }
      break;
    case Ev::kLogout:
      if (busy) {
        a.after_call = AgentState::kOffline;
      } else {
        set_state(a, AgentState::kOffline);
      }
      ask = AgentState::kOffline;
      break;
    default:
      return Status::ok();
  }
  return send(port, CtiEvent::agent_state(a.truth.id, *ask, t));
}

Result<CallSimulation> CallSimulation::create(SimConfig config) {
  GX_ASSIGN_OR_RETURN(SimSetup setup, make_sim_setup(config));
  auto s = std::make_unique<State>();
  s->behaviour = SimRandom(config.seed ^ kBehaviourStream);
  // Who may take a queue's calls: its own agents and those of its overflow chain.
  for (const Queue& q : setup.queues) {
    std::set<QueueId>& r = s->reach[q.id];
    std::optional<QueueId> at = q.id;
    for (int hop = 0; at && hop <= config.router.max_overflow_hops && !r.contains(*at); ++hop) {
      r.insert(*at);
      at = setup.queues[static_cast<size_t>(*at - 1)].overflow_to;
    }
  }
  for (const Agent& agent : setup.agents) {
    State::SimAgent a;
    a.truth.id = agent.id;
    a.wrap_ms = agent.wrap_up.count() * 1000;
    a.blended = agent.blended;
    for (const Queue& q : setup.queues) {
      if (serves(agent, q)) a.serves.insert(q.id);
    }
    s->agents.push_back(std::move(a));
  }
  // Arrivals: a Poisson process thinned by the hourly profile.
  SimRandom rng(config.seed ^ kCallStream);
  const double peak = *std::max_element(config.hourly_profile.begin(), config.hourly_profile.end());
  double per_hour = config.calls_per_hour;
  if (per_hour <= 0) {
    const double handle_s = config.mean_talk_s + static_cast<double>(config.wrap_up_s) +
                            (config.ring_min_s + config.ring_max_s) / 2;
    per_hour = 0.9 * config.agents * 3600.0 / handle_s;
  }
  const double mean_gap_ms = 3'600'000.0 / (per_hour * peak);
  double t = static_cast<double>(to_millis(setup.start));
  for (int64_t id = 1; id <= config.calls;) {
    t += rng.exponential(mean_gap_ms);
    const auto at = static_cast<int64_t>(t);
    const int hour = minute_of_day(from_millis(at), config.router.zone) / 60;
    if (!rng.chance(config.hourly_profile[static_cast<size_t>(hour)] / peak)) continue;
    State::SimCall c;
    c.truth.id = id;
    c.truth.offered = from_millis(at);
    c.truth.queue = 1 + static_cast<QueueId>(rng.below(static_cast<uint64_t>(config.queues)));
    c.truth.vip = rng.chance(config.vip_share);
    if (rng.chance(config.dedicated_share)) {
      c.dedicated = 1 + static_cast<AgentId>(rng.below(static_cast<uint64_t>(config.agents)));
    }
    c.number = "13" + std::to_string(800'000'000 + rng.below(100'000'000));
    c.customer = 1 + static_cast<CustomerId>(rng.below(50'000));
    c.patience_ms = std::max<int64_t>(1000, ms_of(rng.exponential(config.mean_patience_s)));
    c.ring_ms = ms_of(rng.uniform(config.ring_min_s, config.ring_max_s));
    c.talk_ms = std::max(kMinTalkMs, ms_of(rng.lognormal(config.mean_talk_s, config.talk_sigma)));
    c.takes_callback = rng.chance(config.callback_accept);
    s->last_arrival = at;
    s->calls.push_back(std::move(c));
    ++id;
  }
  s->config = std::move(config);
  s->setup = std::move(setup);
  return CallSimulation(std::move(s));
}

CallSimulation::CallSimulation(std::unique_ptr<State> state) : state_(std::move(state)) {}
CallSimulation::CallSimulation(CallSimulation&&) noexcept = default;
CallSimulation& CallSimulation::operator=(CallSimulation&&) noexcept = default;
CallSimulation::~CallSimulation() = default;

const SimSetup& CallSimulation::setup() const {
  return state_->setup;
}
const std::vector<CtiEvent>& CallSimulation::events() const {
  return state_->events;
}
const Decisions& CallSimulation::decisions() const {
  return state_->decisions;
}
const std::vector<std::string>& CallSimulation::violations() const {
  return state_->violations;
}

Status CallSimulation::run(CtiPort& port) {
  State& s = *state_;
  const int64_t start = to_millis(s.setup.start);
  s.now = start;
  for (size_t i = 0; i < s.agents.size(); ++i) {
    s.push(start, State::Ev::kLogin, i);
    const int64_t first_break = start + ms_of(s.behaviour.exponential(s.config.mean_break_gap_s));
    if (first_break < s.last_arrival) s.push(first_break, State::Ev::kBreakWanted, i);
  }
  for (size_t i = 0; i < s.calls.size(); ++i) {
    s.push(to_millis(s.calls[i].truth.offered), State::Ev::kArrival, i);
  }
  if (s.calls.empty()) {
    s.logging_out = true;
    for (size_t i = 0; i < s.agents.size(); ++i) s.push(start, State::Ev::kLogout, i);
  }
  std::optional<Timestamp> due = port.next_due();
  while (!s.heap.empty()) {
    const State::SimEvent next = s.heap.top();
    if (due && std::pair(to_millis(*due), kTickClass) < std::pair(next.at, next.cls)) {
      s.now = to_millis(*due);
      GX_RETURN_IF_ERROR(s.send(port, CtiEvent::tick(*due)));
      const std::optional<Timestamp> after = port.next_due();
      if (after && *after <= *due) {
        return Status::internal("the call center's timeout at " + format_utc_iso8601(*due) +
                                " is still due after a tick");
      }
      due = after;
      continue;
    }
    s.heap.pop();
    GX_RETURN_IF_ERROR(s.handle(port, next));
    due = port.next_due();
  }
  return Status::ok();
}

SimTruth CallSimulation::truth() const {
  const State& s = *state_;
  SimTruth t;
  for (const State::SimCall& c : s.calls) t.calls.push_back(c.truth);
  for (const State::SimCall& c : s.dials) t.calls.push_back(c.truth);
  for (const State::SimAgent& a : s.agents) t.agents.push_back(a.truth);
  t.end = from_millis(s.now);
  return t;
}

Result<SimResult> simulate(const SimConfig& config) {
  GX_ASSIGN_OR_RETURN(CallSimulation sim, CallSimulation::create(config));
  const SimSetup& setup = sim.setup();
  GX_ASSIGN_OR_RETURN(Router router, Router::create(config.router, setup.queues, setup.agents));
  GX_ASSIGN_OR_RETURN(Decisions first, router.add_outbound_list(setup.outbound, setup.start));
  RouterPort port(router);
  GX_RETURN_IF_ERROR(sim.run(port));
  SimResult r;
  r.setup = setup;
  r.events = sim.events();
  r.decisions = std::move(first);
  r.decisions.insert(r.decisions.end(), sim.decisions().begin(), sim.decisions().end());
  r.violations = sim.violations();
  r.truth = sim.truth();
  r.truth_stats =
      truth_stats(r.truth, setup.queues, config.router.zone, config.router.stats_interval);
  r.router_stats = router.stats(r.truth.end);
  return r;
}

std::string decision_log(const Decisions& decisions) {
  std::string out;
  for (const Decision& d : decisions) {
    out += to_string(d);
    out += '\n';
  }
  return out;
}

}  // namespace guanxi::callcenter
