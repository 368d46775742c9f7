#include "cti/event_json.hpp"

#include <array>
#include <utility>

namespace guanxi::cti {

namespace {

using callcenter::CtiEventKind;
using callcenter::DecisionKind;

constexpr std::array<std::pair<CtiType, std::string_view>, 10> kTypes = {{
    {CtiType::kOffered, "offered"},
    {CtiType::kRinging, "ringing"},
    {CtiType::kAnswered, "answered"},
    {CtiType::kEnded, "ended"},
    {CtiType::kAbandoned, "abandoned"},
    {CtiType::kTransferred, "transferred"},
    {CtiType::kDeclined, "declined"},
    {CtiType::kCallbackRequested, "callback_requested"},
    {CtiType::kAgentState, "agent_state"},
    {CtiType::kTick, "tick"},
}};

std::optional<CtiType> parse_type(std::string_view name) {
  for (const auto& [type, text] : kTypes) {
    if (text == name) return type;
  }
  return std::nullopt;
}

std::optional<Timestamp> time_of(JsonFields& f, std::string_view key, JsonFields::Need need) {
  const auto text = f.string(key, need);
  if (!text) return std::nullopt;
  auto t = parse_iso8601(*text);
  if (!t.ok()) {
    f.fail(key, "'" + std::string(key) + "' must be an ISO 8601 time: " + t.status().message());
    return std::nullopt;
  }
  return *t;
}

std::optional<int64_t> positive(JsonFields& f, std::string_view key, JsonFields::Need need,
                                int64_t max = INT64_MAX) {
  const auto v = f.int64(key, need);
  if (v && (*v <= 0 || *v > max)) {
    f.fail(key, "'" + std::string(key) + "' must be a positive integer id");
    return std::nullopt;
  }
  return v;
}

constexpr std::array<std::pair<DecisionKind, std::string_view>, 6> kDecisionKinds = {{
    {DecisionKind::kConnect, "connect"},
    {DecisionKind::kDial, "dial"},
    {DecisionKind::kOfferCallback, "offer_callback"},
    {DecisionKind::kCallbackCreated, "callback_created"},
    {DecisionKind::kOverflow, "overflow"},
    {DecisionKind::kAgentStateChange, "agent_state"},
}};

}  // namespace

std::string_view cti_type_name(CtiType type) {
  for (const auto& [t, text] : kTypes) {
    if (t == type) return text;
  }
  return "unknown";
}

std::string CtiInput::key() const {
  if (!event_id.empty()) return "id:" + event_id;
  std::string k(cti_type_name(type));
  if (type == CtiType::kAgentState) {
    k += ":agent:" + std::to_string(agent_id) + ":" +
         std::string(callcenter::agent_state_name(state));
  } else if (type != CtiType::kTick) {
    k += ":call:" + std::to_string(call_id);
  }
  if (at) k += ":" + std::to_string(to_millis(*at));
  return k;
}

Result<CtiInput> cti_event_from_json(const Json& json) {
  if (!json.is_object()) return Status::invalid("a CTI event must be a JSON object");
  using Need = JsonFields::Need;
  CtiInput in;
  in.body = json;
  JsonFields f(json);
  in.event_id = f.string("event_id").value_or("");
  if (in.event_id.size() > 200) f.fail("event_id", "'event_id' is longer than 200 characters");
  const auto type_text = f.string("type", Need::kRequired);
  if (type_text) {
    if (const auto t = parse_type(*type_text)) {
      in.type = *t;
    } else {
      f.fail("type",
             "'type' must be one of offered, ringing, answered, ended, abandoned, transferred, "
             "declined, callback_requested, agent_state, tick");
    }
  }
  // Which members are allowed depends on the type: stop at a missing or bad one.
  if (!type_text || !parse_type(*type_text)) return f.finish();
  const CtiType type = in.type;
  const bool call_event = type != CtiType::kAgentState && type != CtiType::kTick;
  in.at = time_of(f, "at", type == CtiType::kTick ? Need::kRequired : Need::kOptional);
  if (call_event) {
    in.call_id = positive(f, "call_id", Need::kRequired).value_or(0);
  }
  if (type == CtiType::kOffered) {
    in.caller_number = f.string("caller_number", Need::kRequired).value_or("");
    if (in.caller_number.size() > 64) {
      f.fail("caller_number", "'caller_number' is longer than 64 characters");
    }
    in.queue_id = positive(f, "queue_id", Need::kRequired).value_or(0);
    if (const Json* path = f.array("ivr_path")) {
      for (const Json& node : *path) {
        if (!node.is_string()) {
          f.fail("ivr_path", "'ivr_path' must be an array of IVR node ids");
          break;
        }
        in.ivr_path.push_back(node.get<std::string>());
      }
    }
    in.vip = f.boolean("vip").value_or(false);
    in.dedicated_agent_id = positive(f, "dedicated_agent_id", Need::kOptional);
    in.customer_id = positive(f, "customer_id", Need::kOptional);
  }
  if (type == CtiType::kEnded) {
    in.recording_url = f.string("recording_url").value_or("");
    if (in.recording_url.size() > 2000) {
      f.fail("recording_url", "'recording_url' is longer than 2000 characters");
    }
  }
  if (type == CtiType::kTransferred) {
    in.to_queue_id = positive(f, "to_queue_id", Need::kRequired).value_or(0);
  }
  if (type == CtiType::kCallbackRequested) {
    in.callback_at = time_of(f, "callback_at", Need::kRequired).value_or(Timestamp{});
  }
  if (type == CtiType::kAgentState) {
    in.agent_id = positive(f, "agent_id", Need::kRequired).value_or(0);
    if (const auto state = f.string("state", Need::kRequired)) {
      if (const auto s = callcenter::parse_agent_state(*state)) {
        in.state = *s;
      } else {
        f.fail("state", "'state' must be one of available, on_call, wrap_up, break, offline");
      }
    }
  }
  GX_RETURN_IF_ERROR(f.finish());
  return in;
}

Json cti_event_to_json(const callcenter::CtiEvent& e) {
  Json j = {{"at", format_utc_iso8601(e.at)}};
  switch (e.kind) {
    case CtiEventKind::kOffer:
      j["type"] = "offered";
      j["call_id"] = e.call.id;
      j["caller_number"] = e.call.caller_number;
      j["queue_id"] = e.call.queue;
      if (e.call.vip) j["vip"] = true;
      if (e.call.dedicated_agent) j["dedicated_agent_id"] = *e.call.dedicated_agent;
      break;
    case CtiEventKind::kAnswered:
      j["type"] = "answered";
      j["call_id"] = e.call_id;
      break;
    case CtiEventKind::kEnded:
      j["type"] = "ended";
      j["call_id"] = e.call_id;
      break;
    case CtiEventKind::kAbandoned:
      j["type"] = "abandoned";
      j["call_id"] = e.call_id;
      break;
    case CtiEventKind::kTransferred:
      j["type"] = "transferred";
      j["call_id"] = e.call_id;
      j["to_queue_id"] = e.queue;
      break;
    case CtiEventKind::kDeclined:
      j["type"] = "declined";
      j["call_id"] = e.call_id;
      break;
    case CtiEventKind::kCallbackRequest:
      j["type"] = "callback_requested";
      j["call_id"] = e.call_id;
      j["callback_at"] = format_utc_iso8601(e.callback_at);
      break;
    case CtiEventKind::kAgentState:
      j["type"] = "agent_state";
      j["agent_id"] = e.agent;
      j["state"] = callcenter::agent_state_name(e.state);
      break;
    case CtiEventKind::kTick:
      j["type"] = "tick";
      break;
  }
  return j;
}

Json decision_to_json(const callcenter::Decision& d) {
  std::string_view kind = "connect";
  for (const auto& [k, text] : kDecisionKinds) {
    if (k == d.kind) kind = text;
  }
  Json j = {{"kind", kind}, {"at", format_utc_iso8601(d.at)}};
  if (d.call != 0) j["call_id"] = d.call;
  if (d.agent != 0) j["agent_id"] = d.agent;
  if (d.queue != 0) j["queue_id"] = d.queue;
  if (d.kind == DecisionKind::kAgentStateChange) j["state"] = callcenter::agent_state_name(d.state);
  if (!d.number.empty()) j["number"] = d.number;
  if (d.customer) j["customer_id"] = *d.customer;
  if (d.kind == DecisionKind::kDial) {
    j["list_id"] = d.list;
    j["entry"] = d.entry;
  }
  if (d.kind == DecisionKind::kCallbackCreated)
    j["callback_at"] = format_utc_iso8601(d.callback_at);
  return j;
}

Json decisions_to_json(const callcenter::Decisions& decisions) {
  Json out = Json::array();
  for (const auto& d : decisions) out.push_back(decision_to_json(d));
  return out;
}

Result<callcenter::Decisions> decisions_from_json(const Json& json) {
  if (!json.is_array()) return Status::invalid("decisions must be a JSON array");
  callcenter::Decisions out;
  for (const Json& j : json) {
    if (!j.is_object() || !j.contains("kind") || !j.contains("at")) {
      return Status::invalid("a decision needs kind and at");
    }
    callcenter::Decision d;
    bool known = false;
    for (const auto& [k, text] : kDecisionKinds) {
      if (j["kind"] == text) {
        d.kind = k;
        known = true;
      }
    }
    if (!known) return Status::invalid("unknown decision kind " + j["kind"].dump());
    GX_ASSIGN_OR_RETURN(d.at, parse_iso8601(j["at"].get<std::string>()));
    d.call = j.value("call_id", int64_t{0});
    d.agent = j.value("agent_id", int64_t{0});
    d.queue = j.value("queue_id", int64_t{0});
    if (j.contains("state")) {
      const auto s = callcenter::parse_agent_state(j["state"].get<std::string>());
      if (!s) return Status::invalid("unknown agent state " + j["state"].dump());
      d.state = *s;
    }
    d.number = j.value("number", std::string());
    if (j.contains("customer_id")) d.customer = j["customer_id"].get<int64_t>();
    d.list = j.value("list_id", int64_t{0});
    d.entry = j.value("entry", size_t{0});
    if (j.contains("callback_at")) {
      GX_ASSIGN_OR_RETURN(d.callback_at, parse_iso8601(j["callback_at"].get<std::string>()));
    }
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace guanxi::cti
