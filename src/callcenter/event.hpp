// What goes into the Router (CtiEvent: what the telephony side reports) and what
// comes out (Decision: what the Router wants done). The CTI HTTP API and the
// call simulator speak in these two types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "callcenter/model.hpp"

namespace guanxi::callcenter {

enum class DecisionKind : uint8_t {
  kConnect,           // ring `agent` with inbound `call` (from `queue`)
  kDial,              // `agent` dials `number` as outbound `call` (a list entry or a callback)
  kOfferCallback,     // play the callback offer to the caller of `call` (waited too long)
  kCallbackCreated,   // `call` left `queue`; call `number` back at `callback_at`
  kOverflow,          // `call` is now also eligible for the agents of `queue`
  kAgentStateChange,  // the Router moved `agent` to `state` (wrap-up over, break after a call)
};
std::string_view decision_kind_name(DecisionKind kind);

struct Decision {
  DecisionKind kind = DecisionKind::kConnect;
  Timestamp at;  // when the Router decided; equals the event's time (see Router::next_due)
  CallId call = 0;
  AgentId agent = 0;
  QueueId queue = 0;
  AgentState state = AgentState::kAvailable;  // kAgentStateChange
  // kDial, kCallbackCreated:
  std::string number;
  std::optional<CustomerId> customer;
  OutboundListId list = 0;  // kDial of a list entry (0 for a callback)
  size_t entry = 0;         // kDial: index of the entry in its list
  Timestamp callback_at;    // kCallbackCreated

  bool operator==(const Decision&) const = default;
};

using Decisions = std::vector<Decision>;

// One line per decision for logs and tests:
//   "2025-03-03T00:00:05.000Z connect call=7 agent=3 queue=1".
std::string to_string(const Decision& decision);

enum class CtiEventKind : uint8_t {
  kOffer,            // a call arrived in a queue (`call` carries it)
  kAnswered,         // the ringing call was picked up (agent, or the dialed party)
  kEnded,            // a connected call hung up
  kAbandoned,        // the caller hung up before being answered (outbound: not reached)
  kTransferred,      // the agent sent the connected call to `queue`
  kDeclined,         // the agent let the call ring out; it goes back to waiting
  kCallbackRequest,  // the waiting caller chose to be called back at `callback_at`
  kAgentState,       // the agent logged in/out, took or ended a break (`state`)
  kTick,             // time passed (timeouts)
};
std::string_view cti_event_kind_name(CtiEventKind kind);

struct CtiEvent {
  CtiEventKind kind = CtiEventKind::kTick;
  Timestamp at;
  Call call;  // kOffer
  CallId call_id = 0;
  AgentId agent = 0;                          // kAgentState
  AgentState state = AgentState::kAvailable;  // kAgentState
  QueueId queue = 0;                          // kTransferred
  Timestamp callback_at;                      // kCallbackRequest

  static CtiEvent offer(Call call, Timestamp at);
  static CtiEvent for_call(CtiEventKind kind, CallId id, Timestamp at);
  static CtiEvent agent_state(AgentId agent, AgentState state, Timestamp at);
  static CtiEvent transfer(CallId id, QueueId to, Timestamp at);
  static CtiEvent callback(CallId id, Timestamp callback_at, Timestamp at);
  static CtiEvent tick(Timestamp at);
};

// "2025-03-03T00:00:05.000Z offer call=7 queue=1 vip" and the like.
std::string to_string(const CtiEvent& event);

}  // namespace guanxi::callcenter
