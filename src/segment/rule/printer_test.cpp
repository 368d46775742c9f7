#include "segment/rule/printer.hpp"

#include <gtest/gtest.h>

#include "segment/rule/parser.hpp"
#include "segment/rule/test_printers.hpp"

namespace guanxi::segment {
namespace {

// The canonical text of `text`, which must parse.
std::string canonical(std::string_view text) {
  auto r = parse_rule(text);
  EXPECT_TRUE(r.ok()) << text << ": " << r.status().to_string();
  return r.ok() ? print_rule(*r) : "";
}

Node leaf(NodeKind kind, std::string text = "x") {
  Node n;
  n.kind = kind;
  n.text = std::move(text);
  return n;
}

Node node(NodeKind kind, std::vector<Node> children) {
  Node n;
  n.kind = kind;
  n.children = std::move(children);
  return n;
}

TEST(PrinterTest, ProductIssueExamples) {
  EXPECT_EQ(canonical(R"(orders>=3 AND revenue>500 and last_order_days>90 and NOT tag("黑名单"))"),
            R"(orders >= 3 and revenue > 500 and last_order_days > 90 and not tag("黑名单"))");
  EXPECT_EQ(canonical("orders(365d)>=2 or revenue(90D)>=1000"),
            "orders(365d) >= 2 or revenue(90d) >= 1000");
  EXPECT_EQ(
      canonical(R"(bought(within=60d, category="面膜") and tier in ("VIP会员","至尊VIP会员"))"),
      R"(bought(category = "面膜", within = 60d) and tier in ("VIP会员", "至尊VIP会员"))");
  EXPECT_EQ(canonical(R"(rfm_r >= 4 and rfm_group = "important_winback")"),
            R"(rfm_r >= 4 and rfm_group = "重要挽留客户")");
  EXPECT_EQ(canonical(R"(event_count( "page_view" , 7d ) > 5)"),
            R"(event_count("page_view", 7d) > 5)");
  EXPECT_EQ(canonical(R"(in_segment("双11新客"))"), R"(in_segment("双11新客"))");
  EXPECT_EQ(canonical("has( email )"), "has(email)");
}

TEST(PrinterTest, MoneyInYuanWithMinimalDecimals) {
  EXPECT_EQ(canonical("revenue > 500.00"), "revenue > 500");
  EXPECT_EQ(canonical("revenue > 99.90"), "revenue > 99.9");
  EXPECT_EQ(canonical("aov >= 123.45"), "aov >= 123.45");
  EXPECT_EQ(canonical("refund_amount < 0.05"), "refund_amount < 0.05");
  EXPECT_EQ(canonical("revenue > -1.5"), "revenue > -1.5");
  EXPECT_EQ(canonical(R"(attr("score") > 4.50)"), R"(attr("score") > 4.5)");
  EXPECT_EQ(canonical(R"(attr("score") > 4.00)"), R"(attr("score") > 4.0)");
  EXPECT_EQ(canonical(R"(attr("score") > 007)"), R"(attr("score") > 7)");
}

TEST(PrinterTest, OperatorAliasesPrintCanonically) {
  EXPECT_EQ(canonical("orders == 1 or orders <> 2"), "orders = 1 or orders != 2");
  EXPECT_EQ(canonical(R"(tier not in ("a"))"), R"(not tier in ("a"))");
}

TEST(PrinterTest, ParenthesesOnlyWhereNeeded) {
  EXPECT_EQ(canonical("(has(phone) and has(email)) or has(jd)"),
            "has(phone) and has(email) or has(jd)");
  EXPECT_EQ(canonical("has(phone) and (has(email) or has(jd))"),
            "has(phone) and (has(email) or has(jd))");
  EXPECT_EQ(canonical("not (has(phone) or has(jd))"), "not (has(phone) or has(jd))");
  EXPECT_EQ(canonical("not (not (has(phone)))"), "not not has(phone)");
  EXPECT_EQ(canonical("(((all)))"), "all");
}

TEST(PrinterTest, NestedChainsOfTheSameKindKeepTheirParentheses) {
  const Rule rule{node(NodeKind::kAnd, {leaf(NodeKind::kTag, "a"),
                                        node(NodeKind::kAnd, {leaf(NodeKind::kTag, "b"),
                                                              leaf(NodeKind::kTag, "c")})})};
  EXPECT_EQ(print_rule(rule), R"(tag("a") and (tag("b") and tag("c")))");
  EXPECT_EQ(parse_rule(print_rule(rule)).value(), rule);
}

TEST(PrinterTest, StringsAreEscaped) {
  const Rule rule{leaf(NodeKind::kTag, R"(a "quoted" \ tag)")};
  EXPECT_EQ(print_rule(rule), R"(tag("a \"quoted\" \\ tag"))");
  EXPECT_EQ(parse_rule(print_rule(rule)).value(), rule);
}

TEST(PrinterTest, PrintedTextIsAFixedPoint) {
  const std::string text =
      R"(not (orders(30d) >= 1 or attr("vip") in ("yes", "是")) and city != "")";
  EXPECT_EQ(canonical(text), text);
  EXPECT_EQ(canonical(canonical(text)), text);
}

}  // namespace
}  // namespace guanxi::segment
