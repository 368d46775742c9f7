#include "segment/rule/parser.hpp"

#include <array>
#include <vector>

#include "segment/rule/checker.hpp"
#include "segment/rule/lexer.hpp"
#include "segment/rule/text.hpp"

namespace guanxi::segment {

namespace {

// Words that start something other than a comparison.
constexpr std::string_view kAnd = "and";
constexpr std::string_view kOr = "or";
constexpr std::string_view kNot = "not";
constexpr std::string_view kIn = "in";
constexpr std::string_view kAll = "all";
constexpr std::string_view kTag = "tag";
constexpr std::string_view kInSegment = "in_segment";
constexpr std::string_view kHas = "has";
constexpr std::string_view kBought = "bought";
constexpr std::string_view kWithin = "within";

class Parser {
 public:
  explicit Parser(std::string_view text) : lexer_(text) {}

  Result<Rule> parse() {
    GX_RETURN_IF_ERROR(advance());
    if (tok_.kind == TokenKind::kEnd) return rule_error(Span{1, 1, 0, 0}, "empty rule");
    GX_ASSIGN_OR_RETURN(Node root, parse_or(0));
    if (tok_.kind != TokenKind::kEnd) {
      return rule_error(tok_.span, "unexpected " + describe(tok_) + " after the end of the rule");
    }
    Rule rule{std::move(root)};
    if (Status s = check_depth(rule); !s.is_ok()) return rule_error(rule.root.span, s.message());
    return rule;
  }

 private:
  Status advance() {
    prev_source_ = tok_.source;
    prev_end_ = tok_.span.offset + tok_.span.length;
    GX_ASSIGN_OR_RETURN(tok_, lexer_.next());
    return Status::ok();
  }

  bool at_word(std::string_view word) const {
    return tok_.kind == TokenKind::kIdent && tok_.value == word;
  }

  // "expected <what> after '<previous token>' but found <token>".
  Status expected(std::string_view what) const {
    std::string message = "expected " + std::string(what);
    if (!prev_source_.empty()) message += " after '" + std::string(prev_source_) + "'";
    return rule_error(tok_.span, message + " but found " + describe(tok_));
  }

  Status expect(TokenKind kind, std::string_view what) {
    if (tok_.kind != kind) return expected(what);
    return advance();
  }

  // The span from `start` to the end of the last consumed token.
  Span span_from(const Span& start) const {
    Span s = start;
    s.length = prev_end_ - start.offset;
    return s;
  }

  Result<Node> parse_or(int depth) { return parse_chain(depth, NodeKind::kOr, kOr); }
  Result<Node> parse_and(int depth) { return parse_chain(depth, NodeKind::kAnd, kAnd); }

  // operand (word operand)*, flattened into one node of `kind`.
  Result<Node> parse_chain(int depth, NodeKind kind, std::string_view word) {
    const Span start = tok_.span;
    auto operand = [&]() -> Result<Node> {
      return kind == NodeKind::kOr ? parse_and(depth) : parse_not(depth);
    };
    GX_ASSIGN_OR_RETURN(Node first, operand());
    if (!at_word(word)) return first;
    Node node;
    node.kind = kind;
    node.children.push_back(std::move(first));
    while (at_word(word)) {
      GX_RETURN_IF_ERROR(advance());
      GX_ASSIGN_OR_RETURN(Node next, operand());
      node.children.push_back(std::move(next));
    }
    node.span = span_from(start);
    return node;
  }

  Result<Node> parse_not(int depth) {
    if (!at_word(kNot)) return parse_primary(depth);
    if (depth >= kMaxDepth) return rule_error(tok_.span, "rule is nested too deeply");
    const Span start = tok_.span;
    GX_RETURN_IF_ERROR(advance());
    GX_ASSIGN_OR_RETURN(Node operand, parse_not(depth + 1));
    Node node;
    node.kind = NodeKind::kNot;
    node.children.push_back(std::move(operand));
    node.span = span_from(start);
    return node;
  }

  Result<Node> parse_primary(int depth) {
    const Span start = tok_.span;
    if (tok_.kind == TokenKind::kLParen) {
      if (depth >= kMaxDepth) return rule_error(tok_.span, "rule is nested too deeply");
      GX_RETURN_IF_ERROR(advance());
      GX_ASSIGN_OR_RETURN(Node inner, parse_or(depth + 1));
      if (tok_.kind != TokenKind::kRParen) {
        return expected("')' to close the '(' at line " + std::to_string(start.line) + ", col " +
                        std::to_string(start.column));
      }
      GX_RETURN_IF_ERROR(advance());
      return inner;
    }
    if (tok_.kind != TokenKind::kIdent || at_word(kAnd) || at_word(kOr) || at_word(kIn)) {
      return expected("a condition");
    }
    Node node;
    if (at_word(kAll)) {
      GX_RETURN_IF_ERROR(advance());
      node.kind = NodeKind::kAll;
    } else if (at_word(kTag) || at_word(kInSegment)) {
      const bool tag = at_word(kTag);
      node.kind = tag ? NodeKind::kTag : NodeKind::kInSegment;
      GX_RETURN_IF_ERROR(advance());
      GX_ASSIGN_OR_RETURN(node.text, parse_call_name(tag ? "tag name" : "segment name"));
    } else if (at_word(kHas)) {
      node.kind = NodeKind::kHas;
      GX_RETURN_IF_ERROR(advance());
      GX_ASSIGN_OR_RETURN(node.has_kind, parse_has());
    } else if (at_word(kBought)) {
      GX_RETURN_IF_ERROR(advance());
      GX_ASSIGN_OR_RETURN(node, parse_bought());
    } else {
      GX_ASSIGN_OR_RETURN(node, parse_comparison());
    }
    node.span = span_from(start);
    return node;
  }

