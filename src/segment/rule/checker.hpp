// The type rules of the segment language, shared by the text parser and the
// JSON form so that both accept exactly the same rules and build the same AST.
//
// Every function returns an invalid_argument Status whose message says what is
// wrong but not where: the parser prefixes "line L, col C: " and the JSON form
// sets Location::field to the JSON pointer.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.hpp"
#include "segment/rule/ast.hpp"

namespace guanxi::segment {

// A literal as written, before the field it is compared with gives it a type.
struct RawValue {
  enum class Kind : uint8_t { kNumber, kString };
  Kind kind = Kind::kNumber;
  // kNumber: the number as written, `-?[0-9]+(\.[0-9]+)?`; kString: the text itself.
  std::string text;
  bool operator==(const RawValue&) const = default;
};

// How deep a rule may nest: the most and/or/not levels above any condition.
// Bounds recursion in every pass over a rule built from outside input.
inline constexpr int kMaxDepth = 64;
// Windows run from 1d to 100 years.
inline constexpr int64_t kMaxWindowDays = 36500;
// Largest magnitude of a stored number (minor units for money): 15 digits, so
// that money and decimal attr values survive a trip through a JSON double.
inline constexpr int64_t kMaxNumber = 999'999'999'999'999;

// The field as named in messages: orders, attr("level"), event_count("page_view").
std::string field_display(const FieldRef& ref);

// Text in a rule (string literals, names, keys): valid UTF-8 without control characters.
Status check_text(std::string_view text);
// A name that must not be empty, e.g. check_name("tag name", "黑名单").
Status check_name(std::string_view what, std::string_view text);

// Fails unless `f` accepts a window (orders, revenue, contacts, event_count).
Status check_window_allowed(Field f);
// A window length in days, 1..kMaxWindowDays.
Result<int32_t> check_window(int64_t days);
// All of a field reference: window only where allowed and in range, a
// non-empty key for attr() and event name for event_count(), no text elsewhere.
Status check_field_ref(const FieldRef& ref);

// Whether `op` applies to the field when compared with a literal of `kind`:
// text takes only = and != (and `in`); numbers take all six.
Status check_operator(const FieldRef& ref, CompareOp op, RawValue::Kind kind);

// Types a literal for a field: money in yuan with at most 2 decimals becomes
// minor units; counts and days are non-negative integers (with ranges for
// birthday_month 1..12, birthday_day 1..31, rfm_r/f/m 1..5); closed
// vocabularies are canonicalized; attr() numbers with a decimal point are
// scaled by 100 and marked decimal.
Result<Literal> check_value(const FieldRef& ref, const RawValue& value);

// The values of an `in` list on attr() must be all strings or all numbers.
Status check_list_kind(const FieldRef& ref, RawValue::Kind first, RawValue::Kind kind);

// has(...) identity by name (phone, email, ...).
Result<HasKind> check_identity(std::string_view name);

// The inverse of check_value: how a typed literal is written (money in yuan
// with minimal decimals, decimal attr numbers with at least one decimal).
// check_value(ref, raw_value(ref, lit)) == lit for every literal check_value returns.
RawValue raw_value(const FieldRef& ref, const Literal& literal);

// Fails when some node lies more than kMaxDepth levels below the root.
Status check_depth(const Rule& rule);

// Checks a Rule built in code against every rule above plus the shape of the
// tree (and/or with >= 2 children, not with 1, in with >= 1 value, ...). The
// parser and rule_from_json only ever return rules that pass.
Status validate_rule(const Rule& rule);

}  // namespace guanxi::segment
