#include "importer/import_runner.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "domain/customers.hpp"
#include "domain/orders.hpp"
#include "domain/testing/test_shop.hpp"
#include "importer/test_util.hpp"

namespace guanxi::importer {
namespace {

using domain::OrderStatus;
using domain::testing::TestShop;
using testing::kDir;

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class ImportRunnerTest : public ::testing::Test {
 protected:
  ImportOptions options(const std::string& fixture, ImportFormat format, size_t batch_size = 3) {
    ImportOptions o;
    o.path = fixture.starts_with("/") ? fixture : kDir + fixture;
    o.format = format;
    o.errors_path = (shop_.dir() / "errors.csv").string();
    o.batch_size = batch_size;
    o.clock = &shop_.clock();
    return o;
  }

  ImportSummary import_orders(const ImportOptions& o) {
    Result<ImportSummary> s = run_order_import(shop_.db(), shop_.shop(), o);
    EXPECT_TRUE(s.ok()) << s.status().to_string();
    return s.ok() ? std::move(s).value() : ImportSummary{};
  }

  domain::Order order(const std::string& platform, const std::string& external_id) {
    domain::ReadContext ctx = shop_.read_context();
    auto found = domain::find_order(ctx, platform, external_id);
    EXPECT_TRUE(found.ok() && found->has_value()) << external_id;
    return found.ok() && found->has_value() ? **found : domain::Order{};
  }

  domain::CustomerId buyer(const std::string& platform, const std::string& external_id) {
    const domain::CustomerId id = order(platform, external_id).customer_id;
    return domain::resolve_customer_id(shop_.conn(), shop_.shop().id, id).value();
  }

  TestShop shop_;
};

TEST_F(ImportRunnerTest, TaobaoImportCountsAndReimportIsANoOp) {
  const ImportOptions o = options("taobao_orders.csv", ImportFormat::kTaobao);
  const ImportSummary first = import_orders(o);
  EXPECT_EQ(first.rows_read, 9);
  EXPECT_EQ(first.orders_created, 9);
  EXPECT_EQ(first.orders_updated, 0);
  EXPECT_EQ(first.orders_unchanged, 0);
  EXPECT_EQ(first.rows_rejected, 0);
  EXPECT_EQ(first.warnings, 2);  // two masked phones
  EXPECT_EQ(first.customers_created, 7);
  EXPECT_EQ(first.customers_merged, 1);
  EXPECT_EQ(first.encoding, "utf-8");
  ASSERT_TRUE(first.error_report.has_value());
  EXPECT_EQ(read_text(*first.error_report),
            "line,column,severity,reason\n"
            "3,联系手机,warning,phone '139****5678' is masked; not used to identify the buyer\n"
            "10,联系手机,warning,phone '158****0000' is masked; not used to identify the buyer\n");
  EXPECT_EQ(shop_.count("orders"), 9);

  const ImportSummary again = import_orders(o);
  EXPECT_EQ(again.orders_created, 0);
  EXPECT_EQ(again.orders_updated, 0);
  EXPECT_EQ(again.orders_unchanged, 9);
  EXPECT_EQ(again.customers_created, 0);
  EXPECT_EQ(again.customers_merged, 0);
  EXPECT_EQ(shop_.count("orders"), 9);
}

TEST_F(ImportRunnerTest, StoredOrdersCarryTheParsedFields) {
  import_orders(options("taobao_orders.csv", ImportFormat::kTaobao));
  const domain::Order o = order("taobao", "1860000000000001");
  EXPECT_EQ(o.status, OrderStatus::kCompleted);
  EXPECT_EQ(o.paid_amount, 19900);
  EXPECT_EQ(o.discount_amount, 1000);
  EXPECT_EQ(format_utc_iso8601(*o.created_at), "2024-01-05T02:15:30.000Z");
  ASSERT_EQ(o.items.size(), 1u);
  EXPECT_EQ(o.items[0].sku, "TS-001-WH-XL");
  EXPECT_EQ(o.items[0].unit_price, 9950);
  EXPECT_EQ(order("taobao", "1860000000000002").receiver_phone, "139****5678");

  domain::ReadContext ctx = shop_.read_context();
  const domain::Customer c = domain::get_customer(ctx, o.customer_id).value();
  EXPECT_EQ(c.name, "王小明");
  EXPECT_EQ(c.province, "浙江省");
  EXPECT_EQ(c.city, "杭州市");
}

TEST_F(ImportRunnerTest, BuyersSharingAPhoneAreOneCustomer) {
  import_orders(options("taobao_orders.csv", ImportFormat::kTaobao));
  // Different 买家会员名, same 联系手机 13800138000.
  EXPECT_EQ(buyer("taobao", "1860000000000001"), buyer("taobao", "1860000000000007"));
  // 杭州老王 first came with a masked phone (own profile), then with 深圳小刘's
  // phone: the two profiles were merged.
  EXPECT_EQ(buyer("taobao", "1860000000000008"), buyer("taobao", "1860000000000005"));
  EXPECT_EQ(buyer("taobao", "1860000000000009"), buyer("taobao", "1860000000000005"));
  EXPECT_NE(buyer("taobao", "1860000000000001"), buyer("taobao", "1860000000000002"));
}

TEST_F(ImportRunnerTest, ReexportUpdatesWhatChanged) {
  import_orders(options("taobao_orders.csv", ImportFormat::kTaobao));
  const ImportSummary s =
      import_orders(options("taobao_orders_reexport.csv", ImportFormat::kTaobao));
  EXPECT_EQ(s.rows_read, 10);
  EXPECT_EQ(s.orders_created, 1);
  EXPECT_EQ(s.orders_updated, 3);
  EXPECT_EQ(s.orders_unchanged, 6);
  EXPECT_EQ(s.customers_created, 0);

  const domain::Order refunded = order("taobao", "1860000000000001");
  EXPECT_EQ(refunded.status, OrderStatus::kPartiallyRefunded);
  EXPECT_EQ(refunded.refunded_amount, 5000);
  const domain::Order completed = order("taobao", "1860000000000002");
  EXPECT_EQ(completed.status, OrderStatus::kCompleted);
  EXPECT_EQ(format_utc_iso8601(*completed.completed_at), "2024-01-11T01:30:00.000Z");
  EXPECT_EQ(order("taobao", "1860000000000003").status, OrderStatus::kPaid);
  EXPECT_EQ(buyer("taobao", "1860000000000010"), buyer("taobao", "1860000000000006"));
}

TEST_F(ImportRunnerTest, GbkExportImportsTheSameData) {
  const ImportSummary s = import_orders(options("taobao_orders_gbk.csv", ImportFormat::kTaobao));
  EXPECT_EQ(s.encoding, "gb18030");
  EXPECT_EQ(s.orders_created, 9);
  EXPECT_EQ(s.customers_created, 7);
  // The UTF-8 export of the same orders changes nothing.
  const ImportSummary utf8 = import_orders(options("taobao_orders.csv", ImportFormat::kTaobao));
  EXPECT_EQ(utf8.orders_unchanged, 9);
}

TEST_F(ImportRunnerTest, MalformedRowsGoToTheReportAndTheRestIsImported) {
  ImportOptions o = options("taobao_malformed.csv", ImportFormat::kTaobao, 2);
  const ImportSummary s = import_orders(o);
  EXPECT_EQ(s.rows_read, 11);
  EXPECT_EQ(s.orders_created, 4);
  EXPECT_EQ(s.rows_rejected, 7);
  EXPECT_EQ(s.warnings, 0);
  ASSERT_TRUE(s.error_report.has_value());
  EXPECT_EQ(read_text(*s.error_report), read_text(kDir + "taobao_malformed.errors.expected.csv"));
}

TEST_F(ImportRunnerTest, MissingRequiredColumnImportsNothing) {
  Result<ImportSummary> s = run_order_import(
      shop_.db(), shop_.shop(), options("taobao_missing_column.csv", ImportFormat::kTaobao));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().location().field, "订单状态");
  EXPECT_EQ(shop_.count("orders"), 0);
  EXPECT_FALSE(std::filesystem::exists(shop_.dir() / "errors.csv"));
}

TEST_F(ImportRunnerTest, CleanImportRemovesAStaleReport) {
  std::ofstream(shop_.dir() / "errors.csv") << "line,column,severity,reason\n1,,error,old\n";
  // Without its mapping the ERP file is refused before anything happens.
  EXPECT_FALSE(
      run_order_import(shop_.db(), shop_.shop(), options("erp_orders.csv", ImportFormat::kCsv))
          .ok());
  EXPECT_TRUE(std::filesystem::exists(shop_.dir() /
                                      "errors.csv"));  // untouched by an import that did not run

  const std::string clean = (shop_.dir() / "clean.csv").string();
  std::ofstream(clean) << "external_id,phone,paid_amount\nX1,13800138000,1.00\n";
  const ImportSummary ok = import_orders(options(clean, ImportFormat::kCsv));
  EXPECT_EQ(ok.orders_created, 1);
  EXPECT_FALSE(ok.error_report.has_value());
  EXPECT_FALSE(std::filesystem::exists(shop_.dir() / "errors.csv"));
}

TEST_F(ImportRunnerTest, ShopifyOrdersSpanningBatches) {
  const ImportSummary s = import_orders(options("shopify_orders.csv", ImportFormat::kShopify, 1));
  EXPECT_EQ(s.rows_read, 14);
  EXPECT_EQ(s.orders_created, 6);
  EXPECT_EQ(s.rows_rejected, 5);
  EXPECT_EQ(order("shopify", "#1001").items.size(), 3u);
  EXPECT_EQ(order("shopify", "#1001").status, OrderStatus::kShipped);
  EXPECT_EQ(order("shopify", "#1003").currency, "USD");
  // The same email in another case is the same buyer.
  EXPECT_EQ(buyer("shopify", "#1001"), buyer("shopify", "#1004"));
  const ImportSummary again =
      import_orders(options("shopify_orders.csv", ImportFormat::kShopify, 4));
  EXPECT_EQ(again.orders_unchanged, 6);
}

TEST_F(ImportRunnerTest, GenericCsvWithMapping) {
  ImportOptions o = options("erp_orders.csv", ImportFormat::kCsv);
  o.mapping_path = kDir + "erp_orders.mapping.json";
  const ImportSummary s = import_orders(o);
  EXPECT_EQ(s.orders_created, 5);
  EXPECT_EQ(s.rows_rejected, 1);
  EXPECT_EQ(s.warnings, 2);  // E1006: masked phone, malformed email
  EXPECT_EQ(order("erp", "E1001").items.size(), 2u);
  EXPECT_EQ(order("erp", "E1005").status, OrderStatus::kRefunded);
  const std::string report = read_text(*s.error_report);
  EXPECT_NE(report.find("6,状态,error,unknown status '神秘状态'"), std::string::npos) << report;
  EXPECT_NE(report.find("9,手机,warning,phone '137****9999' is masked"), std::string::npos)
      << report;
  EXPECT_NE(report.find("9,Email,warning,"), std::string::npos) << report;
}

TEST_F(ImportRunnerTest, RowsRefusedByTheDomainAreRejectedAlone) {
  const std::string path = (shop_.dir() / "refused.csv").string();
  std::ofstream(path) << "external_id,phone,name,paid_amount,sku\n"
                         "N1,13800138000,甲,10.00,S1\n"
                         "N2,13800138001,乙,-5.00,S2\n"  // validate_order
                         "N3,13800138002,"
                      << std::string(300, 'x')
                      << ",1.00,S3\n"  // the profile check
                         "N4,13800138003,丁,10.00,S4\n";
  const ImportSummary s = import_orders(options(path, ImportFormat::kCsv, 10));
  EXPECT_EQ(s.orders_created, 2);
  EXPECT_EQ(s.customers_created, 2);
  EXPECT_EQ(s.rows_rejected, 2);
  const std::string report = read_text(*s.error_report);
  EXPECT_NE(report.find("\n3,paid_amount,error,paid_amount must not be negative\n"),
            std::string::npos)
      << report;
  EXPECT_NE(report.find("\n4,name,error,"), std::string::npos) << report;
  EXPECT_EQ(shop_.count("orders"), 2);
  EXPECT_EQ(shop_.count("customers"), 2);
  // Rolled-back rows leave nothing behind, not even their products.
  EXPECT_EQ(shop_.count("products WHERE sku = 'S3'"), 0);
  EXPECT_EQ(shop_.count("products WHERE sku = 'S4'"), 1);
}

TEST_F(ImportRunnerTest, InterruptedImportRerunEndsLikeACleanOne) {
  // A run killed after its first batches committed: simulated by importing a
  // prefix of the file, then the whole file.
  const std::string full = read_text(kDir + "taobao_orders.csv");
  size_t cut = 0;
  for (int lines = 0; lines < 6; ++lines)
    cut = full.find("\r\n", cut) + 2;  // header + 5 physical lines
  const std::string prefix_path = (shop_.dir() / "prefix.csv").string();
  std::ofstream(prefix_path, std::ios::binary) << full.substr(0, cut);
  import_orders(options(prefix_path, ImportFormat::kTaobao, 2));
  const ImportSummary rerun = import_orders(options("taobao_orders.csv", ImportFormat::kTaobao, 2));
  EXPECT_EQ(rerun.orders_created + rerun.orders_unchanged, 9);
  EXPECT_EQ(rerun.orders_updated, 0);

  TestShop clean;
  ImportOptions o = options("taobao_orders.csv", ImportFormat::kTaobao);
  o.clock = &clean.clock();
  ASSERT_TRUE(run_order_import(clean.db(), clean.shop(), o).ok());
  for (const char* table : {"orders", "order_items", "customers", "identities"}) {
    EXPECT_EQ(shop_.count(table), clean.count(table)) << table;
  }
  EXPECT_EQ(shop_.count("customers WHERE merged_into IS NULL"),
            clean.count("customers WHERE merged_into IS NULL"));
}

TEST_F(ImportRunnerTest, ProgressReachesTheEndOfTheFile) {
  std::vector<ImportProgress> seen;
  const ImportOptions o = options("taobao_orders.csv", ImportFormat::kTaobao, 2);
  ASSERT_TRUE(run_order_import(shop_.db(), shop_.shop(), o, [&](const ImportProgress& p) {
                seen.push_back(p);
              }).ok());
  ASSERT_GE(seen.size(), 2u);
  for (size_t i = 1; i < seen.size(); ++i) EXPECT_GE(seen[i].bytes_read, seen[i - 1].bytes_read);
  EXPECT_EQ(seen.back().bytes_read, seen.back().bytes_total);
  EXPECT_EQ(seen.back().bytes_total, std::filesystem::file_size(o.path));
  EXPECT_EQ(seen.back().rows_read, 9);
}

TEST_F(ImportRunnerTest, CustomersImportAndReimport) {
  ImportOptions o = options("customers.csv", ImportFormat::kCsv);
  Result<ImportSummary> s = run_customer_import(shop_.db(), shop_.shop(), o);
  ASSERT_TRUE(s.ok()) << s.status().to_string();
  EXPECT_EQ(s->rows_read, 6);
  EXPECT_EQ(s->customers_created, 3);
  EXPECT_EQ(s->rows_rejected, 3);
  EXPECT_EQ(s->warnings, 1);  // C004's masked phone
  const std::string report = read_text(*s->error_report);
  EXPECT_NE(report.find("5,phone,warning,phone '139****0000' is masked"), std::string::npos)
      << report;

  Result<ImportSummary> again = run_customer_import(shop_.db(), shop_.shop(), o);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->customers_created, 0);
  EXPECT_EQ(again->customers_updated, 0);
  EXPECT_EQ(again->customers_unchanged, 3);

