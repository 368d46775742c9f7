#include "segment/rule/json_form.hpp"

#include <array>
#include <charconv>
#include <vector>

#include "segment/rule/checker.hpp"
#include "segment/rule/text.hpp"

namespace guanxi::segment {

namespace {

constexpr const char* kOpKey = "op";

Json literal_to_json(const FieldRef& ref, const Literal& literal) {
  const RawValue raw = raw_value(ref, literal);
  if (raw.kind == RawValue::Kind::kString) return raw.text;
  const char* begin = raw.text.data();
  const char* end = begin + raw.text.size();
  if (raw.text.find('.') == std::string::npos) {
    int64_t whole = 0;
    std::from_chars(begin, end, whole);
    return whole;
  }
  // A decimal: the double nearest to it, which prints back as the same digits
  // (at most 15 significant digits, see kMaxNumber).
  double value = 0;
  std::from_chars(begin, end, value);
  return value;
}

void field_to_json(const FieldRef& ref, Json& out) {
  out["field"] = std::string(field_info(ref.field).name);
  if (ref.window_days) out["window_days"] = *ref.window_days;
  if (ref.field == Field::kAttr) out["key"] = ref.arg;
  if (ref.field == Field::kEventCount) out["event"] = ref.arg;
}

Json node_to_json(const Node& node) {
  Json out = Json::object();
  switch (node.kind) {
    case NodeKind::kAnd:
    case NodeKind::kOr: {
      out[kOpKey] = node.kind == NodeKind::kAnd ? "and" : "or";
      Json args = Json::array();
      for (const auto& c : node.children) args.push_back(node_to_json(c));
      out["args"] = std::move(args);
      break;
    }
    case NodeKind::kNot:
      out[kOpKey] = "not";
      out["arg"] = node.children.empty() ? Json::object() : node_to_json(node.children.front());
      break;
    case NodeKind::kCompare:
      out[kOpKey] = std::string(compare_op_text(node.op));
      field_to_json(node.field, out);
      if (!node.values.empty()) out["value"] = literal_to_json(node.field, node.values.front());
      break;
    case NodeKind::kIn: {
      out[kOpKey] = "in";
      field_to_json(node.field, out);
      Json values = Json::array();
      for (const auto& v : node.values) values.push_back(literal_to_json(node.field, v));
      out["values"] = std::move(values);
      break;
    }
    case NodeKind::kTag:
    case NodeKind::kInSegment:
      out[kOpKey] = node.kind == NodeKind::kTag ? "tag" : "in_segment";
      out["name"] = node.text;
      break;
    case NodeKind::kHas:
      out[kOpKey] = "has";
      out["identity"] = std::string(has_kind_name(node.has_kind));
      break;
    case NodeKind::kBought:
      out[kOpKey] = "bought";
      out[std::string(bought_by_name(node.bought_by))] = node.text;
      if (node.window_days) out["within_days"] = *node.window_days;
      break;
    case NodeKind::kAll:
      out[kOpKey] = "all";
      break;
  }
  return out;
}

Status at_pointer(const Status& status, std::string pointer) {
  Location loc;
  loc.field = pointer.empty() ? "/" : std::move(pointer);
  return Status::invalid(status.message(), std::move(loc));
}

// A JSON number or string as written in a rule. Integers keep their digits;
// other numbers are written with the shortest digits that read back as the
// same double, and always with a decimal point (4.0 stays a decimal).
Result<RawValue> raw_from_json(const Json& v, const std::string& pointer) {
  if (v.is_string()) return RawValue{RawValue::Kind::kString, v.get<std::string>()};
  if (v.is_number_unsigned())
    return RawValue{RawValue::Kind::kNumber, std::to_string(v.get<uint64_t>())};
  if (v.is_number_integer())
    return RawValue{RawValue::Kind::kNumber, std::to_string(v.get<int64_t>())};
  if (v.is_number_float()) {
    std::array<char, 512> buf{};
    const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v.get<double>(),
                                         std::chars_format::fixed);
    if (ec != std::errc()) return at_pointer(Status::invalid("number is out of range"), pointer);
    std::string text(buf.data(), end);
    if (text.find('.') == std::string::npos) text += ".0";
    return RawValue{RawValue::Kind::kNumber, std::move(text)};
  }
  return at_pointer(Status::invalid("a value must be a number or a string"), pointer);
}

std::optional<CompareOp> compare_op_by_text(std::string_view text) {
  for (auto op : {CompareOp::kEq, CompareOp::kNe, CompareOp::kLt, CompareOp::kLe, CompareOp::kGt,
                  CompareOp::kGe}) {
    if (compare_op_text(op) == text) return op;
  }
  return std::nullopt;
}

constexpr JsonFields::Need kRequired = JsonFields::Need::kRequired;

std::string child_pointer(const std::string& pointer, std::string_view key) {
  return pointer + "/" + std::string(key);
}

std::string child_pointer(const std::string& pointer, std::string_view key, size_t index) {
  return pointer + "/" + std::string(key) + "/" + std::to_string(index);
}

Result<Node> read_node(const Json& json, const std::string& pointer, int depth);

Result<Node> read_chain(JsonFields& f, NodeKind kind, const std::string& pointer, int depth) {
  const Json* args = f.array("args", kRequired);
  GX_RETURN_IF_ERROR(f.finish());
  if (args->empty()) {
    return at_pointer(Status::invalid("'args' needs at least one condition; {\"op\":\"all\"} "
                                      "matches every customer"),
                      child_pointer(pointer, "args"));
  }
  Node node;
  node.kind = kind;
  for (size_t i = 0; i < args->size(); ++i) {
    GX_ASSIGN_OR_RETURN(Node child,
                        read_node((*args)[i], child_pointer(pointer, "args", i), depth + 1));
    node.children.push_back(std::move(child));
  }
  if (node.children.size() == 1) return std::move(node.children.front());
  return node;
}

// field, window_days, key / event: the field reference of a comparison or in-list.
FieldRef read_field_ref(JsonFields& f) {
  FieldRef ref;
  const auto name = f.string("field", kRequired);
  const auto window = f.int64("window_days");
  std::optional<std::string> arg;
  std::string_view arg_key;
  if (name) {
    if (const auto field = field_by_name(*name)) {
      ref.field = *field;
      if (ref.field == Field::kAttr) arg_key = "key";
      if (ref.field == Field::kEventCount) arg_key = "event";
      if (!arg_key.empty()) arg = f.string(arg_key, kRequired);
    } else {
      std::vector<std::string_view> names;
      for (const auto& info : all_fields()) names.push_back(info.name);
      std::string message = "unknown field '" + *name + "'";
      if (auto best = closest_name(*name, names)) {
        message += " — did you mean '" + std::string(*best) + "'?";
      }
      f.fail("field", message);
    }
  }
  if (window) {
    if (Status s = check_window_allowed(ref.field); !s.is_ok()) {
      f.fail("window_days", s.message());
    } else if (auto days = check_window(*window); !days.ok()) {
      f.fail("window_days", days.status().message());
    } else {
      ref.window_days = *days;
    }
  }
  if (arg) {
    ref.arg = *arg;
    if (Status s = check_field_ref(ref); !s.is_ok()) f.fail(arg_key, s.message());
  }
  return ref;
}

Result<Node> read_comparison(JsonFields& f, std::optional<CompareOp> op,
                             const std::string& pointer) {
  Node node;
  node.field = read_field_ref(f);
  if (op) {
    node.kind = NodeKind::kCompare;
    node.op = *op;
    const Json* value = f.any("value", kRequired);
    GX_RETURN_IF_ERROR(f.finish());
    const std::string value_pointer = child_pointer(pointer, "value");
    GX_ASSIGN_OR_RETURN(const RawValue raw, raw_from_json(*value, value_pointer));
    if (Status s = check_operator(node.field, node.op, raw.kind); !s.is_ok()) {
      return at_pointer(s, child_pointer(pointer, kOpKey));
    }
    auto literal = check_value(node.field, raw);
    if (!literal.ok()) return at_pointer(literal.status(), value_pointer);
    node.values.push_back(std::move(literal).value());
    return node;
  }
  node.kind = NodeKind::kIn;
  const Json* values = f.array("values", kRequired);
  GX_RETURN_IF_ERROR(f.finish());
  if (values->empty()) {
    return at_pointer(Status::invalid("'values' needs at least one value"),
                      child_pointer(pointer, "values"));
  }
  std::optional<RawValue::Kind> first;
  for (size_t i = 0; i < values->size(); ++i) {
    const std::string value_pointer = child_pointer(pointer, "values", i);
    GX_ASSIGN_OR_RETURN(const RawValue raw, raw_from_json((*values)[i], value_pointer));
    if (!first) first = raw.kind;
    if (Status s = check_list_kind(node.field, *first, raw.kind); !s.is_ok()) {
      return at_pointer(s, value_pointer);
    }
    auto literal = check_value(node.field, raw);
    if (!literal.ok()) return at_pointer(literal.status(), value_pointer);
    node.values.push_back(std::move(literal).value());
  }
  return node;
}

Result<Node> read_bought(JsonFields& f, const std::string& pointer) {
  Node node;
  node.kind = NodeKind::kBought;
  int items = 0;
  for (auto by : {BoughtBy::kCategory, BoughtBy::kSku, BoughtBy::kProduct}) {
    const std::string_view key = bought_by_name(by);
    if (auto text = f.string(key)) {
      if (++items > 1) {
        f.fail(key, "bought takes exactly one of category, sku or product");
      } else if (Status s = check_name(key, *text); !s.is_ok()) {
        f.fail(key, s.message());
      }
      node.bought_by = by;
      node.text = std::move(*text);
    }
  }
  if (const auto within = f.int64("within_days")) {
    if (auto days = check_window(*within); !days.ok()) {
      f.fail("within_days", days.status().message());
    } else {
      node.window_days = *days;
    }
  }
  GX_RETURN_IF_ERROR(f.finish());
  if (items == 0) {
    return at_pointer(Status::invalid("bought needs one of category, sku or product"), pointer);
  }
  return node;
}

Result<Node> read_node(const Json& json, const std::string& pointer, int depth) {
  if (depth > kMaxDepth) {
    return at_pointer(Status::invalid("rule is nested too deeply (more than " +
                                      std::to_string(kMaxDepth) + " levels)"),
                      pointer);
  }
  JsonFields f(json, pointer);
  const auto op = f.string(kOpKey, kRequired);
  if (!op) return f.finish();
  if (*op == "and") return read_chain(f, NodeKind::kAnd, pointer, depth);
  if (*op == "or") return read_chain(f, NodeKind::kOr, pointer, depth);
  if (*op == "not") {
    const Json* arg = f.object("arg", kRequired);
    GX_RETURN_IF_ERROR(f.finish());
    Node node;
    node.kind = NodeKind::kNot;
    GX_ASSIGN_OR_RETURN(Node child, read_node(*arg, child_pointer(pointer, "arg"), depth + 1));
    node.children.push_back(std::move(child));
    return node;
  }
  if (*op == "in") return read_comparison(f, std::nullopt, pointer);
  if (const auto compare = compare_op_by_text(*op)) return read_comparison(f, compare, pointer);
  Node node;
  if (*op == "tag" || *op == "in_segment") {
    node.kind = *op == "tag" ? NodeKind::kTag : NodeKind::kInSegment;
    if (auto name = f.string("name", kRequired)) {
      if (Status s = check_name(*op == "tag" ? "tag name" : "segment name", *name); !s.is_ok()) {
        f.fail("name", s.message());
      }
      node.text = std::move(*name);
    }
  } else if (*op == "has") {
    node.kind = NodeKind::kHas;
    if (auto identity = f.string("identity", kRequired)) {
      if (auto kind = check_identity(*identity); kind.ok()) {
        node.has_kind = *kind;
      } else {
        f.fail("identity", kind.status().message());
      }
    }
  } else if (*op == "bought") {
    return read_bought(f, pointer);
  } else if (*op == "all") {
    node.kind = NodeKind::kAll;
  } else {
    f.fail(kOpKey, "unknown op '" + *op +
                       "' — expected one of and, or, not, =, !=, <, <=, >, >=, in, tag, "
                       "in_segment, has, bought, all");
  }
  GX_RETURN_IF_ERROR(f.finish());
  return node;
}

}  // namespace

Json rule_to_json(const Rule& rule) {
  return node_to_json(rule.root);
}

Result<Rule> rule_from_json(const Json& json) {
  GX_ASSIGN_OR_RETURN(Node root, read_node(json, "", 0));
  return Rule{std::move(root)};
}

}  // namespace guanxi::segment
