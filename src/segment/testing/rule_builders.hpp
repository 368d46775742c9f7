// Terse constructors of rule ASTs for tests (no parser needed):
//   rule(and_({cmp(Field::kOrders, CompareOp::kGe, 2), not_(tag("黑名单"))}))
// Money literals are minor units: cmp(Field::kRevenue, CompareOp::kGt, 500'00).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "segment/rule/ast.hpp"

namespace guanxi::segment::testing {

inline Rule rule(Node root) {
  return Rule{std::move(root)};
}

inline Node all() {
  return Node{};
}

inline Node junction(NodeKind kind, std::vector<Node> children) {
  Node n;
  n.kind = kind;
  n.children = std::move(children);
  return n;
}
inline Node and_(std::vector<Node> children) {
  return junction(NodeKind::kAnd, std::move(children));
}
inline Node or_(std::vector<Node> children) {
  return junction(NodeKind::kOr, std::move(children));
}
inline Node not_(Node child) {
  Node n;
  n.kind = NodeKind::kNot;
  n.children.push_back(std::move(child));
  return n;
}

inline FieldRef field(Field f, std::optional<int32_t> window = std::nullopt, std::string arg = {}) {
  return FieldRef{f, window, std::move(arg)};
}

inline Node compare(FieldRef ref, CompareOp op, const Literal& value) {
  Node n;
  n.kind = NodeKind::kCompare;
  n.field = std::move(ref);
  n.op = op;
  n.values.push_back(value);
  return n;
}
// A number comparison (counts, days, money in minor units).
inline Node cmp(Field f, CompareOp op, int64_t value,
                std::optional<int32_t> window = std::nullopt) {
  return compare(field(f, window), op, Literal{value, false});
}
inline Node cmp_text(Field f, CompareOp op, std::string value) {
  return compare(field(f), op, Literal{std::move(value), false});
}
inline Node in_list(FieldRef ref, std::vector<Literal> values) {
  Node n;
  n.kind = NodeKind::kIn;
  n.field = std::move(ref);
  n.values = std::move(values);
  return n;
}
inline Node in_texts(Field f, const std::vector<std::string>& values) {
  std::vector<Literal> literals;
  for (const auto& v : values) literals.push_back(Literal{v, false});
  return in_list(field(f), std::move(literals));
}
inline Node in_numbers(Field f, const std::vector<int64_t>& values) {
  std::vector<Literal> literals;
  for (auto v : values) literals.push_back(Literal{v, false});
  return in_list(field(f), std::move(literals));
}
inline Node event_count(std::string name, CompareOp op, int64_t value,
                        std::optional<int32_t> window = std::nullopt) {
  return compare(field(Field::kEventCount, window, std::move(name)), op, Literal{value, false});
}
// attr(key) op literal; `decimal` marks a number written with decimals (value scaled by 100).
inline Node attr(std::string key, CompareOp op, int64_t value, bool decimal = false) {
  return compare(field(Field::kAttr, std::nullopt, std::move(key)), op, Literal{value, decimal});
}
inline Node attr_text(std::string key, CompareOp op, std::string value) {
  return compare(field(Field::kAttr, std::nullopt, std::move(key)), op,
                 Literal{std::move(value), false});
}

inline Node tag(std::string name) {
  Node n;
  n.kind = NodeKind::kTag;
  n.text = std::move(name);
  return n;
}
inline Node in_segment(std::string name) {
  Node n;
  n.kind = NodeKind::kInSegment;
  n.text = std::move(name);
  return n;
}
inline Node has(HasKind kind) {
  Node n;
  n.kind = NodeKind::kHas;
  n.has_kind = kind;
  return n;
}
inline Node bought(BoughtBy by, std::string value, std::optional<int32_t> within = std::nullopt) {
  Node n;
  n.kind = NodeKind::kBought;
  n.bought_by = by;
  n.text = std::move(value);
  n.window_days = within;
  return n;
}

}  // namespace guanxi::segment::testing
