#include "importer/csv_order_adapter.hpp"

#include <gtest/gtest.h>

#include "importer/import_parser.hpp"
#include "importer/test_util.hpp"

namespace guanxi::importer {
namespace {

using domain::IdentityType;
using domain::OrderStatus;
using testing::kDir;
using testing::utc;

// Runs an adapter over CSV text; a header error is returned as is.
Result<ParseBatch<ParsedOrder>> parse_text(OrderAdapter& adapter, std::string_view text) {
  MemorySource source(text);
  CsvReader reader(source);
  GX_ASSIGN_OR_RETURN(CsvReader::Step step, reader.next());
  if (step != CsvReader::Step::kRecord) return Status::invalid("no header");
  GX_RETURN_IF_ERROR(adapter.bind_header(reader.record()));
  ParseBatch<ParsedOrder> out;
  for (;;) {
    GX_ASSIGN_OR_RETURN(step, reader.next());
    if (step == CsvReader::Step::kEnd) break;
    if (step == CsvReader::Step::kRecord) adapter.add_record(reader.record(), out);
  }
  adapter.finish(out);
  return out;
}

Mapping mapping(const char* json) {
  return parse_mapping(Json::parse(json), MappingKind::kOrders).value();
}

TEST(CsvOrderAdapterTest, ReadsTheErpExportThroughItsMapping) {
  auto mapping = load_mapping(kDir + "erp_orders.mapping.json", MappingKind::kOrders);
  ASSERT_TRUE(mapping.ok());
  auto batch = parse_file<ParsedOrder>(
      kDir + "erp_orders.csv", Encoding::kAuto,
      std::make_unique<CsvOrderAdapter>(std::move(mapping).value(), ShopZone::shanghai(), "CNY"));
  ASSERT_TRUE(batch.ok()) << batch.status().to_string();
  EXPECT_EQ(batch->rows_read, 8);
  EXPECT_EQ(batch->rows_rejected, 1);
  ASSERT_EQ(batch->items.size(), 5u);

  const ParsedOrder& first = batch->items[0];
  EXPECT_EQ(first.line, 2);
  EXPECT_EQ(first.rows, 2);
  const domain::OrderInput& o = first.input;
  EXPECT_EQ(o.platform, "erp");
  EXPECT_EQ(o.external_id, "E1001");
  EXPECT_EQ(o.status, OrderStatus::kCompleted);
  EXPECT_EQ(o.goods_amount, 128000);
  EXPECT_EQ(o.paid_amount, 128000);
  EXPECT_EQ(utc(o.created_at), "2024-03-01T01:30:00.000Z");
  EXPECT_EQ(utc(o.paid_at), "2024-03-01T01:31:00.000Z");
  EXPECT_EQ(o.customer.name, "赵敏");
  EXPECT_EQ(o.customer.province, "江苏省");
  EXPECT_EQ(o.customer.city, "南京市");
  ASSERT_EQ(o.customer.identities.size(), 2u);
  EXPECT_EQ(o.customer.identities[0].type, IdentityType::kPhone);
  EXPECT_EQ(o.customer.identities[1].type, IdentityType::kEmail);
  EXPECT_EQ(first.identity_columns, (std::vector<std::string>{"手机", "Email"}));
  ASSERT_EQ(o.items.size(), 2u);
  EXPECT_EQ(o.items[0].sku, "JK-01");
  EXPECT_EQ(o.items[0].unit_price, 108000);
  EXPECT_EQ(o.items[1].product_name, "羊绒围巾");
  EXPECT_EQ(o.items[1].quantity, 2);
  EXPECT_EQ(o.items[1].unit_price, 10000);

  EXPECT_EQ(batch->items[1].input.items[0].product_name, "马克杯 \"猫咪\"款");
  EXPECT_EQ(batch->items[1].input.shipping_fee, 1000);
  EXPECT_EQ(batch->items[2].input.status, OrderStatus::kCreated);
  EXPECT_EQ(batch->items[3].input.external_id, "E1005");
  EXPECT_EQ(batch->items[3].input.status, OrderStatus::kRefunded);
  EXPECT_EQ(batch->items[3].input.items.size(), 2u);
  EXPECT_EQ(batch->items[4].input.status, OrderStatus::kShipped);

  ASSERT_EQ(batch->issues.size(), 1u);
  EXPECT_EQ(batch->issues[0], (RowIssue{6, "状态", Severity::kError,
                                        "unknown status '神秘状态' (map it in status_values)"}));
}

TEST(CsvOrderAdapterTest, MinorUnitsDerivedStatusAndUngroupedRows) {
  CsvOrderAdapter adapter(mapping(R"({"platform": "pos", "amounts_in": "minor", "currency": "JPY",
      "columns": {"external_id": "no", "email": "mail", "paid_amount": "paid", "refunded_amount": "back",
                  "sku": "sku", "unit_price": "price"}})"),
                          ShopZone::shanghai(), "CNY");
  auto out = parse_text(adapter,
                        "no,mail,paid,back,sku,price\n"
                        "A1,a@example.com,1000,0,S1,500\n"
                        "A1,a@example.com,1000,0,S2,500\n"
                        "A2,b@example.com,0,0,,\n"
                        "A3,c@example.com,800,200,S3,800\n"
                        "A4,d@example.com,12.5,0,S4,1\n");
  ASSERT_TRUE(out.ok()) << out.status().to_string();
  ASSERT_EQ(out->items.size(), 4u);
  EXPECT_EQ(out->items[0].input.platform, "pos");
  EXPECT_EQ(out->items[0].input.currency, "JPY");
  EXPECT_EQ(out->items[0].input.paid_amount, 1000);
  EXPECT_EQ(out->items[0].input.status, OrderStatus::kPaid);
  EXPECT_EQ(out->items[0].input.items.size(), 1u);  // not grouped: A1 twice
  EXPECT_EQ(out->items[1].input.external_id, "A1");
  EXPECT_EQ(out->items[2].input.status, OrderStatus::kCreated);
  EXPECT_TRUE(out->items[2].input.items.empty());
  EXPECT_EQ(out->items[3].input.status, OrderStatus::kPartiallyRefunded);
  ASSERT_EQ(out->issues.size(), 1u);
  EXPECT_EQ(out->issues[0].line, 6);
  EXPECT_EQ(out->issues[0].column, "paid");
}

TEST(CsvOrderAdapterTest, WithoutMappingTheHeaderUsesOurNames) {
  CsvOrderAdapter adapter(std::nullopt, ShopZone::shanghai(), "CNY");
  auto out = parse_text(
      adapter,
      "external_id,phone,status,paid_amount,paid_at,created_at,product_name,quantity,unit_price\n"
      "W1,13800138000,paid,19.90,2024-05-01 10:00,2024-05-01 09:59,T恤,1,19.90\n");
  ASSERT_TRUE(out.ok()) << out.status().to_string();
  ASSERT_EQ(out->items.size(), 1u);
  EXPECT_EQ(out->items[0].input.platform, "csv");
  EXPECT_EQ(out->items[0].input.paid_amount, 1990);
  EXPECT_EQ(out->items[0].input.status, OrderStatus::kPaid);

  CsvOrderAdapter no_id(std::nullopt, ShopZone::shanghai(), "CNY");
  auto missing = parse_text(no_id, "order,phone\nW1,13800138000\n");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().location().field, "/columns/external_id");
}

