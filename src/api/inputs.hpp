// Request bodies -> domain inputs. Strict: unknown members, wrong types and
// unparseable values (dates, enums) are invalid_argument whose location is the
// JSON pointer of the offending member. Semantic checks (amounts, lengths,
// identity formats) are the domain's; these readers only translate.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/json.hpp"
#include "core/status.hpp"
#include "domain/activity.hpp"
#include "domain/events.hpp"
#include "domain/model.hpp"
#include "segment/engine.hpp"
#include "segment/rule/ast.hpp"

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
// The same memo members read from `f` into `in`, for bodies that add their own
// (the interactions of the service desk); the caller finishes `f`.
void read_note_members(JsonFields& f, domain::NoteInput& in, JsonFields::Need type_need);

// Segment calls. The envelope members context, integrations, sentAt,
// receivedAt, originalTimestamp, channel and version are accepted and ignored;
// `type`, when present, must name the call.
using SegmentCall = std::variant<domain::IdentifyCall, domain::TrackCall>;
Result<domain::IdentifyCall> read_identify(const Json& body, const std::string& pointer);
Result<domain::TrackCall> read_track(const Json& body, const std::string& pointer);
// An element of a Segment batch: dispatched on its required `type`.
Result<SegmentCall> read_segment_call(const Json& body, const std::string& pointer);

// A shop-local calendar date "YYYY-MM-DD" <-> its day number (days since
// 1970-01-01 on the shop's calendar), the form the segment engine takes
// `as_of` in. The date already is shop-local, so no zone is involved.
Result<int32_t> parse_day_number(std::string_view text);
std::string format_day_number(int32_t day);

// A rule given as text (`text`, the "rule" member) or in its JSON form
// (`json`, the "rule_json" member): at most one of them; nullopt when neither.
// A text that does not parse is located at "/rule" with the parser's line and
// column (and message "line 1, col 12: ..."); a JSON form under "/rule_json".
Result<std::optional<segment::Rule>> read_rule(const std::optional<std::string>& text,
                                               const Json* json);

// POST /segments/preview: rule | rule_json (required), as_of, sample (0..100).
struct RulePreview {
  segment::Rule rule;
  std::optional<int32_t> as_of_day;  // nullopt: today
  int sample = 20;
};
Result<RulePreview> read_rule_preview(const Json& body);

// POST /segments: name, kind ("dynamic" | "static"), rule | rule_json, ids
// (static uploads), description, tag. Whether the combination makes sense
// (a dynamic segment needs a rule) is the engine's to say.
Result<segment::SegmentInput> read_segment_input(const Json& body);
// PATCH /segments/{id}: name, rule | rule_json, description, tag.
Result<segment::SegmentPatch> read_segment_patch(const Json& body);

}  // namespace guanxi::api
