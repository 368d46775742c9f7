#include "segment/sql/models_sql.hpp"

#include <gtest/gtest.h>

#include "segment/sql/sql_test_support.hpp"

namespace guanxi::segment::sql {
namespace {

using namespace guanxi::segment::testing;  // NOLINT(google-build-using-namespace): rule builders
using Op = CompareOp;

// Four purchasers with ties in R (p1, p2), F and M (p1, p3), and a prospect:
//        R    F  M       r f m  R high (R*4 < 620)  F high (F*4 > 7)  M high (M*4 > 110000)
//   p1   10   1  10000   3 1 1  yes                 no                no   -> 一般发展客户
//   p2   10   3  60000   3 4 4  yes                 yes               yes  -> 重要价值客户
//   p3   200  1  10000   2 1 1  no                  no                no   -> 一般挽留客户
//   p4   400  2  30000   1 3 3  no                  yes               yes  -> 重要保持客户
class ModelsTest : public SqlShopTest {
 protected:
  void SetUp() override {
    p1 = customer();
    purchase(p1, days_ago(10), 100'00);
    p2 = customer();
    purchase(p2, days_ago(10), 200'00);
    purchase(p2, days_ago(20), 200'00);
    purchase(p2, days_ago(30), 200'00);
    p3 = customer();
    purchase(p3, days_ago(200), 100'00);
    order(p3, OrderStatus::kCancelled, days_ago(5), std::nullopt, 900'00);
    p4 = customer();
    purchase(p4, days_ago(400), 150'00);
    purchase(p4, days_ago(500), 150'00);
    p5 = customer();
  }
  CustomerId p1 = 0, p2 = 0, p3 = 0, p4 = 0, p5 = 0;
};

TEST_F(ModelsTest, RfmScoresUseStrictRanksAndGroupsUseTheMean) {
  auto rows = rfm_by_sql(shop_.conn(), context());
  ASSERT_TRUE(rows.ok()) << rows.status().to_string();
  const std::vector<SqlRfmRow> expected = {
      {p1, 10, 1, 100'00, 3, 1, 1, "一般发展客户"},
      {p2, 10, 3, 600'00, 3, 4, 4, "重要价值客户"},
      {p3, 200, 1, 100'00, 2, 1, 1, "一般挽留客户"},
      {p4, 400, 2, 300'00, 1, 3, 3, "重要保持客户"},
  };
  EXPECT_EQ(*rows, expected);
}

TEST_F(ModelsTest, AbcRanksByRevenueThenId) {
  auto rows = abc_by_sql(shop_.conn(), context());
  ASSERT_TRUE(rows.ok()) << rows.status().to_string();
  // Order: p2 (60000), p4 (30000), p1 (10000), p3 (10000, larger id); total 110000.
  // before*100 vs 80/95% of total: p2 0, p4 6.0M < 8.8M -> A; p1 9.0M, p3 10.0M < 10.45M -> B.
  // gold: ceil(4 * 5%) = 1 (p2); drag: ceil(4 * 20%) = 1 (p3).
  const std::vector<SqlAbcRow> expected = {
      {p1, 100'00, 'B', false, false},
      {p2, 600'00, 'A', true, false},
      {p3, 100'00, 'B', false, true},
      {p4, 300'00, 'A', false, false},
  };
  EXPECT_EQ(*rows, expected);

  SqlContext ctx = context();
  ctx.models.abc_a_pct = 50;  // 5.5M
  ctx.models.abc_b_pct = 90;  // 9.9M
  ctx.models.gold_pct = 50;
  ctx.models.drag_pct = 50;
  rows = abc_by_sql(shop_.conn(), ctx);
  ASSERT_TRUE(rows.ok());
  const std::vector<SqlAbcRow> custom = {
      {p1, 100'00, 'B', false, true},
      {p2, 600'00, 'A', true, false},
      {p3, 100'00, 'C', false, true},
      {p4, 300'00, 'B', true, false},
  };
  EXPECT_EQ(*rows, custom);
}

TEST_F(ModelsTest, RulesOnModelFields) {
  EXPECT_EQ(members(cmp(Field::kRfmR, Op::kEq, 3)), ids({p1, p2}));
  EXPECT_EQ(members(in_numbers(Field::kRfmF, {1})), ids({p1, p3}));
  EXPECT_EQ(members(cmp(Field::kRfmM, Op::kGe, 1)), ids({p1, p2, p3, p4}));
  EXPECT_EQ(members(not_(cmp(Field::kRfmM, Op::kGe, 1))), ids({p5}));
  EXPECT_EQ(members(cmp_text(Field::kRfmGroup, Op::kEq, "重要价值客户")), ids({p2}));
  EXPECT_EQ(members(cmp_text(Field::kRfmGroup, Op::kNe, "重要价值客户")), ids({p1, p3, p4}));
  EXPECT_EQ(members(not_(cmp_text(Field::kRfmGroup, Op::kEq, "重要价值客户"))),
            ids({p1, p3, p4, p5}));
  EXPECT_EQ(members(cmp_text(Field::kAbc, Op::kEq, "A")), ids({p2, p4}));
  EXPECT_EQ(members(in_texts(Field::kAbc, {"B", "C"})), ids({p1, p3}));
  EXPECT_EQ(members(not_(cmp_text(Field::kAbc, Op::kEq, "A"))), ids({p1, p3, p5}));
  // As of 11 days ago p1 and p2's latest purchases do not exist yet.
  EXPECT_EQ(members(cmp(Field::kRfmF, Op::kGe, 1), today() - 11), ids({p2, p3, p4}));
}

TEST_F(SqlShopTest, AbcWithZeroTotalIsAllC) {
  const CustomerId a = customer();
  const CustomerId b = customer();
  purchase(a, days_ago(1), 0);
  purchase(b, days_ago(1), 0);
  auto rows = abc_by_sql(shop_.conn(), context());
  ASSERT_TRUE(rows.ok());
  const std::vector<SqlAbcRow> expected = {{a, 0, 'C', true, false}, {b, 0, 'C', false, true}};
  EXPECT_EQ(*rows, expected);
}

TEST_F(SqlShopTest, NoPurchasersNoModelRows) {
  const CustomerId a = customer();
  EXPECT_TRUE(rfm_by_sql(shop_.conn(), context())->empty());
  EXPECT_TRUE(abc_by_sql(shop_.conn(), context())->empty());
  auto stages = lifecycle_by_sql(shop_.conn(), context());
  ASSERT_TRUE(stages.ok());
  EXPECT_EQ(*stages, (std::vector<std::pair<int64_t, std::string>>{{a, "prospect"}}));
}

// Lifecycle with the default 30 / 90 / 180 days. Purchasers' revenues sorted:
// 5000 5000 6000 10000 10000 10000 20000 30000 50000 -> lower median 10000.
TEST_F(SqlShopTest, LifecycleStagesAtTheirEdges) {
  const CustomerId none = customer();
  const CustomerId cancelled_only = customer();
  order(cancelled_only, OrderStatus::kCancelled, days_ago(3), std::nullopt, 10'00);
  const CustomerId new_edge = customer();
  purchase(new_edge, days_ago(30), 100'00);
  const CustomerId one_old = customer();
  purchase(one_old, days_ago(31), 100'00);
  const CustomerId active_edge = customer();
  purchase(active_edge, days_ago(90), 100'00);
  purchase(active_edge, days_ago(95), 100'00);
  const CustomerId risk_start = customer();
  purchase(risk_start, days_ago(91), 50'00);
  const CustomerId risk_end = customer();
  purchase(risk_end, days_ago(180), 50'00);
  const CustomerId churned_single = customer();
  purchase(churned_single, days_ago(181), 500'00);
  const CustomerId churned_high = customer();
  purchase(churned_high, days_ago(181), 150'00);
  purchase(churned_high, days_ago(400), 150'00);
  const CustomerId churned_low = customer();
  purchase(churned_low, days_ago(365), 30'00);
  purchase(churned_low, days_ago(366), 30'00);
  const CustomerId churned_median = customer();
  purchase(churned_median, days_ago(200), 50'00);
  purchase(churned_median, days_ago(300), 50'00);

  auto stages = lifecycle_by_sql(shop_.conn(), context());
  ASSERT_TRUE(stages.ok()) << stages.status().to_string();
  const std::vector<std::pair<int64_t, std::string>> expected = {
      {none, "prospect"},
      {cancelled_only, "prospect"},
      {new_edge, "new"},
      {one_old, "active"},
      {active_edge, "active"},
      {risk_start, "at_risk"},
      {risk_end, "at_risk"},
      {churned_single, "low_value_churned"},
      {churned_high, "high_value_churned"},
      {churned_low, "low_value_churned"},
      {churned_median, "high_value_churned"},
  };
  EXPECT_EQ(*stages, expected);

  EXPECT_EQ(members(cmp_text(Field::kLifecycle, Op::kEq, "churned")),
            ids({churned_single, churned_high, churned_low, churned_median}));
  EXPECT_EQ(members(cmp_text(Field::kLifecycle, Op::kNe, "churned")),
            ids({none, cancelled_only, new_edge, one_old, active_edge, risk_start, risk_end}));
  EXPECT_EQ(members(in_texts(Field::kLifecycle, {"new", "prospect"})),
            ids({none, cancelled_only, new_edge}));
  EXPECT_EQ(members(in_texts(Field::kLifecycle, {"churned", "at_risk"})),
            ids({risk_start, risk_end, churned_single, churned_high, churned_low, churned_median}));
  EXPECT_EQ(members(cmp_text(Field::kLifecycle, Op::kEq, "high_value_churned")),
            ids({churned_high, churned_median}));

  SqlContext ctx = context();
  ctx.models.new_days = 31;
  EXPECT_EQ(members_in(ctx, cmp_text(Field::kLifecycle, Op::kEq, "new")), ids({new_edge, one_old}));
  // A day earlier every purchase is a day more recent.
  EXPECT_EQ(members(cmp_text(Field::kLifecycle, Op::kEq, "at_risk"), today() - 1),
            ids({risk_end, churned_single, churned_high}));
  EXPECT_EQ(members(cmp_text(Field::kLifecycle, Op::kEq, "new"), today() - 1),
            ids({new_edge, one_old}));
}

}  // namespace
}  // namespace guanxi::segment::sql
