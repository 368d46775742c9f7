// The call center's nouns: queues, agents, calls, outbound lists. Plain values;
// the Router (router.hpp) owns their live state.
//
// Ids are the caller's (the store's rows, the PBX's call ids), except outbound
// calls, which the Router numbers itself from RouterConfig::first_outbound_call_id.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.hpp"
#include "core/time.hpp"

namespace guanxi::callcenter {

using QueueId = int64_t;
using AgentId = int64_t;
using CallId = int64_t;
using CustomerId = int64_t;
using OutboundListId = int64_t;

using Seconds = std::chrono::seconds;

// Skill levels run 1 (novice) .. kMaxSkillLevel (expert).
inline constexpr int kMaxSkillLevel = 9;
// Queue priorities run 0 .. kMaxQueuePriority; higher is served first.
inline constexpr int kMaxQueuePriority = 999;

struct Queue {
  QueueId id = 0;
  std::string name;
  std::string skill;  // an agent serves the queue when it has this skill at >= min_level
  int min_level = 1;
  int priority = 0;
  // After `overflow_after` of waiting a call also becomes eligible for the agents
  // of `overflow_to` (it keeps its place here; see README "Overflow").
  std::optional<QueueId> overflow_to;
  Seconds overflow_after{0};
  // After this much waiting the caller is offered a callback (kOfferCallback).
  std::optional<Seconds> callback_offer_after;
  Seconds service_level{20};  // "answered within" threshold of the service level
};

struct Skill {
  std::string name;
  int level = 1;
  bool operator==(const Skill&) const = default;
};

enum class AgentState : uint8_t { kAvailable, kOnCall, kWrapUp, kBreak, kOffline };
std::string_view agent_state_name(AgentState state);  // "available", "on_call", …
std::optional<AgentState> parse_agent_state(std::string_view name);

struct Agent {
  AgentId id = 0;
  std::string name;
  std::vector<Skill> skills;
  bool blended = false;  // also dials outbound work when no inbound call waits for it
  Seconds wrap_up{0};    // after-call work before the agent is available again
};

// The agent has the queue's skill at the queue's minimum level or above.
bool serves(const Agent& agent, const Queue& queue);

enum class Direction : uint8_t { kInbound, kOutbound };
std::string_view direction_name(Direction direction);

// When things happened to a call; set by the Router. Unset members have not happened.
struct CallTimes {
  std::optional<Timestamp> offered;   // entered its (current) queue, or was dialed
  std::optional<Timestamp> assigned;  // routed to an agent (ringing)
  std::optional<Timestamp> answered;  // connected
  std::optional<Timestamp> ended;
};

struct Call {
  CallId id = 0;
  std::string caller_number;  // inbound: the caller; outbound: the number dialed
  std::optional<CustomerId> customer;
  bool vip = false;
  std::optional<AgentId> dedicated_agent;  // the customer's dedicated CSR
  QueueId queue = 0;
  Direction direction = Direction::kInbound;
  CallTimes times;
};

// A daily window [start, end) of shop-local time, in minutes after midnight
// (0 .. 1440); start < end. The default is the whole day.
struct DailyWindow {
  int start_minute = 0;
  int end_minute = 24 * 60;
  bool contains(int minute_of_day) const {
    return minute_of_day >= start_minute && minute_of_day < end_minute;
  }
  bool operator==(const DailyWindow&) const = default;
  bool operator<(const DailyWindow& o) const {
    return std::pair(start_minute, end_minute) < std::pair(o.start_minute, o.end_minute);
  }
};

// "HH:MM" (00:00 .. 24:00) → minutes after midnight.
Result<int> parse_minute_of_day(std::string_view text);
std::string format_minute_of_day(int minute);  // "09:05"
Status validate_window(const DailyWindow& window);

// The shop-local minute of the day (0 .. 1439) at t.
int minute_of_day(Timestamp t, const ShopZone& zone);

struct OutboundEntry {
  std::string number;
  std::optional<CustomerId> customer;
  DailyWindow allowed;  // dialed only while the shop-local time is in this window
};

// Numbers to call, dialed in order by blended agents serving `queue`.
struct OutboundList {
  OutboundListId id = 0;
  std::string name;
  QueueId queue = 0;
  std::vector<OutboundEntry> entries;
};

// A caller who chose to be called back instead of waiting.
struct CallbackRequest {
  CallId call = 0;  // the inbound call it replaces (0 when it came from the IVR)
  std::string number;
  std::optional<CustomerId> customer;
  QueueId queue = 0;
  Timestamp requested_at;  // when the caller asked
  Timestamp callback_at;   // not before this time
};

}  // namespace guanxi::callcenter
