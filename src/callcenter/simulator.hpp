// The call simulator: seeded callers and agents driving a call center through
// its CTI events, recording what really happened to every call (the truth) so
// a test can check the Router's decisions and statistics against it.
//
// The loop (CallSimulation::run) talks to the call center through CtiPort, one
// event at a time: in process that is the Router itself (RouterPort, used by
// simulate()); the `guanxi callsim` CLI implements CtiPort over the CTI HTTP
// API. The simulator decides what callers and agents do (arrivals, patience,
// ring and talk times, breaks, taking an offered callback, the dialed party
// answering); the call center decides who takes which call. Decisions come back
// from each event and the simulator acts on them (a connected call rings and is
// answered after the ring time, …). Timeouts are the call center's: after each
// event the loop asks CtiPort::next_due and sends a tick exactly then, so
// every decision is made at the instant of the event that caused it.
//
// Setup (queues, agents, the outbound list) comes from make_sim_setup and must
// exist in the call center before run(); agents start offline and log in at
// the start.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "callcenter/event.hpp"
#include "callcenter/model.hpp"
#include "callcenter/router.hpp"
#include "callcenter/stats.hpp"

namespace guanxi::callcenter {

// Weights (0..1) of the arrival rate by shop-local hour: quiet at night,
// peaks late morning, mid-afternoon and in the evening (online shoppers).
inline constexpr std::array<double, 24> kDefaultHourlyProfile = {
    0.05, 0.03, 0.02, 0.02, 0.02, 0.05, 0.10, 0.30, 0.60, 0.85, 1.00, 0.95,
    0.70, 0.80, 0.95, 0.90, 0.80, 0.70, 0.60, 0.75, 0.85, 0.70, 0.40, 0.15};

struct SimConfig {
  uint64_t seed = 1;
  int64_t calls = 2000;  // inbound calls to generate
  int agents = 40;
  int queues = 4;
  std::string start = "2025-03-03 08:00";  // shop-local (a Monday)
  RouterConfig router;                     // zone, dedicated wait, priority order, …
  // Mean inbound arrivals per hour at profile weight 1; 0: about 90% of what
  // the agents can handle.
  double calls_per_hour = 0;
  std::array<double, 24> hourly_profile = kDefaultHourlyProfile;
  double mean_talk_s = 180;      // lognormal talk time …
  double talk_sigma = 0.6;       // … with this shape
  double mean_patience_s = 150;  // exponential: the caller hangs up after this long unanswered
  double ring_min_s = 2;         // an agent picks up after a uniform ring time
  double ring_max_s = 6;
  double vip_share = 0.05;
  double dedicated_share = 0.05;   // callers with a dedicated CSR (a random agent)
  double callback_accept = 0.5;    // share of callers who take an offered callback
  int64_t wrap_up_s = 15;          // every agent's wrap-up
  double mean_break_gap_s = 5400;  // exponential time between an agent's breaks
  int64_t break_s = 600;
  double blended_share = 0.25;     // agents that also dial outbound
  int64_t outbound_entries = 100;  // numbers on the outbound list (queue 1, 09:00-21:00)
  double outbound_reach = 0.6;     // a dialed number answers
  int64_t outbound_no_answer_s = 25;
};

// The call center the simulation needs: queues 1..Q (skill "skill-<q>", odd
// queues overflow to the next one after 60 s, callbacks offered after 90 s),
// agents 1..N (their home queue's skill, half of them a second one; some
// blended; all with the configured wrap-up) and one outbound list (id 1).
struct SimSetup {
  std::vector<Queue> queues;
  std::vector<Agent> agents;
  OutboundList outbound;
  Timestamp start;
};
Result<SimSetup> make_sim_setup(const SimConfig& config);

// The call center as the simulation sees it.
class CtiPort {
 public:
  virtual ~CtiPort() = default;
  // Delivers one event; returns the decisions it caused, in order.
  virtual Result<Decisions> send(const CtiEvent& event) = 0;
  // When the call center's next timeout falls due.
  virtual std::optional<Timestamp> next_due() = 0;
};

// CtiPort on an in-process Router.
class RouterPort final : public CtiPort {
 public:
  explicit RouterPort(Router& router) : router_(&router) {}
  Result<Decisions> send(const CtiEvent& event) override { return router_->apply(event); }
  std::optional<Timestamp> next_due() override { return router_->next_due(); }

 private:
  Router* router_;
};

// What happened to one call, as the simulation saw it.
struct CallTruth {
  CallId id = 0;
  QueueId queue = 0;
  Direction direction = Direction::kInbound;
  bool vip = false;
  Timestamp offered;  // arrival, or the dial
  std::optional<AgentId> agent;
  std::optional<Timestamp> answered;
  std::optional<Timestamp> ended;
  std::optional<Timestamp> wrap_up_end;  // the agent left wrap-up after this call
  bool abandoned = false;                // inbound: hung up unanswered; outbound: not reached
  bool callback = false;                 // left the queue for a callback
  bool operator==(const CallTruth&) const = default;
};

// An agent's states over time: (from, state) in time order, starting offline.
struct AgentTruth {
  AgentId id = 0;
  std::vector<std::pair<Timestamp, AgentState>> timeline;
};

struct SimTruth {
  std::vector<CallTruth> calls;  // inbound by id, then outbound by id
  std::vector<AgentTruth> agents;
  Timestamp end;
};

// The statistics the truth implies, computed directly from the call records
// and agent timelines (independently of CallStats' incremental bookkeeping),
// with the same definitions (stats.hpp).
StatsReport truth_stats(const SimTruth& truth, std::span<const Queue> queues, const ShopZone& zone,
                        std::chrono::minutes interval);

class CallSimulation {
 public:
  // Draws every inbound call's randomness up front (arrival, queue, VIP,
  // dedicated CSR, patience, ring and talk time, callback choice).
  static Result<CallSimulation> create(SimConfig config);
  CallSimulation(CallSimulation&&) noexcept;
  CallSimulation& operator=(CallSimulation&&) noexcept;
  ~CallSimulation();

  const SimSetup& setup() const;
  // Runs the day to its end: every inbound call answered and ended, abandoned
  // or turned into a callback, then every agent logged out. Fails on the first
  // event the call center rejects.
  Status run(CtiPort& port);

  const std::vector<CtiEvent>& events() const;  // what was sent, in order
  const Decisions& decisions() const;           // what came back, in order
  // Decisions the simulation could not follow (an agent connected while not
  // available, a call routed to an agent without the skill, a decision made at
  // another instant than its event, a state change the agent did not make).
  const std::vector<std::string>& violations() const;
  SimTruth truth() const;

  struct State;

 private:
  explicit CallSimulation(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

struct SimResult {
  SimSetup setup;
  std::vector<CtiEvent> events;
  Decisions decisions;
  std::vector<std::string> violations;
  SimTruth truth;
  StatsReport truth_stats;   // from the truth
  StatsReport router_stats;  // the Router's CallStats at the end
};

// One simulated day on an in-process Router.
Result<SimResult> simulate(const SimConfig& config);

// The decisions, one line each (to_string(Decision)).
std::string decision_log(const Decisions& decisions);

}  // namespace guanxi::callcenter
