#include "segment/rule/checker.hpp"

#include <gtest/gtest.h>

#include "segment/rule/test_printers.hpp"

namespace guanxi::segment {
namespace {

FieldRef ref(Field f, std::string arg = "") {
  FieldRef r;
  r.field = f;
  r.arg = std::move(arg);
  return r;
}

RawValue num(std::string text) {
  return {RawValue::Kind::kNumber, std::move(text)};
}
RawValue str(std::string text) {
  return {RawValue::Kind::kString, std::move(text)};
}

std::string error_of(const Result<Literal>& r) {
  return r.ok() ? "ok" : r.status().message();
}

TEST(CheckValueTest, MoneyIsYuanToMinorUnits) {
  EXPECT_EQ(check_value(ref(Field::kRevenue), num("500")).value(), (Literal{50000, false}));
  EXPECT_EQ(check_value(ref(Field::kRevenue), num("99.9")).value(), (Literal{9990, false}));
  EXPECT_EQ(check_value(ref(Field::kAov), num("123.45")).value(), (Literal{12345, false}));
  EXPECT_EQ(check_value(ref(Field::kRevenue), num("-0.05")).value(), (Literal{-5, false}));
  EXPECT_EQ(error_of(check_value(ref(Field::kRevenue), num("9.999"))),
            "'revenue' is money in yuan with at most 2 decimals, not 9.999");
  EXPECT_EQ(error_of(check_value(ref(Field::kRevenue), str("500"))),
            "'revenue' takes a number, not text");
}

TEST(CheckValueTest, CountsAreNonNegativeIntegersWithinTheirRange) {
  EXPECT_EQ(check_value(ref(Field::kOrders), num("3")).value(), (Literal{3, false}));
  EXPECT_EQ(error_of(check_value(ref(Field::kOrders), num("2.5"))),
            "'orders' takes a whole number, not 2.5");
  EXPECT_EQ(error_of(check_value(ref(Field::kLastOrderDays), num("-1"))),
            "'last_order_days' cannot be negative (-1)");
  EXPECT_EQ(error_of(check_value(ref(Field::kBirthdayMonth), num("13"))),
            "'birthday_month' must be between 1 and 12, not 13");
  EXPECT_EQ(error_of(check_value(ref(Field::kBirthdayDay), num("0"))),
            "'birthday_day' must be between 1 and 31, not 0");
  EXPECT_EQ(error_of(check_value(ref(Field::kRfmR), num("6"))),
            "'rfm_r' must be between 1 and 5, not 6");
  EXPECT_EQ(error_of(check_value(ref(Field::kOrders), num("1000000000000000"))),
            "number 1000000000000000 is too large");
  EXPECT_EQ(error_of(check_value(ref(Field::kOrders), num("99999999999999999999999"))),
            "number 99999999999999999999999 is too large");
}

TEST(CheckValueTest, ClosedVocabulariesAreCanonicalized) {
  EXPECT_EQ(check_value(ref(Field::kRfmGroup), str("important_winback")).value(),
            (Literal{std::string("重要挽留客户"), false}));
  EXPECT_EQ(check_value(ref(Field::kLifecycle), str("at_risk")).value(),
            (Literal{std::string("at_risk"), false}));
  EXPECT_EQ(error_of(check_value(ref(Field::kAbc), str("D"))),
            "unknown abc 'D' — expected one of A, B, C");
  EXPECT_EQ(check_value(ref(Field::kTier), str("")).value(), (Literal{std::string(), false}));
  EXPECT_EQ(error_of(check_value(ref(Field::kCity), num("3"))),
            "'city' takes text in double quotes, not the number 3");
  EXPECT_EQ(error_of(check_value(ref(Field::kCity), str("a\tb"))),
            "text may not contain control characters");
}

TEST(CheckValueTest, AttrNumbersKeepWhetherTheyHadDecimals) {
  const FieldRef score = ref(Field::kAttr, "score");
  EXPECT_EQ(check_value(score, num("4.5")).value(), (Literal{450, true}));
  EXPECT_EQ(check_value(score, num("4.0")).value(), (Literal{400, true}));
  EXPECT_EQ(check_value(score, num("7")).value(), (Literal{7, false}));
  EXPECT_EQ(check_value(score, str("gold")).value(), (Literal{std::string("gold"), false}));
  EXPECT_EQ(error_of(check_value(score, num("4.567"))),
            "'attr(\"score\")' takes numbers with at most 2 decimals, not 4.567");
}

TEST(CheckOperatorTest, TextTakesOnlyEquality) {
  EXPECT_TRUE(check_operator(ref(Field::kOrders), CompareOp::kGt, RawValue::Kind::kNumber).is_ok());
  EXPECT_TRUE(check_operator(ref(Field::kCity), CompareOp::kNe, RawValue::Kind::kString).is_ok());
  EXPECT_EQ(check_operator(ref(Field::kCity), CompareOp::kGt, RawValue::Kind::kString).message(),
            "'city' is text; use = != or in, not '>'");
  EXPECT_TRUE(
      check_operator(ref(Field::kAttr, "k"), CompareOp::kLe, RawValue::Kind::kNumber).is_ok());
  EXPECT_EQ(
      check_operator(ref(Field::kAttr, "k"), CompareOp::kLe, RawValue::Kind::kString).message(),
      "'attr(\"k\")' compared with text takes = != or in, not '<='");
}

TEST(CheckValueTest, ContactFieldsAreWholeNonNegativeNumbers) {
  EXPECT_EQ(check_value(ref(Field::kLastContactDays), num("60")).value(), (Literal{60, false}));
  EXPECT_EQ(check_value(ref(Field::kContacts), num("0")).value(), (Literal{0, false}));
  EXPECT_EQ(error_of(check_value(ref(Field::kLastContactDays), num("-1"))),
            "'last_contact_days' cannot be negative (-1)");
  EXPECT_EQ(error_of(check_value(ref(Field::kContacts), num("2.5"))),
            "'contacts' takes a whole number, not 2.5");
  EXPECT_EQ(error_of(check_value(ref(Field::kContacts), str("3"))),
            "'contacts' takes a number, not text");
  EXPECT_TRUE(check_operator(ref(Field::kLastContactDays), CompareOp::kLe, RawValue::Kind::kNumber)
                  .is_ok());
  FieldRef windowed = ref(Field::kContacts);
  windowed.window_days = 60;
  EXPECT_TRUE(check_field_ref(windowed).is_ok());
  windowed.field = Field::kLastContactDays;
  EXPECT_EQ(check_field_ref(windowed).message(),
            "'last_contact_days' does not take a window; only orders, revenue, contacts and "
            "event_count do");
}

TEST(CheckFieldRefTest, WindowsAndArguments) {
  FieldRef r = ref(Field::kAov);
  r.window_days = 30;
  EXPECT_EQ(check_field_ref(r).message(),
            "'aov' does not take a window; only orders, revenue, contacts and event_count do");
  r.field = Field::kOrders;
  EXPECT_TRUE(check_field_ref(r).is_ok());
  r.window_days = 0;
  EXPECT_EQ(check_field_ref(r).message(), "a window must be between 1d and 36500d, not 0d");
  EXPECT_EQ(check_field_ref(ref(Field::kAttr)).message(), "attr key must not be empty");
  EXPECT_EQ(check_field_ref(ref(Field::kCity, "x")).message(), "'city' takes no name argument");
}

TEST(RawValueTest, IsTheInverseOfCheckValue) {
  EXPECT_EQ(raw_value(ref(Field::kRevenue), Literal{50000, false}), num("500"));
  EXPECT_EQ(raw_value(ref(Field::kRevenue), Literal{9990, false}), num("99.9"));
  EXPECT_EQ(raw_value(ref(Field::kRevenue), Literal{12345, false}), num("123.45"));
  EXPECT_EQ(raw_value(ref(Field::kRevenue), Literal{5, false}), num("0.05"));
  EXPECT_EQ(raw_value(ref(Field::kRevenue), Literal{-105, false}), num("-1.05"));
  EXPECT_EQ(raw_value(ref(Field::kAttr, "s"), Literal{400, true}), num("4.0"));
  EXPECT_EQ(raw_value(ref(Field::kAttr, "s"), Literal{7, false}), num("7"));
  EXPECT_EQ(raw_value(ref(Field::kCity), Literal{std::string("杭州"), false}), str("杭州"));
}

TEST(ValidateRuleTest, RejectsMalformedTrees) {
  Rule rule;
  EXPECT_TRUE(validate_rule(rule).is_ok());  // all
  rule.root.kind = NodeKind::kAnd;
  rule.root.children.resize(1);
  EXPECT_FALSE(validate_rule(rule).is_ok());
  rule.root.children.resize(2);
  EXPECT_TRUE(validate_rule(rule).is_ok());

  Node money;
  money.kind = NodeKind::kCompare;
  money.field.field = Field::kRevenue;
  money.values = {Literal{500, true}};  // money is never marked decimal
  EXPECT_EQ(validate_rule(Rule{money}).message(), "literal of 'revenue' is not in canonical form");
  money.values = {Literal{500, false}};
  EXPECT_TRUE(validate_rule(Rule{money}).is_ok());

  Node group;
  group.kind = NodeKind::kIn;
  group.field.field = Field::kRfmGroup;
  group.values = {Literal{std::string("important_value"), false}};  // alias, not canonical
  EXPECT_FALSE(validate_rule(Rule{group}).is_ok());
}

TEST(ValidateRuleTest, BoundsDepth) {
  Rule rule;
  for (int i = 0; i <= kMaxDepth; ++i) {
    Node n;
    n.kind = NodeKind::kNot;
    n.children.push_back(std::move(rule.root));
    rule.root = std::move(n);
  }
  EXPECT_FALSE(validate_rule(rule).is_ok());
  EXPECT_FALSE(check_depth(rule).is_ok());
  rule.root = Node(rule.root.children.front());
  EXPECT_TRUE(validate_rule(rule).is_ok());
  EXPECT_TRUE(check_depth(rule).is_ok());
}

}  // namespace
}  // namespace guanxi::segment
