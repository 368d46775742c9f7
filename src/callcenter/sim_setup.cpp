// make_sim_setup: the call center a simulated day runs against, and the
// validation of SimConfig.
#include <algorithm>
#include <string>
#include <utility>

#include "callcenter/random.hpp"
#include "callcenter/simulator.hpp"

namespace guanxi::callcenter {

namespace {

constexpr int64_t kMaxSimCalls = 10'000'000;
constexpr int kMaxSimAgents = 100'000;
constexpr int kMaxSimQueues = 1000;
constexpr int64_t kOverflowAfterS = 60;
constexpr int64_t kCallbackOfferAfterS = 90;
constexpr uint64_t kSetupStream = 0x5e7u;

Status config_error(const char* field, std::string message) {
  return Status::invalid(std::move(message), Location{"", 0, 0, field});
}

bool is_share(double v) {
  return v >= 0.0 && v <= 1.0;
}

Status validate_config(const SimConfig& c) {
  if (c.calls < 0 || c.calls > kMaxSimCalls) {
    return config_error("calls", "calls must be 0.." + std::to_string(kMaxSimCalls));
  }
  if (c.agents < 1 || c.agents > kMaxSimAgents) {
    return config_error("agents", "agents must be 1.." + std::to_string(kMaxSimAgents));
  }
  if (c.queues < 1 || c.queues > kMaxSimQueues) {
    return config_error("queues", "queues must be 1.." + std::to_string(kMaxSimQueues));
  }
  if (c.calls_per_hour < 0) return config_error("calls_per_hour", "must not be negative");
  if (std::any_of(c.hourly_profile.begin(), c.hourly_profile.end(),
                  [](double w) { return !is_share(w); }) ||
      *std::max_element(c.hourly_profile.begin(), c.hourly_profile.end()) <= 0.0) {
    return config_error("hourly_profile", "weights must be 0..1, at least one positive");
  }
  if (c.mean_talk_s <= 0 || c.talk_sigma < 0 || c.mean_patience_s <= 0) {
    return config_error("mean_talk_s", "talk and patience must be positive");
  }
  if (c.ring_min_s < 0.001 || c.ring_max_s < c.ring_min_s) {
    return config_error("ring_min_s", "ring times need 0.001 <= ring_min_s <= ring_max_s");
  }
  if (!is_share(c.vip_share) || !is_share(c.dedicated_share) || !is_share(c.callback_accept) ||
      !is_share(c.blended_share) || !is_share(c.outbound_reach)) {
    return config_error("vip_share", "shares must be 0..1");
  }
  if (c.wrap_up_s < 0 || c.mean_break_gap_s <= 0 || c.break_s <= 0 || c.outbound_entries < 0 ||
      c.outbound_no_answer_s <= 0) {
    return config_error("wrap_up_s", "durations must be positive (wrap-up may be 0)");
  }
  return Status::ok();
}

}  // namespace

Result<SimSetup> make_sim_setup(const SimConfig& config) {
  GX_RETURN_IF_ERROR(validate_config(config));
  SimSetup s;
  GX_ASSIGN_OR_RETURN(s.start, config.router.zone.parse_local(config.start));
  SimRandom rng(config.seed ^ kSetupStream);
  const int n_queues = config.queues;
  for (int q = 1; q <= n_queues; ++q) {
    Queue queue;
    queue.id = q;
    queue.name = "queue-" + std::to_string(q);
    queue.skill = "skill-" + std::to_string(q);
    queue.priority = q == 1 ? 5 : 0;
    if (q % 2 == 1 && n_queues > 1) {
      queue.overflow_to = q % n_queues + 1;
      queue.overflow_after = Seconds{kOverflowAfterS};
    }
    queue.callback_offer_after = Seconds{kCallbackOfferAfterS};
    s.queues.push_back(std::move(queue));
  }
  for (int a = 1; a <= config.agents; ++a) {
    Agent agent;
    agent.id = a;
    agent.name = "agent-" + std::to_string(a);
    const int home = (a - 1) % n_queues + 1;
    agent.skills.push_back(
        Skill{"skill-" + std::to_string(home), 1 + static_cast<int>(rng.below(9))});
    if (n_queues > 1 && rng.chance(0.5)) {
      const int other = 1 + static_cast<int>(rng.below(static_cast<uint64_t>(n_queues)));
      if (other != home) {
        agent.skills.push_back(
            Skill{"skill-" + std::to_string(other), 1 + static_cast<int>(rng.below(9))});
      }
    }
    agent.blended = rng.chance(config.blended_share);
    agent.wrap_up = Seconds{config.wrap_up_s};
    s.agents.push_back(std::move(agent));
  }
  s.outbound.id = 1;
  s.outbound.name = "simulated follow-up calls";
  s.outbound.queue = 1;
  for (int64_t i = 0; i < config.outbound_entries; ++i) {
    OutboundEntry e;
    e.number = "139" + std::to_string(10'000'000 + i);
    e.customer = 900'000 + i;
    e.allowed = DailyWindow{9 * 60, 21 * 60};
    s.outbound.entries.push_back(std::move(e));
  }
  return s;
}

}  // namespace guanxi::callcenter
