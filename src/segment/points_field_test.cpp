// The `points` field (current points balance): its text form and type rules,
// the evaluator and the SQL compiler on a constructed shop (including a
// negative balance), and the engine moving a customer in and out of a
// segment as points are added and redeemed.
#include <gtest/gtest.h>

#include "domain/customers.hpp"
#include "domain/orders.hpp"
#include "domain/points.hpp"
#include "domain/testing/test_shop.hpp"
#include "segment/engine.hpp"
#include "segment/evaluator.hpp"
#include "segment/feature_store.hpp"
#include "segment/rule/json_form.hpp"
#include "segment/rule/parser.hpp"
#include "segment/rule/printer.hpp"
#include "segment/sql/sql_compiler.hpp"
#include "store/change_feed.hpp"
#include "store/writer.hpp"

namespace guanxi::segment {
namespace {

using domain::testing::TestShop;

TEST(PointsFieldTest, ParsesPrintsAndTypeChecks) {
  auto r = parse_rule("POINTS>=1000 and points < 50000");
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(print_rule(*r), "points >= 1000 and points < 50000");
  EXPECT_EQ(rule_to_json(*r)["args"][0]["field"], "points");
  EXPECT_EQ(rule_from_json(rule_to_json(*r)).value(), *r);
  EXPECT_FALSE(depends_on_time(*r));
  EXPECT_FALSE(parse_rule("points >= 1.5").ok());  // whole points
  EXPECT_FALSE(parse_rule("points >= -1").ok());   // non-negative literals
  EXPECT_FALSE(parse_rule("points = \"many\"").ok());
  EXPECT_FALSE(parse_rule("points(30d) > 1").ok());  // no window
}

class PointsShopTest : public ::testing::Test {
 protected:
  int64_t customer(const std::string& phone) {
    domain::CustomerInput in;
    in.identities = {{domain::IdentityType::kPhone, phone}};
    return shop_.write([&](domain::WriteContext& w) { return domain::upsert_customer(w, in); })
        .value()
        .customer_id;
  }
  void add(int64_t c, int64_t delta) {
    auto r = shop_.write(
        [&](domain::WriteContext& w) { return domain::add_points(w, c, delta, "测试", "api"); });
    ASSERT_TRUE(r.ok()) << r.status().to_string();
  }
  int32_t today() {
    return static_cast<int32_t>(
        ShopZone::shanghai().local_day(shop_.clock().now()).time_since_epoch().count());
  }
  // Members by the evaluator and by SQL; the test fails when they differ.
  std::vector<int64_t> members(const std::string& text) {
    const Rule rule = parse_rule(text).value();
    auto fs = FeatureStore::build(shop_.conn(), shop_.shop().id, ShopZone::shanghai()).value();
    EvalOptions opt;
    opt.as_of_day = today();
    const auto in_memory = customer_ids(*fs, evaluate(*fs, rule, opt).value());
    sql::SqlContext ctx;
    ctx.shop_id = shop_.shop().id;
    ctx.as_of_day = today();
    const auto by_sql = sql::members_by_sql(shop_.conn(), rule, ctx).value();
    EXPECT_EQ(in_memory, by_sql) << text;
    return in_memory;
  }

  TestShop shop_;
};

TEST_F(PointsShopTest, EvaluatorAndSqlAgreeIncludingANegativeBalance) {
  const int64_t rich = customer("13800000001");
  const int64_t some = customer("13800000002");
  const int64_t none = customer("13800000003");
  add(rich, 1200);
  add(some, 300);
  // A debt: earned on an order, spent, then the order was refunded.
  ASSERT_TRUE(shop_
                  .write([&](domain::WriteContext& w) {
                    return domain::save_points_settings(w, domain::default_points_settings());
                  })
                  .is_ok());
  domain::OrderInput o;
  o.platform = "api";
  o.external_id = "D-1";
  o.customer.identities = {{domain::IdentityType::kPhone, "13800000004"}};
  o.status = domain::OrderStatus::kPaid;
  o.paid_at = o.created_at = shop_.clock().now();
  o.paid_amount = o.goods_amount = 100'00;
  const int64_t debtor =
      shop_.write([&](domain::WriteContext& w) { return domain::upsert_order(w, o); })
          .value()
          .customer_id;
  add(debtor, -100);
  o.status = domain::OrderStatus::kRefunded;
  o.refunded_amount = o.paid_amount;
  ASSERT_TRUE(
      shop_.write([&](domain::WriteContext& w) { return domain::upsert_order(w, o); }).ok());

  EXPECT_EQ(members("points >= 1000"), std::vector<int64_t>{rich});
  EXPECT_EQ(members("points >= 300"), (std::vector<int64_t>{rich, some}));
  EXPECT_EQ(members("points = 0"), std::vector<int64_t>{none});
  EXPECT_EQ(members("points < 1"), (std::vector<int64_t>{none, debtor}));
  EXPECT_EQ(members("not points >= 0"), std::vector<int64_t>{debtor});
  EXPECT_EQ(members("points in (300, 1200)"), (std::vector<int64_t>{rich, some}));
}

TEST_F(PointsShopTest, TheEngineFollowsPointsChangesInRealTime) {
  auto writer = store::Writer::start(shop_.db()).value();
  SegmentEngine::Options options;
  options.background = false;
  auto engine = SegmentEngine::start(shop_.db(), *writer, shop_.clock(), options).value();
  const int64_t c = customer("13800000001");
  SegmentInput in;
  in.name = "积分达人";
  in.rule = parse_rule("points >= 1000").value();
  const Segment s = engine->create_segment(shop_.shop().id, in, "test").value();
  EXPECT_EQ(s.member_count, 0);

  auto run = [&](int64_t delta) {
    Status st = writer->run([&](store::Connection& db) -> Status {
      domain::WriteContext w{db, shop_.clock(), shop_.shop(), ShopZone::shanghai(), "test"};
      return domain::add_points(w, c, delta, "测试", "api").status();
    });
    ASSERT_TRUE(st.is_ok()) << st.to_string();
    ASSERT_TRUE(engine->process_pending().ok());
  };
  auto ids = [&] {
    return engine->segment_members(shop_.shop().id, s.id, std::nullopt, 100).value().ids;
  };
  run(999);
  EXPECT_TRUE(ids().empty());
  run(1);
  EXPECT_EQ(ids(), std::vector<int64_t>{c});
  run(-500);
  EXPECT_TRUE(ids().empty());
  const auto changes = store::read_customer_changes(shop_.conn(), shop_.shop().id, c, 100).value();
  int entered = 0, exited = 0;
  for (const auto& ch : changes) {
    entered += ch.kind == "segment_entered";
    exited += ch.kind == "segment_exited";
  }
  EXPECT_EQ(entered, 1);
  EXPECT_EQ(exited, 1);
}

}  // namespace
}  // namespace guanxi::segment