TEST(CsvOrderAdapterTest, GroupedRowsMustBeConsecutive) {
  CsvOrderAdapter adapter(mapping(R"({"group_rows_by_external_id": true,
      "columns": {"external_id": "no", "phone": "tel", "sku": "sku", "quantity": "qty"}})"),
                          ShopZone::shanghai(), "CNY");
  auto out = parse_text(adapter,
                        "no,tel,sku,qty\n"
                        "B1,13800138000,S1,1\n"
                        "B1,,S2,2\n"
                        "B2,13800138001,S3,1\n"
                        "B1,,S4,1\n"
                        "B3,13800138002,S5,0\n"
                        "B3,,S6,1\n");
  ASSERT_TRUE(out.ok());
  ASSERT_EQ(out->items.size(), 2u);
  EXPECT_EQ(out->items[0].input.items.size(), 2u);
  EXPECT_EQ(out->items[0].rows, 2);
  EXPECT_EQ(out->rows_rejected, 3);
  ASSERT_EQ(out->issues.size(), 3u);
  EXPECT_EQ(out->issues[0].line, 5);
  EXPECT_EQ(
      out->issues[0].reason,
      "rows of order B1 are not consecutive (the order starts at line 2); sort the file by no");
  EXPECT_EQ(out->issues[1], (RowIssue{6, "qty", Severity::kError, "qty must be positive"}));
  EXPECT_EQ(out->issues[2],
            (RowIssue{7, "", Severity::kError, "row of order B3, which was rejected (line 6)"}));
}

}  // namespace
}  // namespace guanxi::importer
