#include "importer/taobao_adapter.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "importer/import_parser.hpp"
#include "importer/test_util.hpp"

namespace guanxi::importer {
namespace {

using domain::IdentityType;
using domain::OrderStatus;
using testing::kDir;
using testing::utc;

ParseBatch<ParsedOrder> parse(const std::string& name, Encoding encoding = Encoding::kAuto) {
  auto batch = parse_file<ParsedOrder>(kDir + name, encoding,
                                       std::make_unique<TaobaoAdapter>(ShopZone::shanghai()));
  EXPECT_TRUE(batch.ok()) << batch.status().to_string();
  return batch.ok() ? std::move(batch).value() : ParseBatch<ParsedOrder>{};
}

const ParsedOrder* find(const ParseBatch<ParsedOrder>& batch, const std::string& external_id) {
  for (const auto& o : batch.items) {
    if (o.input.external_id == external_id) return &o;
  }
  return nullptr;
}

TEST(TaobaoAdapterTest, StatusMappingTable) {
  struct Case {
    const char* text;
    bool paid;
    int64_t paid_amount;
    int64_t refunded;
    OrderStatus expected;
  };
  const Case cases[] = {
      {"等待买家付款", false, 0, 0, OrderStatus::kCreated},
      {"买家已付款，等待卖家发货", true, 100, 0, OrderStatus::kPaid},
      {"买家已付款,等待卖家发货", true, 100, 0, OrderStatus::kPaid},
      {"买家已付款, 等待卖家发货", true, 100, 0, OrderStatus::kPaid},
      {"卖家已发货，等待买家确认", true, 100, 0, OrderStatus::kShipped},
      {"交易成功", true, 100, 0, OrderStatus::kCompleted},
      {"交易关闭", false, 0, 0, OrderStatus::kCancelled},
      {"交易关闭", true, 100, 0, OrderStatus::kRefunded},
      {"交易关闭", true, 100, 100, OrderStatus::kRefunded},
      {"付款以后用户退款成功，交易自动关闭", true, 100, 100, OrderStatus::kRefunded},
      {"交易成功", true, 100, 30, OrderStatus::kPartiallyRefunded},
      {"卖家已发货，等待买家确认", true, 100, 1, OrderStatus::kPartiallyRefunded},
      {"交易成功", true, 100, 100, OrderStatus::kRefunded},
      {"买家已付款，等待卖家发货", true, 100, 100, OrderStatus::kRefunded},
  };
  for (const Case& c : cases) {
    auto s = taobao_order_status(c.text, c.paid, c.paid_amount, c.refunded);
    ASSERT_TRUE(s.ok()) << c.text;
    EXPECT_EQ(*s, c.expected) << c.text << " paid=" << c.paid_amount << " refunded=" << c.refunded;
  }
  EXPECT_FALSE(taobao_order_status("火星状态", true, 1, 0).ok());
}

TEST(TaobaoAdapterTest, ParsesTheUtf8ExportFieldByField) {
  const ParseBatch<ParsedOrder> batch = parse("taobao_orders.csv");
  EXPECT_EQ(batch.rows_read, 9);
  EXPECT_EQ(batch.rows_rejected, 0);
  EXPECT_TRUE(batch.issues.empty());
  ASSERT_EQ(batch.items.size(), 9u);

  const ParsedOrder& first = batch.items[0];
  EXPECT_EQ(first.line, 2);
  const domain::OrderInput& o = first.input;
  EXPECT_EQ(o.platform, "taobao");
  EXPECT_EQ(o.external_id, "1860000000000001");  // ="..." unwrapped
  ASSERT_EQ(o.customer.identities.size(), 2u);
  EXPECT_EQ(o.customer.identities[0].type, IdentityType::kTaobaoNick);
  EXPECT_EQ(o.customer.identities[0].value, "小明爱购物");
  EXPECT_EQ(o.customer.identities[1].type, IdentityType::kPhone);
  EXPECT_EQ(o.customer.identities[1].value, "13800138000");
  EXPECT_EQ(first.identity_columns, (std::vector<std::string>{"买家会员名", "联系手机"}));
  EXPECT_EQ(o.customer.name, "王小明");
  EXPECT_EQ(o.customer.province, "浙江省");
  EXPECT_EQ(o.customer.city, "杭州市");
  EXPECT_EQ(o.status, OrderStatus::kCompleted);
  EXPECT_EQ(o.currency, "CNY");
  EXPECT_EQ(o.goods_amount, 19900);
  EXPECT_EQ(o.shipping_fee, 1000);
  EXPECT_EQ(o.paid_amount, 19900);
  EXPECT_EQ(o.discount_amount, 1000);  // 总金额 209.00 - 实付 199.00
  EXPECT_EQ(o.refunded_amount, 0);
  EXPECT_EQ(utc(o.created_at), "2024-01-05T02:15:30.000Z");
  EXPECT_EQ(utc(o.paid_at), "2024-01-05T02:16:02.000Z");
  EXPECT_EQ(utc(o.shipped_at), "2024-01-06T06:20:00.000Z");
  EXPECT_EQ(utc(o.completed_at), "2024-01-10T01:00:00.000Z");
  EXPECT_EQ(o.receiver_name, "王小明");
  EXPECT_EQ(o.receiver_phone, "13800138000");
  EXPECT_EQ(o.receiver_address, "浙江省 杭州市 西湖区 文三路 478 号 华星科技大厦");
  EXPECT_EQ(o.coupon_code, "店铺优惠券:省10.00元");
  ASSERT_EQ(o.items.size(), 1u);
  EXPECT_EQ(o.items[0].product_name, "纯棉T恤 男款 白色 XL");
  EXPECT_EQ(o.items[0].sku, "TS-001-WH-XL");
  EXPECT_EQ(o.items[0].quantity, 2);
  EXPECT_EQ(o.items[0].unit_price, 9950);

  // Multi-line 买家留言 pushes the next order's line numbers; escaped quotes in 宝贝标题.
  const ParsedOrder* second = find(batch, "1860000000000002");
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(second->line, 3);
  EXPECT_EQ(second->input.status, OrderStatus::kPaid);
  EXPECT_EQ(second->input.items[0].product_name, "保温杯 500ml \"经典款\"");
  EXPECT_EQ(second->input.receiver_phone, "139****5678");  // masked: kept for the receiver
  EXPECT_EQ(second->input.customer.province, "北京市");
  EXPECT_EQ(second->input.customer.city, "北京市");
  EXPECT_EQ(find(batch, "1860000000000003")->line, 5);

  const domain::OrderInput& unpaid = find(batch, "1860000000000003")->input;
  EXPECT_EQ(unpaid.status, OrderStatus::kCreated);
  EXPECT_EQ(unpaid.paid_amount, 0);
  EXPECT_FALSE(unpaid.paid_at.has_value());
  EXPECT_EQ(unpaid.customer.province, "上海市");

  const domain::OrderInput& closed_after_payment = find(batch, "1860000000000004")->input;
  EXPECT_EQ(closed_after_payment.status, OrderStatus::kRefunded);
  EXPECT_EQ(closed_after_payment.refunded_amount, 12800);

  const domain::OrderInput& closed_unpaid = find(batch, "1860000000000005")->input;
  EXPECT_EQ(closed_unpaid.status, OrderStatus::kCancelled);
  EXPECT_EQ(closed_unpaid.customer.province, "广东省");
  EXPECT_EQ(closed_unpaid.customer.city, "深圳市");

  const domain::OrderInput& partial = find(batch, "1860000000000006")->input;
  EXPECT_EQ(partial.status, OrderStatus::kPartiallyRefunded);
  EXPECT_EQ(partial.refunded_amount, 2000);
  EXPECT_EQ(partial.items[0].quantity, 3);
  EXPECT_EQ(partial.items[0].unit_price, 5000);

  // CRLF inside a quoted 宝贝标题 is delivered as LF.
  const ParsedOrder* backpack = find(batch, "1860000000000008");
  EXPECT_EQ(backpack->line, 10);
  EXPECT_EQ(backpack->input.items[0].product_name, "双肩包\n大容量, 防水");
  EXPECT_EQ(backpack->input.status, OrderStatus::kPaid);  // ASCII comma variant
  EXPECT_EQ(find(batch, "1860000000000009")->line, 12);
}

TEST(TaobaoAdapterTest, GbkExportGivesTheSameOrders) {
  const ParseBatch<ParsedOrder> utf8 = parse("taobao_orders.csv");
  const ParseBatch<ParsedOrder> gbk = parse("taobao_orders_gbk.csv");
  ASSERT_EQ(gbk.items.size(), utf8.items.size());
  for (size_t i = 0; i < utf8.items.size(); ++i) {
    const auto& a = utf8.items[i].input;
    const auto& b = gbk.items[i].input;
    EXPECT_EQ(a.external_id, b.external_id);
    EXPECT_EQ(a.customer.identities[0].value, b.customer.identities[0].value);
    EXPECT_EQ(a.receiver_address, b.receiver_address);
    EXPECT_EQ(a.items[0].product_name, b.items[0].product_name);
    EXPECT_EQ(a.status, b.status);
    EXPECT_EQ(utf8.items[i].line, gbk.items[i].line);
  }
}

TEST(TaobaoAdapterTest, MalformedRowsAreReportedWithLineAndColumn) {
  const ParseBatch<ParsedOrder> batch = parse("taobao_malformed.csv");
  EXPECT_EQ(batch.rows_read, 11);
  EXPECT_EQ(batch.rows_rejected, 7);
  std::vector<std::string> imported;
  for (const auto& o : batch.items)
    imported.push_back(std::to_string(o.line) + ":" + o.input.external_id);
  EXPECT_EQ(imported, (std::vector<std::string>{"2:1870000000000001", "6:1870000000000005",
                                                "11:1870000000000010", "12:1870000000000011"}));
  // Expected report, as a table: line, column, reason.
  std::ifstream expected_file(kDir + "taobao_malformed.errors.expected.csv");
  std::string header;
  std::getline(expected_file, header);
  std::vector<RowIssue> issues = batch.issues;
  std::sort(issues.begin(), issues.end(),
            [](const RowIssue& a, const RowIssue& b) { return a.line < b.line; });
  std::string line;
  size_t i = 0;
  while (std::getline(expected_file, line)) {
    ASSERT_LT(i, issues.size());
    const std::string got = std::to_string(issues[i].line) + "," + issues[i].column + "," +
                            std::string(severity_name(issues[i].severity)) + "," + issues[i].reason;
    EXPECT_EQ(got, line);
    ++i;
  }
  EXPECT_EQ(i, issues.size());
}

TEST(TaobaoAdapterTest, MissingRequiredColumnStopsBeforeAnyRow) {
  auto batch = parse_file<ParsedOrder>(kDir + "taobao_missing_column.csv", Encoding::kAuto,
                                       std::make_unique<TaobaoAdapter>(ShopZone::shanghai()));
  ASSERT_FALSE(batch.ok());
  EXPECT_EQ(batch.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(batch.status().location().field, "订单状态");
  EXPECT_EQ(batch.status().location().line, 1);
  EXPECT_NE(batch.status().location().file.find("taobao_missing_column.csv"), std::string::npos);
  EXPECT_NE(batch.status().message().find("订单状态"), std::string::npos);
}

TEST(TaobaoAdapterTest, TmallShopsAndOptionalColumns) {
  const std::string text =
      "订单编号,买家会员名,联系手机,订单状态,买家实际支付金额,订单创建时间,订单付款时间,店铺类型,"
      "退款原因,退款金额,宝贝总数量\n"
      "T1,买家甲,,交易成功,10.00,2024/3/1 9:05,2024-03-01 09:06:00,天猫,,,\n"
      "T2,,13912345678,交易关闭,8.00,2024-03-02 10:00,2024-03-02 10:01,淘宝,七天无理由,8.00,2\n"
      "T3,,,交易成功,1.00,2024-03-02 10:00,,淘宝,,,0\n";
  MemorySource source(text);
  CsvReader reader(source);
  TaobaoAdapter adapter(ShopZone::shanghai());
  ASSERT_EQ(*reader.next(), CsvReader::Step::kRecord);
  ASSERT_TRUE(adapter.bind_header(reader.record()).is_ok());
  ParseBatch<ParsedOrder> out;
  while (*reader.next() == CsvReader::Step::kRecord) adapter.add_record(reader.record(), out);
  ASSERT_EQ(out.items.size(), 2u);
  EXPECT_EQ(out.items[0].input.platform, "tmall");
  EXPECT_EQ(utc(out.items[0].input.created_at), "2024-03-01T01:05:00.000Z");
  EXPECT_TRUE(out.items[0].input.items.empty());  // no 宝贝标题 / 商家编码
  EXPECT_EQ(out.items[1].input.platform, "taobao");
  EXPECT_EQ(out.items[1].input.refund_reason, "七天无理由");
  EXPECT_EQ(out.items[1].input.status, OrderStatus::kRefunded);
  EXPECT_EQ(out.items[1].input.customer.identities.size(), 1u);
  // T3: no buyer and a zero quantity.
  ASSERT_EQ(out.issues.size(), 2u);
  EXPECT_EQ(out.issues[0].line, 4);
  EXPECT_EQ(out.issues[0].column, "买家会员名");
  EXPECT_EQ(out.issues[1].column, "宝贝总数量");
  EXPECT_EQ(out.rows_rejected, 1);
}

}  // namespace
}  // namespace guanxi::importer
