// The ACD: routes waiting calls to agents, in memory, deterministically.
//
// Events in, decisions out. Every event carries `now`; the Router has no clock.
// Not thread-safe: one owner sends the events, one at a time.
// Before handling an event it fires its own timeouts that fell due up to `now`
// (dedicated-CSR waits, overflow, callback offers, wrap-up ends), each at its
// own instant; next_due() says when the next one falls due, so a caller that
// ticks exactly then sees every decision at the instant it was made. Time may
// not go backwards (invalid_argument).
//
// Routing rules in plain words are in README.md ("Routing"). In short: a call
// goes to its dedicated CSR when that agent is available, else to the
// longest-idle available agent serving its queue (or, after the overflow
// timeout, the overflow queue); an agent who becomes available takes the best
// waiting call among the calls dedicated to them, then among the queues it
// serves; "best" is VIP first, then queue priority, then longest waiting
// (PriorityOrder::kPriorityFirst swaps the first two), then the lower call id.
// Ties between agents go to the lower agent id.
//
// Errors: not_found for an unknown call, agent or queue; conflict when the
// event does not fit the call's or agent's state (answering a call that is not
// ringing); invalid_argument for bad input. A failed event changes nothing,
// except that the timeouts due up to its `now` have fired: their decisions are
// returned with the next event that succeeds (a tick will do).
//
// Decisions in one answer are in order and already applied. Timeouts due at the
// very instant of an event fire before it, so the answer to, say, abandoned(7)
// may begin with the connect of call 7 that a wrap-up ending at that instant
// made; tick at next_due() first to see it before acting (CallSimulation does).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "callcenter/event.hpp"
#include "callcenter/model.hpp"
#include "callcenter/stats.hpp"

namespace guanxi::callcenter {

enum class PriorityOrder : uint8_t {
  kVipFirst,       // VIP, then queue priority, then longest waiting (the default)
  kPriorityFirst,  // queue priority, then VIP, then longest waiting
};

struct RouterConfig {
  // How long a call waits for its dedicated CSR when that agent is on a call or
  // in wrap-up, before any agent of the queue may take it (0: never waits).
  Seconds dedicated_wait{10};
  PriorityOrder order = PriorityOrder::kVipFirst;
  // Callbacks join the outbound work of their queue, dialed by blended agents.
  // Either way every callback is reported as a kCallbackCreated decision.
  bool dial_callbacks = true;
  // A call overflows at most this many times along a chain A → B → C.
  int max_overflow_hops = 3;
  // Outbound calls get ids from here up; inbound ids must be below.
  CallId first_outbound_call_id = CallId{1} << 62;
  // The shop's zone: outbound allowed hours and the statistics' intervals.
  ShopZone zone = ShopZone::shanghai();
  std::chrono::minutes stats_interval{15};
};

// What a queue looks like right now (for wallboards and tests).
struct QueueSnapshot {
  std::vector<CallId> waiting;    // eligible here, best first (overflowed-in calls included)
  int64_t held = 0;               // home calls waiting for their busy dedicated CSR
  std::vector<AgentId> idle;      // available agents serving the queue, longest idle first
  int64_t callbacks_pending = 0;  // callbacks not yet dialed
  int64_t entries_pending = 0;    // outbound list entries not yet dialed
};

class Router {
 public:
  // Validates the configuration (errors name the member, e.g. "/queues/2/overflow_to").
  // Agents start offline.
  static Result<Router> create(RouterConfig config, std::vector<Queue> queues,
                               std::vector<Agent> agents);
  Router(Router&&) noexcept;
  Router& operator=(Router&&) noexcept;
  ~Router();

  // An agent joining at runtime (offline until agent_state).
  Status add_agent(const Agent& agent);
  // Its entries are dialed in order by blended agents serving list.queue.
  Result<Decisions> add_outbound_list(const OutboundList& list, Timestamp now);

  // An inbound call arrives in call.queue (call.times are ignored and set here).
  Result<Decisions> offer(const Call& call, Timestamp now);
  // Login (available), logout (offline), breaks. While the agent has a call or
  // is in wrap-up, break and offline take effect when the wrap-up ends;
  // available during wrap-up ends it early. on_call and wrap_up may be set for
  // work outside the Router (a manual call); a manual wrap-up lasts the agent's
  // wrap-up time.
  Result<Decisions> agent_state(AgentId agent, AgentState state, Timestamp now);
  Result<Decisions> answered(CallId call, Timestamp now);
  // The connected call hung up: the agent goes to wrap-up. An unanswered call
  // that ends counts as abandoned.
  Result<Decisions> ended(CallId call, Timestamp now);
  // The caller hung up before being answered (an outbound call: not reached).
  Result<Decisions> abandoned(CallId call, Timestamp now);
  // The connected inbound call leaves its agent (who goes to wrap-up) and waits
  // in `to` as a new offer to that queue.
  Result<Decisions> transferred(CallId call, QueueId to, Timestamp now);
  // The agent did not pick up the ringing inbound call: the agent goes on a
  // break and the call waits again in its place.
  Result<Decisions> declined(CallId call, Timestamp now);
  // The waiting caller chose a callback: the call leaves the queue.
  Result<Decisions> request_callback(CallId call, Timestamp callback_at, Timestamp now);
  // A callback asked for outside any queue (the IVR's callback option);
  // request.call is ignored.
  Result<Decisions> add_callback(const CallbackRequest& request, Timestamp now);
  Result<Decisions> tick(Timestamp now);
  // Dispatches on event.kind to the functions above.
  Result<Decisions> apply(const CtiEvent& event);

  // When the next timeout falls due, if any.
  std::optional<Timestamp> next_due();
  // The time of the last event (or timeout) the Router handled.
  Timestamp now() const;

  // Told of every change of an agent's state, at the instant it takes effect
  // (the same feed as the statistics' agent timeline), synchronously from
  // inside the event that caused it. The CTI layer keeps agents' states in the
  // store with it.
  using AgentStateListener = std::function<void(AgentId, AgentState, Timestamp)>;
  void set_agent_state_listener(AgentStateListener listener);

  std::optional<AgentState> agent_state_of(AgentId agent) const;
  // The live call (inbound or outbound), or nullptr once it ended, was
  // abandoned or left for a callback.
  const Call* find_call(CallId call) const;
  // The agent ringing or talking on a live call.
  std::optional<AgentId> agent_of(CallId call) const;
  Result<QueueSnapshot> queue_snapshot(QueueId queue) const;

  const CallStats& call_stats() const;
  StatsReport stats(Timestamp as_of) const { return call_stats().report(as_of); }

  struct Impl;

 private:
  explicit Router(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace guanxi::callcenter
