#include "importer/csv_customer_adapter.hpp"

#include <gtest/gtest.h>

#include "importer/import_parser.hpp"
#include "importer/test_util.hpp"

namespace guanxi::importer {
namespace {

using domain::Consent;
using domain::Gender;
using domain::IdentityType;
using testing::kDir;

TEST(CsvCustomerAdapterTest, DefaultMappingFromOurFieldNames) {
  auto batch = parse_file<ParsedCustomer>(
      kDir + "customers.csv", Encoding::kAuto,
      std::make_unique<CsvCustomerAdapter>(std::nullopt, ShopZone::shanghai()));
  ASSERT_TRUE(batch.ok()) << batch.status().to_string();
  EXPECT_EQ(batch->rows_read, 6);
  EXPECT_EQ(batch->rows_rejected, 3);
  ASSERT_EQ(batch->items.size(), 3u);

  const domain::CustomerInput& c = batch->items[0].input;
  ASSERT_EQ(c.identities.size(), 3u);
  EXPECT_EQ(c.identities[0].type, IdentityType::kExternalId);
  EXPECT_EQ(c.identities[0].value, "C001");
  EXPECT_EQ(c.identities[1].type, IdentityType::kPhone);
  EXPECT_EQ(c.identities[2].type, IdentityType::kEmail);
  EXPECT_EQ(batch->items[0].identity_columns,
            (std::vector<std::string>{"external_id", "phone", "email"}));
  EXPECT_EQ(c.name, "王小明");
  EXPECT_EQ(c.gender, Gender::kMale);
  ASSERT_TRUE(c.birthday.has_value());
  EXPECT_EQ(c.birthday->to_string(), "1990-03-15");
  EXPECT_EQ(c.province, "浙江省");
  EXPECT_EQ(c.city, "杭州市");
  EXPECT_EQ(format_utc_iso8601(*c.signup_at), "2023-06-01T02:00:00.000Z");
  EXPECT_EQ(c.source_channel, "taobao");
  EXPECT_EQ(c.consent_sms, Consent::kGranted);
  EXPECT_EQ(c.consent_email, Consent::kDenied);
  EXPECT_FALSE(c.consent_wechat.has_value());
  EXPECT_EQ(c.attributes, (Json{{"vip_level", "gold"}, {"member_card", "8800001"}}));

  const domain::CustomerInput& second = batch->items[1].input;
  EXPECT_EQ(second.birthday->to_string(), "--07-08");
  EXPECT_EQ(second.consent_wechat, Consent::kGranted);
  EXPECT_EQ(second.attributes, (Json{{"vip_level", "silver"}}));

  // The masked phone is still there: the runner drops it with a warning.
  EXPECT_EQ(batch->items[2].input.identities.size(), 2u);

  ASSERT_EQ(batch->issues.size(), 3u);
  EXPECT_EQ(batch->issues[0].line, 4);
  EXPECT_EQ(batch->issues[0].column, "birthday");
  EXPECT_EQ(batch->issues[1], (RowIssue{6, "", Severity::kError,
                                        "no identity: every mapped identity column is empty"}));
  EXPECT_EQ(batch->issues[2].line, 7);
  EXPECT_EQ(batch->issues[2].column, "gender");
}

TEST(CsvCustomerAdapterTest, MappingWithChineseColumnsAndAttributes) {
  auto mapping = load_mapping(kDir + "customers_crm.mapping.json", MappingKind::kCustomers);
  ASSERT_TRUE(mapping.ok()) << mapping.status().to_string();
  auto batch = parse_file<ParsedCustomer>(
      kDir + "customers_crm.csv", Encoding::kAuto,
      std::make_unique<CsvCustomerAdapter>(std::move(mapping).value(), ShopZone::shanghai()));
  ASSERT_TRUE(batch.ok()) << batch.status().to_string();
  ASSERT_EQ(batch->items.size(), 2u);
  EXPECT_TRUE(batch->issues.empty());
  const domain::CustomerInput& c = batch->items[1].input;
  EXPECT_EQ(c.name, "刘洋");
  EXPECT_EQ(c.gender, Gender::kFemale);
  EXPECT_EQ(c.source_channel, "小程序");
  EXPECT_EQ(c.consent_sms, Consent::kDenied);
  EXPECT_EQ(c.attributes, (Json{{"vip_level", "普通会员"}}));
  EXPECT_EQ(batch->items[1].identity_columns,
            (std::vector<std::string>{"会员编号", "手机号", "邮箱"}));
}

TEST(CsvCustomerAdapterTest, HeaderWithoutIdentityColumnsIsRejected) {
  auto batch = parse_file<ParsedCustomer>(
      kDir + "erp_orders.csv", Encoding::kAuto,
      std::make_unique<CsvCustomerAdapter>(std::nullopt, ShopZone::shanghai()));
  ASSERT_FALSE(batch.ok());
  EXPECT_EQ(batch.status().location().field, "/columns");
  EXPECT_NE(batch.status().message().find("identity"), std::string::npos);
}

}  // namespace
}  // namespace guanxi::importer