  // ("name") after tag / in_segment.
  Result<std::string> parse_call_name(std::string_view what) {
    GX_RETURN_IF_ERROR(expect(TokenKind::kLParen, "'('"));
    GX_ASSIGN_OR_RETURN(std::string name, parse_string_arg(what));
    GX_RETURN_IF_ERROR(expect(TokenKind::kRParen, "')'"));
    return name;
  }

  // A string literal naming something (tag, segment, attr key, event, bought value).
  Result<std::string> parse_string_arg(std::string_view what) {
    if (tok_.kind != TokenKind::kString) {
      return expected("the " + std::string(what) + " in double quotes");
    }
    if (Status s = check_name(what, tok_.value); !s.is_ok()) {
      return rule_error(tok_.span, s.message());
    }
    std::string value = tok_.value;
    GX_RETURN_IF_ERROR(advance());
    return value;
  }

  Result<int32_t> parse_window() {
    if (tok_.kind != TokenKind::kWindow) return expected("a window like 30d");
    const Span at = tok_.span;
    int64_t days = 0;
    const bool negative = tok_.value.front() == '-';
    for (char c : tok_.value) {
      if (c == '-') continue;
      days = days > kMaxWindowDays ? days : days * 10 + (c - '0');
    }
    GX_RETURN_IF_ERROR(advance());
    auto window = check_window(negative ? -days : days);
    if (!window.ok()) return rule_error(at, window.status().message());
    return window;
  }

  Result<HasKind> parse_has() {
    GX_RETURN_IF_ERROR(expect(TokenKind::kLParen, "'('"));
    if (tok_.kind != TokenKind::kIdent) return expected("an identity such as email or phone");
    auto kind = check_identity(tok_.value);
    if (!kind.ok()) return rule_error(tok_.span, kind.status().message());
    GX_RETURN_IF_ERROR(advance());
    GX_RETURN_IF_ERROR(expect(TokenKind::kRParen, "')'"));
    return kind;
  }

  // (category|sku|product = "text" [, within = Nd]) in any order.
  Result<Node> parse_bought() {
    Node node;
    node.kind = NodeKind::kBought;
    GX_RETURN_IF_ERROR(expect(TokenKind::kLParen, "'('"));
    bool have_item = false;
    while (true) {
      if (tok_.kind != TokenKind::kIdent) {
        return expected("category, sku, product or within");
      }
      const Token name = tok_;
      std::optional<BoughtBy> by;
      for (auto b : {BoughtBy::kCategory, BoughtBy::kSku, BoughtBy::kProduct}) {
        if (name.value == bought_by_name(b)) by = b;
      }
      if (!by && name.value != kWithin) {
        return rule_error(name.span, "unknown argument " + describe(name) +
                                         " of bought(); expected category, sku, product or within");
      }
      GX_RETURN_IF_ERROR(advance());
      if (tok_.kind != TokenKind::kCompare || tok_.op != CompareOp::kEq) return expected("'='");
      GX_RETURN_IF_ERROR(advance());
      if (by) {
        if (have_item) {
          return rule_error(name.span, "bought() takes exactly one of category, sku or product");
        }
        have_item = true;
        node.bought_by = *by;
        GX_ASSIGN_OR_RETURN(node.text, parse_string_arg(bought_by_name(*by)));
      } else {
        if (node.window_days) return rule_error(name.span, "'within' is given twice");
        GX_ASSIGN_OR_RETURN(node.window_days, parse_window());
      }
      if (tok_.kind == TokenKind::kRParen) break;
      GX_RETURN_IF_ERROR(expect(TokenKind::kComma, "',' or ')'"));
    }
    if (!have_item) {
      return rule_error(tok_.span, "bought() needs one of category, sku or product");
    }
    GX_RETURN_IF_ERROR(advance());
    return node;
  }

  Status unknown_field() const {
    static constexpr std::array<std::string_view, 9> kWords = {kAnd, kOr,  kNot,       kIn,    kAll,
                                                               kTag, kHas, kInSegment, kBought};
    std::vector<std::string_view> candidates;
    for (const auto& info : all_fields()) candidates.push_back(info.name);
    candidates.insert(candidates.end(), kWords.begin(), kWords.end());
    std::string message = "unknown field " + describe(tok_);
    if (auto best = closest_name(tok_.value, candidates)) {
      message += " — did you mean '" + std::string(*best) + "'?";
    }
    return rule_error(tok_.span, message);
  }

