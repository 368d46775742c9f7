#include <gtest/gtest.h>

#include "domain/customers.hpp"

namespace guanxi::domain {
namespace {

std::string phone(std::string_view raw) {
  auto r = normalize_identity({IdentityType::kPhone, std::string(raw)});
  return r.ok() ? r->value : "ERR: " + r.status().message();
}

TEST(IdentityTest, PhonesBecomeE164WithChinaDefault) {
  EXPECT_EQ(phone("13800138000"), "+8613800138000");
  EXPECT_EQ(phone(" 138-0013-8000 "), "+8613800138000");
  EXPECT_EQ(phone("+86 138 0013 8000"), "+8613800138000");
  EXPECT_EQ(phone("8613800138000"), "+8613800138000");
  EXPECT_EQ(phone("008613800138000"), "+8613800138000");
  EXPECT_EQ(phone("0571-88888888"), "+8657188888888");
  EXPECT_EQ(phone("+1 (415) 555-0100"), "+14155550100");
}

TEST(IdentityTest, ImpossiblePhonesAreRejectedWithAReason) {
  EXPECT_EQ(phone("138****8000"), "ERR: phone '138****8000' is masked");
  EXPECT_TRUE(phone("12345").starts_with("ERR"));
  EXPECT_TRUE(phone("11800138000").starts_with("ERR"));
  EXPECT_TRUE(phone("abc").starts_with("ERR"));
  EXPECT_TRUE(phone("").starts_with("ERR"));
}

TEST(IdentityTest, EmailsAreTrimmedAndLowercased) {
  auto r = normalize_identity({IdentityType::kEmail, "  Wang.Fang@Example.COM "});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->value, "wang.fang@example.com");
  EXPECT_FALSE(normalize_identity({IdentityType::kEmail, "no-at-sign"}).ok());
  EXPECT_FALSE(normalize_identity({IdentityType::kEmail, "a@b@c.com"}).ok());
  EXPECT_FALSE(normalize_identity({IdentityType::kEmail, "a@nodot"}).ok());
}

TEST(IdentityTest, OtherTypesAreTrimmedAndNonEmpty) {
  EXPECT_EQ(normalize_identity({IdentityType::kTaobaoNick, "　小王的店 "}).value().value,
            "小王的店");
  EXPECT_FALSE(normalize_identity({IdentityType::kWechatOpenid, "  "}).ok());
}

TEST(IdentityTest, DropInvalidIdentitiesKeepsTheRest) {
  CustomerInput in;
  in.identities = {{IdentityType::kPhone, "138****0000"}, {IdentityType::kTaobaoNick, "nick"}};
  auto reasons = drop_invalid_identities(in);
  ASSERT_EQ(reasons.size(), 1u);
  EXPECT_EQ(in.identities.size(), 1u);
  EXPECT_EQ(in.identities[0].type, IdentityType::kTaobaoNick);
}

TEST(ModelTest, BirthdaysParseAndValidate) {
  EXPECT_EQ(parse_birthday("1990-03-15").value().to_string(), "1990-03-15");
  EXPECT_EQ(parse_birthday("03-15").value().to_string(), "--03-15");
  EXPECT_EQ(parse_birthday("--02-29").value().to_string(), "--02-29");
  EXPECT_FALSE(parse_birthday("1991-02-29").ok());
  EXPECT_FALSE(parse_birthday("1990-13-01").ok());
  EXPECT_TRUE(parse_birthday("1990-02-30", true).ok());  // lunar months have 30 days
  EXPECT_FALSE(parse_birthday("yesterday").ok());
}

}  // namespace
}  // namespace guanxi::domain
