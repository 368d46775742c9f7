// Smoke test: thousands of random rules on a random shop compile and run, and
// basic laws of the semantics hold (not is the complement, and/or are
// intersection/union, every member is a live customer).
#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <random>

#include "segment/rule/checker.hpp"
#include "segment/sql/models_sql.hpp"
#include "segment/sql/sql_compiler.hpp"
#include "segment/testing/random_rule.hpp"
#include "segment/testing/random_shop.hpp"
#include "segment/testing/rule_builders.hpp"

namespace guanxi::segment::sql {
namespace {

using namespace guanxi::segment::testing;  // NOLINT(google-build-using-namespace): rule builders

class RandomRulesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto built = build_random_shop(shop_, RandomShopOptions{7, 400});
    ASSERT_TRUE(built.ok()) << built.status().to_string();
    vocab_ = *built;
    vocab_.segment_names = {"vip_buyers", "static_list"};
    ctx_.shop_id = shop_.shop().id;
    ctx_.as_of_day = vocab_.today;
    ctx_.resolve_segment = [](std::string_view name) -> Result<SegmentRef> {
      if (name == "vip_buyers") {
        return SegmentRef{rule(and_({tag("VIP"), cmp(Field::kOrders, CompareOp::kGe, 1)})), {}};
      }
      return SegmentRef{std::nullopt, {1, 2, 3, 5, 8, 13, 21, 34, 55, 89}};
    };
    everyone_ = members_by_sql(shop_.conn(), rule(all()), ctx_).value();
  }

  std::vector<int64_t> run(const Node& root) {
    auto r = members_by_sql(shop_.conn(), Rule{root}, ctx_);
    EXPECT_TRUE(r.ok()) << r.status().to_string();
    return r.ok() ? *r : std::vector<int64_t>{};
  }

  domain::testing::TestShop shop_;
  RuleVocabulary vocab_;
  SqlContext ctx_;
  std::vector<int64_t> everyone_;
};

TEST_F(RandomRulesTest, ShopLooksRealistic) {
  EXPECT_GT(everyone_.size(), 350u);
  EXPECT_LT(everyone_.size(), 400u);  // a few were merged
  const auto buyers = run(cmp(Field::kOrders, CompareOp::kGe, 1));
  EXPECT_GT(buyers.size(), everyone_.size() / 2);
  EXPECT_LT(buyers.size(), everyone_.size());
  EXPECT_FALSE(run(cmp(Field::kRefunds, CompareOp::kGe, 1)).empty());
  EXPECT_FALSE(run(event_count("page_view", CompareOp::kGe, 1)).empty());
  EXPECT_FALSE(run(attr("score", CompareOp::kGt, 500, true)).empty());
  EXPECT_FALSE(run(cmp(Field::kBirthdayMonth, CompareOp::kGe, 1)).empty());
  EXPECT_FALSE(run(cmp_text(Field::kTier, CompareOp::kEq, "金卡")).empty());
  EXPECT_FALSE(run(cmp_text(Field::kLifecycle, CompareOp::kEq, "churned")).empty());
  EXPECT_EQ(rfm_by_sql(shop_.conn(), ctx_)->size(), buyers.size());
  EXPECT_EQ(abc_by_sql(shop_.conn(), ctx_)->size(), buyers.size());
  EXPECT_EQ(lifecycle_by_sql(shop_.conn(), ctx_)->size(), everyone_.size());
}

// 400 rules: the differential test in src/segment runs thousands more against the evaluator.
TEST_F(RandomRulesTest, RandomRulesRunAndObeyTheLaws) {
  std::mt19937_64 rng(20240601);
  size_t nonempty = 0;
  size_t partial = 0;
  for (int i = 0; i < 400; ++i) {
    const Rule r = random_rule(rng, vocab_, 3);
    // The generator makes only rules the parser could have produced.
    ASSERT_TRUE(validate_rule(r).is_ok()) << validate_rule(r).to_string();
    // Alternate the as-of day between today and earlier days.
    ctx_.as_of_day = vocab_.today - (i % 4 == 0 ? static_cast<int32_t>(i % 400) : 0);
    const auto yes = run(r.root);
    ASSERT_TRUE(std::is_sorted(yes.begin(), yes.end()));
    ASSERT_TRUE(std::includes(everyone_.begin(), everyone_.end(), yes.begin(), yes.end()));
    const auto no = run(not_(r.root));
    std::vector<int64_t> both;
    std::merge(yes.begin(), yes.end(), no.begin(), no.end(), std::back_inserter(both));
    ASSERT_EQ(both, everyone_) << "not is not the complement for rule " << i;
    if (!yes.empty()) ++nonempty;
    if (!yes.empty() && yes.size() < everyone_.size()) ++partial;
    if (i % 10 == 0) {
      const Rule other = random_rule(rng, vocab_, 2);
      const auto theirs = run(other.root);
      std::vector<int64_t> expected;
      std::set_intersection(yes.begin(), yes.end(), theirs.begin(), theirs.end(),
                            std::back_inserter(expected));
      ASSERT_EQ(run(and_({r.root, other.root})), expected);
      expected.clear();
      std::set_union(yes.begin(), yes.end(), theirs.begin(), theirs.end(),
                     std::back_inserter(expected));
      ASSERT_EQ(run(or_({r.root, other.root})), expected);
    }
  }
  // Literals drawn from the data: most rules split the population.
  EXPECT_GT(partial, 200u);
  EXPECT_GT(nonempty, 240u);
}

}  // namespace
}  // namespace guanxi::segment::sql
