// Masking of personal data in response bodies for callers without pii.view
// (see can_view_pii): phone numbers, e-mail addresses, postal addresses and
// identity values anywhere in a rendered customer, 360, order, message,
// ticket or screen-pop. Applied to the rendered JSON so that every renderer
// of customer data is covered by one rule set:
//   - identities {"type", "value"}: phone → 138****1234, email → z***@x.com,
//     other types keep their first 3 and last 2 characters;
//   - members named phone, mobile, receiver_phone, caller, from, to, address,
//     receiver_address, email (only when the value looks like one).
#pragma once

#include "core/json.hpp"

namespace guanxi::api {

struct Principal;

// Masks `body` in place.
void mask_pii(Json& body);
// Masks `body` unless the caller may see personal data.
void mask_pii_for(const Principal& principal, Json& body);

}  // namespace guanxi::api
