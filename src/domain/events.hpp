// The event API (Segment spec): identify and track calls, de-duplicated by
// messageId, attached to a customer profile by userId / traits, and anonymous
// visitors merged into the profile once identified.
#pragma once

#include <optional>
#include <string>

#include "domain/context.hpp"

namespace guanxi::domain {

struct IdentifyCall {
  std::optional<std::string> user_id;  // our external_id identity
  std::optional<std::string> anonymous_id;
  Json traits =
      Json::object();  // name, email, phone, gender, birthday, city, ... rest -> attributes
  std::optional<Timestamp> timestamp;  // default: received time
  std::string message_id;              // required for de-duplication; generated when absent
};

struct TrackCall {
  std::optional<std::string> user_id;
  std::optional<std::string> anonymous_id;
  std::string event;  // required, e.g. "page_view", "add_to_cart"
  Json properties = Json::object();
  std::optional<Timestamp> timestamp;
  std::string message_id;
};

struct EventOutcome {
  bool duplicate = false;                 // the messageId was seen before; nothing written
  std::optional<CustomerId> customer_id;  // the profile the event is attached to, if known
  int customers_merged = 0;
};

// At least one of user_id / anonymous_id is required (invalid_argument otherwise).
Result<EventOutcome> identify(WriteContext& ctx, const IdentifyCall& call);
Result<EventOutcome> track(WriteContext& ctx, const TrackCall& call);

// A track event Guanxi itself records about a known customer (a ticket was
// resolved, an SLA breached), stored like an API `track` call — the
// `event_tracked` change {"event": name} lets journeys trigger on it.
// `message_id` de-duplicates as for track; returns false for a duplicate.
Result<bool> record_customer_event(WriteContext& ctx, CustomerId customer, std::string_view name,
                                   const Json& properties, std::string message_id);

// Converts identify traits to a CustomerInput: known traits (name, email,
// phone, gender, birthday, province, city, wechat_openid, wechat_unionid) map to
// profile fields and identities; every other trait goes to attributes. A trait
// with a bad value is invalid_argument naming "traits/<key>".
Result<CustomerInput> customer_input_from_traits(const Json& traits);

}  // namespace guanxi::domain
