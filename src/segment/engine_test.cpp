#include "segment/engine.hpp"

#include <gtest/gtest.h>

#include "domain/activity.hpp"
#include "domain/customers.hpp"
#include "domain/orders.hpp"
#include "domain/testing/test_shop.hpp"
#include "domain/tiers.hpp"
#include "segment/rule/parser.hpp"
#include "store/change_feed.hpp"
#include "store/query.hpp"

namespace guanxi::segment {
namespace {

using domain::testing::TestShop;
using std::chrono::days;
using std::chrono::hours;

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override { writer_ = store::Writer::start(shop_.db()).value(); }

  std::unique_ptr<SegmentEngine> start_engine(bool background = false) {
    SegmentEngine::Options o;
    o.background = background;
    o.poll = std::chrono::milliseconds(50);
    return SegmentEngine::start(shop_.db(), *writer_, shop_.clock(), o).value();
  }

  template <typename F>
  auto write(F&& f) {
    return shop_.write_through(*writer_, std::forward<F>(f));
  }

  int64_t customer(const std::string& name) {
    domain::CustomerInput in;
    in.name = name;
    return write([&](domain::WriteContext& ctx) { return domain::create_customer(ctx, in); })
        .value();
  }

  void order(int64_t customer, const std::string& id, int64_t amount, Timestamp at,
             domain::OrderStatus status = domain::OrderStatus::kPaid) {
    domain::OrderInput o;
    o.platform = "api";
    o.external_id = id;
    o.customer_id = customer;
    o.status = status;
    o.created_at = at;
    o.paid_at = at;
    o.paid_amount = amount;
    o.goods_amount = amount;
    if (status == domain::OrderStatus::kRefunded) o.refunded_amount = amount;
    ASSERT_TRUE(write([&](domain::WriteContext& ctx) {
                  return domain::upsert_order(ctx, o).status();
                }).is_ok());
  }

  Segment create(SegmentEngine& e, const std::string& name, const std::string& rule,
                 const std::string& tag = "") {
    SegmentInput in;
    in.name = name;
    in.rule = parse_rule(rule).value();
    in.tag = tag;
    return e.create_segment(shop_.shop().id, in, "test").value();
  }

  // segment_entered / segment_exited changes for a customer, oldest first.
  std::vector<std::string> moves(int64_t customer) {
    std::vector<std::string> out;
    auto changes =
        store::read_customer_changes(shop_.conn(), shop_.shop().id, customer, 1000).value();
    for (auto it = changes.rbegin(); it != changes.rend(); ++it) {
      if (it->kind.starts_with("segment_")) out.push_back(it->kind);
    }
    return out;
  }

  std::vector<int64_t> members(SegmentEngine& e, int64_t segment) {
    return e.segment_members(shop_.shop().id, segment, std::nullopt, 1000).value().ids;
  }

