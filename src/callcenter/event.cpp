#include "callcenter/event.hpp"

#include <array>
#include <utility>

namespace guanxi::callcenter {

namespace {

constexpr std::array<std::string_view, 6> kDecisionNames = {
    "connect", "dial", "offer_callback", "callback_created", "overflow", "agent_state"};
constexpr std::array<std::string_view, 9> kEventNames = {
    "offer",    "answered",         "ended",       "abandoned", "transferred",
    "declined", "callback_request", "agent_state", "tick"};

void append_field(std::string& out, std::string_view name, int64_t value) {
  out += ' ';
  out += name;
  out += '=';
  out += std::to_string(value);
}

}  // namespace

std::string_view decision_kind_name(DecisionKind kind) {
  return kDecisionNames[static_cast<size_t>(kind)];
}

std::string_view cti_event_kind_name(CtiEventKind kind) {
  return kEventNames[static_cast<size_t>(kind)];
}

std::string to_string(const Decision& d) {
  std::string out = format_utc_iso8601(d.at);
  out += ' ';
  out += decision_kind_name(d.kind);
  if (d.call != 0) append_field(out, "call", d.call);
  if (d.agent != 0) append_field(out, "agent", d.agent);
  if (d.queue != 0) append_field(out, "queue", d.queue);
  switch (d.kind) {
    case DecisionKind::kAgentStateChange:
      out += " state=";
      out += agent_state_name(d.state);
      break;
    case DecisionKind::kDial:
      out += " number=" + d.number;
      if (d.list != 0) {
        append_field(out, "list", d.list);
        append_field(out, "entry", static_cast<int64_t>(d.entry));
      }
      break;
    case DecisionKind::kCallbackCreated:
      out += " number=" + d.number + " at=" + format_utc_iso8601(d.callback_at);
      break;
    case DecisionKind::kConnect:
    case DecisionKind::kOfferCallback:
    case DecisionKind::kOverflow:
      break;
  }
  return out;
}

CtiEvent CtiEvent::offer(Call call, Timestamp at) {
  CtiEvent e;
  e.kind = CtiEventKind::kOffer;
  e.at = at;
  e.call_id = call.id;
  e.call = std::move(call);
  return e;
}

CtiEvent CtiEvent::for_call(CtiEventKind kind, CallId id, Timestamp at) {
  CtiEvent e;
  e.kind = kind;
  e.at = at;
  e.call_id = id;
  return e;
}

CtiEvent CtiEvent::agent_state(AgentId agent, AgentState state, Timestamp at) {
  CtiEvent e;
  e.kind = CtiEventKind::kAgentState;
  e.at = at;
  e.agent = agent;
  e.state = state;
  return e;
}

CtiEvent CtiEvent::transfer(CallId id, QueueId to, Timestamp at) {
  CtiEvent e = for_call(CtiEventKind::kTransferred, id, at);
  e.queue = to;
  return e;
}

CtiEvent CtiEvent::callback(CallId id, Timestamp callback_at, Timestamp at) {
  CtiEvent e = for_call(CtiEventKind::kCallbackRequest, id, at);
  e.callback_at = callback_at;
  return e;
}

CtiEvent CtiEvent::tick(Timestamp at) {
  CtiEvent e;
  e.at = at;
  return e;
}

std::string to_string(const CtiEvent& e) {
  std::string out = format_utc_iso8601(e.at);
  out += ' ';
  out += cti_event_kind_name(e.kind);
  switch (e.kind) {
    case CtiEventKind::kOffer:
      append_field(out, "call", e.call.id);
      append_field(out, "queue", e.call.queue);
      if (e.call.vip) out += " vip";
      if (e.call.dedicated_agent) append_field(out, "dedicated", *e.call.dedicated_agent);
      break;
    case CtiEventKind::kAgentState:
      append_field(out, "agent", e.agent);
      out += " state=";
      out += agent_state_name(e.state);
      break;
    case CtiEventKind::kTransferred:
      append_field(out, "call", e.call_id);
      append_field(out, "queue", e.queue);
      break;
    case CtiEventKind::kCallbackRequest:
      append_field(out, "call", e.call_id);
      out += " at=" + format_utc_iso8601(e.callback_at);
      break;
    case CtiEventKind::kAnswered:
    case CtiEventKind::kEnded:
    case CtiEventKind::kAbandoned:
    case CtiEventKind::kDeclined:
      append_field(out, "call", e.call_id);
      break;
    case CtiEventKind::kTick:
      break;
  }
  return out;
}

}  // namespace guanxi::callcenter
