#include "segment/rule/json_form.hpp"

#include <gtest/gtest.h>

#include "segment/rule/parser.hpp"
#include "segment/rule/printer.hpp"
#include "segment/rule/test_printers.hpp"

namespace guanxi::segment {
namespace {

Json to_json(std::string_view text) {
  auto r = parse_rule(text);
  EXPECT_TRUE(r.ok()) << text << ": " << r.status().to_string();
  return r.ok() ? rule_to_json(*r) : Json();
}

Json json(std::string_view text) {
  return parse_json(text).value();
}

// The rule the JSON text describes, printed; or the error and its pointer.
std::string from_json(std::string_view text) {
  auto r = rule_from_json(json(text));
  if (r.ok()) return print_rule(*r);
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  return r.status().location().field + ": " + r.status().message();
}

TEST(JsonFormTest, ShapesOfEveryNode) {
  EXPECT_EQ(to_json(R"(orders(365d) >= 3 and not tag("黑名单"))"),
            json(R"({"op":"and","args":[{"op":">=","field":"orders","window_days":365,"value":3},
                                        {"op":"not","arg":{"op":"tag","name":"黑名单"}}]})"));
  EXPECT_EQ(to_json("revenue > 500 or aov < 99.9"),
            json(R"({"op":"or","args":[{"op":">","field":"revenue","value":500},
                                       {"op":"<","field":"aov","value":99.9}]})"));
  EXPECT_EQ(to_json(R"(tier in ("VIP会员"))"),
            json(R"({"op":"in","field":"tier","values":["VIP会员"]})"));
  EXPECT_EQ(
      to_json(R"(event_count("page_view", 7d) > 5)"),
      json(R"({"op":">","field":"event_count","event":"page_view","window_days":7,"value":5})"));
  EXPECT_EQ(to_json(R"(attr("level") = "gold")"),
            json(R"({"op":"=","field":"attr","key":"level","value":"gold"})"));
  EXPECT_EQ(to_json(R"(attr("score") >= 4.0)"),
            json(R"({"op":">=","field":"attr","key":"score","value":4.0})"));
  EXPECT_EQ(to_json(R"(in_segment("双11新客"))"), json(R"({"op":"in_segment","name":"双11新客"})"));
  EXPECT_EQ(to_json("has(email)"), json(R"({"op":"has","identity":"email"})"));
  EXPECT_EQ(to_json(R"(bought(category = "面膜", within = 60d))"),
            json(R"({"op":"bought","category":"面膜","within_days":60})"));
  EXPECT_EQ(to_json(R"(bought(sku = "A-1"))"), json(R"({"op":"bought","sku":"A-1"})"));
  EXPECT_EQ(to_json("all"), json(R"({"op":"all"})"));
}

TEST(JsonFormTest, ContactFieldsLikeOrders) {
  EXPECT_EQ(to_json("not last_contact_days <= 60 and contacts(60d) = 0 and contacts >= 2"),
            json(R"J({"op":"and","args":[
                {"op":"not","arg":{"op":"<=","field":"last_contact_days","value":60}},
                {"op":"=","field":"contacts","window_days":60,"value":0},
                {"op":">=","field":"contacts","value":2}]})J"));
  EXPECT_EQ(from_json(R"({"op":"in","field":"contacts","window_days":7,"values":[0,1]})"),
            "contacts(7d) in (0, 1)");
  EXPECT_EQ(from_json(R"({"op":">","field":"last_contact_days","window_days":7,"value":1})"),
            "/window_days: 'last_contact_days' does not take a window; only orders, revenue, "
            "contacts and event_count do");
  EXPECT_EQ(from_json(R"({"op":">","field":"contacts","value":1.5})"),
            "/value: 'contacts' takes a whole number, not 1.5");
  EXPECT_EQ(from_json(R"({"op":">","field":"last_contact_days","value":"60"})"),
            "/value: 'last_contact_days' takes a number, not text");
}

TEST(JsonFormTest, DecimalsSurviveTheTextForm) {
  const Json j = to_json(R"(revenue > 12345.67 and attr("score") = 4.0)");
  const std::string dumped = j.dump();
  EXPECT_NE(dumped.find("12345.67"), std::string::npos) << dumped;
  EXPECT_NE(dumped.find("4.0"), std::string::npos) << dumped;
  EXPECT_EQ(from_json(dumped), R"(revenue > 12345.67 and attr("score") = 4.0)");
}

