#include "domain/tiers.hpp"

#include <gtest/gtest.h>

#include "domain/customers.hpp"
#include "domain/orders.hpp"
#include "domain/testing/test_helpers.hpp"
#include "domain/testing/test_shop.hpp"
#include "store/change_feed.hpp"

namespace guanxi::domain {
namespace {

using testing::local;
using testing::put;
using testing::TestShop;

LocalDays day_of(const char* date) {
  return ShopZone::shanghai().local_day(local(date));
}

OrderInput purchase(std::string id, std::string phone, const char* created_local, int64_t paid,
                    OrderStatus status = OrderStatus::kPaid) {
  OrderInput o;
  o.platform = "taobao";
  o.external_id = std::move(id);
  o.customer.identities = {{IdentityType::kPhone, std::move(phone)}};
  o.status = status;
  o.created_at = local(created_local);
  if (status != OrderStatus::kCreated) o.paid_at = *o.created_at + std::chrono::minutes(5);
  o.goods_amount = paid;
  o.paid_amount = paid;
  o.items = {{"SKU-1", "补水面膜", "面膜", 1, paid}};
  return o;
}

// Two revenue-only levels: ¥100 and ¥500.
TierConfig revenue_ladder() {
  TierConfig c = default_tier_config();
  c.levels = {{"银卡", 100'00, 0, 0, 100, false}, {"金卡", 500'00, 0, 5, 150, true}};
  return c;
}

void enable(TestShop& t, const TierConfig& config) {
  const Status s = t.write([&](WriteContext& ctx) { return save_tier_config(ctx, config); });
  ASSERT_TRUE(s.is_ok()) << s.to_string();
}

std::string tier_of(TestShop& t, CustomerId id) {
  auto rc = t.read_context();
  return get_customer(rc, id).value().tier;
}

std::vector<TierChange> history_of(TestShop& t, CustomerId id) {
  auto rc = t.read_context();
  return tier_history(rc, id, 100).value();
}

TierReviewSummary review(TestShop& t, const char* date, std::string_view reason = "review") {
  auto r = t.write([&](WriteContext& ctx) { return review_tiers(ctx, day_of(date), reason); });
  EXPECT_TRUE(r.ok()) << r.status().to_string();
  return r.ok() ? *r : TierReviewSummary{};
}

Status config_error(const std::string& json) {
  auto r = parse_tier_config(json);
  EXPECT_FALSE(r.ok()) << json;
  return r.status();
}

TEST(TiersTest, UpgradeHappensOnTheExactPurchaseThatCrossesTheThreshold) {
  TestShop t;
  enable(t, revenue_ladder());
  const auto o1 = put(t, purchase("A1", "13800138000", "2024-05-01 10:00", 200'00));
  EXPECT_EQ(tier_of(t, o1.customer_id), "银卡");
  const auto o2 = put(t, purchase("A2", "13800138000", "2024-05-02 10:00", 250'00));
  EXPECT_EQ(tier_of(t, o2.customer_id), "银卡");  // ¥450: not yet
  EXPECT_EQ(history_of(t, o1.customer_id).size(), 1u);
  const auto o3 = put(t, purchase("A3", "13800138000", "2024-05-03 10:00", 60'00));
  EXPECT_EQ(tier_of(t, o3.customer_id), "金卡");  // ¥510

  const auto h = history_of(t, o1.customer_id);
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0].from_tier, "银卡");
  EXPECT_EQ(h[0].to_tier, "金卡");
  EXPECT_EQ(h[0].reason, "upgrade");
  EXPECT_EQ(h[0].order_id, o3.order_id);
  EXPECT_EQ(h[0].revenue, 510'00);
  EXPECT_EQ(h[0].purchases, 3);
  EXPECT_EQ(h[0].actor, "test");
  EXPECT_EQ(h[1].from_tier, "");
  EXPECT_EQ(h[1].to_tier, "银卡");
  EXPECT_EQ(h[1].order_id, o1.order_id);
}

TEST(TiersTest, DefaultLadderUpgradesOnPurchaseCount) {
  TestShop t;
  enable(t, default_tier_config());
  const auto o1 = put(t, purchase("B1", "13800138000", "2024-05-01 10:00", 10'00));
  EXPECT_EQ(tier_of(t, o1.customer_id), "普通会员");
  const auto o2 = put(t, purchase("B2", "13800138000", "2024-05-02 10:00", 10'00));
  EXPECT_EQ(tier_of(t, o2.customer_id), "高级会员");  // 2 purchases
  EXPECT_EQ(history_of(t, o1.customer_id)[0].order_id, o2.order_id);
  // An unpaid order is not a purchase and changes nothing.
  put(t, purchase("B3", "13800138000", "2024-05-03 10:00", 10'000'00, OrderStatus::kCreated));
  EXPECT_EQ(history_of(t, o1.customer_id).size(), 2u);
}

TEST(TiersTest, QualifiesOnlyOnPurchasesDatedUpToThePurchaseDay) {
  TestShop t;
  enable(t, revenue_ladder());
  const auto later = put(t, purchase("C1", "13800138000", "2024-05-10 10:00", 450'00));
  EXPECT_EQ(tier_of(t, later.customer_id), "银卡");
  // Backfilled: as of 05-01 only its own ¥100 counts, though the total is ¥550.
  put(t, purchase("C0", "13800138000", "2024-05-01 10:00", 100'00));
  EXPECT_EQ(tier_of(t, later.customer_id), "银卡");
  const auto next = put(t, purchase("C2", "13800138000", "2024-05-20 10:00", 1'00));
  EXPECT_EQ(tier_of(t, later.customer_id), "金卡");
  EXPECT_EQ(history_of(t, later.customer_id)[0].order_id, next.order_id);
}

TEST(TiersTest, RefundNeverDowngradesBeforeTheReview) {
  TestShop t;
  enable(t, default_tier_config());
  put(t, purchase("D1", "13800138000", "2024-05-01 10:00", 300'00));
  OrderInput second = purchase("D2", "13800138000", "2024-05-02 10:00", 300'00);
  const auto o2 = put(t, second);
  ASSERT_EQ(tier_of(t, o2.customer_id), "高级会员");

  second.status = OrderStatus::kRefunded;
  second.refunded_amount = second.paid_amount;
  EXPECT_EQ(put(t, second).outcome, UpsertOutcome::kUpdated);
  EXPECT_EQ(tier_of(t, o2.customer_id), "高级会员");
  EXPECT_EQ(history_of(t, o2.customer_id).size(), 2u);

  // The review as of 07-01 counts one purchase of ¥300: back to 普通会员.
  const auto summary = review(t, "2024-07-01");
  EXPECT_EQ(summary.downgraded, 1);
  EXPECT_EQ(summary.upgraded, 0);
  EXPECT_EQ(summary.unchanged, 0);
  EXPECT_EQ(tier_of(t, o2.customer_id), "普通会员");
  const auto h = history_of(t, o2.customer_id);
  ASSERT_EQ(h.size(), 3u);
  EXPECT_EQ(h[0].reason, "review");
  EXPECT_EQ(h[0].from_tier, "高级会员");
  EXPECT_EQ(h[0].to_tier, "普通会员");
  EXPECT_EQ(h[0].order_id, std::nullopt);
  EXPECT_EQ(h[0].purchases, 1);
  EXPECT_EQ(h[0].revenue, 300'00);

  // A second review finds nothing to do.
  const auto again = review(t, "2024-07-01");
  EXPECT_EQ(again.unchanged, 1);
  EXPECT_EQ(again.downgraded, 0);
  EXPECT_EQ(history_of(t, o2.customer_id).size(), 3u);
}

TEST(TiersTest, ReviewWindowCoversExactlyTheLastWindowDaysOfShopLocalTime) {
  TestShop t;
  enable(t, default_tier_config());  // window 365: as of 2025-01-01, days 2024-01-03..2025-01-01
  const auto inside = put(t, purchase("E1", "13800138001", "2024-01-03 00:00:00", 10'00));
  const auto outside = put(t, purchase("E2", "13800138002", "2024-01-02 23:59:00", 10'00));
  const auto after = put(t, purchase("E3", "13800138003", "2025-01-02 00:00:00", 10'00));
  const auto last = put(t, purchase("E4", "13800138004", "2025-01-01 23:59:00", 10'00));
  for (const auto& o : {inside, outside, after, last})
    EXPECT_EQ(tier_of(t, o.customer_id), "普通会员");

  const auto summary = review(t, "2025-01-01");
  EXPECT_EQ(tier_of(t, inside.customer_id), "普通会员");  // 364 days before: in
  EXPECT_EQ(tier_of(t, outside.customer_id), "");         // 365 days before: out
  EXPECT_EQ(tier_of(t, after.customer_id), "");           // after the review day: not counted
  EXPECT_EQ(tier_of(t, last.customer_id), "普通会员");    // the review day itself counts
  EXPECT_EQ(summary.downgraded, 2);
  EXPECT_EQ(summary.unchanged, 2);
}

TEST(TiersTest, UpgradeWindowEndsOnThePurchaseDay) {
  TestShop t;
  enable(t, revenue_ladder());
  const auto first = put(t, purchase("F1", "13800138000", "2023-05-01 10:00", 300'00));
  // 365 days later (2024 is a leap year) the first purchase has left the
  // 365-day window, which as of 2024-04-30 starts on 2023-05-02.
  put(t, purchase("F2", "13800138000", "2024-04-30 10:00", 300'00));
  EXPECT_EQ(tier_of(t, first.customer_id), "银卡");
  // 364 days later it still counts.
  TestShop u;
  enable(u, revenue_ladder());
  const auto a = put(u, purchase("F1", "13800138000", "2023-05-01 10:00", 300'00));
  put(u, purchase("F2", "13800138000", "2024-04-29 10:00", 300'00));
  EXPECT_EQ(tier_of(u, a.customer_id), "金卡");
}

TEST(TiersTest, LifetimeWindowCountsEveryPurchase) {
  TestShop t;
  TierConfig config = revenue_ladder();
  config.window_days = std::nullopt;
  enable(t, config);
  const auto first = put(t, purchase("G1", "13800138000", "2019-05-01 10:00", 300'00));
  put(t, purchase("G2", "13800138000", "2024-05-01 10:00", 300'00));
  EXPECT_EQ(tier_of(t, first.customer_id), "金卡");
  EXPECT_EQ(review(t, "2030-01-01").unchanged, 1);
  EXPECT_EQ(tier_of(t, first.customer_id), "金卡");
}

TEST(TiersTest, MatchAnyNeedsOneThresholdAndMatchAllNeedsBoth) {
  TierConfig config = default_tier_config();
  config.levels = {{"会员", 100'00, 2, 0, 100, false}};
  for (const auto match : {TierConfig::Match::kAny, TierConfig::Match::kAll}) {
    SCOPED_TRACE(match == TierConfig::Match::kAny ? "any" : "all");
    TestShop t;
    config.match = match;
    enable(t, config);
    const auto o = put(t, purchase("H1", "13800138000", "2024-05-01 10:00", 150'00));
    EXPECT_EQ(tier_of(t, o.customer_id), match == TierConfig::Match::kAny ? "会员" : "");
    put(t, purchase("H2", "13800138000", "2024-05-02 10:00", 1'00));
    EXPECT_EQ(tier_of(t, o.customer_id), "会员");
  }
  config.match = TierConfig::Match::kAll;
  EXPECT_EQ(qualifying_level(config, 100'00, 1), "");
  EXPECT_EQ(qualifying_level(config, 99'99, 2), "");
  EXPECT_EQ(qualifying_level(config, 100'00, 2), "会员");
  config.match = TierConfig::Match::kAny;
  EXPECT_EQ(qualifying_level(config, 0, 2), "会员");
  EXPECT_EQ(qualifying_level(config, 0, 1), "");
}

TEST(TiersTest, QualifyingLevelPicksTheHighestLevelReached) {
  const TierConfig c = default_tier_config();
  EXPECT_EQ(qualifying_level(c, 0, 0), "");
  EXPECT_EQ(qualifying_level(c, 1, 1), "普通会员");
  EXPECT_EQ(qualifying_level(c, 499'99, 1), "普通会员");
  EXPECT_EQ(qualifying_level(c, 500'00, 1), "高级会员");
  EXPECT_EQ(qualifying_level(c, 0, 5), "VIP会员");
  EXPECT_EQ(qualifying_level(c, 10'000'00, 1), "至尊VIP会员");
  EXPECT_EQ(qualifying_level(c, 0, 10), "至尊VIP会员");
  EXPECT_EQ(tier_rank(c, "VIP会员"), 2);
  EXPECT_EQ(tier_rank(c, ""), -1);
  EXPECT_EQ(tier_rank(c, "黑卡"), -1);
}

TEST(TiersTest, DisabledTiersChangeNothing) {
  TestShop t;  // no 'tiers' setting: disabled
  EXPECT_FALSE(load_tier_config(t.conn(), t.shop().id).value().enabled);
  const auto o = put(t, purchase("I1", "13800138000", "2024-05-01 10:00", 20'000'00));
  EXPECT_EQ(tier_of(t, o.customer_id), "");
  const auto s = review(t, "2024-07-01");
  EXPECT_EQ(s.upgraded + s.downgraded + s.unchanged, 0);

  TierConfig off = default_tier_config();
  off.enabled = false;
  enable(t, off);
  put(t, purchase("I2", "13800138000", "2024-05-02 10:00", 20'000'00));
  EXPECT_EQ(tier_of(t, o.customer_id), "");
  EXPECT_EQ(t.count("tier_history"), 0);
  EXPECT_EQ(t.count("changes WHERE kind = 'tier_changed'"), 0);
}

TEST(TiersTest, IdempotentReUpsertAddsNoHistory) {
  TestShop t;
  enable(t, default_tier_config());
  OrderInput o = purchase("J1", "13800138000", "2024-05-01 10:00", 10'00);
  const auto first = put(t, o);
  EXPECT_EQ(put(t, o).outcome, UpsertOutcome::kUnchanged);
  o.status = OrderStatus::kShipped;
  o.shipped_at = *o.paid_at + std::chrono::hours(12);
  EXPECT_EQ(put(t, o).outcome, UpsertOutcome::kUpdated);
  EXPECT_EQ(history_of(t, first.customer_id).size(), 1u);
  EXPECT_EQ(t.count("changes WHERE kind = 'tier_changed'"), 1);
}

TEST(TiersTest, TierChangesAreInTheChangeFeed) {
  TestShop t;
  enable(t, default_tier_config());
  const auto o = put(t, purchase("K1", "13800138000", "2024-05-01 10:00", 10'00));
  auto changes = store::read_changes(t.conn(), 0, 100).value();
  ASSERT_GE(changes.size(), 2u);
  const auto& c = changes.back();
  EXPECT_EQ(c.kind, "tier_changed");
  EXPECT_EQ(c.customer_id, o.customer_id);
  EXPECT_EQ(changes[changes.size() - 2].kind, "order_paid");  // the purchase comes first
  const Json payload = Json::parse(c.payload);
  EXPECT_EQ(payload["from"], "");
  EXPECT_EQ(payload["to"], "普通会员");
  EXPECT_EQ(payload["reason"], "upgrade");
  EXPECT_EQ(payload["order_id"], o.order_id);

  review(t, "2026-01-01");
  changes = store::read_changes(t.conn(), 0, 100).value();
  const Json down = Json::parse(changes.back().payload);
  EXPECT_EQ(changes.back().kind, "tier_changed");
  EXPECT_EQ(down["from"], "普通会员");
  EXPECT_EQ(down["to"], "");
  EXPECT_EQ(down["reason"], "review");
  EXPECT_TRUE(down["order_id"].is_null());
}

TEST(TiersTest, MergeKeepsTheHigherTier) {
  TestShop t;
  enable(t, default_tier_config());
  const auto low = put(t, purchase("L1", "13800138001", "2024-05-01 10:00", 10'00));
  CustomerId high = 0;
  for (int i = 0; i < 5; ++i) {
    high = put(t, purchase("L2-" + std::to_string(i), "13800138002", "2024-05-02 10:00", 10'00))
               .customer_id;
  }
  ASSERT_EQ(tier_of(t, low.customer_id), "普通会员");
  ASSERT_EQ(tier_of(t, high), "VIP会员");

  auto merged = t.write([&](WriteContext& ctx) {
    return merge_customers(ctx, low.customer_id, {high}, "same person");
  });
  ASSERT_TRUE(merged.ok()) << merged.status().to_string();
  EXPECT_EQ(tier_of(t, low.customer_id), "VIP会员");
  const auto h = history_of(t, low.customer_id);
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0].reason, "merge");
  EXPECT_EQ(h[0].from_tier, "普通会员");
  EXPECT_EQ(h[0].to_tier, "VIP会员");

  // The other way round the survivor already holds the higher tier.
  const auto third = put(t, purchase("L3", "13800138003", "2024-05-03 10:00", 10'00));
  const auto before = t.count("tier_history");
  ASSERT_TRUE(t.write([&](WriteContext& ctx) {
                 return merge_customers(ctx, low.customer_id, {third.customer_id}, "dup");
               }).ok());
  EXPECT_EQ(tier_of(t, low.customer_id), "VIP会员");
  EXPECT_EQ(t.count("tier_history"), before);
}

TEST(TiersTest, ReviewUpgradesToo) {
  TestShop t;
  TierConfig strict = revenue_ladder();
  strict.levels[0].min_revenue = 1'000'00;
  strict.levels[1].min_revenue = 2'000'00;
  enable(t, strict);
  const auto o = put(t, purchase("M1", "13800138000", "2024-05-01 10:00", 600'00));
  EXPECT_EQ(tier_of(t, o.customer_id), "");
  enable(t, revenue_ladder());  // a looser ladder applies from the next recompute
  EXPECT_EQ(tier_of(t, o.customer_id), "");
  const auto s = review(t, "2024-06-01", "recompute");
  EXPECT_EQ(s.upgraded, 1);
  EXPECT_EQ(tier_of(t, o.customer_id), "金卡");
  EXPECT_EQ(history_of(t, o.customer_id)[0].reason, "recompute");
  EXPECT_FALSE(
      t.write([&](WriteContext& ctx) { return review_tiers(ctx, day_of("2024-06-01"), ""); }).ok());
}

TEST(TiersTest, DistributionAndShopHistoryPages) {
  TestShop t;
  enable(t, default_tier_config());
  put(t, purchase("N1", "13800138001", "2024-05-01 10:00", 10'00));
  put(t, purchase("N2", "13800138002", "2024-05-01 10:00", 10'00));
  put(t, purchase("N3", "13800138002", "2024-05-02 10:00", 10'00));  // 2nd: 高级会员
  put(t, purchase("N4", "13800138003", "2024-05-01 10:00", 10'00, OrderStatus::kCreated));

  auto rc = t.read_context();
  const auto dist = tier_distribution(rc).value();
  ASSERT_EQ(dist.size(), 5u);
  EXPECT_EQ(dist[0].tier, "普通会员");
  EXPECT_EQ(dist[0].customers, 1);
  EXPECT_EQ(dist[1].tier, "高级会员");
  EXPECT_EQ(dist[1].customers, 1);
  EXPECT_EQ(dist[3].tier, "至尊VIP会员");
  EXPECT_EQ(dist[3].customers, 0);
  EXPECT_EQ(dist[4].tier, "");
  EXPECT_EQ(dist[4].customers, 1);

  const auto page1 = list_tier_history(rc, 2).value();
  ASSERT_EQ(page1.changes.size(), 2u);
  ASSERT_TRUE(page1.next_before.has_value());
  EXPECT_GT(page1.changes[0].id, page1.changes[1].id);
  const auto page2 = list_tier_history(rc, 2, page1.next_before).value();
  ASSERT_EQ(page2.changes.size(), 1u);
  EXPECT_FALSE(page2.next_before.has_value());
  EXPECT_LT(page2.changes[0].id, page1.changes[1].id);
  EXPECT_FALSE(list_tier_history(rc, 0).ok());
}

TEST(TiersTest, NextReviewDayIsStrictlyAfter) {
  TierConfig c = default_tier_config();
  EXPECT_EQ(next_review_day(c, day_of("2024-12-31")), day_of("2025-01-01"));
  EXPECT_EQ(next_review_day(c, day_of("2025-01-01")), day_of("2025-07-01"));
  EXPECT_EQ(next_review_day(c, day_of("2025-03-15")), day_of("2025-07-01"));
  EXPECT_EQ(next_review_day(c, day_of("2025-07-01")), day_of("2026-01-01"));
  c.review_dates = {std::chrono::December / 31};
  EXPECT_EQ(next_review_day(c, day_of("2024-12-31")), day_of("2025-12-31"));
  c.review_dates.clear();
  EXPECT_EQ(next_review_day(c, day_of("2024-12-31")), std::nullopt);
}

TEST(TiersTest, ConfigJsonRoundTripsAndDefaultsFillGaps) {
  const TierConfig d = default_tier_config();
  EXPECT_TRUE(validate_tier_config(d).is_ok());
  EXPECT_EQ(parse_tier_config(tier_config_to_json(d).dump()).value(), d);
  EXPECT_EQ(parse_tier_config("{}").value(), d);
  const TierConfig lifetime =
      parse_tier_config(R"({"window_days": null, "match": "all", "review_dates": ["1-1"]})")
          .value();
  EXPECT_EQ(lifetime.window_days, std::nullopt);
  EXPECT_EQ(lifetime.match, TierConfig::Match::kAll);
  ASSERT_EQ(lifetime.review_dates.size(), 1u);
  EXPECT_EQ(lifetime.levels, d.levels);

  TestShop t;
  enable(t, lifetime);
  EXPECT_EQ(load_tier_config(t.conn(), t.shop().id).value(), lifetime);
  EXPECT_EQ(t.count("changes WHERE kind = 'settings_updated'"), 1);
}

TEST(TiersTest, ConfigErrorsNameTheKey) {
  const std::string three_levels =
      R"({"levels": [{"name": "a", "min_revenue": 100}, {"name": "b", "min_revenue": 500},
                     {"name": "c", "min_revenue": 200}]})";
  Status s = config_error(three_levels);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "tiers.levels[2].min_revenue must be ≥ the level below (500)");
  EXPECT_EQ(s.location().field, "/levels/2/min_revenue");

  const std::pair<const char*, const char*> cases[] = {
      {R"({"windw_days": 30})", "tiers.windw_days is not a known setting"},
      {R"({"window_days": 0})", "tiers.window_days must be between 1 and 3660"},
      {R"({"window_days": "365"})", "tiers.window_days must be an integer"},
      {R"({"match": "some"})", "tiers.match must be \"any\" or \"all\""},
      {R"({"enabled": 1})", "tiers.enabled must be true or false"},
      {R"({"review_dates": ["02-30"]})", "tiers.review_dates[0] must be a date"},
      {R"({"review_dates": ["01-01", "02-29"]})", "tiers.review_dates[1] must not be 02-29"},
      {R"({"review_dates": ["01-01", "1-1"]})", "tiers.review_dates[1] repeats 01-01"},
      {R"({"levels": []})", "tiers.levels must have at least one level"},
      {R"({"levels": [{"min_revenue": 1}]})", "tiers.levels[0].name is required"},
      {R"({"levels": [{"name": "a"}]})", "tiers.levels[0] needs min_revenue or min_purchases"},
      {R"({"levels": [{"name": "a", "min_purchases": -1}]})",
       "tiers.levels[0].min_purchases must be between 0"},
      {R"({"levels": [{"name": "a", "min_purchases": 1, "discount_pct": 101}]})",
       "tiers.levels[0].discount_pct must be between 0 and 100"},
      {R"({"levels": [{"name": "a", "min_purchases": 1, "colour": "gold"}]})",
       "tiers.levels[0].colour is not a known setting"},
      {R"({"levels": [{"name": "a", "min_purchases": 1}, {"name": "a", "min_purchases": 2}]})",
       "tiers.levels[1].name repeats"},
      {R"({"levels": [{"name": "a", "min_purchases": 2}, {"name": "b", "min_purchases": 1}]})",
       "tiers.levels[1].min_purchases must be ≥ the level below (2)"},
      {R"({"levels": [{"name": "a", "min_purchases": 2}, {"name": "b", "min_purchases": 2}]})",
       "tiers.levels[1] has the same thresholds"},
      {R"([1])", "tiers must be a JSON object"},
  };
  for (const auto& [json, message] : cases) {
    SCOPED_TRACE(json);
    s = config_error(json);
    EXPECT_EQ(s.message().rfind(message, 0), 0u) << s.message();
  }

  // Saving validates too, and a bad config is not stored.
  TestShop t;
  TierConfig bad = default_tier_config();
  bad.levels[1].min_purchases = 0;
  bad.levels[1].min_revenue = 0;
  s = t.write([&](WriteContext& ctx) { return save_tier_config(ctx, bad); });
  EXPECT_EQ(s.message(), "tiers.levels[1] needs min_revenue or min_purchases above 0");
  EXPECT_EQ(t.count("shop_settings"), 0);
}

}  // namespace
}  // namespace guanxi::domain
