#include "importer/mapping.hpp"

#include <gtest/gtest.h>

#include "importer/test_util.hpp"

namespace guanxi::importer {
namespace {

using testing::kDir;

Status mapping_error(const char* json, MappingKind kind = MappingKind::kOrders) {
  Result<Mapping> m = parse_mapping(Json::parse(json), kind);
  return m.ok() ? Status::ok() : m.status();
}

TEST(MappingTest, LoadsTheExampleMapping) {
  Result<Mapping> m = load_mapping(kDir + "erp_orders.mapping.json", MappingKind::kOrders);
  ASSERT_TRUE(m.ok()) << m.status().to_string();
  EXPECT_EQ(m->platform, "erp");
  EXPECT_EQ(*m->column("external_id"), "单号");
  EXPECT_EQ(*m->column("unit_price"), "单价");
  EXPECT_EQ(m->column("coupon_code"), nullptr);
  EXPECT_EQ(m->status_values.at("已完成"), domain::OrderStatus::kCompleted);
  EXPECT_FALSE(m->amounts_in_minor);
  EXPECT_EQ(m->time_zone, "Asia/Shanghai");
  EXPECT_EQ(m->currency, "CNY");
  EXPECT_TRUE(m->group_rows_by_external_id);

  Result<Mapping> customers =
      load_mapping(kDir + "customers_crm.mapping.json", MappingKind::kCustomers);
  ASSERT_TRUE(customers.ok()) << customers.status().to_string();
  EXPECT_EQ(customers->attributes.at("vip_level"), "会员等级");
}

TEST(MappingTest, ErrorsNameTheKey) {
  struct Case {
    const char* json;
    const char* pointer;
  };
  const Case cases[] = {
      {R"({"columns": {"external_id": "单号", "phon": "手机"}})", "/columns/phon"},
      {R"({"columns": {"external_id": "单号", "phone": 3}})", "/columns/phone"},
      {R"({"columns": {"phone": "手机"}})", "/columns/external_id"},
      {R"({"columns": {"external_id": "单号"}})", "/columns"},
      {R"({"columns": {"external_id": "单号", "phone": "手机"}, "amounts_in": "cents"})",
       "/amounts_in"},
      {R"({"columns": {"external_id": "单号", "phone": "手机"}, "time_zone": "Mars/Base"})",
       "/time_zone"},
      {R"({"columns": {"external_id": "单号", "phone": "手机"}, "currency": "RMBX"})", "/currency"},
      {R"({"columns": {"external_id": "单号", "phone": "手机"}, "status_values": {"完成": "done"}})",
       "/status_values/完成"},
      {R"({"columns": {"external_id": "单号", "phone": "手机"}, "group_rows": true})",
       "/group_rows"},
      {R"({"platform": "erp"})", "/columns"},
  };
  for (const Case& c : cases) {
    const Status s = mapping_error(c.json);
    ASSERT_FALSE(s.is_ok()) << c.json;
    EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(s.location().field, c.pointer) << c.json << " -> " << s.to_string();
  }
  // Keys of the other kind are unknown.
  EXPECT_EQ(mapping_error(R"({"columns": {"phone": "手机"}, "status_values": {}})",
                          MappingKind::kCustomers)
                .location()
                .field,
            "/status_values");
  EXPECT_TRUE(mapping_error(R"({"columns": {"phone": "手机"}, "attributes": {"vip": "等级"}})",
                            MappingKind::kCustomers)
                  .is_ok());
}

TEST(MappingTest, FileErrorsNameTheFile) {
  Result<Mapping> m = load_mapping(kDir + "bad_column.mapping.json", MappingKind::kOrders);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().location().field, "/columns/phon");
  EXPECT_NE(m.status().location().file.find("bad_column.mapping.json"), std::string::npos);
  EXPECT_NE(m.status().to_string().find("unknown field 'phon'"), std::string::npos)
      << m.status().to_string();

  Result<Mapping> missing = load_mapping(kDir + "no_such.mapping.json", MappingKind::kOrders);
  EXPECT_EQ(missing.status().code(), ErrorCode::kIoError);
}

TEST(MappingTest, DefaultMappingUsesOurFieldNames) {
  MemorySource source("external_id,phone,Phone Number,attributes.vip_level,notes\n");
  CsvReader reader(source);
  ASSERT_EQ(*reader.next(), CsvReader::Step::kRecord);
  const Header header(reader.record());
  const Mapping m = default_mapping(header, MappingKind::kCustomers);
  EXPECT_EQ(m.columns.size(), 2u);
  EXPECT_EQ(*m.column("phone"), "phone");
  EXPECT_EQ(m.attributes.at("vip_level"), "attributes.vip_level");
  EXPECT_TRUE(check_required_columns(m).is_ok());
}

TEST(MappingTest, BindReportsMissingColumns) {
  MemorySource source("单号,电话\n");
  CsvReader reader(source);
  ASSERT_EQ(*reader.next(), CsvReader::Step::kRecord);
  const Header header(reader.record());
  Mapping m = parse_mapping(Json::parse(R"({"columns": {"external_id": "单号", "phone": "手机"}})"),
                            MappingKind::kOrders)
                  .value();
  Result<MappedColumns> bound = bind_mapping(m, header);
  ASSERT_FALSE(bound.ok());
  EXPECT_EQ(bound.status().location().field, "手机");
  EXPECT_EQ(bound.status().message(),
            "column '手机' (mapping columns.phone) is missing from the header");
}

TEST(MappingTest, MappingForHeaderPrefersTheGivenOneElseNeedsOurNames) {
  MemorySource source("客户,备注\n");
  CsvReader reader(source);
  ASSERT_EQ(*reader.next(), CsvReader::Step::kRecord);
  const Header header(reader.record());
  Result<Mapping> implied = mapping_for_header(std::nullopt, header, MappingKind::kCustomers);
  ASSERT_FALSE(implied.ok());
  EXPECT_EQ(implied.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(implied.status().location().line, 1);
  EXPECT_NE(implied.status().message().find("without --mapping"), std::string::npos);

  Mapping given =
      parse_mapping(Json::parse(R"({"columns": {"external_id": "客户"}, "time_zone": "UTC"})"),
                    MappingKind::kCustomers)
          .value();
  ASSERT_TRUE(mapping_for_header(given, header, MappingKind::kCustomers).ok());
  EXPECT_EQ(mapping_zone(given, ShopZone::shanghai()).name(), "UTC");
  EXPECT_EQ(mapping_zone(std::nullopt, ShopZone::shanghai()).name(), "Asia/Shanghai");
}

}  // namespace
}  // namespace guanxi::importer
