// The CTI event API's wire format: what the telephony system posts
// (POST /api/v1/cti/events) and the decisions it gets back, both ways, so
// that the server parses events and renders decisions with the same code the
// call simulator's HTTP client uses to send and read them.
//
//   {"event_id": "pbx-991", "type": "offered", "at": "2025-03-03T08:00:05.000Z",
//    "call_id": 7, "caller_number": "13800138000", "queue_id": 1,
//    "ivr_path": ["hello", "main"], "vip": false}
//
// type: offered | ringing | answered | ended | abandoned | transferred |
// declined | callback_requested | agent_state | tick. Members by type:
// offered needs call_id, caller_number, queue_id (optional: ivr_path, vip,
// dedicated_agent_id, customer_id); transferred needs to_queue_id;
// callback_requested needs callback_at; agent_state needs agent_id and state
// (available | on_call | wrap_up | break | offline); ended may carry
// recording_url; tick needs at. `at` defaults to the server's clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "callcenter/event.hpp"
#include "core/json.hpp"

namespace guanxi::cti {

enum class CtiType : uint8_t {
  kOffered,
  kRinging,
  kAnswered,
  kEnded,
  kAbandoned,
  kTransferred,
  kDeclined,
  kCallbackRequested,
  kAgentState,
  kTick,
};
std::string_view cti_type_name(CtiType type);

struct CtiInput {
  std::string event_id;  // the telephony's id of the event ("" when it has none)
  CtiType type = CtiType::kTick;
  std::optional<Timestamp> at;
  callcenter::CallId call_id = 0;
  std::string caller_number;
  callcenter::QueueId queue_id = 0;
  std::vector<std::string> ivr_path;
  bool vip = false;  // recognised as a VIP before the call center (the IVR)
  std::optional<callcenter::AgentId> dedicated_agent_id;
  std::optional<callcenter::CustomerId> customer_id;
  std::string recording_url;
  callcenter::AgentId agent_id = 0;
  callcenter::AgentState state = callcenter::AgentState::kAvailable;
  callcenter::QueueId to_queue_id = 0;
  Timestamp callback_at;
  Json body;  // the event as received

  // What makes a retry recognisable: the event id, else the type, call or
  // agent and, when the event carries one, its time.
  std::string key() const;
};

// Parses and validates an event; errors are invalid_argument naming the member.
Result<CtiInput> cti_event_from_json(const Json& json);
// The wire form of a Router event (the call simulator's HTTP port).
Json cti_event_to_json(const callcenter::CtiEvent& event);

Json decision_to_json(const callcenter::Decision& decision);
Json decisions_to_json(const callcenter::Decisions& decisions);
Result<callcenter::Decisions> decisions_from_json(const Json& json);

}  // namespace guanxi::cti
