// callcenter_bench: routing throughput of the in-memory ACD (src/callcenter).
// Prints one Markdown table (bench/callcenter/README.md).
//
//   callcenter_bench [--calls 400000] [--agents 1000] [--queues 50] [--seed 42]
//                    [--sim-calls 100000] [--strict]
//
// Each scenario drives a Router through its public API with simulated time:
// callers arrive (Poisson), ring for 2-6 s, talk (lognormal, mean 180 s) and
// hang up, or give up after their patience (exponential, mean 120 s); agents
// wrap up for 10 s. 10% of callers are VIPs, 5% have a dedicated CSR, every
// other queue overflows after 30 s, callbacks are offered after 120 s (and
// declined). The driver sends every event in time order and ticks at
// Router::next_due. A routing decision is a kConnect or kDial; decisions/s
// is their number over the wall time of the whole loop, driver included (the
// call parameters are drawn before the clock starts).
//
// Scenarios (1,000 agents with 3 skills each, 50 queues):
//   steady    90% of the agents' capacity: short queues, mostly agent-ready routing
//   overload  150%: long queues, every free agent picks among waiting calls
//   burst     every call arrives within the first minute and waits as long as it
//             takes: queues of thousands drain through the agent-ready path
//   blended   steady, with 20% blended agents dialing a 100k-entry outbound list
//   simulate  callcenter::simulate() (the call simulator, truth records included;
//             reported, not held against the target)
//
// Exit status: 1 with --strict when a scenario misses the target; 2 for bad arguments.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <optional>
#include <queue>
#include <string>
#include <vector>

#include "callcenter/random.hpp"
#include "callcenter/router.hpp"
#include "callcenter/simulator.hpp"

