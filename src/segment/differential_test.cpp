// The in-memory evaluator and the SQL compiler are two independent
// implementations of the segment semantics; on random realistic shops and
// thousands of random rules, at several as-of days, they must return the same
// members. The built-in models are checked the same way against models_sql.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

#include "segment/evaluator.hpp"
#include "segment/feature_store.hpp"
#include "segment/models.hpp"
#include "segment/rule/checker.hpp"
#include "segment/rule/printer.hpp"
#include "segment/sql/models_sql.hpp"
#include "segment/sql/sql_compiler.hpp"
#include "segment/testing/random_rule.hpp"
#include "segment/testing/random_shop.hpp"
#include "segment/testing/rule_builders.hpp"

namespace guanxi::segment {
namespace {

using domain::testing::TestShop;

struct Fixture {
  TestShop shop;
  testing::RuleVocabulary vocab;
  std::unique_ptr<FeatureStore> fs;
  std::map<std::string, Rule, std::less<>> named;  // segments for in_segment()

  explicit Fixture(uint64_t seed, int customers) {
    vocab = testing::build_random_shop(shop, {seed, customers}).value();
    fs = FeatureStore::build(shop.conn(), shop.shop().id, ShopZone::shanghai(), 97).value();
    std::mt19937_64 rng(seed * 7919);
    for (const char* name : {"高价值", "双11新客"}) {
      named.emplace(name, testing::random_rule(rng, vocab, 2));
    }
    vocab.segment_names = {"高价值", "双11新客"};
  }

  sql::SqlContext sql_context(int32_t day) {
    sql::SqlContext ctx;
    ctx.shop_id = shop.shop().id;
    ctx.as_of_day = day;
    ctx.resolve_segment = [this](std::string_view name) -> Result<sql::SegmentRef> {
      auto it = named.find(name);
      if (it == named.end()) return Status::not_found("no segment " + std::string(name));
      return sql::SegmentRef{it->second, {}};
    };
    return ctx;
  }

  // The smallest subtree of `n` on which the two paths disagree, printed with both answers'
  // difference.
  std::string smallest_disagreement(const Node& n, int32_t day) {
    for (const auto& child : n.children) {
      std::string inner = smallest_disagreement(child, day);
      if (!inner.empty()) return inner;
    }
    ModelCache cache;
    Rule r{n};
    auto a = evaluate_ids(r, day, cache);
    auto b = sql::members_by_sql(shop.conn(), r, sql_context(day));
    if (!a.ok() || !b.ok() || *a == *b) return "";
    std::string diff;
    for (int64_t id : *a) {
      if (!std::binary_search(b->begin(), b->end(), id)) diff += " +" + std::to_string(id);
    }
    for (int64_t id : *b) {
      if (!std::binary_search(a->begin(), a->end(), id)) diff += " -" + std::to_string(id);
    }
    return print_rule(r) + " (in memory vs SQL:" + diff + ")";
  }

