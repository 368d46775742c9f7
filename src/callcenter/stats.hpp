// Call-center statistics computed from the events the Router sees: per queue,
// per agent and per interval of shop time (15 minutes by default). Definitions
// (README "Statistics"):
//   abandonment rate = abandoned / offered
//   service level    = answered within the queue's threshold / (answered + abandoned)
//   ASA              = Σ (answered − offered) / answered
//   AHT              = Σ (talk + wrap-up) / handled      (inbound calls whose wrap-up is over)
//   occupancy        = (on call + wrap-up) / (available + on call + wrap-up)
// Call measures belong to the interval in which the call was offered to the
// queue (outbound ones to the interval of the dial); agent time is split
// exactly at interval boundaries.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "callcenter/model.hpp"
#include "core/time.hpp"

namespace guanxi::callcenter {

struct CallMetrics {
  int64_t offered = 0;         // inbound calls that entered the queue (a transfer enters anew)
  int64_t answered = 0;        // inbound calls picked up by an agent
  int64_t abandoned = 0;       // the caller hung up before being answered (waiting or ringing)
  int64_t callbacks = 0;       // the caller left for a callback (neither answered nor abandoned)
  int64_t answered_in_sl = 0;  // answered with wait <= the queue's service-level threshold
  int64_t answer_wait_ms = 0;  // Σ (answered − offered) over answered calls
  int64_t handled = 0;         // answered inbound calls whose talk and wrap-up are over
  int64_t talk_ms = 0;         // Σ talk (answered → ended) over handled calls
  int64_t wrap_up_ms = 0;      // Σ wrap-up (ended → agent leaves wrap-up) over handled calls
  int64_t outbound_dialed = 0;
  int64_t outbound_connected = 0;

  double abandonment_rate() const;  // 0 when nothing was offered
  double service_level() const;     // 1 when nothing was answered or abandoned
  double asa_seconds() const;       // average speed of answer; 0 when nothing was answered
  double aht_seconds() const;       // average handle time; 0 when nothing was handled
  CallMetrics& operator+=(const CallMetrics& other);
  bool operator==(const CallMetrics&) const = default;
};

// Time agents spent in each state (offline is not counted).
struct AgentTime {
  int64_t available_ms = 0;
  int64_t on_call_ms = 0;  // from routing (ringing) until the call ends
  int64_t wrap_up_ms = 0;
  int64_t break_ms = 0;

  int64_t logged_in_ms() const { return available_ms + on_call_ms + wrap_up_ms; }
  // The member counting `state`; nullptr for offline.
  int64_t* ms_in(AgentState state);
  double occupancy() const;  // 0 when never logged in
  AgentTime& operator+=(const AgentTime& other);
  bool operator==(const AgentTime&) const = default;
};

struct QueueStats {
  QueueId queue = 0;
  CallMetrics calls;
  bool operator==(const QueueStats&) const = default;
};

struct AgentStats {
  AgentId agent = 0;
  CallMetrics calls;  // the calls this agent answered, handled and dialed
  AgentTime time;
  bool operator==(const AgentStats&) const = default;
};

struct IntervalStats {
  Timestamp start;  // UTC instant of the interval's shop-local start
  CallMetrics calls;
  AgentTime time;  // all agents
  bool operator==(const IntervalStats&) const = default;
};

struct StatsReport {
  Timestamp as_of;
  CallMetrics total;
  std::vector<QueueStats> queues;        // every known queue, by id
  std::vector<AgentStats> agents;        // every known agent, by id
  std::vector<IntervalStats> intervals;  // intervals with anything in them, by start
  bool operator==(const StatsReport&) const = default;
};

struct StatsConfig {
  ShopZone zone = ShopZone::shanghai();
  std::chrono::minutes interval{15};  // divides a day: 1 .. 1440
  Seconds default_service_level{20};  // for queues never registered
};
Status validate_stats_config(const StatsConfig& config);

// Maps instants to the start of their shop-local interval. Caches the zone's
// offset span, so it is cheap for instants close together. Not thread-safe.
class IntervalClock {
 public:
  IntervalClock(ShopZone zone, std::chrono::minutes length);
  int64_t start_ms(int64_t utc_ms);
  int64_t length_ms() const { return length_ms_; }
  // Calls f(interval start, ms of [begin, end) in it) for each interval the span overlaps.
  template <typename F>
  void split(int64_t begin, int64_t end, F&& f) {
    while (begin < end) {
      const int64_t start = start_ms(begin);
      const int64_t stop = std::min(end, start + length_ms_);
      f(start, stop - begin);
      begin = stop;
    }
  }

 private:
  ShopZone zone_;
  int64_t length_ms_;
  ShopZone::OffsetSpan span_{0, 1, 0};
};

// Accumulates the statistics; the Router calls the feeds in time order.
class CallStats {
 public:
  explicit CallStats(StatsConfig config = {});

  void add_queue(QueueId queue, Seconds service_level);
  void add_agent(AgentId agent);

  void call_offered(QueueId queue, Timestamp at);
  void call_answered(QueueId queue, AgentId agent, Timestamp offered, Timestamp at);
  void call_abandoned(QueueId queue, Timestamp offered, Timestamp at);
  void callback_requested(QueueId queue, Timestamp offered, Timestamp at);
  // An answered inbound call hung up (or was transferred away); it counts as
  // handled when the agent next leaves wrap-up (agent_state).
  void call_ended(QueueId queue, AgentId agent, Timestamp offered, Timestamp answered,
                  Timestamp at);
  void outbound_dialed(QueueId queue, AgentId agent, Timestamp at);
  void outbound_connected(QueueId queue, AgentId agent, Timestamp dialed);
  void agent_state(AgentId agent, AgentState state, Timestamp at);

  // Everything so far, with the agents' current states counted up to as_of.
  StatsReport report(Timestamp as_of) const;

 private:
  struct PendingHandle {
    QueueId queue = 0;
    int64_t interval = 0;
    int64_t talk_ms = 0;
    Timestamp ended;
  };
  struct AgentAcc {
    CallMetrics calls;
    AgentTime time;
    AgentState state = AgentState::kOffline;
    Timestamp since;
    std::optional<PendingHandle> pending;
  };
  struct IntervalAcc {
    CallMetrics calls;
    AgentTime time;
  };
  struct QueueAcc {
    CallMetrics calls;
    Seconds service_level{20};
  };

  QueueAcc& queue_acc(QueueId queue);
  AgentAcc& agent_acc(AgentId agent);
  CallMetrics& interval_calls(Timestamp at);
  // Adds [from, to) in `state` to `time` and to the intervals it overlaps.
  static void add_span(AgentState state, Timestamp from, Timestamp to, AgentTime& time,
                       std::map<int64_t, IntervalAcc>& intervals, IntervalClock& clock);

  StatsConfig config_;
  IntervalClock clock_;
  std::map<QueueId, QueueAcc> queues_;
  std::map<AgentId, AgentAcc> agents_;
  std::map<int64_t, IntervalAcc> intervals_;
};

}  // namespace guanxi::callcenter
