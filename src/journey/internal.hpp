// Helpers shared by the journey module's implementation files (not part of its API).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/json.hpp"
#include "core/status.hpp"
#include "domain/context.hpp"
#include "store/change_feed.hpp"

namespace guanxi::journey::internal {

// invalid_argument "<pointer>: <message>", located at the JSON pointer.
inline Status fail_at(const std::string& pointer, const std::string& message) {
  Location loc;
  loc.field = pointer;
  return Status::invalid(pointer + ": " + message, loc);
}

// Appends a change of `kind` about entity `id` to the change feed, attributed to w.actor.
inline Status append(domain::WriteContext& w, std::string_view kind, int64_t id,
                     const Json& payload) {
  store::ChangeRecord c;
  c.shop_id = w.shop.id;
  c.kind = std::string(kind);
  c.entity_id = id;
  c.payload = payload.dump();
  c.actor = w.actor;
  c.created_at = to_millis(w.clock.now());
  return store::append_change(w.db, c).status();
}

}  // namespace guanxi::journey::internal
