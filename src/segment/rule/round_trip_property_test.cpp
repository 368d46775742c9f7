// Property: for random valid ASTs r, parse_rule(print_rule(r)) == r and
// rule_from_json(rule_to_json(r)) == r, also through the JSON text.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "segment/rule/checker.hpp"
#include "segment/rule/json_form.hpp"
#include "segment/rule/parser.hpp"
#include "segment/rule/printer.hpp"
#include "segment/rule/test_printers.hpp"

namespace guanxi::segment {
namespace {

class RuleGenerator {
 public:
  explicit RuleGenerator(uint32_t seed) : rng_(seed) {}

  Rule rule() { return Rule{node(0)}; }

 private:
  int64_t between(int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng_);
  }
  bool coin() { return between(0, 1) == 1; }
  template <typename T>
  const T& pick(const std::vector<T>& items) {
    return items[static_cast<size_t>(between(0, static_cast<int64_t>(items.size()) - 1))];
  }

  std::string text(bool allow_empty) {
    static const std::vector<std::string> pool = {
        "黑名单",  "VIP会员",    "双11新客",    "面膜",  "A-1", "page_view",
        "gold",    "say \"hi\"", "back\\slash", "\\\"",  "x",   "with space",
        "emoji 😀", "0",          "and",         "or not"};
    if (allow_empty && between(0, 9) == 0) return "";
    std::string out = pick(pool);
    if (coin()) out += pick(pool);
    return out;
  }

  int32_t window() {
    return static_cast<int32_t>(coin() ? between(1, 400) : between(1, kMaxWindowDays));
  }

  Literal number(Field f) {
    switch (f) {
      case Field::kBirthdayMonth:
        return {between(1, 12), false};
      case Field::kBirthdayDay:
        return {between(1, 31), false};
      case Field::kRfmR:
      case Field::kRfmF:
      case Field::kRfmM:
        return {between(1, 5), false};
      default:
        break;
    }
    switch (field_info(f).type) {
      case ValueType::kMoney:
        return {coin() ? between(-1000, 100000) : between(-kMaxNumber, kMaxNumber), false};
      case ValueType::kAny: {
        const bool decimal = coin();
        return {coin() ? between(-1000, 1000) : between(-kMaxNumber, kMaxNumber), decimal};
      }
      default:
        return {coin() ? between(0, 1000) : between(0, kMaxNumber), false};
    }
  }

  Literal value(const FieldRef& ref, bool number_for_attr) {
    const ValueType type = field_info(ref.field).type;
    if (type == ValueType::kString) {
      const auto allowed = allowed_values(ref.field);
      if (allowed.empty()) return {text(true), false};
      return {
          std::string(
              allowed[static_cast<size_t>(between(0, static_cast<int64_t>(allowed.size()) - 1))]),
          false};
    }
    if (type == ValueType::kAny && !number_for_attr) return {text(true), false};
    return number(ref.field);
  }

  Node comparison() {
    Node n;
    const auto& info = all_fields()[static_cast<size_t>(
        between(0, static_cast<int64_t>(all_fields().size()) - 1))];
    n.field.field = info.field;
    if (info.windowed && coin()) n.field.window_days = window();
    if (info.field == Field::kAttr || info.field == Field::kEventCount) n.field.arg = text(false);
    const bool numeric =
        info.type != ValueType::kString && (info.type != ValueType::kAny || coin());
    if (coin()) {
      n.kind = NodeKind::kIn;
      const int64_t count = between(1, 4);
      for (int64_t i = 0; i < count; ++i) n.values.push_back(value(n.field, numeric));
    } else {
      n.kind = NodeKind::kCompare;
      n.op = numeric ? static_cast<CompareOp>(between(0, 5))
                     : (coin() ? CompareOp::kEq : CompareOp::kNe);
      n.values.push_back(value(n.field, numeric));
    }
    return n;
  }

  Node node(int depth) {
    const int64_t choice = between(0, depth >= 4 ? 6 : 9);
    Node n;
    switch (choice) {
      case 0:
        n.kind = NodeKind::kAll;
        break;
      case 1:
        n.kind = coin() ? NodeKind::kTag : NodeKind::kInSegment;
        n.text = text(false);
        break;
      case 2:
        n.kind = NodeKind::kHas;
        n.has_kind = static_cast<HasKind>(between(0, 6));
        break;
      case 3:
        n.kind = NodeKind::kBought;
        n.bought_by = static_cast<BoughtBy>(between(0, 2));
        n.text = text(false);
        if (coin()) n.window_days = window();
        break;
      case 4:
      case 5:
      case 6:
        n = comparison();
        break;
      case 7:
        n.kind = NodeKind::kNot;
        n.children.push_back(node(depth + 1));
        break;
      default: {
        n.kind = coin() ? NodeKind::kAnd : NodeKind::kOr;
        const int64_t count = between(2, 4);
        for (int64_t i = 0; i < count; ++i) n.children.push_back(node(depth + 1));
      }
    }
    return n;
  }

  std::mt19937 rng_;
};

TEST(RoundTripPropertyTest, PrintThenParseAndJsonThenBackGiveTheSameRule) {
  RuleGenerator gen(20241111);
  for (int i = 0; i < 5000; ++i) {
    const Rule rule = gen.rule();
    ASSERT_TRUE(validate_rule(rule).is_ok()) << "generator bug: " << validate_rule(rule).message();
    const std::string text = print_rule(rule);
    const auto parsed = parse_rule(text);
    ASSERT_TRUE(parsed.ok()) << text << "\n" << parsed.status().to_string();
    ASSERT_EQ(*parsed, rule) << text;
    ASSERT_EQ(print_rule(*parsed), text);

    const Json json = rule_to_json(rule);
    const auto back = rule_from_json(json);
    ASSERT_TRUE(back.ok()) << json.dump() << "\n" << back.status().to_string();
    ASSERT_EQ(*back, rule) << json.dump();
    const auto through_text = rule_from_json(parse_json(json.dump()).value());
    ASSERT_TRUE(through_text.ok()) << json.dump() << "\n" << through_text.status().to_string();
    ASSERT_EQ(*through_text, rule) << json.dump();
  }
}

// Every span points at text that parses, on its own, to the node it belongs to.
TEST(RoundTripPropertyTest, SpansCoverTheirNodes) {
  RuleGenerator gen(7);
  for (int i = 0; i < 500; ++i) {
    const std::string text = print_rule(gen.rule());
    const auto parsed = parse_rule(text);
    ASSERT_TRUE(parsed.ok());
    std::vector<const Node*> stack = {&parsed->root};
    while (!stack.empty()) {
      const Node* n = stack.back();
      stack.pop_back();
      const auto piece = std::string_view(text).substr(static_cast<size_t>(n->span.offset),
                                                       static_cast<size_t>(n->span.length));
      const auto alone = parse_rule(piece);
      ASSERT_TRUE(alone.ok()) << piece;
      EXPECT_EQ(alone->root, *n) << piece;
      for (const auto& c : n->children) stack.push_back(&c);
    }
  }
}

}  // namespace
}  // namespace guanxi::segment