  Result<std::vector<int64_t>> evaluate_ids(const Rule& rule, int32_t day, ModelCache& cache) {
    EvalOptions opt;
    opt.as_of_day = day;
    opt.model_cache = &cache;
    opt.resolve_segment = [&](std::string_view name, int depth) -> Result<Bitset> {
      auto it = named.find(name);
      if (it == named.end()) return Status::not_found("no segment " + std::string(name));
      EvalOptions inner = opt;
      inner.depth = depth;
      return evaluate(*fs, it->second, inner);
    };
    GX_ASSIGN_OR_RETURN(Bitset members, evaluate(*fs, rule, opt));
    return customer_ids(*fs, members);
  }
};

TEST(DifferentialTest, RandomRulesMatchTheSqlCompiler) {
  int compared = 0;
  int non_trivial = 0;
  for (uint64_t seed : {11U, 12U, 13U}) {
    Fixture f(seed, 300);
    const int32_t days[] = {f.vocab.today, f.vocab.today - 200, f.vocab.today + 45,
                            f.vocab.today - 1};
    ModelCache caches[4];
    std::mt19937_64 rng(seed);
    for (int k = 0; k < 1700;) {
      const Rule rule = testing::random_rule(rng, f.vocab);
      if (!validate_rule(rule).is_ok())
        continue;  // e.g. bought(category = "") is not a rule a user can write
      const size_t which = static_cast<size_t>(k++) % 4;
      const int32_t day = days[which];
      auto by_sql = sql::members_by_sql(f.shop.conn(), rule, f.sql_context(day));
      ASSERT_TRUE(by_sql.ok()) << by_sql.status().to_string() << "\n" << print_rule(rule);
      auto in_memory = f.evaluate_ids(rule, day, caches[which]);
      ASSERT_TRUE(in_memory.ok()) << in_memory.status().to_string() << "\n" << print_rule(rule);
      if (*in_memory != *by_sql) {
        FAIL() << "seed " << seed << " as of day " << day << "\n"
               << print_rule(rule)
               << "\nsmallest disagreeing part: " << f.smallest_disagreement(rule.root, day);
      }
      ++compared;
      if (!by_sql->empty() && by_sql->size() < 250) ++non_trivial;
    }
  }
  EXPECT_GE(compared, 5000);
  // The generator's literals must actually split the population most of the time.
  EXPECT_GT(non_trivial, compared / 3);
}

// Contact recency on its own, exhaustively over operators, windows and literals
// near the edges, plain and under `not` (never-contacted customers are missing
// values), at as-of days before, on and after the notes.
TEST(DifferentialTest, ContactFieldsMatchTheSqlCompiler) {
  Fixture f(31, 300);
  const std::optional<int32_t> windows[] = {std::nullopt, 1, 7, 30, 60, 365};
  std::vector<FieldRef> refs = {testing::field(Field::kLastContactDays)};
  for (const auto& window : windows) refs.push_back(testing::field(Field::kContacts, window));
  int compared = 0;
  int split = 0;
  for (int32_t day : {f.vocab.today, f.vocab.today - 1, f.vocab.today - 200, f.vocab.today + 31}) {
    ModelCache cache;
    for (const FieldRef& ref : refs) {
      for (int op = 0; op < 6; ++op) {
        for (int64_t literal : {0, 1, 2, 7, 60, 61}) {
          const Node leaf =
              testing::compare(ref, static_cast<CompareOp>(op), Literal{literal, false});
          for (const Node& root : {leaf, testing::not_(leaf)}) {
            const Rule rule{root};
            auto by_sql = sql::members_by_sql(f.shop.conn(), rule, f.sql_context(day));
            ASSERT_TRUE(by_sql.ok()) << by_sql.status().to_string();
            auto in_memory = f.evaluate_ids(rule, day, cache);
            ASSERT_TRUE(in_memory.ok()) << in_memory.status().to_string();
            ASSERT_EQ(*in_memory, *by_sql) << "as of day " << day << ": " << print_rule(rule);
            ++compared;
            if (!by_sql->empty() && by_sql->size() < f.fs->live().count()) ++split;
          }
        }
      }
    }
  }
  EXPECT_EQ(compared, 4 * 7 * 6 * 6 * 2);
  EXPECT_GT(split, compared / 3);  // the literals split the shop
}

TEST(DifferentialTest, ModelsMatchAnIndependentSqlComputation) {
  for (uint64_t seed : {21U, 22U}) {
    Fixture f(seed, 400);
    for (int32_t day : {f.vocab.today, f.vocab.today - 150}) {
      const auto models = compute_models(*f.fs, day, ModelSettings{});
      auto ctx = f.sql_context(day);

      auto rfm = sql::rfm_by_sql(f.shop.conn(), ctx).value();
      size_t purchasers = 0;
      for (const auto& row : rfm) {
        const uint32_t slot = f.fs->slot_of(row.customer_id).value();
        EXPECT_EQ(models->rfm_r[slot], row.r) << row.customer_id;
        EXPECT_EQ(models->rfm_f[slot], row.f) << row.customer_id;
        EXPECT_EQ(models->rfm_m[slot], row.m) << row.customer_id;
        ASSERT_GE(models->rfm_group[slot], 1);
        EXPECT_EQ(kRfmGroups[models->rfm_group[slot] - 1].zh, row.group) << row.customer_id;
        ++purchasers;
      }
      EXPECT_EQ(static_cast<int64_t>(purchasers), models->purchasers);
      EXPECT_GT(purchasers, 50U);

      auto abc = sql::abc_by_sql(f.shop.conn(), ctx).value();
      std::map<char, int> classes;
      for (const auto& row : abc) {
        const uint32_t slot = f.fs->slot_of(row.customer_id).value();
        EXPECT_EQ("?ABC"[models->abc[slot]], row.cls) << row.customer_id;
        EXPECT_EQ(models->gold.test(slot), row.gold) << row.customer_id;
        EXPECT_EQ(models->drag.test(slot), row.drag) << row.customer_id;
        ++classes[row.cls];
      }
      EXPECT_GT(classes['A'], 0);
      EXPECT_GT(classes['C'], 0);

      auto stages = sql::lifecycle_by_sql(f.shop.conn(), ctx).value();
      std::map<std::string, int> counts;
      for (const auto& [id, stage] : stages) {
        const uint32_t slot = f.fs->slot_of(id).value();
        EXPECT_EQ(kLifecycleStages[models->lifecycle[slot]], stage) << id;
        ++counts[stage];
      }
      EXPECT_EQ(static_cast<size_t>(f.fs->live().count()), stages.size());
      EXPECT_GT(counts["prospect"], 0);
    }
  }
}

}  // namespace
}  // namespace guanxi::segment
