#include "segment/rule/checker.hpp"

#include "segment/rule/text.hpp"

namespace guanxi::segment {

namespace {

std::string quoted(std::string_view s) {
  return "'" + std::string(s) + "'";
}

std::string join(const std::vector<std::string_view>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    out += items[i];
  }
  return out;
}

// A number as written, split into its parts. Returns false unless `text` is
// -?[0-9]+(\.[0-9]+)?.
struct DecimalParts {
  bool negative = false;
  std::string_view whole;
  std::string_view fraction;
};

bool split_decimal(std::string_view text, DecimalParts& out) {
  out = {};
  if (!text.empty() && text.front() == '-') {
    out.negative = true;
    text.remove_prefix(1);
  }
  const size_t dot = text.find('.');
  out.whole = text.substr(0, dot);
  if (dot != std::string_view::npos) {
    out.fraction = text.substr(dot + 1);
    if (out.fraction.empty()) return false;
  }
  if (out.whole.empty()) return false;
  for (char c : out.whole) {
    if (c < '0' || c > '9') return false;
  }
  for (char c : out.fraction) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// whole * 10^scale + fraction (padded to `scale` digits), or nullopt above kMaxNumber.
// Precondition: fraction.size() <= scale.
std::optional<int64_t> scaled_value(const DecimalParts& parts, size_t scale) {
  int64_t value = 0;
  const auto push = [&](char c) {
    if (value > kMaxNumber) return;
    value = value * 10 + (c - '0');
  };
  for (char c : parts.whole) push(c);
  for (size_t i = 0; i < scale; ++i) push(i < parts.fraction.size() ? parts.fraction[i] : '0');
  if (value > kMaxNumber) return std::nullopt;
  return parts.negative ? -value : value;
}

Status too_large(std::string_view text) {
  return Status::invalid("number " + std::string(text) + " is too large");
}

// Inclusive value range of a count field, when it has one.
std::optional<std::pair<int64_t, int64_t>> count_range(Field f) {
  switch (f) {
    case Field::kBirthdayMonth:
      return std::pair<int64_t, int64_t>{1, 12};
    case Field::kBirthdayDay:
      return std::pair<int64_t, int64_t>{1, 31};
    case Field::kRfmR:
    case Field::kRfmF:
    case Field::kRfmM:
      return std::pair<int64_t, int64_t>{1, 5};
    default:
      return std::nullopt;
  }
}

Result<Literal> check_whole_number(const FieldRef& ref, const RawValue& value,
                                   const DecimalParts& parts) {
  const std::string name = quoted(field_display(ref));
  if (!parts.fraction.empty()) {
    return Status::invalid(name + " takes a whole number, not " + value.text);
  }
  if (parts.negative) return Status::invalid(name + " cannot be negative (" + value.text + ")");
  const auto n = scaled_value(parts, 0);
  if (!n) return too_large(value.text);
  if (const auto range = count_range(ref.field)) {
    if (*n < range->first || *n > range->second) {
      return Status::invalid(name + " must be between " + std::to_string(range->first) + " and " +
                             std::to_string(range->second) + ", not " + value.text);
    }
  }
  return Literal{*n, false};
}

Result<Literal> check_string(const FieldRef& ref, const RawValue& value) {
  GX_RETURN_IF_ERROR(check_text(value.text));
  if (!is_closed_vocabulary(ref.field)) return Literal{value.text, false};
  if (auto canonical = canonical_value(ref.field, value.text)) return Literal{*canonical, false};
  std::string message = "unknown " + std::string(field_info(ref.field).name) + " " +
                        quoted(value.text) + " — expected one of " +
                        join(allowed_values(ref.field));
  if (ref.field == Field::kRfmGroup) {
    std::vector<std::string_view> english;
    for (const auto& g : kRfmGroups) english.push_back(g.en);
    message += " (or in English: " + join(english) + ")";
  }
  return Status::invalid(message);
}

std::string format_scaled(int64_t value, bool at_least_one_decimal) {
  const bool negative = value < 0;
  const uint64_t magnitude =
      negative ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  std::string out = negative ? "-" : "";
  out += std::to_string(magnitude / 100);
  const uint64_t cents = magnitude % 100;
  if (cents == 0) {
    if (at_least_one_decimal) out += ".0";
  } else if (cents % 10 == 0) {
    out += "." + std::to_string(cents / 10);
  } else {
    out += cents < 10 ? ".0" : ".";
    out += std::to_string(cents);
  }
  return out;
}

Status check_node(const Node& n, int depth);

}  // namespace

std::string field_display(const FieldRef& ref) {
  std::string out(field_info(ref.field).name);
  if (ref.field == Field::kAttr || ref.field == Field::kEventCount) {
    out += "(\"" + ref.arg + "\")";
  }
  return out;
}

Status check_text(std::string_view text) {
  if (!is_valid_utf8(text)) return Status::invalid("text is not valid UTF-8");
  for (char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b == 0x7F) return Status::invalid("text may not contain control characters");
  }
  return Status::ok();
}

