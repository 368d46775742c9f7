#include "callcenter/simulator.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace guanxi::callcenter {
namespace {

// A busy little call center: enough load for queues, overflow, callbacks,
// abandonments, breaks and outbound work in a couple of thousand calls.
SimConfig busy(uint64_t seed) {
  SimConfig c;
  c.seed = seed;
  c.calls = 2500;
  c.agents = 25;
  c.queues = 4;
  c.calls_per_hour = 650;  // about 100% of what 25 agents handle
  c.mean_patience_s = 200;
  c.callback_accept = 0.7;
  c.vip_share = 0.1;
  c.dedicated_share = 0.1;
  c.outbound_entries = 60;
  return c;
}

size_t count(const Decisions& decisions, DecisionKind kind) {
  return static_cast<size_t>(std::count_if(decisions.begin(), decisions.end(),
                                           [&](const Decision& d) { return d.kind == kind; }));
}

TEST(SimulatorTest, SameSeedSameDecisionsOtherSeedOtherDecisions) {
  const auto a = simulate(busy(7));
  const auto b = simulate(busy(7));
  const auto c = simulate(busy(8));
  ASSERT_TRUE(a.ok()) << a.status().to_string();
  ASSERT_TRUE(b.ok() && c.ok());
  EXPECT_EQ(decision_log(a->decisions), decision_log(b->decisions));
  EXPECT_EQ(a->events.size(), b->events.size());
  EXPECT_NE(decision_log(a->decisions), decision_log(c->decisions));
}

TEST(SimulatorTest, RouterStatisticsEqualTheSimulatedTruth) {
  for (const uint64_t seed : {1U, 2U, 3U}) {
    const auto r = simulate(busy(seed));
    ASSERT_TRUE(r.ok()) << r.status().to_string();
    EXPECT_TRUE(r->violations.empty()) << r->violations.front();
    EXPECT_EQ(r->router_stats.total, r->truth_stats.total) << "seed " << seed;
    EXPECT_EQ(r->router_stats.queues, r->truth_stats.queues) << "seed " << seed;
    EXPECT_EQ(r->router_stats.agents, r->truth_stats.agents) << "seed " << seed;
    EXPECT_EQ(r->router_stats.intervals, r->truth_stats.intervals) << "seed " << seed;

    // Every call was decided one way, and the day used every feature.
    const CallMetrics& t = r->truth_stats.total;
    EXPECT_EQ(t.offered, 2500);
    EXPECT_EQ(t.answered + t.abandoned + t.callbacks, t.offered);
    EXPECT_EQ(t.handled, t.answered);
    EXPECT_GT(t.abandoned, 0);
    EXPECT_GT(t.callbacks, 0);
    EXPECT_GT(t.outbound_connected, 0);
    EXPECT_GT(count(r->decisions, DecisionKind::kOverflow), 0U);
    EXPECT_GT(count(r->decisions, DecisionKind::kOfferCallback), 0U);
    EXPECT_EQ(count(r->decisions, DecisionKind::kCallbackCreated),
              static_cast<size_t>(t.callbacks));
    // Blended agents dialed when they were free (busy days leave part of the list).
    EXPECT_GT(t.outbound_dialed, 0);
    EXPECT_EQ(count(r->decisions, DecisionKind::kDial), static_cast<size_t>(t.outbound_dialed));
    EXPECT_GT(r->truth_stats.intervals.size(), 15U);
    const auto on_break = std::count_if(r->truth_stats.agents.begin(), r->truth_stats.agents.end(),
                                        [](const AgentStats& a) { return a.time.break_ms > 0; });
    EXPECT_GT(on_break, 12);
  }
}

TEST(SimulatorTest, TruthHoldsUnderOtherRoutingSettings) {
  SimConfig c = busy(11);
  c.calls = 1500;
  c.wrap_up_s = 0;
  c.router.order = PriorityOrder::kPriorityFirst;
  c.router.dedicated_wait = Seconds{0};
  c.router.stats_interval = std::chrono::minutes{60};
  c.router.dial_callbacks = false;
  const auto r = simulate(c);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_TRUE(r->violations.empty()) << r->violations.front();
  EXPECT_EQ(r->router_stats, r->truth_stats);
  // Without dial_callbacks only the list is dialed.
  EXPECT_EQ(count(r->decisions, DecisionKind::kDial), 60U);
}

// A CtiPort that records what passes through it, as an HTTP client would.
class RecordingPort final : public CtiPort {
 public:
  explicit RecordingPort(Router& router) : inner_(router) {}
  Result<Decisions> send(const CtiEvent& event) override {
    lines_.push_back(to_string(event));
    return inner_.send(event);
  }
  std::optional<Timestamp> next_due() override { return inner_.next_due(); }
  const std::vector<std::string>& lines() const { return lines_; }

