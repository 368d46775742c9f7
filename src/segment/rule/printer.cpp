#include "segment/rule/printer.hpp"

#include "segment/rule/checker.hpp"

namespace guanxi::segment {

namespace {

// Binding strength: a child binding more loosely than its parent needs
// parentheses, and so does an and (or) directly inside an and (or), which
// would otherwise merge into its parent's chain.
int precedence(NodeKind kind) {
  switch (kind) {
    case NodeKind::kOr:
      return 1;
    case NodeKind::kAnd:
      return 2;
    case NodeKind::kNot:
      return 3;
    default:
      return 4;
  }
}

void print_string(std::string_view text, std::string& out) {
  out += '"';
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

void print_window(int32_t days, std::string& out) {
  out += std::to_string(days);
  out += 'd';
}

void print_field(const FieldRef& ref, std::string& out) {
  out += field_info(ref.field).name;
  if (ref.field == Field::kAttr || ref.field == Field::kEventCount) {
    out += '(';
    print_string(ref.arg, out);
    if (ref.window_days) {
      out += ", ";
      print_window(*ref.window_days, out);
    }
    out += ')';
  } else if (ref.window_days) {
    out += '(';
    print_window(*ref.window_days, out);
    out += ')';
  }
}

void print_literal(const FieldRef& ref, const Literal& literal, std::string& out) {
  const RawValue raw = raw_value(ref, literal);
  if (raw.kind == RawValue::Kind::kString) {
    print_string(raw.text, out);
  } else {
    out += raw.text;
  }
}

void print_node(const Node& node, std::string& out);

void print_child(const Node& parent, const Node& child, std::string& out) {
  const int mine = precedence(parent.kind);
  const int theirs = precedence(child.kind);
  const bool parens = theirs < mine || (theirs == mine && parent.kind != NodeKind::kNot);
  if (parens) out += '(';
  print_node(child, out);
  if (parens) out += ')';
}

void print_node(const Node& node, std::string& out) {
  switch (node.kind) {
    case NodeKind::kAnd:
    case NodeKind::kOr:
      for (size_t i = 0; i < node.children.size(); ++i) {
        if (i > 0) out += node.kind == NodeKind::kAnd ? " and " : " or ";
        print_child(node, node.children[i], out);
      }
      return;
    case NodeKind::kNot:
      out += "not ";
      if (!node.children.empty()) print_child(node, node.children.front(), out);
      return;
    case NodeKind::kCompare:
      print_field(node.field, out);
      out += ' ';
      out += compare_op_text(node.op);
      out += ' ';
      if (!node.values.empty()) print_literal(node.field, node.values.front(), out);
      return;
    case NodeKind::kIn:
      print_field(node.field, out);
      out += " in (";
      for (size_t i = 0; i < node.values.size(); ++i) {
        if (i > 0) out += ", ";
        print_literal(node.field, node.values[i], out);
      }
      out += ')';
      return;
    case NodeKind::kTag:
    case NodeKind::kInSegment:
      out += node.kind == NodeKind::kTag ? "tag(" : "in_segment(";
      print_string(node.text, out);
      out += ')';
      return;
    case NodeKind::kHas:
      out += "has(";
      out += has_kind_name(node.has_kind);
      out += ')';
      return;
    case NodeKind::kBought:
      out += "bought(";
      out += bought_by_name(node.bought_by);
      out += " = ";
      print_string(node.text, out);
      if (node.window_days) {
        out += ", within = ";
        print_window(*node.window_days, out);
      }
      out += ')';
      return;
    case NodeKind::kAll:
      out += "all";
      return;
  }
}

}  // namespace

std::string print_rule(const Rule& rule) {
  std::string out;
  print_node(rule.root, out);
  return out;
}

}  // namespace guanxi::segment
