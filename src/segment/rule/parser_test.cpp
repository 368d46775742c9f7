#include "segment/rule/parser.hpp"

#include <gtest/gtest.h>

#include "segment/rule/checker.hpp"
#include "segment/rule/test_printers.hpp"

namespace guanxi::segment {
namespace {

Node parse_ok(std::string_view text) {
  auto r = parse_rule(text);
  EXPECT_TRUE(r.ok()) << text << ": " << r.status().to_string();
  if (!r.ok()) return {};
  EXPECT_TRUE(validate_rule(*r).is_ok()) << text;
  return r->root;
}

std::string parse_error(std::string_view text) {
  auto r = parse_rule(text);
  if (r.ok()) return "ok";
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  return r.status().message();
}

TEST(ParserTest, ProductIssueFirstExample) {
  const Node n =
      parse_ok(R"(orders >= 3 and revenue > 500 and last_order_days > 90 and not tag("黑名单"))");
  ASSERT_EQ(n.kind, NodeKind::kAnd);
  ASSERT_EQ(n.children.size(), 4u);
  EXPECT_EQ(n.children[0].kind, NodeKind::kCompare);
  EXPECT_EQ(n.children[0].field.field, Field::kOrders);
  EXPECT_EQ(n.children[0].op, CompareOp::kGe);
  EXPECT_EQ(n.children[0].values, (std::vector<Literal>{Literal{3, false}}));
  EXPECT_EQ(n.children[1].values, (std::vector<Literal>{Literal{50000, false}}));
  EXPECT_EQ(n.children[2].field.field, Field::kLastOrderDays);
  ASSERT_EQ(n.children[3].kind, NodeKind::kNot);
  EXPECT_EQ(n.children[3].children[0].kind, NodeKind::kTag);
  EXPECT_EQ(n.children[3].children[0].text, "黑名单");
}

TEST(ParserTest, Windows) {
  const Node n = parse_ok("orders(365d) >= 2 or revenue(90d) >= 1000");
  ASSERT_EQ(n.kind, NodeKind::kOr);
  EXPECT_EQ(n.children[0].field.window_days, 365);
  EXPECT_EQ(n.children[1].field.window_days, 90);
  EXPECT_EQ(n.children[1].values[0], (Literal{100000, false}));

  const Node e = parse_ok(R"(event_count("page_view", 7d) > 5)");
  EXPECT_EQ(e.field.field, Field::kEventCount);
  EXPECT_EQ(e.field.arg, "page_view");
  EXPECT_EQ(e.field.window_days, 7);
  EXPECT_EQ(parse_ok(R"(event_count("page_view") >= 1)").field.window_days, std::nullopt);
}

TEST(ParserTest, BoughtAndInList) {
  const Node n =
      parse_ok(R"(bought(category = "面膜", within = 60d) and tier in ("VIP会员", "至尊VIP会员"))");
  ASSERT_EQ(n.kind, NodeKind::kAnd);
  const Node& b = n.children[0];
  EXPECT_EQ(b.kind, NodeKind::kBought);
  EXPECT_EQ(b.bought_by, BoughtBy::kCategory);
  EXPECT_EQ(b.text, "面膜");
  EXPECT_EQ(b.window_days, 60);
  const Node& in = n.children[1];
  EXPECT_EQ(in.kind, NodeKind::kIn);
  EXPECT_EQ(in.field.field, Field::kTier);
  EXPECT_EQ(in.values, (std::vector<Literal>{Literal{std::string("VIP会员"), false},
                                             Literal{std::string("至尊VIP会员"), false}}));

  const Node sku = parse_ok(R"(bought(within = 30d, sku = "A-1"))");
  EXPECT_EQ(sku.bought_by, BoughtBy::kSku);
  EXPECT_EQ(sku.window_days, 30);
  EXPECT_EQ(parse_ok(R"(bought(product = "玻尿酸面膜"))").bought_by, BoughtBy::kProduct);
}

TEST(ParserTest, OtherProductIssueExamples) {
  const Node rfm = parse_ok(R"(rfm_r >= 4 and rfm_group = "重要挽留客户")");
  EXPECT_EQ(rfm.children[1].values[0], (Literal{std::string("重要挽留客户"), false}));
  EXPECT_EQ(parse_ok(R"(lifecycle = "at_risk")").values[0].text(), "at_risk");
  EXPECT_EQ(parse_ok(R"(abc = "A")").values[0].text(), "A");
  EXPECT_EQ(parse_ok("birthday_month = 3").values[0], (Literal{3, false}));
  EXPECT_EQ(parse_ok(R"(city = "杭州")").values[0].text(), "杭州");
  const Node seg = parse_ok(R"(in_segment("双11新客"))");
  EXPECT_EQ(seg.kind, NodeKind::kInSegment);
  EXPECT_EQ(seg.text, "双11新客");
  const Node has = parse_ok("has(email)");
  EXPECT_EQ(has.kind, NodeKind::kHas);
  EXPECT_EQ(has.has_kind, HasKind::kEmail);
  EXPECT_EQ(parse_ok("all").kind, NodeKind::kAll);
}

TEST(ParserTest, PrecedenceAndFlattening) {
  const Node n = parse_ok("all or has(phone) and not has(email) or has(jd)");
  ASSERT_EQ(n.kind, NodeKind::kOr);
  ASSERT_EQ(n.children.size(), 3u);
  EXPECT_EQ(n.children[1].kind, NodeKind::kAnd);
  EXPECT_EQ(n.children[1].children[1].kind, NodeKind::kNot);

  // Parentheses start a node of their own, even of the same kind.
  const Node p = parse_ok("has(phone) and (has(email) and has(jd))");
  ASSERT_EQ(p.children.size(), 2u);
  EXPECT_EQ(p.children[1].kind, NodeKind::kAnd);
  // A parenthesized single condition is not wrapped.
  EXPECT_EQ(parse_ok("((has(phone)))").kind, NodeKind::kHas);
  EXPECT_EQ(parse_ok("not not all").children[0].kind, NodeKind::kNot);
}

TEST(ParserTest, KeywordsAreCaseInsensitiveAndOperatorsHaveAliases) {
  EXPECT_EQ(parse_ok("ALL Or NOT all AnD all"), parse_ok("all or not all and all"));
  EXPECT_EQ(parse_ok("orders == 3").op, CompareOp::kEq);
  EXPECT_EQ(parse_ok("orders <> 3").op, CompareOp::kNe);
  EXPECT_EQ(parse_ok("Orders(30D) >= 1"), parse_ok("orders(30d) >= 1"));
}

TEST(ParserTest, NotInIsNotOfIn) {
  const Node n = parse_ok(R"(tier not in ("VIP会员"))");
  ASSERT_EQ(n.kind, NodeKind::kNot);
  EXPECT_EQ(n.children[0].kind, NodeKind::kIn);
  EXPECT_EQ(n, parse_ok(R"(not tier in ("VIP会员"))"));
}

TEST(ParserTest, AttrTakesNumbersOrText) {
  const Node d = parse_ok(R"(attr("score") > 4.5)");
  EXPECT_EQ(d.field.arg, "score");
  EXPECT_EQ(d.values[0], (Literal{450, true}));
  EXPECT_EQ(parse_ok(R"(attr("score") <= 7)").values[0], (Literal{7, false}));
  EXPECT_EQ(parse_ok(R"(attr("level") = "gold")").values[0].text(), "gold");
  EXPECT_EQ(parse_ok(R"(attr("n") in (1, 2.5))").values.size(), 2u);
  EXPECT_EQ(parse_error(R"(attr("n") in (1, "x"))"),
            "line 1, col 18: the values of 'attr(\"n\")' in (...) must be all text or all numbers");
  EXPECT_EQ(parse_error(R"(attr("level") > "gold")"),
            "line 1, col 15: 'attr(\"level\")' compared with text takes = != or in, not '>'");
}

TEST(ParserTest, StringEscapesAndUnicode) {
  EXPECT_EQ(parse_ok(R"(tag("say \"hi\" \\o/"))").text, R"(say "hi" \o/)");
}

TEST(ParserTest, SpansCoverTheNodeText) {
  const std::string text = "orders >= 3 and\n  not tag(\"黑名单\")";
  const Node n = parse_ok(text);
  EXPECT_EQ(n.span.line, 1);
  EXPECT_EQ(n.span.column, 1);
  EXPECT_EQ(n.span.offset, 0);
  EXPECT_EQ(n.span.length, static_cast<int>(text.size()));
  const Node& compare = n.children[0];
  EXPECT_EQ(text.substr(static_cast<size_t>(compare.span.offset),
                        static_cast<size_t>(compare.span.length)),
            "orders >= 3");
  const Node& negation = n.children[1];
  EXPECT_EQ(negation.span.line, 2);
  EXPECT_EQ(negation.span.column, 3);
  EXPECT_EQ(text.substr(static_cast<size_t>(negation.span.offset)), "not tag(\"黑名单\")");
  EXPECT_EQ(negation.children[0].span.column, 7);
}

TEST(ParserTest, ErrorMessagesFromTheBrief) {
  EXPECT_EQ(parse_error("orders > 3 and revnue > 500"),
            "line 1, col 16: unknown field 'revnue' — did you mean 'revenue'?");
  EXPECT_EQ(parse_error("revenue >= abc"),
            "line 1, col 12: expected a number after '>=' but found 'abc'");
  EXPECT_EQ(parse_error(R"(city > "杭州")"),
            "line 1, col 6: 'city' is text; use = != or in, not '>'");
  EXPECT_EQ(parse_error(R"(lifecycle = "churn")"),
            "line 1, col 13: unknown lifecycle 'churn' — expected one of prospect, new, active, "
            "at_risk, high_value_churned, low_value_churned, churned");
  EXPECT_EQ(parse_error(""), "line 1, col 1: empty rule");
  EXPECT_EQ(parse_error("  \n "), "line 1, col 1: empty rule");
  EXPECT_EQ(parse_error("orders > 3 xyz"),
            "line 1, col 12: unexpected 'xyz' after the end of the rule");
}

TEST(ParserTest, ErrorsCarryALocation) {
  const auto r = parse_rule("orders > 3 and\n  revnue > 1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().location().line, 2);
  EXPECT_EQ(r.status().location().column, 3);
}

TEST(ParserTest, RejectsDeepNestingWithoutCrashing) {
  std::string deep(10000, '(');
  EXPECT_EQ(parse_error(deep).substr(0, 16), "line 1, col 65: ");
  std::string nots;
  for (int i = 0; i < 10000; ++i) nots += "not ";
  EXPECT_NE(parse_error(nots + "all"), "ok");
  std::string ok;
  for (int i = 0; i < kMaxDepth; ++i) ok += "not ";
  EXPECT_EQ(parse_error(ok + "all"), "ok");
}

}  // namespace
}  // namespace guanxi::segment
