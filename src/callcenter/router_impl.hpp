// The Router's state (internal to the module): per-queue ordered sets of
// waiting calls and of idle agents, per-agent sets of the calls dedicated to
// them, a timer heap, and the outbound backlog. Every set is ordered by a key
// ending in an id, so no result depends on hash order.
//
//   waiting call key: (rank, offered ms, call id)  rank = VIP and queue priority
//   idle agent key:   (idle since ms, agent id)
//
// Invariants between events: a call in a queue's waiting set never coexists
// with an agent in that queue's idle set; an available agent is in the idle
// set of every queue it serves (and in idle_blended when blended).
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <queue>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "callcenter/router.hpp"

namespace guanxi::callcenter {

inline constexpr uint32_t kNone = UINT32_MAX;

inline int64_t to_ms(Timestamp t) {
  return to_millis(t);
}
inline int64_t to_ms(Seconds s) {
  return s.count() * 1000;
}

inline Status wrong_phase(CallId id, const char* what) {
  return Status::conflict("call " + std::to_string(id) + " " + what);
}
inline constexpr size_t kMaxQueuesPerCall = 8;

struct WaitKey {
  uint32_t rank = 0;
  int64_t since_ms = 0;
  CallId id = 0;
  bool operator==(const WaitKey&) const = default;
  bool operator<(const WaitKey& o) const {
    return std::tie(rank, since_ms, id) < std::tie(o.rank, o.since_ms, o.id);
  }
};

struct IdleKey {
  int64_t since_ms = 0;
  AgentId id = 0;
  uint32_t index = 0;  // follows id, so it never decides the order
  bool operator==(const IdleKey&) const = default;
  bool operator<(const IdleKey& o) const {
    return std::tie(since_ms, id, index) < std::tie(o.since_ms, o.id, o.index);
  }
};

enum class Phase : uint8_t {
  kHeld,     // waiting for its busy dedicated CSR only
  kWaiting,  // in the waiting sets of queues[0 .. n_queues)
  kRinging,  // routed to `agent` (inbound) or dialed by it (outbound)
  kTalking,
};

struct CallRec {
  Call call;
  Phase phase = Phase::kWaiting;
  WaitKey key;
  std::array<uint32_t, kMaxQueuesPerCall> queues{};  // home first, then overflow hops
  uint8_t n_queues = 0;
  uint32_t agent = kNone;
  uint32_t dedicated = kNone;
  uint32_t gen = 0;  // bumped when the call is routed; older timers are stale
  int64_t next_overflow_ms = 0;
  bool callback_offered = false;
  OutboundListId list = 0;  // outbound: the list entry dialed
  size_t entry = 0;

  uint32_t home() const { return queues[0]; }
};

struct PendingDial {
  uint64_t seq = 0;  // dial order across lists
  OutboundListId list = 0;
  size_t entry = 0;
  std::string number;
  std::optional<CustomerId> customer;
};

struct QueueRec {
  Queue queue;
  uint32_t overflow = kNone;
  std::set<WaitKey> waiting;
  std::set<IdleKey> idle;
  int64_t held = 0;
  // (due ms, seq) → the callback.
  std::map<std::pair<int64_t, uint64_t>, CallbackRequest> callbacks;
  // Outbound entries grouped by allowed window, each group in dial order.
  std::map<DailyWindow, std::deque<PendingDial>> entries;
  int64_t entries_pending = 0;
};

struct AgentRec {
  Agent agent;
  AgentState state = AgentState::kOffline;
  std::vector<uint32_t> queues;  // the queues it serves, ascending index
  int64_t idle_since_ms = 0;
  bool idle = false;                     // in the idle sets
  CallId call = 0;                       // the live call it rings or talks on
  std::optional<AgentState> after_call;  // break/offline asked for during a call
  uint32_t wrap_gen = 0;
  std::set<WaitKey> dedicated;  // waiting and held calls whose dedicated CSR this is
};

enum class TimerKind : uint8_t { kHoldExpiry, kOverflow, kCallbackOffer, kWrapUpEnd, kOutbound };

struct Timer {
  int64_t at_ms = 0;
  uint64_t seq = 0;
  TimerKind kind = TimerKind::kHoldExpiry;
  int64_t target = 0;  // call id, agent index or 0
  uint32_t gen = 0;
  bool operator>(const Timer& o) const { return std::pair(at_ms, seq) > std::pair(o.at_ms, o.seq); }
};

struct Router::Impl {
  explicit Impl(RouterConfig c)
      : config(std::move(c)), stats(StatsConfig{config.zone, config.stats_interval, Seconds{20}}) {}

