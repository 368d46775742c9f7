#include "importer/shopify_adapter.hpp"

#include <gtest/gtest.h>

#include "importer/import_parser.hpp"
#include "importer/test_util.hpp"

namespace guanxi::importer {
namespace {

using domain::IdentityType;
using domain::OrderStatus;
using testing::kDir;
using testing::utc;

ParseBatch<ParsedOrder> parse_shopify(const std::string& path) {
  auto batch = parse_file<ParsedOrder>(
      path, Encoding::kAuto, std::make_unique<ShopifyAdapter>(ShopZone::shanghai(), "CNY"));
  EXPECT_TRUE(batch.ok()) << batch.status().to_string();
  return batch.ok() ? std::move(batch).value() : ParseBatch<ParsedOrder>{};
}

TEST(ShopifyAdapterTest, FinancialStatusTable) {
  const std::pair<const char*, OrderStatus> cases[] = {
      {"pending", OrderStatus::kCreated},
      {"authorized", OrderStatus::kCreated},
      {"paid", OrderStatus::kPaid},
      {"partially_paid", OrderStatus::kPaid},
      {"partially_refunded", OrderStatus::kPartiallyRefunded},
      {"refunded", OrderStatus::kRefunded},
      {"voided", OrderStatus::kCancelled},
      {"Paid", OrderStatus::kPaid},
  };
  for (const auto& [text, expected] : cases) {
    auto s = shopify_financial_status(text);
    ASSERT_TRUE(s.ok()) << text;
    EXPECT_EQ(*s, expected) << text;
  }
  EXPECT_FALSE(shopify_financial_status("mystery").ok());
}

TEST(ShopifyAdapterTest, GroupsLineItemsIntoOrders) {
  const ParseBatch<ParsedOrder> batch = parse_shopify(kDir + "shopify_orders.csv");
  EXPECT_EQ(batch.rows_read, 14);
  EXPECT_EQ(batch.rows_rejected, 5);
  std::vector<std::string> names;
  for (const auto& o : batch.items) names.push_back(o.input.external_id);
  EXPECT_EQ(names,
            (std::vector<std::string>{"#1001", "#1002", "#1003", "#1004", "#1005", "#1008"}));

  const ParsedOrder& first = batch.items[0];
  EXPECT_EQ(first.line, 2);
  EXPECT_EQ(first.rows, 3);
  const domain::OrderInput& o = first.input;
  EXPECT_EQ(o.platform, "shopify");
  EXPECT_EQ(o.status, OrderStatus::kShipped);  // paid + fulfilled
  EXPECT_EQ(o.currency, "CNY");
  EXPECT_EQ(o.goods_amount, 45000);
  EXPECT_EQ(o.shipping_fee, 1000);
  EXPECT_EQ(o.paid_amount, 46000);
  EXPECT_EQ(o.discount_amount, 5000);
  EXPECT_EQ(o.coupon_code, "WELCOME10");
  EXPECT_EQ(utc(o.created_at), "2024-01-05T02:15:00.000Z");
  EXPECT_EQ(utc(o.paid_at), "2024-01-05T02:16:00.000Z");
  EXPECT_EQ(utc(o.shipped_at), "2024-01-06T01:00:00.000Z");
  ASSERT_EQ(o.customer.identities.size(), 2u);
  EXPECT_EQ(o.customer.identities[0].type, IdentityType::kEmail);
  EXPECT_EQ(o.customer.identities[0].value, "Alice.Wang@Example.com");
  EXPECT_EQ(o.customer.identities[1].type, IdentityType::kPhone);
  EXPECT_EQ(o.customer.identities[1].value, "+86 138 0013 8001");
  EXPECT_EQ(first.identity_columns, (std::vector<std::string>{"Email", "Billing Phone"}));
  EXPECT_EQ(o.customer.name, "王爱丽");
  EXPECT_EQ(o.customer.city, "杭州市");
  EXPECT_EQ(o.customer.province, "ZJ");
  EXPECT_EQ(o.receiver_name, "王爱丽");
  EXPECT_EQ(o.receiver_address, "文三路 478 号, 杭州市, ZJ, 310012, CN");
  ASSERT_EQ(o.items.size(), 3u);
  EXPECT_EQ(o.items[0].product_name, "真丝枕套 - 米白");
  EXPECT_EQ(o.items[0].sku, "PS-01-IV");
  EXPECT_EQ(o.items[0].quantity, 2);
  EXPECT_EQ(o.items[0].unit_price, 15000);
  EXPECT_EQ(o.items[2].product_name, "礼品卡, \"新年\"款");
  EXPECT_EQ(o.items[2].sku, "");

  const domain::OrderInput& pending = batch.items[1].input;
  EXPECT_EQ(pending.status, OrderStatus::kCreated);
  EXPECT_EQ(pending.paid_amount, 0);
  EXPECT_EQ(batch.items[1].identity_columns, (std::vector<std::string>{"Email", "Phone"}));

  const domain::OrderInput& refunded = batch.items[2].input;
  EXPECT_EQ(refunded.status, OrderStatus::kRefunded);
  EXPECT_EQ(refunded.currency, "USD");
  EXPECT_EQ(refunded.paid_amount, 7020);
  EXPECT_EQ(refunded.refunded_amount, 7020);
  EXPECT_EQ(utc(refunded.paid_at), "2024-01-07T13:00:00.000Z");
  EXPECT_EQ(refunded.items.size(), 2u);

  const domain::OrderInput& partial = batch.items[3].input;
  EXPECT_EQ(partial.status, OrderStatus::kPartiallyRefunded);
  EXPECT_EQ(partial.paid_amount, 20000);
  EXPECT_EQ(partial.refunded_amount, 5000);

  EXPECT_EQ(batch.items[4].input.status, OrderStatus::kCancelled);

  const ParsedOrder& phone_only = batch.items[5];
  EXPECT_EQ(phone_only.input.status, OrderStatus::kPaid);
  EXPECT_EQ(phone_only.identity_columns, (std::vector<std::string>{"Billing Phone"}));
  EXPECT_EQ(phone_only.input.paid_amount, 7200);
}

TEST(ShopifyAdapterTest, RejectsWholeOrdersAndStrayRows) {
  const ParseBatch<ParsedOrder> batch = parse_shopify(kDir + "shopify_orders.csv");
  ASSERT_EQ(batch.issues.size(), 4u);
  const RowIssue expected[] = {
      {10, "Financial Status", Severity::kError, "unknown financial status 'mystery'"},
      {11, "", Severity::kError, "row of order #1006, which was rejected (line 10)"},
      {13, "Lineitem price", Severity::kError, "amount 'ten' is not a decimal number"},
      {14, "Name", Severity::kError,
       "rows of order #1001 are not consecutive (the order starts at line 2); sort the file by "
       "Name"},
  };
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(batch.issues[i], expected[i])
        << i << ": " << batch.issues[i].line << " " << batch.issues[i].column << " "
        << batch.issues[i].reason;
  }
}

}  // namespace
}  // namespace guanxi::importer