TEST(JsonFormTest, ReadsEveryProductIssueExample) {
  EXPECT_EQ(from_json(R"({"op":"and","args":[
      {"op":"bought","within_days":60,"category":"面膜"},
      {"op":"in","field":"tier","values":["VIP会员","至尊VIP会员"]}]})"),
            R"(bought(category = "面膜", within = 60d) and tier in ("VIP会员", "至尊VIP会员"))");
  EXPECT_EQ(from_json(R"({"op":"=","field":"rfm_group","value":"important_winback"})"),
            R"(rfm_group = "重要挽留客户")");
  EXPECT_EQ(from_json(R"({"op":"=","field":"birthday_month","value":3})"), "birthday_month = 3");
  EXPECT_EQ(from_json(R"({"op":">","field":"revenue","value":99.9})"), "revenue > 99.9");
}

TEST(JsonFormTest, ASingleElementChainIsThatElement) {
  EXPECT_EQ(from_json(R"({"op":"and","args":[{"op":"all"}]})"), "all");
}

TEST(JsonFormTest, ErrorsNameTheJsonPointer) {
  EXPECT_EQ(
      from_json(R"({"op":"and","args":[{"op":"all"},{"op":">=","field":"orders","value":"x"}]})"),
      "/args/1/value: 'orders' takes a number, not text");
  EXPECT_EQ(from_json(R"({"op":"in","field":"abc","values":["A","Z"]})"),
            "/values/1: unknown abc 'Z' — expected one of A, B, C");
  EXPECT_EQ(from_json(R"({"op":">","field":"city","value":"杭州"})"),
            "/op: 'city' is text; use = != or in, not '>'");
  EXPECT_EQ(from_json(R"({"op":">","field":"revnue","value":1})"),
            "/field: unknown field 'revnue' — did you mean 'revenue'?");
  EXPECT_EQ(from_json(R"({"op":">","field":"aov","window_days":7,"value":1})"),
            "/window_days: 'aov' does not take a window; only orders, revenue, contacts and "
            "event_count do");
  EXPECT_EQ(from_json(R"({"op":">","field":"orders","window_days":0,"value":1})"),
            "/window_days: a window must be between 1d and 36500d, not 0d");
  EXPECT_EQ(from_json(R"({"op":">","field":"revenue","value":1.234})"),
            "/value: 'revenue' is money in yuan with at most 2 decimals, not 1.234");
  EXPECT_EQ(from_json(R"({"op":">","field":"orders","value":3.0})"),
            "/value: 'orders' takes a whole number, not 3.0");
  EXPECT_EQ(from_json(R"({"op":"=","field":"orders","value":true})"),
            "/value: a value must be a number or a string");
  EXPECT_EQ(from_json(R"({"op":"not","arg":{"op":"tag","name":""}})"),
            "/arg/name: tag name must not be empty");
  EXPECT_EQ(from_json(R"({"op":"has","identity":"fax"})"),
            "/identity: unknown identity 'fax' — expected one of phone, email, wechat, taobao, jd, "
            "shopify, external");
  EXPECT_EQ(from_json(R"({"op":"in","field":"attr","key":"k","values":[1,"a"]})"),
            "/values/1: the values of 'attr(\"k\")' in (...) must be all text or all numbers");
  EXPECT_EQ(from_json(R"({"op":"=","field":"attr","value":1})"),
            "/key: 'key' is required (a string)");
  EXPECT_EQ(from_json(R"({"op":"in","field":"tier","values":[]})"),
            "/values: 'values' needs at least one value");
}

TEST(JsonFormTest, RejectsUnknownKeysAndShapes) {
  EXPECT_EQ(from_json(R"({"op":"all","extra":1})"), "/extra: unknown field 'extra'");
  EXPECT_EQ(from_json(R"({"op":"=","field":"city","event":"x","value":"a"})"),
            "/event: unknown field 'event'");
  EXPECT_EQ(from_json(R"({"op":"xor"})").substr(0, 22), "/op: unknown op 'xor' ");
  EXPECT_EQ(from_json(R"({"args":[]})"), "/op: 'op' is required (a string)");
  EXPECT_EQ(from_json(R"([1])"), "/: expected a JSON object");
  EXPECT_EQ(from_json(R"({"op":"and","args":[]})").substr(0, 28), "/args: 'args' needs at least");
  EXPECT_EQ(from_json(R"({"op":"bought"})"), "/: bought needs one of category, sku or product");
  EXPECT_EQ(from_json(R"({"op":"bought","sku":"a","product":"b"})"),
            "/product: bought takes exactly one of category, sku or product");
}

TEST(JsonFormTest, RejectsDeepNestingWithoutCrashing) {
  Json j = {{"op", "all"}};
  for (int i = 0; i < 5000; ++i) j = Json{{"op", "not"}, {"arg", std::move(j)}};
  const auto r = rule_from_json(j);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("nested too deeply"), std::string::npos);
}

}  // namespace
}  // namespace guanxi::segment