  Result<FieldRef> parse_field_ref() {
    const auto field = field_by_name(tok_.value);
    if (!field) return unknown_field();
    FieldRef ref;
    ref.field = *field;
    GX_RETURN_IF_ERROR(advance());
    if (ref.field == Field::kAttr || ref.field == Field::kEventCount) {
      const bool attr = ref.field == Field::kAttr;
      GX_RETURN_IF_ERROR(expect(TokenKind::kLParen,
                                attr ? "'(' and the attribute key" : "'(' and the event name"));
      GX_ASSIGN_OR_RETURN(ref.arg, parse_string_arg(attr ? "attr key" : "event name"));
      if (!attr && tok_.kind == TokenKind::kComma) {
        GX_RETURN_IF_ERROR(advance());
        GX_ASSIGN_OR_RETURN(ref.window_days, parse_window());
      }
      GX_RETURN_IF_ERROR(expect(TokenKind::kRParen, "')'"));
    } else if (tok_.kind == TokenKind::kLParen) {
      if (Status s = check_window_allowed(ref.field); !s.is_ok()) {
        return rule_error(tok_.span, s.message());
      }
      GX_RETURN_IF_ERROR(advance());
      GX_ASSIGN_OR_RETURN(ref.window_days, parse_window());
      GX_RETURN_IF_ERROR(expect(TokenKind::kRParen, "')'"));
    }
    return ref;
  }

  // A literal for `ref`; `first` is the kind of the first value of an in-list.
  Result<Literal> parse_value(const FieldRef& ref, std::optional<RawValue::Kind> first) {
    const ValueType type = field_info(ref.field).type;
    RawValue raw;
    if (tok_.kind == TokenKind::kString &&
        (type == ValueType::kString || type == ValueType::kAny)) {
      raw = {RawValue::Kind::kString, tok_.value};
    } else if (tok_.kind == TokenKind::kNumber && type != ValueType::kString) {
      raw = {RawValue::Kind::kNumber, tok_.value};
    } else if (type == ValueType::kString) {
      return expected("a string in double quotes");
    } else if (type == ValueType::kAny) {
      return expected("a number or a string in double quotes");
    } else {
      return expected("a number");
    }
    if (first) {
      if (Status s = check_list_kind(ref, *first, raw.kind); !s.is_ok()) {
        return rule_error(tok_.span, s.message());
      }
    }
    auto literal = check_value(ref, raw);
    if (!literal.ok()) return rule_error(tok_.span, literal.status().message());
    GX_RETURN_IF_ERROR(advance());
    return literal;
  }

  Result<Node> parse_comparison() {
    const Span start = tok_.span;
    Node node;
    GX_ASSIGN_OR_RETURN(node.field, parse_field_ref());
    bool negated = false;
    if (at_word(kNot)) {
      negated = true;
      GX_RETURN_IF_ERROR(advance());
      if (!at_word(kIn)) return expected("'in'");
    }
    if (at_word(kIn)) {
      node.kind = NodeKind::kIn;
      GX_RETURN_IF_ERROR(advance());
      GX_RETURN_IF_ERROR(expect(TokenKind::kLParen, "'(' and a list of values"));
      std::optional<RawValue::Kind> first;
      while (true) {
        GX_ASSIGN_OR_RETURN(Literal value, parse_value(node.field, first));
        if (!first) first = value.is_number() ? RawValue::Kind::kNumber : RawValue::Kind::kString;
        node.values.push_back(std::move(value));
        if (tok_.kind == TokenKind::kRParen) break;
        GX_RETURN_IF_ERROR(expect(TokenKind::kComma, "',' or ')'"));
      }
      GX_RETURN_IF_ERROR(advance());
      node.span = span_from(start);
      if (!negated) return node;
      Node not_node;
      not_node.kind = NodeKind::kNot;
      not_node.children.push_back(std::move(node));
      return not_node;
    }
    if (tok_.kind != TokenKind::kCompare) {
      return expected("a comparison (= != < <= > >= in)");
    }
    node.kind = NodeKind::kCompare;
    node.op = tok_.op;
    const Span op_span = tok_.span;
    const bool any = field_info(node.field.field).type == ValueType::kAny;
    if (!any) {
      if (Status s = check_operator(node.field, node.op, RawValue::Kind::kNumber); !s.is_ok()) {
        return rule_error(op_span, s.message());
      }
    }
    GX_RETURN_IF_ERROR(advance());
    GX_ASSIGN_OR_RETURN(Literal value, parse_value(node.field, std::nullopt));
    if (any) {
      const auto kind = value.is_number() ? RawValue::Kind::kNumber : RawValue::Kind::kString;
      if (Status s = check_operator(node.field, node.op, kind); !s.is_ok()) {
        return rule_error(op_span, s.message());
      }
    }
    node.values.push_back(std::move(value));
    return node;
  }

  Lexer lexer_;
  Token tok_;
  std::string_view prev_source_;
  int prev_end_ = 0;
};

}  // namespace

Result<Rule> parse_rule(std::string_view text) {
  return Parser(text).parse();
}

}  // namespace guanxi::segment
