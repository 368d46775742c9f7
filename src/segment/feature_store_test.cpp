#include "segment/feature_store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "domain/activity.hpp"
#include "domain/customers.hpp"
#include "domain/orders.hpp"
#include "segment/evaluator.hpp"
#include "segment/rule/parser.hpp"
#include "segment/rule/printer.hpp"
#include "segment/testing/random_rule.hpp"
#include "segment/testing/random_shop.hpp"
#include "store/query.hpp"

namespace guanxi::segment {
namespace {

using domain::testing::TestShop;

std::vector<int64_t> all_customer_ids(TestShop& shop) {
  std::vector<int64_t> ids;
  store::Query q(shop.conn(), "SELECT id FROM customers WHERE shop_id = ?");
  q.bind(shop.shop().id);
  while (q.next()) ids.push_back(q.i64(0));
  return ids;
}

std::vector<int64_t> members(const FeatureStore& fs, const Rule& rule, int32_t day) {
  EvalOptions opt;
  opt.as_of_day = day;
  return customer_ids(fs, evaluate(fs, rule, opt).value());
}

void expect_same_answers(const FeatureStore& a, const FeatureStore& b,
                         const testing::RuleVocabulary& vocab, uint64_t seed) {
  std::mt19937_64 rng(seed);
  for (int k = 0; k < 400; ++k) {
    const Rule rule = testing::random_rule(rng, vocab);
    const int32_t day = k % 2 == 0 ? vocab.today : vocab.today - 100;
    ASSERT_EQ(members(a, rule, day), members(b, rule, day)) << print_rule(rule);
  }
}

TEST(FeatureStoreTest, RefreshingEveryCustomerInAnyOrderEqualsABuild) {
  TestShop shop;
  auto vocab = testing::build_random_shop(shop, {5, 250}).value();
  auto built = FeatureStore::build(shop.conn(), shop.shop().id, ShopZone::shanghai()).value();

  FeatureStore incremental(shop.shop().id, ShopZone::shanghai());
  auto ids = all_customer_ids(shop);
  std::mt19937_64 rng(3);
  std::shuffle(ids.begin(), ids.end(), rng);
  for (size_t i = 0; i < ids.size(); i += 37) {
    std::vector<int64_t> batch(
        ids.begin() + static_cast<std::ptrdiff_t>(i),
        ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), i + 37)));
    ASSERT_TRUE(incremental.refresh(shop.conn(), batch).is_ok());
  }
  expect_same_answers(*built, incremental, vocab, 17);
}

TEST(FeatureStoreTest, RefreshAfterWritesEqualsARebuild) {
  TestShop shop;
  auto vocab = testing::build_random_shop(shop, {6, 200}).value();
  auto fs = FeatureStore::build(shop.conn(), shop.shop().id, ShopZone::shanghai()).value();
  const auto ids = all_customer_ids(shop);

  // New orders for some customers, tags, notes added and deleted, a merge and a
  // brand-new customer.
  std::vector<int64_t> touched;
  for (size_t i = 0; i < ids.size(); i += 9) {
    domain::OrderInput o;
    o.platform = "api";
    o.external_id = "refresh-" + std::to_string(ids[i]);
    o.customer_id = ids[i];
    o.status = domain::OrderStatus::kPaid;
    o.created_at = shop.clock().now();
    o.paid_at = shop.clock().now();
    o.paid_amount = 12345;
    o.goods_amount = 12345;
    o.items.push_back({"SKU-NEW", "新品", "新类目", 1, 12345});
    ASSERT_TRUE(
        shop.write([&](domain::WriteContext& ctx) { return domain::upsert_order(ctx, o).status(); })
            .is_ok());
    ASSERT_TRUE(shop.write([&](domain::WriteContext& ctx) {
                      return domain::add_tag(ctx, ids[i], "复购").status();
                    })
                    .is_ok());
    domain::NoteInput note;
    note.type = domain::NoteType::kVisit;
    note.summary = "上门回访";
    ASSERT_TRUE(shop.write([&](domain::WriteContext& ctx) {
                      return domain::add_note(ctx, ids[i], note).status();
                    })
                    .is_ok());
    touched.push_back(ids[i]);
  }
  const size_t buyers = touched.size();
  // A deleted note: its customer is found through the store, as the engine does.
  std::vector<int64_t> notes;
  {
    store::Query q(shop.conn(), "SELECT id FROM notes WHERE shop_id = ? ORDER BY id");
    q.bind(shop.shop().id);
    while (q.next()) notes.push_back(q.i64(0));
  }
  ASSERT_GT(notes.size(), 10U);
  const int64_t owner = fs->note_customer(notes[3]).value();
  ASSERT_TRUE(
      shop.write([&](domain::WriteContext& ctx) { return domain::delete_note(ctx, notes[3]); })
          .is_ok());
  touched.push_back(owner);
  ASSERT_TRUE(shop.write([&](domain::WriteContext& ctx) {
                    return domain::merge_customers(ctx, ids[1], {ids[2]}, "test").status();
                  })
                  .is_ok());
  touched.push_back(ids[1]);
  touched.push_back(ids[2]);
  domain::CustomerInput fresh;
  fresh.name = "新客户";
  fresh.city = "杭州";
  auto created =
      shop.write([&](domain::WriteContext& ctx) { return domain::create_customer(ctx, fresh); });
  ASSERT_TRUE(created.ok());
  touched.push_back(*created);

  ASSERT_TRUE(fs->refresh(shop.conn(), touched).is_ok());
  auto rebuilt = FeatureStore::build(shop.conn(), shop.shop().id, ShopZone::shanghai()).value();
  EXPECT_EQ(fs->live(), rebuilt->live());
  for (int64_t note : notes) {
    EXPECT_EQ(fs->note_customer(note), rebuilt->note_customer(note)) << "note " << note;
  }
  EXPECT_EQ(fs->note_customer(notes[3]), std::nullopt);
  vocab.tags.push_back("复购");
  vocab.categories.push_back("新类目");
  vocab.skus.push_back("SKU-NEW");
  expect_same_answers(*rebuilt, *fs, vocab, 23);

  const Rule rule =
      parse_rule("bought(category = \"新类目\", within = 1d) and tag(\"复购\")").value();
  EXPECT_EQ(members(*fs, rule, vocab.today).size(), buyers);
}

}  // namespace
}  // namespace guanxi::segment