Status check_name(std::string_view what, std::string_view text) {
  if (text.empty()) return Status::invalid(std::string(what) + " must not be empty");
  return check_text(text);
}

Status check_window_allowed(Field f) {
  if (field_info(f).windowed) return Status::ok();
  std::vector<std::string_view> windowed;
  for (const auto& info : all_fields()) {
    if (info.windowed) windowed.push_back(info.name);
  }
  std::string list;
  for (size_t i = 0; i < windowed.size(); ++i) {
    if (i > 0) list += i + 1 == windowed.size() ? " and " : ", ";
    list += windowed[i];
  }
  return Status::invalid(quoted(field_info(f).name) + " does not take a window; only " + list +
                         " do");
}

Result<int32_t> check_window(int64_t days) {
  if (days < 1 || days > kMaxWindowDays) {
    return Status::invalid("a window must be between 1d and " + std::to_string(kMaxWindowDays) +
                           "d, not " + std::to_string(days) + "d");
  }
  return static_cast<int32_t>(days);
}

Status check_field_ref(const FieldRef& ref) {
  if (ref.window_days) {
    GX_RETURN_IF_ERROR(check_window_allowed(ref.field));
    GX_RETURN_IF_ERROR(check_window(*ref.window_days).status());
  }
  switch (ref.field) {
    case Field::kAttr:
      return check_name("attr key", ref.arg);
    case Field::kEventCount:
      return check_name("event name", ref.arg);
    default:
      if (!ref.arg.empty()) {
        return Status::invalid(quoted(field_info(ref.field).name) + " takes no name argument");
      }
      return Status::ok();
  }
}

Status check_operator(const FieldRef& ref, CompareOp op, RawValue::Kind kind) {
  if (op == CompareOp::kEq || op == CompareOp::kNe) return Status::ok();
  const ValueType type = field_info(ref.field).type;
  if (type == ValueType::kString) {
    return Status::invalid(quoted(field_display(ref)) + " is text; use = != or in, not " +
                           quoted(compare_op_text(op)));
  }
  if (type == ValueType::kAny && kind == RawValue::Kind::kString) {
    return Status::invalid(quoted(field_display(ref)) +
                           " compared with text takes = != or in, not " +
                           quoted(compare_op_text(op)));
  }
  return Status::ok();
}

Result<Literal> check_value(const FieldRef& ref, const RawValue& value) {
  const ValueType type = field_info(ref.field).type;
  const std::string name = quoted(field_display(ref));
  if (type == ValueType::kString ||
      (type == ValueType::kAny && value.kind == RawValue::Kind::kString)) {
    if (value.kind != RawValue::Kind::kString) {
      return Status::invalid(name + " takes text in double quotes, not the number " + value.text);
    }
    return check_string(ref, value);
  }
  if (value.kind != RawValue::Kind::kNumber) {
    return Status::invalid(name + " takes a number, not text");
  }
  DecimalParts parts;
  if (!split_decimal(value.text, parts)) {
    return Status::invalid("malformed number " + quoted(value.text));
  }
  switch (type) {
    case ValueType::kCount:
    case ValueType::kDays:
      return check_whole_number(ref, value, parts);
    case ValueType::kMoney: {
      if (parts.fraction.size() > 2) {
        return Status::invalid(name + " is money in yuan with at most 2 decimals, not " +
                               value.text);
      }
      const auto minor = scaled_value(parts, 2);
      if (!minor) return too_large(value.text);
      return Literal{*minor, false};
    }
    case ValueType::kAny: {
      if (parts.fraction.size() > 2) {
        return Status::invalid(name + " takes numbers with at most 2 decimals, not " + value.text);
      }
      const bool decimal = value.text.find('.') != std::string::npos;
      const auto n = scaled_value(parts, decimal ? 2 : 0);
      if (!n) return too_large(value.text);
      return Literal{*n, decimal};
    }
    case ValueType::kString:
      break;
  }
  return Status::internal("unreachable value type");
}

Status check_list_kind(const FieldRef& ref, RawValue::Kind first, RawValue::Kind kind) {
  if (first == kind) return Status::ok();
  return Status::invalid("the values of " + quoted(field_display(ref)) +
                         " in (...) must be all text or all numbers");
}

