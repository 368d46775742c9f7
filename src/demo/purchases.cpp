#include "demo/purchases.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "demo/catalog.hpp"

namespace guanxi::demo {

namespace {

using domain::OrderStatus;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::seconds;

constexpr int64_t kHourSeconds = 3'600;
constexpr int64_t kDaySeconds = 24 * kHourSeconds;

// Listing discounts in percent of the list price, and how common each is.
constexpr std::array<int64_t, 6> kPricePercents = {100, 95, 90, 88, 85, 80};
constexpr std::array<uint32_t, 6> kPricePercentWeights = {45, 15, 15, 5, 12, 8};

std::vector<uint32_t> product_popularity() {
  std::vector<uint32_t> w;
  for (const Product& p : demo_products()) w.push_back(p.popularity);
  return w;
}

int64_t seconds_between(Timestamp from, Timestamp to) {
  return std::chrono::duration_cast<seconds>(to - from).count();
}

// Who buys at all: every cross-channel person, most marketplace sign-ups,
// fewer WeChat followers and Shopify sign-ups (they join before buying).
std::vector<uint32_t> choose_buyers(const Population& pop, int64_t order_count, DemoRandom& rng) {
  std::vector<uint32_t> buyers;
  for (const Person& p : pop.people()) {
    int never = 40;
    if (p.channel == Channel::kWechat && !p.cross_channel) never = 300;
    if (p.channel == Channel::kShopify) never = 150;
    if (!rng.chance(never)) buyers.push_back(p.index);
  }
  if (static_cast<int64_t>(buyers.size()) > order_count) {
    // Fewer orders than buyers: a random subset buys once each.
    for (size_t i = 0; i < static_cast<size_t>(order_count); ++i) {
      std::swap(buyers[i], buyers[i + rng.below(buyers.size() - i)]);
    }
    buyers.resize(static_cast<size_t>(order_count));
    std::sort(buyers.begin(), buyers.end());
  }
  return buyers;
}

// Spreads `extra` orders over buyers in proportion to `weights`, never giving
// buyer i more than caps[i]; rounding by largest remainder (ties to the lower
// index), so the total is exact. What the caps cannot hold goes round-robin.
std::vector<int64_t> allocate(int64_t extra, const std::vector<double>& weights,
                              const std::vector<int64_t>& caps) {
  const size_t n = weights.size();
  std::vector<int64_t> out(n, 0);
  std::vector<size_t> open;
  for (size_t i = 0; i < n; ++i) {
    if (weights[i] > 0 && caps[i] > 0) open.push_back(i);
  }
  while (extra > 0 && !open.empty()) {
    double total = 0;
    for (const size_t i : open) total += weights[i];
    std::vector<std::pair<double, size_t>> remainders;
    int64_t given = 0;
    for (const size_t i : open) {
      const double exact = static_cast<double>(extra) * weights[i] / total;
      const auto whole = std::min(static_cast<int64_t>(exact), caps[i] - out[i]);
      out[i] += whole;
      given += whole;
      if (out[i] < caps[i]) remainders.emplace_back(exact - static_cast<double>(whole), i);
    }
    std::sort(remainders.begin(), remainders.end(), [](const auto& a, const auto& b) {
      return a.first > b.first || (a.first == b.first && a.second < b.second);
    });
    int64_t left = extra - given;
    for (const auto& r : remainders) {
      if (left == 0) break;
      ++out[r.second];
      --left;
    }
    extra = left;
    std::erase_if(open, [&](size_t i) { return out[i] >= caps[i]; });
  }
  for (size_t i = 0; extra > 0 && n > 0; i = (i + 1) % n, --extra) ++out[i];
  return out;
}

// The instants of a buyer's `count` orders, ascending.
std::vector<Timestamp> order_times(const Person& p, int64_t count, const HistoryWindow& window,
                                   DemoRandom& rng) {
  std::vector<Timestamp> times;
  times.reserve(static_cast<size_t>(count));
  // First purchase: marketplace buyers sign up by buying; others a while after joining.
  const Timestamp end = window.end();
  Timestamp first = p.signup_at + seconds(rng.uniform(0, 120));
  if (p.channel == Channel::kWechat || p.channel == Channel::kShopify) {
    const LocalDays signup_day = window.zone().local_day(p.signup_at);
    const int64_t days_left = (window.last_day() - signup_day).count();
    const int64_t delay_days =
        p.cross_channel || rng.chance(600) ? rng.uniform(0, std::min<int64_t>(30, days_left)) : 0;
    if (delay_days > 0) first = window.shopping_time(signup_day + days(delay_days), rng);
  }
  if (first <= p.signup_at || first > end) {
    first = p.signup_at +
            seconds(rng.uniform(0, std::min(kHourSeconds, seconds_between(p.signup_at, end))));
  }
  times.push_back(first);
  if (count == 1) return times;

  // The active span: some loyal buyers churn part way through.
  int64_t span = seconds_between(first, window.end());
  if (rng.chance(300)) span = span * rng.uniform(30, 90) / 100;
  const int cycle = demo_products()[p.favorite_product].cycle_days;
  std::vector<int64_t> gaps(static_cast<size_t>(count - 1));
  for (auto& g : gaps) {
    if (cycle > 0 && rng.chance(850)) {
      // Back after about one cycle; sometimes a cycle or two is skipped (stock at home, bought
      // elsewhere).
      const auto r = rng.uniform(0, 99);
      const int64_t cycles = r < 75 ? 1 : (r < 95 ? 2 : 3);
      g = cycle * kDaySeconds * cycles * rng.uniform(85, 125) / 100;
    } else {
      g = span / count * rng.uniform(20, 180) / 100;
    }
    g = std::max(g, kHourSeconds);
  }
  const int64_t total = std::accumulate(gaps.begin(), gaps.end(), int64_t{0});
  const int64_t room = span * 98 / 100;
  if (total > room) {
    // More orders than cycles fit: they stock up more often than the cycle.
    for (auto& g : gaps) g = g * room / total;
  }
  Timestamp t = first;
  Timestamp previous = first;
  for (const int64_t g : gaps) {
    t += seconds(g);
    LocalDays day = window.zone().local_day(t);
    // Shoppers wait for the next big promotion when it is close.
    if (rng.chance(120)) {
      if (auto promo = window.promotion_after(day, 20)) day = *promo;
    }
    Timestamp at = window.shopping_time(day, rng);
    if (at < previous) {
      // Same day as the previous order, earlier in it: a little after that one instead.
      at = previous +
           seconds(rng.uniform(0, std::min(3 * kHourSeconds, seconds_between(previous, end))));
    }
    times.push_back(at);
    previous = at;
  }
  std::sort(times.begin(), times.end());
  return times;
}

// Fills items and amounts.
void fill_basket(PlannedOrder& o, const Person& p, const Region& region,
                 const HistoryWindow& window, DemoRandom& rng) {
  static const WeightedChoice popular(product_popularity());
  static const WeightedChoice price_percents(kPricePercentWeights);
  const auto products = demo_products();
  const auto r = rng.uniform(0, 99);
  o.item_count = static_cast<uint8_t>(r < 72 ? 1 : (r < 93 ? 2 : 3));
  for (uint8_t i = 0; i < o.item_count; ++i) {
    PlannedItem& item = o.items[i];
    size_t product = (i == 0 && rng.chance(700)) ? p.favorite_product : popular.pick(rng);
    for (uint8_t j = 0; j < i; ++j) {
      if (o.items[j].product == product) product = (product + 1) % products.size();
    }
    item.product = static_cast<uint16_t>(product);
    const auto q = rng.uniform(0, 99);
    item.quantity = static_cast<uint16_t>(q < 75 ? 1 : (q < 93 ? 2 : 3));
    item.unit_price = products[product].list_price * kPricePercents[price_percents.pick(rng)] / 100;
    o.goods_amount += item.unit_price * item.quantity;
  }

  // A coupon on about one order in seven, three in seven around a promotion.
  const LocalDays day = window.zone().local_day(o.created_at);
  const auto promo = window.promotion_after(day, 3);
  if (rng.chance(promo ? 420 : 140)) {
    std::vector<size_t> eligible;
    const auto coupons = demo_coupons();
    for (size_t c = 0; c < coupons.size(); ++c) {
      const Coupon& coupon = coupons[c];
      if (coupon.first_order_only && o.nth != 0) continue;
      if (coupon.threshold > o.goods_amount) continue;
      if (!coupon.promotion.empty()) {
        if (!promo) continue;
        const std::chrono::year_month_day ymd{*promo};
        if (fmt::format("{:02}-{:02}", static_cast<unsigned>(ymd.month()),
                        static_cast<unsigned>(ymd.day())) != coupon.promotion) {
          continue;
        }
      }
      eligible.push_back(c);
    }
    if (!eligible.empty()) {
      const size_t c = eligible[rng.below(eligible.size())];
      o.coupon = static_cast<int8_t>(c);
      o.discount_amount = coupons[c].percent_off > 0 ? o.goods_amount * coupons[c].percent_off / 100
                                                     : coupons[c].value;
    }
  }
  // 包邮 above ¥99 (¥199 to the far west); otherwise a flat fee.
  if (region.remote) {
    o.shipping_fee = o.goods_amount >= 19900 ? 0 : 1500;
  } else {
    o.shipping_fee = o.goods_amount >= 9900 ? 0 : 600;
  }
}

// Decides payment, shipping, completion, cancellation and refunds.
void settle(PlannedOrder& o, const HistoryWindow& window, DemoRandom& rng) {
  const Timestamp end = window.end();
  const int64_t due = o.goods_amount + o.shipping_fee - o.discount_amount;
  const bool last_day = end - o.created_at < hours(24);
  if (rng.chance(25) || (last_day && rng.chance(150))) {
    // Never paid: closed by the platform, or still waiting on the last day.
    o.status = last_day ? OrderStatus::kCreated : OrderStatus::kCancelled;
    return;
  }
  const Timestamp paid = o.created_at + seconds(rng.uniform(5, 900));
  if (paid > end) {
    o.status = OrderStatus::kCreated;
    return;
  }
  o.paid_at = paid;
  o.paid_amount = due;
  o.status = OrderStatus::kPaid;
  const Timestamp shipped = paid + seconds(rng.uniform(4 * kHourSeconds, 48 * kHourSeconds));
  const Timestamp completed = shipped + seconds(rng.uniform(3 * kDaySeconds, 10 * kDaySeconds));
  if (shipped <= end) {
    o.shipped_at = shipped;
    o.status = OrderStatus::kShipped;
  }
  if (completed <= end) {
    o.completed_at = completed;
    o.status = OrderStatus::kCompleted;
  }

  bool apparel = false;
  uint16_t units = 0;
  int64_t cheapest = INT64_MAX;
  for (const PlannedItem& it : o.lines()) {
    apparel = apparel || demo_products()[it.product].apparel();
    units = static_cast<uint16_t>(units + it.quantity);
    cheapest = std::min(cheapest, it.unit_price);
  }
  if (!rng.chance(apparel ? 140 : 40)) return;
  const bool full = rng.chance(550);
  std::vector<size_t> reasons;
  const auto all = demo_refund_reasons();
  for (size_t i = 0; i < all.size(); ++i) {
    if (all[i].full != full || (all[i].apparel_only && !apparel)) continue;
    reasons.push_back(i);
    // Wrong size is what apparel comes back for most.
    if (apparel && all[i].apparel_only) reasons.insert(reasons.end(), 3, i);
  }
  o.refund_reason = static_cast<int8_t>(reasons[rng.below(reasons.size())]);
  if (full) {
    o.refunded_amount = o.paid_amount;
    o.status = OrderStatus::kRefunded;
    o.completed_at.reset();  // the trade is closed, not completed
    return;
  }
  if (o.paid_amount < 2) {
    o.refund_reason = -1;
    return;
  }
  const int64_t part = units > 1 ? cheapest : o.paid_amount * rng.uniform(10, 50) / 100;
  o.refunded_amount = std::clamp<int64_t>(part, 1, o.paid_amount - 1);
  o.status = OrderStatus::kPartiallyRefunded;
}

// A handful of buyers order once with a phone that belongs to another
// customer (family members sharing one number): the store merges them.
void share_household_phones(std::vector<PlannedOrder>& orders, const Population& pop,
                            DemoRandom& rng) {
  if (pop.size() < 50 || orders.empty()) return;
  const size_t pairs = 2 + pop.size() / 1000;
  std::vector<bool> used(pop.size(), false);
  size_t made = 0;
  for (size_t attempt = 0; attempt < pairs * 50 && made < pairs; ++attempt) {
    PlannedOrder& o = orders[rng.below(orders.size())];
    const Person& buyer = pop[o.person];
    const Person& owner = pop[rng.below(pop.size())];
    const bool marketplace = o.platform == Channel::kTaobao || o.platform == Channel::kTmall ||
                             o.platform == Channel::kJd;
    if (!marketplace || buyer.cross_channel || !buyer.has_phone || used[buyer.index]) continue;
    if (owner.index == buyer.index || owner.cross_channel || !owner.has_phone || used[owner.index])
      continue;
    if (owner.signup_at >= o.created_at) continue;
    o.household_phone_of = owner.index;
    used[buyer.index] = used[owner.index] = true;
    ++made;
  }
}

}  // namespace

PurchasePlan plan_purchases(const Population& pop, int64_t order_count, uint64_t seed,
                            const HistoryWindow& window) {
  DemoRandom rng = DemoRandom::stream(seed, 2);
  PurchasePlan plan;
  plan.salt = mix64(seed ^ 0x0DE55A17ULL);
  if (order_count <= 0 || pop.size() == 0) return plan;

  const std::vector<uint32_t> buyers = choose_buyers(pop, order_count, rng);
  std::vector<double> weights(buyers.size(), 0.0);
  std::vector<int64_t> caps(buyers.size(), 0);
  for (size_t i = 0; i < buyers.size(); ++i) {
    const Person& p = pop[buyers[i]];
    const int64_t tenure =
        std::max<int64_t>(1, (window.last_day() - window.zone().local_day(p.signup_at)).count());
    caps[i] = tenure / 7;  // at most one more order a week
    if (!rng.chance(420)) weights[i] = rng.pareto_4_3(400.0) * static_cast<double>(tenure);
  }
  const int64_t extra = order_count - static_cast<int64_t>(buyers.size());
  const std::vector<int64_t> more = allocate(std::max<int64_t>(extra, 0), weights, caps);

  plan.orders.reserve(static_cast<size_t>(order_count));
  for (size_t i = 0; i < buyers.size(); ++i) {
    const Person& p = pop[buyers[i]];
    const std::vector<Timestamp> times = order_times(p, 1 + more[i], window, rng);
    for (size_t n = 0; n < times.size(); ++n) {
      PlannedOrder o;
      o.person = p.index;
      o.nth = static_cast<uint32_t>(n);
      o.created_at = times[n];
      o.platform = p.channel;
      if (p.cross_channel)
        o.platform = (n == 0 || rng.chance(650)) ? Channel::kTaobao : Channel::kWechat;
      o.relative_receives = rng.chance(80);
      fill_basket(o, p, pop.region(p), window, rng);
      settle(o, window, rng);
      plan.orders.push_back(o);
    }
  }
  std::sort(plan.orders.begin(), plan.orders.end(),
            [](const PlannedOrder& a, const PlannedOrder& b) {
              if (a.created_at != b.created_at) return a.created_at < b.created_at;
              if (a.person != b.person) return a.person < b.person;
              return a.nth < b.nth;
            });
  for (size_t i = 0; i < plan.orders.size(); ++i) plan.orders[i].number = static_cast<uint32_t>(i);
  share_household_phones(plan.orders, pop, rng);
  return plan;
}

std::string external_order_id(const PurchasePlan& plan, const PlannedOrder& order,
                              const HistoryWindow& window) {
  const CivilDate d = window.zone().local_date(order.created_at);
  switch (order.platform) {
    case Channel::kTaobao:
    case Channel::kTmall:
      return fmt::format("3{:02}{:02}{:02}{:012}", d.year % 100, d.month, d.day,
                         scramble(order.number, 10, 12, plan.salt));
    case Channel::kJd:
      return fmt::format("2{:011}", scramble(order.number, 10, 11, plan.salt ^ 1));
    case Channel::kWechat:
      return fmt::format("WX{:04}{:02}{:02}{:010}", d.year, d.month, d.day,
                         scramble(order.number, 10, 10, plan.salt ^ 2));
    case Channel::kShopify:
      return fmt::format("#{}", 1001 + order.number);
  }
  return std::to_string(order.number);
}

}  // namespace guanxi::demo
