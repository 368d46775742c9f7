#include "channel/message_template.hpp"

#include <gtest/gtest.h>

namespace guanxi::channel {
namespace {

const Json kVars = Json::parse(R"({
  "customer": {"name": "张三", "tier": "黄金会员"},
  "coupon": {"code": "GX-8888", "amount": 20},
  "shop": {"name": "小店 & Co"},
  "points": {"balance": 0},
  "items": [{"name": "茶叶"}, {"name": "茶杯"}],
  "vip": true,
  "unsubscribe_url": "https://shop.example/u?a=1&b=2"
})");

TEST(RenderTemplate, SubstitutesDottedNamesWithoutHtmlEscaping) {
  auto r = render_template(
      "【{{shop.name}}】{{customer.name}}您好，优惠券{{coupon.code}}（{{coupon.amount}}元）"
      "退订{{unsubscribe_url}}",
      kVars);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(*r, "【小店 & Co】张三您好，优惠券GX-8888（20元）退订https://shop.example/u?a=1&b=2");
}

TEST(RenderTemplate, HtmlEscapingWhenAsked) {
  RenderOptions html;
  html.html_escape = true;
  EXPECT_EQ(*render_template("{{shop.name}}|{{{shop.name}}}|{{&shop.name}}", kVars, html),
            "小店 &amp; Co|小店 & Co|小店 & Co");
}

TEST(RenderTemplate, SectionsAndLists) {
  EXPECT_EQ(*render_template("{{#vip}}尊贵的{{/vip}}{{customer.name}}", kVars), "尊贵的张三");
  EXPECT_EQ(*render_template("{{^coupon}}无券{{/coupon}}{{#coupon}}券{{code}}{{/coupon}}", kVars),
            "券GX-8888");
  EXPECT_EQ(*render_template("{{#items}}[{{name}}]{{/items}}", kVars), "[茶叶][茶杯]");
  EXPECT_EQ(*render_template("{{#missing}}x{{nothing}}{{/missing}}ok", kVars), "ok");
  EXPECT_EQ(*render_template("积分{{points.balance}}", kVars), "积分0");
  EXPECT_EQ(*render_template("{{! a comment }}{{=<% %>=}}<%customer.name%>", kVars), "张三");
}

TEST(RenderTemplate, MissingTopLevelVariableIsAnErrorWithPosition) {
  auto r = render_template("您好\n尊敬的{{customer.nickname}}", kVars);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.status().location().line, 2);
  EXPECT_EQ(r.status().location().column, 4);  // characters, not bytes
  EXPECT_NE(r.status().message().find("customer.nickname"), std::string::npos);

  auto obj = render_template("{{customer}}", kVars);
  ASSERT_FALSE(obj.ok());
  EXPECT_NE(obj.status().message().find("not text"), std::string::npos);
  EXPECT_FALSE(render_template("{{vip}}", kVars).ok());
  EXPECT_FALSE(render_template("x", Json::array()).ok());
}

TEST(RenderTemplate, ParseErrorsCarryPositions) {
  struct Case {
    const char* text;
    int64_t line;
    int64_t column;
    const char* says;
  };
  const Case cases[] = {
      {"你好{{customer.name", 1, 3, "unclosed tag"},
      {"a\n{{#coupon}}x", 2, 1, "never closed"},
      {"{{/coupon}}", 1, 1, "not open"},
      {"{{#a}}{{#b}}{{/a}}{{/b}}", 1, 13, "while section 'b' is open"},
      {"{{> footer}}", 1, 1, "partials"},
      {"{{customer name}}", 1, 1, "invalid variable name"},
      {"{{}}", 1, 1, "empty tag"},
      {"{{=<%%>=}}", 1, 1, "set-delimiter"},
  };
  for (const Case& c : cases) {
    auto r = render_template(c.text, kVars);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(r.status().location().line, c.line) << c.text;
    EXPECT_EQ(r.status().location().column, c.column) << c.text;
    EXPECT_NE(r.status().message().find(c.says), std::string::npos)
        << c.text << ": " << r.status().message();
  }
}

TEST(TemplateVariables, ListsNamesOnceInOrder) {
  auto names = template_variables(
      "{{customer.name}}{{#coupon}}{{code}}{{/coupon}}{{customer.name}}{{{shop.name}}}"
      "{{#items}}{{.}}{{/items}}");
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(*names,
            (std::vector<std::string>{"customer.name", "coupon", "code", "shop.name", "items"}));
  EXPECT_FALSE(template_variables("{{#a}}").ok());
}

TEST(CheckTemplate, AcceptsKnownNamesIncludingSectionRelative) {
  const auto& known = standard_template_variables();
  EXPECT_TRUE(check_template("{{customer.name}}{{shop.name}}{{unsubscribe_url}}", known).is_ok());
  EXPECT_TRUE(check_template("{{#coupon}}券{{code}}{{amount}}元{{/coupon}}", known).is_ok());
  EXPECT_TRUE(check_template("{{#coupon.code}}{{coupon.code}}{{/coupon.code}}", known).is_ok());
}

TEST(CheckTemplate, NamesTheFirstUnknownVariable) {
  const auto& known = standard_template_variables();
  Status s = check_template("{{customer.name}}，您的{{coupon.cod}}", known);
  ASSERT_FALSE(s.is_ok());
  EXPECT_NE(s.message().find("unknown variable 'coupon.cod'"), std::string::npos) << s.message();
  EXPECT_EQ(s.location().column, 21);
  s = check_template("{{#coupon}}{{name}}{{/coupon}}", known);
  EXPECT_NE(s.message().find("'name'"), std::string::npos);
  EXPECT_FALSE(check_template("{{#customerz}}x{{/customerz}}", known).is_ok());
  EXPECT_TRUE(check_template("{{a}}", {"a"}).is_ok());
}

}  // namespace
}  // namespace guanxi::channel