Result<HasKind> check_identity(std::string_view name) {
  if (auto kind = has_kind_by_name(name)) return *kind;
  std::vector<std::string_view> names;
  for (auto k : {HasKind::kPhone, HasKind::kEmail, HasKind::kWechat, HasKind::kTaobao, HasKind::kJd,
                 HasKind::kShopify, HasKind::kExternal}) {
    names.push_back(has_kind_name(k));
  }
  return Status::invalid("unknown identity " + quoted(name) + " — expected one of " + join(names));
}

RawValue raw_value(const FieldRef& ref, const Literal& literal) {
  if (!literal.is_number()) return {RawValue::Kind::kString, literal.text()};
  const ValueType type = field_info(ref.field).type;
  if (type == ValueType::kMoney)
    return {RawValue::Kind::kNumber, format_scaled(literal.number(), false)};
  if (type == ValueType::kAny && literal.decimal) {
    return {RawValue::Kind::kNumber, format_scaled(literal.number(), true)};
  }
  return {RawValue::Kind::kNumber, std::to_string(literal.number())};
}

namespace {

// A typed literal is valid when writing it out and checking it again gives it back.
Status check_literal(const FieldRef& ref, const Literal& literal) {
  if (literal.is_number() && (literal.number() > kMaxNumber || literal.number() < -kMaxNumber)) {
    return Status::invalid("number " + std::to_string(literal.number()) + " is too large");
  }
  const RawValue raw = raw_value(ref, literal);
  GX_ASSIGN_OR_RETURN(const Literal again, check_value(ref, raw));
  if (!(again == literal)) {
    return Status::invalid("literal of " + quoted(field_display(ref)) +
                           " is not in canonical form");
  }
  return Status::ok();
}

Status check_node(const Node& n, int depth) {
  if (depth > kMaxDepth) {
    return Status::invalid("rule is nested too deeply (more than " + std::to_string(kMaxDepth) +
                           " levels)");
  }
  switch (n.kind) {
    case NodeKind::kAnd:
    case NodeKind::kOr:
      if (n.children.size() < 2) return Status::invalid("and/or needs at least 2 conditions");
      break;
    case NodeKind::kNot:
      if (n.children.size() != 1) return Status::invalid("not needs exactly 1 condition");
      break;
    case NodeKind::kCompare:
    case NodeKind::kIn: {
      GX_RETURN_IF_ERROR(check_field_ref(n.field));
      if (n.kind == NodeKind::kCompare && n.values.size() != 1) {
        return Status::invalid("a comparison needs exactly 1 value");
      }
      if (n.values.empty()) return Status::invalid("in (...) needs at least 1 value");
      const auto first_kind =
          n.values.front().is_number() ? RawValue::Kind::kNumber : RawValue::Kind::kString;
      for (const auto& v : n.values) {
        const auto kind = v.is_number() ? RawValue::Kind::kNumber : RawValue::Kind::kString;
        GX_RETURN_IF_ERROR(check_list_kind(n.field, first_kind, kind));
        GX_RETURN_IF_ERROR(check_literal(n.field, v));
      }
      if (n.kind == NodeKind::kCompare) {
        GX_RETURN_IF_ERROR(check_operator(n.field, n.op, first_kind));
      }
      break;
    }
    case NodeKind::kTag:
      GX_RETURN_IF_ERROR(check_name("tag name", n.text));
      break;
    case NodeKind::kInSegment:
      GX_RETURN_IF_ERROR(check_name("segment name", n.text));
      break;
    case NodeKind::kHas:
      break;
    case NodeKind::kBought:
      GX_RETURN_IF_ERROR(check_name(bought_by_name(n.bought_by), n.text));
      if (n.window_days) GX_RETURN_IF_ERROR(check_window(*n.window_days).status());
      break;
    case NodeKind::kAll:
      break;
  }
  if (n.kind != NodeKind::kAnd && n.kind != NodeKind::kOr && n.kind != NodeKind::kNot &&
      !n.children.empty()) {
    return Status::invalid("only and, or and not have child conditions");
  }
  for (const auto& c : n.children) GX_RETURN_IF_ERROR(check_node(c, depth + 1));
  return Status::ok();
}

}  // namespace

Status validate_rule(const Rule& rule) {
  return check_node(rule.root, 0);
}

namespace {

bool within_depth(const Node& n, int depth) {
  if (depth > kMaxDepth) return false;
  for (const auto& c : n.children) {
    if (!within_depth(c, depth + 1)) return false;
  }
  return true;
}

}  // namespace

Status check_depth(const Rule& rule) {
  if (within_depth(rule.root, 0)) return Status::ok();
  return Status::invalid("rule is nested too deeply (more than " + std::to_string(kMaxDepth) +
                         " levels)");
}

}  // namespace guanxi::segment
