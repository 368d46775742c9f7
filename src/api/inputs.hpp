// Request bodies -> domain inputs. Strict: unknown members, wrong types and
// unparseable values (dates, enums) are invalid_argument whose location is the
// JSON pointer of the offending member. Semantic checks (amounts, lengths,
// identity formats) are the domain's; these readers only translate.
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "core/json.hpp"
#include "core/status.hpp"
#include "domain/activity.hpp"
#include "domain/events.hpp"
#include "domain/model.hpp"

namespace guanxi::api {

enum class CustomerBody {
  kCreate,  // POST /customers: null means absent
  kPatch,   // PATCH /customers/{id}: null clears a text, gender or consent field
  kBuyer,   // the "customer" object of an order
};

// name, gender, birthday, birthday_lunar, province, city, signup_at,
// source_channel, owner_user_id, csr_user_id, consent {sms, email, wechat},
// attributes {}, identities [{type, value}]. `pointer` locates `body` in the
// document ("" for the root, "/customer" in an order).
Result<domain::CustomerInput> read_customer_input(const Json& body, const std::string& pointer,
                                                  CustomerBody kind);

// One order (POST /orders, an element of POST /orders/batch). `currency`
// defaults to the shop's. Exactly the members listed in the OpenAPI
// document's OrderInput schema.
Result<domain::OrderInput> read_order_input(const Json& body, const std::string& pointer,
                                            std::string_view default_currency);

// type, direction, author, summary, occurred_at.
Result<domain::NoteInput> read_note_input(const Json& body);

// Segment calls. The envelope members context, integrations, sentAt,
// receivedAt, originalTimestamp, channel and version are accepted and ignored;
// `type`, when present, must name the call.
using SegmentCall = std::variant<domain::IdentifyCall, domain::TrackCall>;
Result<domain::IdentifyCall> read_identify(const Json& body, const std::string& pointer);
Result<domain::TrackCall> read_track(const Json& body, const std::string& pointer);
// An element of a Segment batch: dispatched on its required `type`.
Result<SegmentCall> read_segment_call(const Json& body, const std::string& pointer);

}  // namespace guanxi::api
