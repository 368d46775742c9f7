// Readers of Segment identify / track calls (see inputs.hpp).
#include "api/input_fields.hpp"
#include "api/inputs.hpp"

namespace guanxi::api {

namespace {

using detail::time_member;
using Need = JsonFields::Need;

// Envelope members of the Segment spec that Guanxi accepts and ignores.
constexpr std::string_view kIgnoredEnvelope[] = {
    "context", "integrations", "sentAt", "receivedAt", "originalTimestamp", "channel", "version"};

// Reads the members every call has; checks `type` when present.
template <typename Call>
void read_common(JsonFields& f, std::string_view type, Call& call) {
  for (const std::string_view key : kIgnoredEnvelope) f.allow(key);
  if (const auto t = f.string("type"); t && *t != type) {
    f.fail("type", "'type' must be '" + std::string(type) + "' here");
  }
  call.user_id = f.string("userId");
  call.anonymous_id = f.string("anonymousId");
  call.timestamp = time_member(f, "timestamp");
  call.message_id = f.string("messageId").value_or("");
}

}  // namespace

Result<domain::IdentifyCall> read_identify(const Json& body, const std::string& pointer) {
  domain::IdentifyCall call;
  JsonFields f(body, pointer);
  read_common(f, "identify", call);
  if (const Json* traits = f.object("traits")) call.traits = *traits;
  GX_RETURN_IF_ERROR(f.finish());
  return call;
}

Result<domain::TrackCall> read_track(const Json& body, const std::string& pointer) {
  domain::TrackCall call;
  JsonFields f(body, pointer);
  read_common(f, "track", call);
  call.event = f.string("event", Need::kRequired).value_or("");
  if (const Json* properties = f.object("properties")) call.properties = *properties;
  GX_RETURN_IF_ERROR(f.finish());
  return call;
}

Result<SegmentCall> read_segment_call(const Json& body, const std::string& pointer) {
  JsonFields f(body, pointer);
  const auto type = f.string("type", Need::kRequired);
  if (!type) return f.finish();
  if (*type == "identify") {
    GX_ASSIGN_OR_RETURN(auto call, read_identify(body, pointer));
    return SegmentCall(std::move(call));
  }
  if (*type == "track") {
    GX_ASSIGN_OR_RETURN(auto call, read_track(body, pointer));
    return SegmentCall(std::move(call));
  }
  f.fail("type", "unsupported call type '" + *type + "' (expected identify or track)");
  return f.finish();
}

}  // namespace guanxi::api