  RouterConfig config;
  CallStats stats;
  std::vector<QueueRec> queues;
  std::vector<AgentRec> agents;
  std::unordered_map<QueueId, uint32_t> queue_index;
  std::unordered_map<AgentId, uint32_t> agent_index;
  std::unordered_map<CallId, CallRec> calls;
  std::set<IdleKey> idle_blended;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers;
  uint64_t timer_seq = 0;
  Timestamp now{};
  bool started = false;
  Decisions carry;  // timeout decisions of a failed event, returned with the next one
  Router::AgentStateListener state_listener;

  // Outbound backlog (outbound.cpp).
  int64_t outbound_pending = 0;
  uint64_t dial_seq = 0;
  CallId next_outbound_id = 0;
  uint32_t outbound_gen = 0;
  std::optional<int64_t> outbound_check_ms;
  bool outbound_dirty = false;
  std::set<OutboundListId> list_ids;

  // Runs one event: fires the timeouts due up to `t`, then `body`; on failure
  // keeps the timeout decisions for the next event.
  template <typename Body>
  Result<Decisions> run(Timestamp t, Body&& body) {
    Decisions out = std::move(carry);
    carry.clear();
    Status status = advance(t, out);
    if (status.is_ok()) status = body(out);
    if (!status.is_ok()) {
      carry = std::move(out);
      return status;
    }
    if (outbound_dirty) run_outbound(out);
    return out;
  }

  // run() for an event about a live call: body(call, out).
  template <typename Body>
  Result<Decisions> run_for_call(CallId id, Timestamp t, Body&& body) {
    if (find(id) == nullptr)
      return Status::not_found("call " + std::to_string(id) + " is not live");
    return run(t, [&](Decisions& out) { return body(*find(id), out); });
  }

  // --- time ---
  // Fires the timeouts due up to `t` (each at its own instant), then sets now = t.
  Status advance(Timestamp t, Decisions& out);
  void schedule(int64_t at_ms, TimerKind kind, int64_t target, uint32_t gen);
  bool is_live(const Timer& timer) const;
  void fire(const Timer& timer, Decisions& out);

  // --- calls ---
  uint32_t rank(bool vip, uint32_t queue) const;
  CallRec* find(CallId id);
  // The call enters queue q now as a new offer (an arrival or a transfer).
  void enter_queue(CallRec& c, uint32_t q);
  void schedule_wait_timers(CallRec& c);
  // Puts the call in the waiting sets of its queues and routes it if it can.
  void make_waiting(CallRec& c, Decisions& out);
  // Routes a held or waiting call to its dedicated CSR or the longest-idle agent.
  bool route_call(CallRec& c, Decisions& out);
  void leave_waiting(CallRec& c);
  void assign(CallRec& c, uint32_t agent, Decisions& out);
  uint32_t next_overflow_queue(const CallRec& c) const;
  void overflow(CallRec& c, Decisions& out);
  // The caller hung up before an answer (outbound: not reached). Erases the call.
  Status abandon(CallRec& c, Decisions& out);

  // Appends a decision made now; returns it for the members of its kind.
  Decision& emit(Decisions& out, DecisionKind kind, CallId call, AgentId agent, QueueId queue) {
    Decision& d = out.emplace_back();
    d.kind = kind;
    d.at = now;
    d.call = call;
    d.agent = agent;
    d.queue = queue;
    return d;
  }

  // --- agents ---
  void set_state(uint32_t agent, AgentState state);
  void announce_state(uint32_t agent, Decisions& out);
  void make_busy(uint32_t agent);  // leaves the idle sets
  // The agent is free for work: takes a waiting call, else dials, else idles.
  void agent_ready(uint32_t agent, int64_t idle_since_ms, Decisions& out);
  // The agent's call is over: wrap-up, or straight to its next state.
  void finish_call(uint32_t agent, Decisions& out);
  // After a call (wrap-up over, or a ringing call gone): break/offline asked
  // for during the call, else ready.
  void after_work(uint32_t agent, int64_t idle_since_ms, Decisions& out);

  // --- outbound (outbound.cpp) ---
  bool inbound_waits_for(const AgentRec& a) const;
  bool try_dial(uint32_t agent, Decisions& out);
  void dial(uint32_t agent, uint32_t queue, std::string number, std::optional<CustomerId> customer,
            OutboundListId list, size_t entry, Decisions& out);
  void run_outbound(Decisions& out);
  void schedule_outbound_check();
  // Reports the callback (kCallbackCreated) and, with dial_callbacks, queues it.
  void add_callback_work(const CallbackRequest& request, uint32_t queue, Decisions& out);
  Status add_list(const OutboundList& list);
};

}  // namespace guanxi::callcenter