  // The CRM export knows C001's phone under another member number: same customer.
  ImportOptions crm = options("customers_crm.csv", ImportFormat::kCsv);
  crm.mapping_path = kDir + "customers_crm.mapping.json";
  Result<ImportSummary> merged = run_customer_import(shop_.db(), shop_.shop(), crm);
  ASSERT_TRUE(merged.ok()) << merged.status().to_string();
  EXPECT_EQ(merged->customers_created, 1);
  EXPECT_EQ(merged->customers_updated, 1);
  domain::ReadContext ctx = shop_.read_context();
  auto id =
      domain::find_customer_by_identity(ctx, {domain::IdentityType::kExternalId, "V1001"}).value();
  auto same =
      domain::find_customer_by_identity(ctx, {domain::IdentityType::kExternalId, "C001"}).value();
  ASSERT_TRUE(id.has_value());
  EXPECT_EQ(id, same);
  EXPECT_EQ(domain::get_customer(ctx, *id).value().attributes["vip_level"], "黄金会员");
}

TEST_F(ImportRunnerTest, SummaryJson) {
  const ImportSummary s = import_orders(options("taobao_orders.csv", ImportFormat::kTaobao));
  const Json j = s.to_json();
  EXPECT_EQ(j["format"], "taobao");
  EXPECT_EQ(j["rows_read"], 9);
  EXPECT_EQ(j["orders"]["created"], 9);
  EXPECT_EQ(j["customers"]["merged"], 1);
  EXPECT_EQ(j["warnings"], 2);
  EXPECT_TRUE(j["error_report"].is_string());
  EXPECT_TRUE(j["per_second"].is_number());
}

TEST_F(ImportRunnerTest, FileProblemsAreErrorsBeforeWriting) {
  ImportOptions missing = options("no_such_file.csv", ImportFormat::kTaobao);
  EXPECT_EQ(run_order_import(shop_.db(), shop_.shop(), missing).status().code(),
            ErrorCode::kIoError);
  ImportOptions bad_mapping = options("erp_orders.csv", ImportFormat::kCsv);
  bad_mapping.mapping_path = kDir + "bad_column.mapping.json";
  Result<ImportSummary> s = run_order_import(shop_.db(), shop_.shop(), bad_mapping);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().location().field, "/columns/phon");
  ImportOptions mapping_for_taobao = options("taobao_orders.csv", ImportFormat::kTaobao);
  mapping_for_taobao.mapping_path = kDir + "erp_orders.mapping.json";
  EXPECT_FALSE(run_order_import(shop_.db(), shop_.shop(), mapping_for_taobao).ok());
  EXPECT_EQ(shop_.count("orders"), 0);
}

}  // namespace
}  // namespace guanxi::importer