  TestShop shop_;
  std::unique_ptr<store::Writer> writer_;
};

TEST_F(EngineTest, DynamicSegmentFollowsOrdersAndRefunds) {
  auto e = start_engine();
  const int64_t alice = customer("Alice");
  const int64_t bob = customer("Bob");
  const Segment repeat = create(*e, "复购客户", "orders >= 2");
  EXPECT_EQ(repeat.member_count, 0);

  order(alice, "A1", 10000, shop_.clock().now());
  ASSERT_TRUE(e->process_pending().ok());
  EXPECT_TRUE(members(*e, repeat.id).empty());
  order(alice, "A2", 20000, shop_.clock().now());
  order(bob, "B1", 20000, shop_.clock().now());
  ASSERT_TRUE(e->process_pending().ok());
  EXPECT_EQ(members(*e, repeat.id), std::vector<int64_t>{alice});
  EXPECT_EQ(moves(alice), std::vector<std::string>{"segment_entered"});
  EXPECT_TRUE(moves(bob).empty());

  order(alice, "A2", 20000, shop_.clock().now(),
        domain::OrderStatus::kRefunded);  // A2 fully refunded
  ASSERT_TRUE(e->process_pending().ok());
  EXPECT_TRUE(members(*e, repeat.id).empty());
  EXPECT_EQ(moves(alice), (std::vector<std::string>{"segment_entered", "segment_exited"}));
  auto sizes = e->size_history(shop_.shop().id, repeat.id, 7).value();
  ASSERT_EQ(sizes.size(), 1U);
  EXPECT_EQ(sizes[0].entered, 1);
  EXPECT_EQ(sizes[0].exited, 1);
  EXPECT_EQ(sizes[0].size, 0);
}

TEST_F(EngineTest, RuleMembersPageByIdAndCustomerModels) {
  auto e = start_engine();
  std::vector<int64_t> buyers;
  for (int i = 0; i < 5; ++i) {
    const int64_t id = customer("买家" + std::to_string(i));
    order(id, "R" + std::to_string(i), 10000 * (i + 1), shop_.clock().now());
    buyers.push_back(id);
  }
  const int64_t prospect = customer("潜客");
  ASSERT_TRUE(e->process_pending().ok());
  const int64_t shop = shop_.shop().id;
  const Rule bought = parse_rule("orders >= 1").value();

  // Pages of two, by ascending id, each with the total.
  std::vector<int64_t> seen;
  std::optional<int64_t> after;
  for (int round = 0; round < 5; ++round) {
    auto page = e->rule_members(shop, bought, after, 2).value();
    EXPECT_EQ(page.total, 5);
    seen.insert(seen.end(), page.ids.begin(), page.ids.end());
    if (!page.next) break;
    EXPECT_EQ(*page.next, page.ids.back());
    after = page.next;
  }
  EXPECT_EQ(seen, buyers);
  EXPECT_TRUE(e->rule_members(shop, bought, buyers.back(), 2).value().ids.empty());
  EXPECT_FALSE(e->rule_members(shop, bought, std::nullopt, 0).ok());

  // One customer's models agree with the rules over the same columns.
  const auto top = e->customer_models(shop, buyers.back()).value();
  ASSERT_TRUE(top.has_value());
  EXPECT_EQ(top->lifecycle, "new");
  EXPECT_EQ(top->abc, "A");
  EXPECT_EQ(top->rfm_m, 5);
  EXPECT_FALSE(top->rfm_group.empty());
  const Rule cell = parse_rule("rfm_m = 5 and abc = \"A\" and lifecycle = \"new\"").value();
  EXPECT_EQ(e->members(shop, cell, std::nullopt).value(), std::vector<int64_t>{buyers.back()});
  const auto none = e->customer_models(shop, prospect).value();
  ASSERT_TRUE(none.has_value());
  EXPECT_EQ(none->lifecycle, "prospect");
  EXPECT_EQ(none->rfm_r, 0);
  EXPECT_TRUE(none->abc.empty());
  EXPECT_FALSE(e->customer_models(shop, 999'999).value().has_value());
}

TEST_F(EngineTest, TimeBasedRulesFlipAtShopMidnightWithoutWrites) {
  auto e = start_engine();
  const int64_t alice = customer("Alice");
  order(alice, "A1", 10000, shop_.clock().now());  // 2024-06-01 10:00 Shanghai
  const Segment lapsed = create(*e, "沉睡", "last_order_days > 90");
  ASSERT_TRUE(e->process_pending().ok());
  EXPECT_TRUE(members(*e, lapsed.id).empty());

  shop_.clock().advance(days(90) + hours(13));  // 2024-08-30 23:00: 90 days
  ASSERT_TRUE(e->process_pending().ok());
  EXPECT_TRUE(members(*e, lapsed.id).empty());
  shop_.clock().advance(hours(1) + std::chrono::minutes(1));  // 00:01 the next day: 91 days
  ASSERT_TRUE(e->process_pending().ok());
  EXPECT_EQ(members(*e, lapsed.id), std::vector<int64_t>{alice});
  EXPECT_EQ(moves(alice), std::vector<std::string>{"segment_entered"});
}

TEST_F(EngineTest, RestartReconcilesWhatChangedWhileDown) {
  int64_t alice = 0;
  int64_t segment = 0;
  {
    auto e = start_engine();
    alice = customer("Alice");
    segment = create(*e, "大客户", "revenue >= 1000").id;
  }
  order(alice, "A1", 150000, shop_.clock().now());  // while no engine runs
  auto e = start_engine();
  EXPECT_EQ(members(*e, segment), std::vector<int64_t>{alice});
  EXPECT_EQ(moves(alice), std::vector<std::string>{"segment_entered"});
  // A second restart has nothing new to say.
  e.reset();
  e = start_engine();
  EXPECT_EQ(moves(alice), std::vector<std::string>{"segment_entered"});
}

TEST_F(EngineTest, AutoTagFollowsMembership) {
  auto e = start_engine();
  const int64_t alice = customer("Alice");
  order(alice, "A1", 300000, shop_.clock().now());
  create(*e, "高价值规则", "revenue >= 2000", "高价值");
  auto tags = [&] {
    domain::ReadContext r = shop_.read_context();
    std::vector<std::string> out;
    const auto list = domain::list_tags(r, alice).value();
    for (const auto& t : list) out.push_back(t.name);
    return out;
  };
  EXPECT_EQ(tags(), std::vector<std::string>{"高价值"});
  order(alice, "A1", 300000, shop_.clock().now(), domain::OrderStatus::kRefunded);
  ASSERT_TRUE(e->process_pending().ok());
  ASSERT_TRUE(e->process_pending().ok());  // the tag removal itself is a change; it must settle
  EXPECT_TRUE(tags().empty());
  EXPECT_FALSE(
      e->create_segment(shop_.shop().id,
                        SegmentInput{"自指", SegmentKind::kDynamic,
                                     parse_rule("not tag(\"x\")").value(), std::nullopt, "", "x"},
                        "test")
          .ok());
}

TEST_F(EngineTest, StaticListsInSegmentOverlapAndCustomerSegments) {
  auto e = start_engine();
  const int64_t a = customer("A");
  const int64_t b = customer("B");
  const int64_t c = customer("C");
  order(a, "1", 100000, shop_.clock().now());
  order(b, "2", 100, shop_.clock().now());
  ASSERT_TRUE(e->process_pending().ok());
  SegmentInput list;
  list.name = "VIP名单";
  list.kind = SegmentKind::kStatic;
  list.ids = std::vector<int64_t>{a, c};
  const Segment vip = e->create_segment(shop_.shop().id, list, "test").value();
  EXPECT_EQ(vip.member_count, 2);
  list.name = "坏名单";
  list.ids = std::vector<int64_t>{a, 999999};
  auto bad = e->create_segment(shop_.shop().id, list, "test");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("999999"), std::string::npos);

  const Segment buyers = create(*e, "买家", "orders >= 1 and in_segment(\"VIP名单\")");
  EXPECT_EQ(members(*e, buyers.id), std::vector<int64_t>{a});
  auto o = e->overlap(shop_.shop().id, vip.id, buyers.id).value();
  EXPECT_EQ(o.both, 1);
  EXPECT_EQ(o.only_a, 1);
  auto of_a = e->segments_of_customer(shop_.shop().id, a).value();
  EXPECT_EQ(of_a.size(), 2U);
  EXPECT_FALSE(e->delete_segment(shop_.shop().id, vip.id, "test").is_ok()) << "still used by 买家";
  EXPECT_TRUE(e->delete_segment(shop_.shop().id, buyers.id, "test").is_ok());
  EXPECT_TRUE(e->delete_segment(shop_.shop().id, vip.id, "test").is_ok());
  EXPECT_TRUE(e->list_segments(shop_.shop().id).value().empty());
}

TEST_F(EngineTest, BackgroundThreadAppliesAnOrderWithinASecond) {
  auto e = start_engine(true);
  const int64_t alice = customer("Alice");
  const Segment buyers = create(*e, "新买家", "orders >= 1");
  const auto started = std::chrono::steady_clock::now();
  order(alice, "A1", 5000, shop_.clock().now());
  const int64_t seq = store::last_change_seq(shop_.conn()).value();
  ASSERT_TRUE(e->wait_applied(seq, std::chrono::seconds(1)));
  const auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_LT(elapsed, std::chrono::seconds(1));
  EXPECT_EQ(members(*e, buyers.id), std::vector<int64_t>{alice});
  EXPECT_EQ(moves(alice), std::vector<std::string>{"segment_entered"});
}

TEST_F(EngineTest, TierDowngradeWaitsForTheReviewDateThenMovesSegments) {
  ASSERT_TRUE(write([&](domain::WriteContext& ctx) {
                return domain::save_tier_config(ctx, domain::default_tier_config());
              }).is_ok());
  auto e = start_engine();
  const int64_t alice = customer("Alice");
  const Segment senior = create(*e, "高级会员们", "tier = \"高级会员\"");
  order(alice, "A1", 60000, shop_.clock().now());  // ¥600 crosses ¥500: 高级会员 at once
  ASSERT_TRUE(e->process_pending().ok());
  EXPECT_EQ(members(*e, senior.id), std::vector<int64_t>{alice});

  order(alice, "A1", 60000, shop_.clock().now(), domain::OrderStatus::kRefunded);
  shop_.clock().advance(days(29) + hours(12));  // 2024-06-30 22:00: not a review date
  ASSERT_TRUE(e->process_pending().ok());
  EXPECT_EQ(members(*e, senior.id), std::vector<int64_t>{alice})
      << "no downgrade before the review";

  shop_.clock().advance(hours(3));  // 2024-07-01 01:00: review date of the default ladder
  ASSERT_TRUE(e->process_pending().ok());
  ASSERT_TRUE(e->process_pending().ok());  // the review's tier_changed reaches the segment
  EXPECT_TRUE(members(*e, senior.id).empty());
  EXPECT_EQ(moves(alice), (std::vector<std::string>{"segment_entered", "segment_exited"}));
}

TEST_F(EngineTest, RejectsBadSegmentNamesAndKeepsNothing) {
  auto e = start_engine();
  for (const std::string& name : {std::string(), std::string(101, 'x'), std::string("bad\x01name"),
                                  std::string("\xff\xfe")}) {
    SegmentInput in;
    in.name = name;
    in.rule = parse_rule("all").value();
    auto created = e->create_segment(shop_.shop().id, in, "test");
    ASSERT_FALSE(created.ok()) << name;
    EXPECT_EQ(created.status().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(created.status().location().field, "/name");
  }
  EXPECT_TRUE(e->list_segments(shop_.shop().id).value().empty());
  const Segment ok = create(*e, "好名字", "all");
  SegmentPatch rename;
  rename.name = "";
  EXPECT_FALSE(e->update_segment(shop_.shop().id, ok.id, rename, "test").ok());
  EXPECT_EQ(e->get_segment(shop_.shop().id, ok.id).value().name, "好名字");
}

TEST_F(EngineTest, EditsCannotMakeAnAutoTagChaseItselfOrBreakInSegment) {
  auto e = start_engine();
  const Segment vip = create(*e, "VIP", "orders >= 1 and not tag(\"沉默\")");
  SegmentPatch retag;
  retag.tag = "沉默";
  auto retagged = e->update_segment(shop_.shop().id, vip.id, retag, "test");
  ASSERT_FALSE(retagged.ok());
  EXPECT_EQ(retagged.status().location().field, "/tag");
  EXPECT_EQ(e->get_segment(shop_.shop().id, vip.id).value().tag, "");

  create(*e, "VIP新客", "in_segment(\"VIP\") and orders = 1");
  SegmentPatch rename;
  rename.name = "贵宾";
  auto renamed = e->update_segment(shop_.shop().id, vip.id, rename, "test");
  ASSERT_FALSE(renamed.ok());
  EXPECT_EQ(renamed.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(e->get_segment(shop_.shop().id, vip.id).value().name, "VIP");
  ASSERT_TRUE(e->process_pending().ok());
}

TEST_F(EngineTest, MemberPagesWalkEveryMemberOnceAcrossWords) {
  auto e = start_engine();
  std::vector<int64_t> expected;
  for (int i = 0; i < 150; ++i) {
    const int64_t id = customer("c" + std::to_string(i));
    if (i % 3 != 1) {
      order(id, "o" + std::to_string(i), 1000, shop_.clock().now());
      expected.push_back(id);
    }
  }
  const Segment buyers = create(*e, "买过的", "orders >= 1");
  std::vector<int64_t> seen;
  std::optional<int64_t> after;
  int pages = 0;
  do {
    auto page = e->segment_members(shop_.shop().id, buyers.id, after, 7).value();
    EXPECT_EQ(page.total, static_cast<int64_t>(expected.size()));
    ASSERT_LE(page.ids.size(), 7U);
    seen.insert(seen.end(), page.ids.begin(), page.ids.end());
    after = page.next;
    ASSERT_LT(++pages, 100);
  } while (after);
  EXPECT_EQ(seen, expected);
}

TEST_F(EngineTest, AnswersAsOfAnEarlierDay) {
  auto e = start_engine();
  const int64_t alice = customer("Alice");
  order(alice, "A1", 5000, shop_.clock().now() - days(10));
  order(alice, "A2", 5000, shop_.clock().now());
  ASSERT_TRUE(e->process_pending().ok());
  const int32_t today = e->today(shop_.shop().id).value();
  const Rule rule = parse_rule("orders >= 2").value();
  EXPECT_EQ(e->answer(shop_.shop().id, rule, today, 5).value().count, 1);
  EXPECT_EQ(e->answer(shop_.shop().id, rule, today - 1, 5).value().count, 0);
  EXPECT_EQ(e->answer(shop_.shop().id, rule, today, 5).value().sample, std::vector<int64_t>{alice});
}

}  // namespace
}  // namespace guanxi::segment