 private:
  RouterPort inner_;
  std::vector<std::string> lines_;
};

TEST(SimulatorTest, TheLoopDrivesAnyCtiPortWithTimeOrderedEvents) {
  SimConfig c = busy(5);
  c.calls = 300;
  auto sim = CallSimulation::create(c);
  ASSERT_TRUE(sim.ok()) << sim.status().to_string();
  const SimSetup& setup = sim->setup();
  auto router = Router::create(c.router, setup.queues, setup.agents);
  ASSERT_TRUE(router.ok());
  ASSERT_TRUE(router->add_outbound_list(setup.outbound, setup.start).ok());
  RecordingPort port(*router);
  ASSERT_TRUE(sim->run(port).is_ok());
  ASSERT_EQ(port.lines().size(), sim->events().size());
  EXPECT_TRUE(sim->violations().empty());
  for (size_t i = 1; i < sim->events().size(); ++i) {
    ASSERT_LE(sim->events()[i - 1].at, sim->events()[i].at) << port.lines()[i];
  }
  EXPECT_EQ(sim->events().front().kind, CtiEventKind::kAgentState);  // the first login
  // Last come the logouts (and ticks for the wrap-ups they wait for).
  const auto last = std::find_if(sim->events().rbegin(), sim->events().rend(),
                                 [](const CtiEvent& e) { return e.kind != CtiEventKind::kTick; });
  ASSERT_NE(last, sim->events().rend());
  EXPECT_EQ(last->kind, CtiEventKind::kAgentState);
  EXPECT_EQ(last->state, AgentState::kOffline);
  // The same seed through simulate() sends the same events.
  const auto direct = simulate(c);
  ASSERT_TRUE(direct.ok());
  ASSERT_EQ(direct->events.size(), sim->events().size());
  for (size_t i = 0; i < direct->events.size(); ++i) {
    ASSERT_EQ(to_string(direct->events[i]), port.lines()[i]);
  }
}

TEST(SimulatorTest, ARejectedEventStopsTheRun) {
  SimConfig c = busy(5);
  c.calls = 50;
  auto sim = CallSimulation::create(c);
  ASSERT_TRUE(sim.ok());
  // A call center without the simulation's agents.
  auto router = Router::create(c.router, sim->setup().queues, {});
  ASSERT_TRUE(router.ok());
  RouterPort port(*router);
  const Status s = sim->run(port);
  EXPECT_EQ(s.code(), ErrorCode::kNotFound);
  EXPECT_NE(s.message().find("the call center rejected"), std::string::npos) << s.message();
}

TEST(SimulatorTest, BadConfigurationIsRejected) {
  SimConfig c;
  c.agents = 0;
  EXPECT_EQ(simulate(c).status().location().field, "agents");
  c = SimConfig{};
  c.vip_share = 1.5;
  EXPECT_EQ(simulate(c).status().code(), ErrorCode::kInvalidArgument);
  c = SimConfig{};
  c.start = "yesterday";
  EXPECT_EQ(simulate(c).status().code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace guanxi::callcenter
