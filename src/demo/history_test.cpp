// Shape checks of the planned history (no database): what a shop owner would
// recognise as a realistic Chinese e-commerce customer base.
#include "demo/history.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "demo/catalog.hpp"
#include "demo/domain_inputs.hpp"
#include "demo/test_util.hpp"
#include "domain/customers.hpp"
#include "domain/orders.hpp"

namespace guanxi::demo {
namespace {

using domain::OrderStatus;
using testing::as_of;

// One large plan shared by the shape tests (planning takes well under a second).
const ShopHistory& large() {
  static const ShopHistory h =
      plan_shop_history({10'000, 50'000, 42}, ShopZone::shanghai(), as_of());
  return h;
}

TEST(HistoryTest, PlansExactlyTheRequestedOrdersWithinTheWindow) {
  const ShopHistory& h = large();
  ASSERT_EQ(h.people.size(), 10'000u);
  ASSERT_EQ(h.purchases.orders.size(), 50'000u);
  for (size_t i = 0; i < h.purchases.orders.size(); ++i) {
    const PlannedOrder& o = h.purchases.orders[i];
    ASSERT_EQ(o.number, i);
    ASSERT_GE(o.created_at, h.people[o.person].signup_at) << "order " << i;
    ASSERT_LE(o.created_at, as_of());
    if (i > 0) {
      ASSERT_GE(o.created_at, h.purchases.orders[i - 1].created_at);
    }
  }
  for (const Person& p : h.people.people()) {
    ASSERT_GE(p.signup_at, h.window.start());
    ASSERT_LE(p.signup_at, as_of());
  }
}

TEST(HistoryTest, AmountsAddUpAndStatusesFitTheAmounts) {
  for (const PlannedOrder& o : large().purchases.orders) {
    int64_t goods = 0;
    for (const PlannedItem& it : o.lines()) goods += it.unit_price * it.quantity;
    ASSERT_EQ(goods, o.goods_amount);
    ASSERT_GE(o.item_count, 1);
    ASSERT_LE(o.refunded_amount, o.paid_amount);
    if (o.paid_at) {
      ASSERT_EQ(o.paid_amount, o.goods_amount + o.shipping_fee - o.discount_amount);
      ASSERT_GT(o.paid_amount, 0);
    } else {
      ASSERT_EQ(o.paid_amount, 0);
      ASSERT_TRUE(o.status == OrderStatus::kCancelled || o.status == OrderStatus::kCreated);
    }
    if (o.status == OrderStatus::kRefunded) {
      ASSERT_EQ(o.refunded_amount, o.paid_amount);
    }
    if (o.status == OrderStatus::kPartiallyRefunded) {
      ASSERT_GT(o.refunded_amount, 0);
      ASSERT_LT(o.refunded_amount, o.paid_amount);
    }
    ASSERT_EQ(o.refund_reason >= 0, o.refunded_amount > 0);
    ASSERT_TRUE(domain::validate_order(order_input(large(), o, "CNY")).is_ok());
  }
}

TEST(HistoryTest, RecentOrdersAreOpenAndOldOnesSettled) {
  int64_t open_old = 0;
  for (const PlannedOrder& o : large().purchases.orders) {
    const auto age = as_of() - o.created_at;
    if (age < std::chrono::hours(4)) {
      ASSERT_NE(o.status, OrderStatus::kCompleted);
    }
    if (age > std::chrono::days(30) &&
        (o.status == OrderStatus::kPaid || o.status == OrderStatus::kShipped ||
         o.status == OrderStatus::kCreated)) {
      ++open_old;
    }
  }
  EXPECT_EQ(open_old, 0);
}

TEST(HistoryTest, RefundShareIsAroundFivePercent) {
  int64_t refunded = 0;
  int64_t full = 0;
  for (const PlannedOrder& o : large().purchases.orders) {
    if (o.refunded_amount > 0) ++refunded;
    if (o.status == OrderStatus::kRefunded) ++full;
  }
  const double share = static_cast<double>(refunded) / 50'000.0;
  EXPECT_GE(share, 0.03);
  EXPECT_LE(share, 0.08);
  EXPECT_GT(full, 0);
  EXPECT_LT(full, refunded);
}

TEST(HistoryTest, RevenueIsConcentratedInTheTopFivePercent) {
  const ShopHistory& h = large();
  std::vector<int64_t> net(h.people.size(), 0);
  std::vector<int> orders(h.people.size(), 0);
  for (const PlannedOrder& o : h.purchases.orders) {
    net[o.person] += o.paid_amount - o.refunded_amount;
    ++orders[o.person];
  }
  std::vector<int64_t> sorted = net;
  std::sort(sorted.rbegin(), sorted.rend());
  int64_t total = 0;
  int64_t top = 0;
  for (size_t i = 0; i < sorted.size(); ++i) {
    total += sorted[i];
    if (i < sorted.size() / 20) top += sorted[i];
  }
  const double top_share = static_cast<double>(top) / static_cast<double>(total);
  EXPECT_GT(top_share, 0.25);
  EXPECT_LT(top_share, 0.50);

  const auto buyers = std::count_if(orders.begin(), orders.end(), [](int n) { return n > 0; });
  const auto once = std::count(orders.begin(), orders.end(), 1);
  const double one_time = static_cast<double>(once) / static_cast<double>(buyers);
  EXPECT_GT(one_time, 0.30);
  EXPECT_LT(one_time, 0.60);
  EXPECT_GT(*std::max_element(orders.begin(), orders.end()), 40);
}

TEST(HistoryTest, ReplenishmentBuyersReturnAboutOneCycleLater) {
  // Diaper buyers (20-day cycle) with many orders: the median gap is near the cycle.
  const ShopHistory& h = large();
  std::map<uint32_t, std::vector<Timestamp>> times;
  for (const PlannedOrder& o : h.purchases.orders) {
    if (demo_products()[h.people[o.person].favorite_product].category == "纸尿裤")
      times[o.person].push_back(o.created_at);
  }
  std::vector<int64_t> gaps;
  for (const auto& [person, ts] : times) {
    if (ts.size() < 6) continue;
    for (size_t i = 1; i < ts.size(); ++i) {
      gaps.push_back(std::chrono::duration_cast<std::chrono::days>(ts[i] - ts[i - 1]).count());
    }
  }
  ASSERT_GT(gaps.size(), 50u);
  std::nth_element(gaps.begin(), gaps.begin() + static_cast<std::ptrdiff_t>(gaps.size() / 2),
                   gaps.end());
  const int64_t median = gaps[gaps.size() / 2];
  EXPECT_GE(median, 10);
  EXPECT_LE(median, 35);
}

TEST(HistoryTest, BirthdaysIncludeLunarAndValidFeb29) {
  int with = 0;
  int lunar = 0;
  int feb29 = 0;
  for (const Person& p : large().people.people()) {
    if (!p.birthday) continue;
    ++with;
    if (p.birthday->lunar) ++lunar;
    if (!p.birthday->lunar && p.birthday->month == 2 && p.birthday->day == 29) {
      ++feb29;
      if (p.birthday->year) {
        ASSERT_EQ(*p.birthday->year % 4, 0);
      }
    }
    // Every birthday is one the domain's parser accepts.
    ASSERT_TRUE(domain::parse_birthday(p.birthday->to_string(), p.birthday->lunar).ok())
        << p.birthday->to_string();
  }
  EXPECT_NEAR(with / 10'000.0, 0.70, 0.03);
  EXPECT_GT(lunar, 0);
  EXPECT_GT(feb29, 0);
}

TEST(HistoryTest, IdentitiesAreUniqueAndNormalize) {
  const ShopHistory& h = large();
  std::set<std::string> phones, emails, nicks, openids, pins, shopify;
  for (const Person& p : h.people.people()) {
    if (p.has_phone) {
      ASSERT_TRUE(phones.insert(h.people.phone(p)).second) << h.people.phone(p);
    }
    if (p.has_email) {
      ASSERT_TRUE(emails.insert(h.people.email(p)).second) << h.people.email(p);
    }
    ASSERT_TRUE(nicks.insert(h.people.taobao_nick(p)).second) << h.people.taobao_nick(p);
    ASSERT_TRUE(openids.insert(h.people.wechat_openid(p)).second);
    ASSERT_TRUE(pins.insert(h.people.jd_pin(p)).second);
    ASSERT_TRUE(shopify.insert(h.people.shopify_customer_id(p)).second);
    for (const auto& id : signup_input(h.people, p).identities) {
      ASSERT_TRUE(domain::normalize_identity(id).ok()) << id.value;
    }
  }
  std::set<std::string> order_ids;
  for (const PlannedOrder& o : h.purchases.orders) {
    ASSERT_TRUE(order_ids.insert(external_order_id(h.purchases, o, h.window)).second);
  }
}

TEST(HistoryTest, PlansMergesAndStaffActivity) {
  const ShopHistory& h = large();
  const auto household =
      std::count_if(h.purchases.orders.begin(), h.purchases.orders.end(),
                    [](const PlannedOrder& o) { return o.household_phone_of.has_value(); });
  EXPECT_GE(household, 2);
  EXPECT_GT(h.activity.links.size(), 100u);  // about 3% of people are cross-channel
  std::map<DemoTag, int> tags;
  for (const PlannedTag& t : h.activity.tags) ++tags[t.tag];
  EXPECT_GT(tags[DemoTag::kVip], 0);
  EXPECT_GT(tags[DemoTag::kLoyal], tags[DemoTag::kVip]);
  EXPECT_GT(tags[DemoTag::kSensitiveSkin], 0);
  EXPECT_GT(tags[DemoTag::kPriceSensitive], 0);
  EXPECT_GT(h.activity.notes.size(), 300u);
  EXPECT_GT(h.activity.assignments.size(), 0u);
  EXPECT_GT(h.activity.tracks.size(), 0u);
  for (const PlannedNote& n : h.activity.notes) {
    ASSERT_LE(n.at, as_of());
  }
  EXPECT_EQ(h.timeline.size(), h.people.size() + h.purchases.orders.size() +
                                   h.activity.tags.size() + h.activity.notes.size() +
                                   h.activity.assignments.size() + h.activity.tracks.size() +
                                   h.activity.links.size());
}

TEST(HistoryTest, SameSeedSamePlanOtherSeedOtherPlan) {
  const ShopHistory a = plan_shop_history({500, 2'000, 9}, ShopZone::shanghai(), as_of());
  const ShopHistory b = plan_shop_history({500, 2'000, 9}, ShopZone::shanghai(), as_of());
  const ShopHistory c = plan_shop_history({500, 2'000, 10}, ShopZone::shanghai(), as_of());
  auto fingerprint = [](const ShopHistory& h) {
    std::vector<int64_t> f;
    for (const PlannedOrder& o : h.purchases.orders) {
      f.push_back(o.person);
      f.push_back(to_millis(o.created_at));
      f.push_back(o.paid_amount);
      f.push_back(o.refunded_amount);
    }
    for (const Person& p : h.people.people())
      f.push_back(static_cast<int64_t>(std::hash<std::string>{}(p.name)));
    f.push_back(static_cast<int64_t>(h.timeline.size()));
    return f;
  };
  EXPECT_EQ(fingerprint(a), fingerprint(b));
  EXPECT_NE(fingerprint(a), fingerprint(c));
}

TEST(HistoryTest, HandlesFewerOrdersThanPeopleAndNoOrders) {
  const ShopHistory few = plan_shop_history({1'000, 100, 1}, ShopZone::shanghai(), as_of());
  EXPECT_EQ(few.purchases.orders.size(), 100u);
  const ShopHistory none = plan_shop_history({10, 0, 1}, ShopZone::shanghai(), as_of());
  EXPECT_TRUE(none.purchases.orders.empty());
  EXPECT_EQ(none.people.size(), 10u);
  const ShopHistory dense = plan_shop_history({3, 500, 1}, ShopZone::shanghai(), as_of());
  EXPECT_EQ(dense.purchases.orders.size(), 500u);
}

}  // namespace
}  // namespace guanxi::demo
