// Loyalty through a real import: a Taobao export whose 店铺优惠信息 names a
// coupon Guanxi issued redeems it, the paid order earns points, and
// re-importing the file changes neither.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "domain/coupons.hpp"
#include "domain/customers.hpp"
#include "domain/points.hpp"
#include "domain/testing/test_shop.hpp"
#include "importer/import_runner.hpp"
#include "store/query.hpp"

namespace guanxi::importer {
namespace {

using domain::testing::TestShop;

const std::string kFixture =
    std::string(GUANXI_SOURCE_DIR) + "/tests/fixtures/import/taobao_orders.csv";

// The fixture's header and first row (order 1860000000000001: ¥199.00 paid on
// 2024-01-05 by 13800138000), with `coupon` as the shop-coupon column.
std::string one_order_export(const std::string& coupon) {
  std::ifstream in(kFixture, std::ios::binary);
  std::string header, row;
  std::getline(in, header);
  std::getline(in, row);
  const std::string original = "店铺优惠券:省10.00元";
  const size_t at = row.find(original);
  EXPECT_NE(at, std::string::npos);
  if (at != std::string::npos) row.replace(at, original.size(), coupon);
  return header + "\n" + row + "\n";
}

int64_t count(TestShop& t, const std::string& sql) {
  store::Query q(t.conn(), sql);
  return q.single_int64().value().value_or(-1);
}

TEST(LoyaltyImportTest, AnImportedOrderRedeemsItsCouponAndEarnsPointsOnce) {
  TestShop t;
  ASSERT_TRUE(t.write([](domain::WriteContext& w) {
                 return domain::save_points_settings(w, domain::default_points_settings());
               }).is_ok());
  domain::CustomerInput buyer;
  buyer.identities = {{domain::IdentityType::kPhone, "13800138000"}};
  const auto customer =
      t.write([&](domain::WriteContext& w) { return domain::upsert_customer(w, buyer); });
  ASSERT_TRUE(customer.ok());
  domain::CouponBatchInput batch;
  batch.name = "新年券";
  batch.amount_off = 10'00;
  batch.threshold = 100'00;
  batch.valid_from = ShopZone::shanghai().parse_local("2024-01-01").value();
  batch.valid_until = ShopZone::shanghai().parse_local("2025-01-01").value();
  const auto b =
      t.write([&](domain::WriteContext& w) { return domain::create_coupon_batch(w, batch); });
  ASSERT_TRUE(b.ok()) << b.status().to_string();
  const auto coupon = t.write([&](domain::WriteContext& w) {
    return domain::issue_coupon(w, b->id, customer->customer_id, "campaign:1");
  });
  ASSERT_TRUE(coupon.ok()) << coupon.status().to_string();

  const std::string path = (t.dir() / "export.csv").string();
  std::ofstream(path, std::ios::binary) << one_order_export(coupon->code);
  ImportOptions o;
  o.path = path;
  o.format = ImportFormat::kTaobao;
  o.errors_path = (t.dir() / "errors.csv").string();
  o.clock = &t.clock();
  for (int pass = 0; pass < 2; ++pass) {
    auto summary = run_order_import(t.db(), t.shop(), o);
    ASSERT_TRUE(summary.ok()) << summary.status().to_string();
    EXPECT_EQ(summary->rows_rejected, 0);
    EXPECT_EQ(summary->orders_created, pass == 0 ? 1 : 0);
  }

  auto rc = t.read_context();
  const auto held = domain::list_customer_coupons(rc, customer->customer_id, 10).value();
  ASSERT_EQ(held.size(), 1U);
  EXPECT_EQ(held[0].status, domain::CouponStatus::kRedeemed);
  EXPECT_EQ(held[0].redeemed_at, ShopZone::shanghai().parse_local("2024-01-05 10:16:02").value());
  EXPECT_EQ(count(t, "SELECT COUNT(*) FROM changes WHERE kind = 'coupon_redeemed'"), 1);
  const auto account = domain::points_account(rc, customer->customer_id, 10).value();
  EXPECT_EQ(account.balance, 199);
  EXPECT_EQ(account.entries.size(), 1U);
  const auto report = domain::coupon_batch_report(rc, b->id).value();
  EXPECT_EQ(report.redeemed, 1);
  EXPECT_EQ(report.paid, 199'00);
}

}  // namespace
}  // namespace guanxi::importer