namespace {

using namespace guanxi;
using namespace guanxi::callcenter;
using Wall = std::chrono::steady_clock;

constexpr double kTargetPerSecond = 100'000.0;

struct Args {
  int64_t calls = 400'000;
  int agents = 1000;
  int queues = 50;
  uint64_t seed = 42;
  int64_t sim_calls = 100'000;
  bool strict = false;
};

struct Scenario {
  std::string name;
  double load = 0.9;          // arrival rate ÷ the agents' capacity
  int64_t burst_seconds = 0;  // > 0: every call arrives within this many seconds
  double blended_share = 0.0;
  int64_t outbound_entries = 0;
  bool patient = false;  // callers never hang up unanswered
};

struct Row {
  std::string name;
  int64_t calls = 0;
  int64_t decisions = 0;
  int64_t events = 0;
  double seconds = 0;
  std::string note;
  bool judged = true;  // held against the target
  double per_second() const { return seconds > 0 ? static_cast<double>(decisions) / seconds : 0; }
};

// The decisions of a successful event; a rejected one is a bug: report it and stop.
Decisions must(Result<Decisions> r, const char* what, int64_t call) {
  if (!r.ok()) {
    fmt::print(stderr, "callcenter_bench: {} of call {} failed: {}\n", what, call,
               r.status().to_string());
    std::exit(3);
  }
  return std::move(r).value();
}

struct Setup {
  std::vector<Queue> queues;
  std::vector<Agent> agents;
};

Setup make_setup(const Args& args, const Scenario& s, SimRandom& rng) {
  Setup out;
  for (int q = 1; q <= args.queues; ++q) {
    Queue queue;
    queue.id = q;
    queue.name = "queue " + std::to_string(q);
    queue.skill = "skill-" + std::to_string(q);
    queue.min_level = 1 + static_cast<int>(rng.below(3));
    queue.priority = static_cast<int>(rng.below(5)) * 10;
    if (q % 2 == 1 && args.queues > 1) {
      queue.overflow_to = q % args.queues + 1;
      queue.overflow_after = Seconds{30};
    }
    queue.callback_offer_after = Seconds{120};
    out.queues.push_back(std::move(queue));
  }
  for (int a = 1; a <= args.agents; ++a) {
    Agent agent;
    agent.id = a;
    agent.name = "agent " + std::to_string(a);
    // Three distinct queues, the first round-robin so every queue has agents;
    // levels 3-9 so each agent serves them whatever their minimum level.
    std::vector<int> picked{(a - 1) % args.queues + 1};
    while (picked.size() < std::min<size_t>(3, static_cast<size_t>(args.queues))) {
      const int q = 1 + static_cast<int>(rng.below(static_cast<uint64_t>(args.queues)));
      if (std::find(picked.begin(), picked.end(), q) == picked.end()) picked.push_back(q);
    }
    for (int q : picked) {
      agent.skills.push_back(
          Skill{"skill-" + std::to_string(q), 3 + static_cast<int>(rng.below(7))});
    }
    agent.wrap_up = Seconds{10};
    agent.blended = rng.chance(s.blended_share);
    out.agents.push_back(std::move(agent));
  }
  return out;
}

// The driver's view of one call.
struct CallPlan {
  int64_t arrival_ms = 0;
  int64_t patience_ms = 0;
  int64_t ring_ms = 0;
  int64_t talk_ms = 0;
  QueueId queue = 0;
  bool vip = false;
  std::optional<AgentId> dedicated;
  uint8_t state = 0;  // 0 future, 1 waiting, 2 ringing, 3 talking, 4 done
};

enum class Kind : uint8_t { kArrive, kPatience, kAnswer, kHangUp, kDialAnswer, kDialHangUp };

struct Pending {
  int64_t at = 0;
  uint64_t seq = 0;
  Kind kind = Kind::kArrive;
  int64_t call = 0;
  bool operator>(const Pending& o) const { return std::pair(at, seq) > std::pair(o.at, o.seq); }
};

Row run_scenario(const Args& args, const Scenario& s) {
  SimRandom rng(args.seed);
  const Setup setup = make_setup(args, s, rng);
  const Timestamp start = ShopZone::shanghai().parse_local("2025-03-03 09:00").value();
  const int64_t t0 = to_millis(start);
  RouterConfig config;
  Router router = Router::create(config, setup.queues, setup.agents).value();
  // Blended agents dial the outbound list of their queues: one list per queue.
  const int64_t per_queue = s.outbound_entries / args.queues;
  for (int q = 1; per_queue > 0 && q <= args.queues; ++q) {
    OutboundList list;
    list.id = q;
    list.queue = q;
    for (int64_t i = 0; i < per_queue; ++i) {
      list.entries.push_back(
          {"139" + std::to_string(10'000'000 + q * per_queue + i), std::nullopt, {}});
    }
    router.add_outbound_list(list, start).value();
  }

  // Draw every call before the clock starts.
  const double handle_s = 180.0 + 10.0 + 4.0;
  const double per_ms = s.load * args.agents / (handle_s * 1000.0);
  std::vector<CallPlan> calls(static_cast<size_t>(args.calls));
  double t = static_cast<double>(t0) + 1000.0;
  for (CallPlan& c : calls) {
    if (s.burst_seconds > 0) {
      c.arrival_ms = t0 + 1000 +
                     static_cast<int64_t>(rng.below(static_cast<uint64_t>(s.burst_seconds) * 1000));
    } else {
      t += rng.exponential(1.0 / per_ms);
      c.arrival_ms = static_cast<int64_t>(t);
    }
    c.patience_ms = s.patient ? 0 : 1000 + static_cast<int64_t>(rng.exponential(120'000));
    c.ring_ms = 2000 + static_cast<int64_t>(rng.below(4000));
    c.talk_ms = 5000 + static_cast<int64_t>(rng.lognormal(175'000, 0.6));
    c.queue = 1 + static_cast<QueueId>(rng.below(static_cast<uint64_t>(args.queues)));
    c.vip = rng.chance(0.10);
    if (rng.chance(0.05)) {
      c.dedicated = 1 + static_cast<AgentId>(rng.below(static_cast<uint64_t>(args.agents)));
    }
  }
  std::sort(calls.begin(), calls.end(),
            [](const CallPlan& a, const CallPlan& b) { return a.arrival_ms < b.arrival_ms; });

  std::priority_queue<Pending, std::vector<Pending>, std::greater<>> heap;
  uint64_t seq = 0;
  for (size_t i = 0; i < calls.size(); ++i) {
    heap.push(Pending{calls[i].arrival_ms, seq++, Kind::kArrive, static_cast<int64_t>(i + 1)});
  }
  Row row;
  row.name = s.name;
  row.calls = args.calls;

  auto act = [&](const Decisions& decisions, int64_t now) {
    for (const Decision& d : decisions) {
      if (d.kind == DecisionKind::kConnect) {
        ++row.decisions;
        CallPlan& c = calls[static_cast<size_t>(d.call - 1)];
        c.state = 2;
        heap.push(Pending{now + c.ring_ms, seq++, Kind::kAnswer, d.call});
      } else if (d.kind == DecisionKind::kDial) {
        ++row.decisions;
        heap.push(Pending{now + 8000, seq++, Kind::kDialAnswer, d.call});
      }
    }
  };

  const auto began = Wall::now();
  for (const Agent& a : setup.agents) {
    ++row.events;
    act(router.agent_state(a.id, AgentState::kAvailable, start).value(), t0);
  }
  int64_t last = t0;
  std::optional<Timestamp> due = router.next_due();
  while (!heap.empty()) {
    const Pending p = heap.top();
    if (due && to_millis(*due) <= p.at) {  // timeouts first, as CallSimulation does
      ++row.events;
      last = to_millis(*due);
      act(router.tick(*due).value(), last);
      due = router.next_due();
      continue;
    }
    heap.pop();
    last = p.at;
    const Timestamp now = from_millis(p.at);
    CallPlan* c = p.call <= args.calls ? &calls[static_cast<size_t>(p.call - 1)] : nullptr;
    const char* what = "?";
    Result<Decisions> result = Status::internal("no event");
    switch (p.kind) {
      case Kind::kArrive: {
        Call call;
        call.id = p.call;
        call.caller_number = "138";
        call.queue = c->queue;
        call.vip = c->vip;
        call.dedicated_agent = c->dedicated;
        c->state = 1;
        if (c->patience_ms > 0) {
          heap.push(Pending{p.at + c->patience_ms, seq++, Kind::kPatience, p.call});
        }
        what = "offer";
        result = router.offer(call, now);
        break;
      }
      case Kind::kPatience:
        if (c->state != 1 && c->state != 2) continue;
        c->state = 4;
        what = "abandoned";
        result = router.abandoned(p.call, now);
        break;
      case Kind::kAnswer:
        if (c->state != 2) continue;
        c->state = 3;
        heap.push(Pending{p.at + c->talk_ms, seq++, Kind::kHangUp, p.call});
        what = "answered";
        result = router.answered(p.call, now);
        break;
      case Kind::kHangUp:
        c->state = 4;
        what = "ended";
        result = router.ended(p.call, now);
        break;
      case Kind::kDialAnswer:
        heap.push(Pending{p.at + 60'000, seq++, Kind::kDialHangUp, p.call});
        what = "answered (outbound)";
        result = router.answered(p.call, now);
        break;
      case Kind::kDialHangUp:
        what = "ended (outbound)";
        result = router.ended(p.call, now);
        break;
    }
    ++row.events;
    act(must(std::move(result), what, p.call), p.at);
    due = router.next_due();
  }
  row.seconds = std::chrono::duration<double>(Wall::now() - began).count();
  const StatsReport stats = router.stats(from_millis(last));
  row.note = fmt::format("answered {}, abandoned {}, SL {:.0f}%, ASA {:.0f} s",
                         stats.total.answered, stats.total.abandoned,
                         stats.total.service_level() * 100, stats.total.asa_seconds());
  if (stats.total.outbound_dialed > 0)
    row.note += fmt::format(", dialed {}", stats.total.outbound_dialed);
  return row;
}

Row run_simulation(const Args& args) {
  SimConfig c;
  c.seed = args.seed;
  c.calls = args.sim_calls;
  c.agents = args.agents;
  c.queues = args.queues;
  c.outbound_entries = 1000;
  const auto began = Wall::now();
  const SimResult r = simulate(c).value();
  Row row;
  row.name = "simulate";
  row.judged = false;
  row.seconds = std::chrono::duration<double>(Wall::now() - began).count();
  row.calls = c.calls;
  row.events = static_cast<int64_t>(r.events.size());
  for (const Decision& d : r.decisions) {
    if (d.kind == DecisionKind::kConnect || d.kind == DecisionKind::kDial) ++row.decisions;
  }
  row.note = fmt::format("stats equal truth: {}; violations {}",
                         r.router_stats == r.truth_stats ? "yes" : "NO", r.violations.size());
  return row;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  CLI::App app{"Guanxi call-center routing benchmark"};
  app.add_option("--calls", args.calls, "inbound calls per scenario")
      ->check(CLI::Range(1, 10'000'000));
  app.add_option("--agents", args.agents, "agents")->check(CLI::Range(1, 100'000));
  app.add_option("--queues", args.queues, "queues")->check(CLI::Range(1, 1000));
  app.add_option("--seed", args.seed, "seed of the calls");
  app.add_option("--sim-calls", args.sim_calls, "calls of the simulate() row (0 skips it)")
      ->check(CLI::Range(0, 10'000'000));
  app.add_flag("--strict", args.strict, "exit 1 when a scenario misses the target");
  CLI11_PARSE(app, argc, argv);

  const std::vector<Scenario> scenarios = {
      {"steady", 0.9, 0, 0.0, 0},
      {"overload", 1.5, 0, 0.0, 0},
      {"burst", 1.0, 60, 0.0, 0, true},
      {"blended", 0.9, 0, 0.2, 100'000},
  };
  std::vector<Row> rows;
  for (const Scenario& s : scenarios) {
    fmt::print(stderr, "==> {}\n", s.name);
    rows.push_back(run_scenario(args, s));
  }
  if (args.sim_calls > 0) {
    fmt::print(stderr, "==> simulate\n");
    rows.push_back(run_simulation(args));
  }

  bool missed = false;
  fmt::print("\n## Call-center routing ({} agents, {} queues, seed {})\n\n", args.agents,
             args.queues, args.seed);
  fmt::print(
      "| scenario | calls | routing decisions | events | wall | decisions/s | target | notes |\n");
  fmt::print("|---|---|---|---|---|---|---|---|\n");
  for (const Row& r : rows) {
    const bool met = r.per_second() >= kTargetPerSecond;
    missed = missed || (r.judged && !met);
    const std::string verdict =
        r.judged ? fmt::format(">= {:.0f}/s: {}", kTargetPerSecond, met ? "met" : "MISSED")
                 : "(simulator included)";
    fmt::print("| {} | {} | {} | {} | {:.2f} s | {:.0f} | {} | {} |\n", r.name, r.calls,
               r.decisions, r.events, r.seconds, r.per_second(), verdict, r.note);
  }
  return args.strict && missed ? 1 : 0;
}
