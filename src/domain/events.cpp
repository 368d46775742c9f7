#include "domain/events.hpp"

#include <sodium.h>

#include "domain/customers.hpp"
#include "domain/internal.hpp"
#include "store/activity_table.hpp"
#include "store/customers_table.hpp"

namespace guanxi::domain {

namespace {

Status trait_error(std::string_view key, std::string message) {
  Location loc;
  loc.field = "/traits/" + std::string(key);
  return Status::invalid(std::move(message), loc);
}

std::string random_message_id() {
  unsigned char bytes[16];
  randombytes_buf(bytes, sizeof bytes);
  char hex[sizeof bytes * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return std::string("gx-") + hex;
}

Status check_ids(const std::optional<std::string>& user_id,
                 const std::optional<std::string>& anonymous_id) {
  if ((!user_id || user_id->empty()) && (!anonymous_id || anonymous_id->empty())) {
    Location loc;
    loc.field = "/userId";
    return Status::invalid("userId or anonymousId is required", loc);
  }
  return Status::ok();
}

// The profile an event belongs to: by userId (created when new), else by a
// known anonymousId; nullopt for a not-yet-identified visitor.
Result<std::optional<CustomerId>> owner_of(WriteContext& ctx,
                                           const std::optional<std::string>& user_id,
                                           const std::optional<std::string>& anonymous_id,
                                           CustomerInput input, int& merged) {
  if (user_id && !user_id->empty()) {
    input.identities.push_back({IdentityType::kExternalId, *user_id});
    if (anonymous_id && !anonymous_id->empty())
      input.identities.push_back({IdentityType::kAnonymousId, *anonymous_id});
    GX_ASSIGN_OR_RETURN(
        auto up, internal::upsert_customer_with(ctx, input, internal::ProfileMode::kOverwrite));
    merged = up.customers_merged;
    return std::optional<CustomerId>(up.customer_id);
  }
  GX_ASSIGN_OR_RETURN(
      auto owner, store::find_identity_owner(ctx.db, ctx.shop.id, "anonymous_id", *anonymous_id));
  if (!owner) {
    // Traits of an anonymous identify still create a profile when they carry an identity.
    if (!input.identities.empty()) {
      input.identities.push_back({IdentityType::kAnonymousId, *anonymous_id});
      GX_ASSIGN_OR_RETURN(
          auto up, internal::upsert_customer_with(ctx, input, internal::ProfileMode::kOverwrite));
      merged = up.customers_merged;
      return std::optional<CustomerId>(up.customer_id);
    }
    return std::optional<CustomerId>();
  }
  // A known visitor: traits (and identities) they now carry update the profile.
  GX_ASSIGN_OR_RETURN(auto up, internal::upsert_customer_with(
                                   ctx, input, internal::ProfileMode::kOverwrite, *owner));
  merged = up.customers_merged;
  return std::optional<CustomerId>(up.customer_id);
}

Result<EventOutcome> store_event(WriteContext& ctx, std::string_view kind, std::string_view name,
                                 const std::optional<std::string>& user_id,
                                 const std::optional<std::string>& anonymous_id,
                                 const Json& properties, const std::optional<Timestamp>& timestamp,
                                 const std::string& message_id, const CustomerInput& input) {
  GX_RETURN_IF_ERROR(check_ids(user_id, anonymous_id));
  EventOutcome out;
  store::EventRecord e;
  e.shop_id = ctx.shop.id;
  e.message_id = message_id.empty() ? random_message_id() : message_id;
  if (e.message_id.size() > 200) {
    Location loc;
    loc.field = "/messageId";
    return Status::invalid("messageId is longer than 200 bytes", loc);
  }
  // De-duplicate before any profile write, so a replayed call changes nothing.
  e.kind = std::string(kind);
  e.name = std::string(name);
  e.user_id = user_id;
  e.anonymous_id = anonymous_id;
  e.properties = properties.dump();
  e.received_at = internal::now_ms(ctx);
  e.occurred_at = timestamp ? to_millis(*timestamp) : e.received_at;
  GX_ASSIGN_OR_RETURN(auto inserted, store::insert_event(ctx.db, e));
  if (!inserted) {
    out.duplicate = true;
    return out;
  }
  GX_ASSIGN_OR_RETURN(out.customer_id,
                      owner_of(ctx, user_id, anonymous_id, input, out.customers_merged));
  if (out.customer_id) {
    GX_RETURN_IF_ERROR(store::set_event_customer(ctx.db, *inserted, *out.customer_id));
    // Earlier events of the same visitor now belong to the profile too.
    if (anonymous_id && !anonymous_id->empty()) {
      GX_RETURN_IF_ERROR(
          store::attribute_anonymous_events(ctx.db, ctx.shop.id, *anonymous_id, *out.customer_id));
    }
  }
  GX_RETURN_IF_ERROR(
      internal::record_change(ctx, kind == "identify" ? "customer_identified" : "event_tracked",
                              out.customer_id, *inserted, Json{{"event", name}}.dump()));
  return out;
}

}  // namespace

Result<CustomerInput> customer_input_from_traits(const Json& traits) {
  CustomerInput in;
  if (!traits.is_object()) return trait_error("", "traits must be an object");
  for (const auto& [key, value] : traits.items()) {
    auto text = [&]() -> Result<std::string> {
      if (!value.is_string()) return trait_error(key, "trait '" + key + "' must be a string");
      return value.get<std::string>();
    };
    auto identity = [&](IdentityType type) -> Status {
      GX_ASSIGN_OR_RETURN(std::string v, text());
      if (v.empty()) return Status::ok();
      auto n = normalize_identity({type, v});
      if (!n.ok()) return trait_error(key, n.status().message());
      in.identities.push_back({type, v});
      return Status::ok();
    };
    if (key == "email") {
      GX_RETURN_IF_ERROR(identity(IdentityType::kEmail));
    } else if (key == "phone") {
      GX_RETURN_IF_ERROR(identity(IdentityType::kPhone));
    } else if (key == "wechat_openid") {
      GX_RETURN_IF_ERROR(identity(IdentityType::kWechatOpenid));
    } else if (key == "wechat_unionid") {
      GX_RETURN_IF_ERROR(identity(IdentityType::kWechatUnionid));
    } else if (key == "name") {
      GX_ASSIGN_OR_RETURN(in.name, text());
    } else if (key == "firstName" || key == "lastName") {
      in.attributes[key] = value;
    } else if (key == "gender") {
      GX_ASSIGN_OR_RETURN(std::string v, text());
      auto g = parse_gender(v);
      if (!g.ok()) return trait_error(key, g.status().message());
      in.gender = *g;
    } else if (key == "birthday") {
      GX_ASSIGN_OR_RETURN(std::string v, text());
      // Segment sends ISO dates, sometimes with a time part.
      auto b = parse_birthday(v.substr(0, v.find('T')));
      if (!b.ok()) return trait_error(key, b.status().message());
      in.birthday = *b;
    } else if (key == "province" || key == "state") {
      GX_ASSIGN_OR_RETURN(in.province, text());
    } else if (key == "city") {
      GX_ASSIGN_OR_RETURN(in.city, text());
    } else if (key == "address" && value.is_object()) {
      if (value.contains("city") && value["city"].is_string())
        in.city = value["city"].get<std::string>();
      if (value.contains("state") && value["state"].is_string())
        in.province = value["state"].get<std::string>();
    } else {
      in.attributes[key] = value;
    }
  }
  return in;
}

Result<EventOutcome> identify(WriteContext& ctx, const IdentifyCall& call) {
  GX_ASSIGN_OR_RETURN(CustomerInput input, customer_input_from_traits(call.traits));
  return store_event(ctx, "identify", "identify", call.user_id, call.anonymous_id, call.traits,
                     call.timestamp, call.message_id, input);
}

Result<EventOutcome> track(WriteContext& ctx, const TrackCall& call) {
  if (call.event.empty()) {
    Location loc;
    loc.field = "/event";
    return Status::invalid("event is required", loc);
  }
  if (call.event.size() > 200) {
    Location loc;
    loc.field = "/event";
    return Status::invalid("event is longer than 200 bytes", loc);
  }
  if (!call.properties.is_object()) {
    Location loc;
    loc.field = "/properties";
    return Status::invalid("properties must be an object", loc);
  }
  return store_event(ctx, "track", call.event, call.user_id, call.anonymous_id, call.properties,
                     call.timestamp, call.message_id, CustomerInput{});
}

Result<bool> record_customer_event(WriteContext& ctx, CustomerId customer, std::string_view name,
                                   const Json& properties, std::string message_id) {
  store::EventRecord e;
  e.shop_id = ctx.shop.id;
  e.message_id = std::move(message_id);
  e.kind = "track";
  e.name = std::string(name);
  e.customer_id = customer;
  e.properties = properties.dump();
  e.received_at = internal::now_ms(ctx);
  e.occurred_at = e.received_at;
  GX_ASSIGN_OR_RETURN(auto inserted, store::insert_event(ctx.db, e));
  if (!inserted) return false;
  GX_RETURN_IF_ERROR(internal::record_change(ctx, "event_tracked", customer, *inserted,
                                             Json{{"event", name}}.dump()));
  return true;
}

}  // namespace guanxi::domain
