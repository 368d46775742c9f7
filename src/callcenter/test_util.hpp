// Helpers for the callcenter tests: a Router driven by events at whole seconds
// after a Monday 10:00 in Shanghai, and decisions written as short strings
// ("connect 7->3") so expectations read like the scenario.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "callcenter/router.hpp"

namespace guanxi::callcenter::testing {

// 2025-03-03 (a Monday) 10:00 in Shanghai.
inline Timestamp t0() {
  return ShopZone::shanghai().parse_local("2025-03-03 10:00").value();
}
inline Timestamp at(int64_t seconds) {
  return t0() + std::chrono::seconds(seconds);
}

// The one skill most scenarios' agents have: "service", level 1.
inline const std::vector<Skill> kService = {{"service", 1}};

inline Queue make_queue(QueueId id, std::string skill, int priority = 0) {
  Queue q;
  q.id = id;
  q.name = "queue " + std::to_string(id);
  q.skill = std::move(skill);
  q.priority = priority;
  return q;
}

inline Agent make_agent(AgentId id, std::vector<Skill> skills, int64_t wrap_up_s = 0,
                        bool blended = false) {
  Agent a;
  a.id = id;
  a.name = "agent " + std::to_string(id);
  a.skills = std::move(skills);
  a.wrap_up = Seconds{wrap_up_s};
  a.blended = blended;
  return a;
}

inline Call make_call(CallId id, QueueId queue, bool vip = false,
                      std::optional<AgentId> dedicated = std::nullopt) {
  Call c;
  c.id = id;
  c.caller_number = "1380000" + std::to_string(1000 + id);
  c.queue = queue;
  c.vip = vip;
  c.dedicated_agent = dedicated;
  return c;
}

// "connect 7->3", "dial 4611686018427387904->2 13900000000", "overflow 7 q2",
// "offer_callback 7", "callback_created 7 q1", "agent_state 3 wrap_up", joined by "; ".
inline std::string brief(const Decisions& decisions) {
  std::string out;
  for (const Decision& d : decisions) {
    if (!out.empty()) out += "; ";
    out += std::string(decision_kind_name(d.kind));
    switch (d.kind) {
      case DecisionKind::kConnect:
        out += " " + std::to_string(d.call) + "->" + std::to_string(d.agent);
        break;
      case DecisionKind::kDial:
        out += " ->" + std::to_string(d.agent) + " " + d.number;
        break;
      case DecisionKind::kOverflow:
        out += " " + std::to_string(d.call) + " q" + std::to_string(d.queue);
        break;
      case DecisionKind::kOfferCallback:
        out += " " + std::to_string(d.call);
        break;
      case DecisionKind::kCallbackCreated:
        out += " " + std::to_string(d.call) + " q" + std::to_string(d.queue);
        break;
      case DecisionKind::kAgentStateChange:
        out += " " + std::to_string(d.agent) + " " + std::string(agent_state_name(d.state));
        break;
    }
  }
  return out;
}

// Unwraps a Result<Decisions>, failing the test (and returning none) on an error.
inline Decisions ok(Result<Decisions> r) {
  EXPECT_TRUE(r.ok()) << r.status().to_string();
  return r.ok() ? std::move(r).value() : Decisions{};
}

inline void login(Router& r, AgentId agent, int64_t seconds) {
  ok(r.agent_state(agent, AgentState::kAvailable, at(seconds)));
}

inline Router make_router(std::vector<Queue> queues, std::vector<Agent> agents,
                          RouterConfig config = {}) {
  auto r = Router::create(std::move(config), std::move(queues), std::move(agents));
  EXPECT_TRUE(r.ok()) << r.status().to_string();
  return std::move(r).value();
}

}  // namespace guanxi::callcenter::testing
