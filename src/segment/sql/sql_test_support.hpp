// Test fixture for the SQL compiler tests: a fresh shop (clock at 2024-06-01
// 10:00 Shanghai) with helpers to add customers and orders at exact local
// times, and to run rules. Test-only.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "domain/activity.hpp"
#include "domain/customers.hpp"
#include "domain/events.hpp"
#include "domain/orders.hpp"
#include "domain/testing/test_shop.hpp"
#include "segment/sql/models_sql.hpp"
#include "segment/sql/sql_compiler.hpp"
#include "segment/testing/rule_builders.hpp"
#include "store/query.hpp"

namespace guanxi::segment::sql {

using domain::CustomerId;
using domain::OrderStatus;

inline domain::OrderItemInput item(std::string sku, std::string category,
                                   std::string name = "商品") {
  domain::OrderItemInput it;
  it.sku = std::move(sku);
  it.category = std::move(category);
  it.product_name = std::move(name);
  it.quantity = 1;
  it.unit_price = 100;
  return it;
}

class SqlShopTest : public ::testing::Test {
 protected:
  const ShopZone& zone() { return ShopZone::shanghai(); }
  // The shop-local day number of the clock's today (2024-06-01).
  int32_t today() {
    return static_cast<int32_t>(zone().local_day(shop_.clock().now()).time_since_epoch().count());
  }
  // Shanghai wall time "YYYY-MM-DD HH:MM:SS".
  Timestamp local(const std::string& text) { return zone().parse_local(text).value(); }
  // Noon, `days_ago` days before today.
  Timestamp days_ago(int days) {
    return zone().at_local(zone().local_day(shop_.clock().now()) - std::chrono::days(days),
                           std::chrono::hours(12));
  }

  SqlContext context(std::optional<int32_t> as_of = std::nullopt) {
    SqlContext ctx;
    ctx.shop_id = shop_.shop().id;
    ctx.as_of_day = as_of.value_or(today());
    return ctx;
  }

  CustomerId customer(domain::CustomerInput in = {}) {
    if (in.identities.empty()) {
      in.identities.push_back({domain::IdentityType::kExternalId, "c" + std::to_string(++serial_)});
    }
    return shop_.write([&](domain::WriteContext& ctx) { return domain::upsert_customer(ctx, in); })
        .value()
        .customer_id;
  }

  // An order; `paid` defaults to `created` for every status but kCreated (so a
  // cancelled order was paid first).
  void order(CustomerId c, OrderStatus status, std::optional<Timestamp> created,
             std::optional<Timestamp> paid, int64_t paid_amount, int64_t refunded = 0,
             std::vector<domain::OrderItemInput> items = {}) {
    domain::OrderInput o;
    o.platform = "api";
    o.external_id = "o" + std::to_string(++serial_);
    o.customer_id = c;
    o.status = status;
    o.created_at = created;
    if (paid)
      o.paid_at = paid;
    else if (status != OrderStatus::kCreated)
      o.paid_at = created;
    o.paid_amount = paid_amount;
    o.goods_amount = paid_amount;
    o.refunded_amount = refunded;
    o.items = std::move(items);
    auto r = shop_.write([&](domain::WriteContext& ctx) { return domain::upsert_order(ctx, o); });
    ASSERT_TRUE(r.ok()) << r.status().to_string();
  }
  // A completed purchase of `amount` minor units at `when`.
  void purchase(CustomerId c, Timestamp when, int64_t amount,
                std::vector<domain::OrderItemInput> items = {}) {
    order(c, OrderStatus::kCompleted, when, std::nullopt, amount, 0, std::move(items));
  }

  void add_tag(CustomerId c, const std::string& name) {
    ASSERT_TRUE(
        shop_.write([&](domain::WriteContext& ctx) { return domain::add_tag(ctx, c, name); }).ok());
  }
  void set_tier(CustomerId c, const std::string& tier) {
    store::Query q(shop_.conn(), "UPDATE customers SET tier = ? WHERE id = ?");
    q.bind(tier, c);
    ASSERT_TRUE(q.run().is_ok());
  }

  // Writes a row shape the domain never produces (e.g. an order without created_at).
  void exec(const std::string& sql, int64_t id) {
    store::Query q(shop_.conn(), sql);
    q.bind(id);
    ASSERT_TRUE(q.run().is_ok());
  }

  std::vector<int64_t> members(const Node& root, std::optional<int32_t> as_of = std::nullopt) {
    return members_in(context(as_of), root);
  }
  std::vector<int64_t> members_in(const SqlContext& ctx, const Node& root) {
    auto r = members_by_sql(shop_.conn(), Rule{root}, ctx);
    EXPECT_TRUE(r.ok()) << r.status().to_string();
    return r.ok() ? *r : std::vector<int64_t>{};
  }
  Status error_of(const Node& root, const SqlContext& ctx) {
    return members_by_sql(shop_.conn(), Rule{root}, ctx).status();
  }

  static std::vector<int64_t> ids(std::initializer_list<int64_t> list) {
    std::vector<int64_t> v(list);
    std::sort(v.begin(), v.end());
    return v;
  }

  domain::testing::TestShop shop_;
  int serial_ = 0;
};

}  // namespace guanxi::segment::sql
