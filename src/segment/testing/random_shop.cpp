#include "segment/testing/random_shop.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "domain/activity.hpp"
#include "domain/customers.hpp"
#include "domain/events.hpp"
#include "domain/orders.hpp"
#include "domain/points.hpp"
#include "store/query.hpp"

namespace guanxi::segment::testing {

namespace {

using domain::CustomerId;
using domain::IdentityType;
using domain::OrderStatus;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

struct CatalogItem {
  const char* sku;
  const char* name;
  const char* category;
  int64_t price;  // minor units
};

constexpr CatalogItem kCatalog[] = {
    {"MASK-01", "玻尿酸面膜", "面膜", 9900},
    {"MASK-02", "清洁泥膜", "面膜", 12900},
    {"SER-01", "小棕瓶精华", "精华", 39900},
    {"SER-02", "维C精华", "精华", 25900},
    {"LIP-01", "丝绒口红", "口红", 29900},
    {"LIP-02", "润唇膏", "口红", 4900},
    {"CLN-01", "氨基酸洗面奶", "洗面奶", 6900},
    {"SUN-01", "清透防晒", "防晒", 15900},
    {"SUN-02", "防晒喷雾", "防晒", 8900},
    {"GIFT-01", "节日礼盒", "", 59900},
    {"", "赠品小样", "赠品", 0},
    {"TOOL-01", "化妆刷", "工具", 3900},
};

struct Place {
  const char* province;
  const char* city;
};
constexpr Place kPlaces[] = {{"广东", "广州"}, {"广东", "深圳"}, {"浙江", "杭州"}, {"上海", "上海"},
                             {"北京", "北京"}, {"四川", "成都"}, {"江苏", "南京"}};
constexpr const char* kChannels[] = {"taobao", "jd", "wechat", "offline", "douyin"};
constexpr const char* kTags[] = {"VIP", "黑名单", "复购", "新客", "直播间", "it's \"quoted\""};
constexpr const char* kTiers[] = {"普通会员", "银卡", "金卡"};
constexpr const char* kEvents[] = {"page_view", "add_to_cart", "checkout", "share"};
constexpr const char* kLevelTexts[] = {"金牌", "银牌", "普通"};

class Builder {
 public:
  Builder(domain::testing::TestShop& shop, const RandomShopOptions& options)
      : shop_(shop), options_(options), rng_(options.seed), now_(shop.clock().now()) {}

  Result<RuleVocabulary> build() {
    GX_RETURN_IF_ERROR(shop_.write([&](domain::WriteContext& ctx) { return write_all(ctx); }));
    return vocabulary();
  }

 private:
  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }
  int64_t between(int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng_);
  }
  template <typename T, size_t N>
  const T& pick(const T (&items)[N]) {
    return items[static_cast<size_t>(between(0, static_cast<int64_t>(N) - 1))];
  }

  const ShopZone& zone() const { return ShopZone::shanghai(); }

  // An instant `days_ago` local days before today; a tenth of them exactly at
  // 00:00:00 or 23:59:59 local time, the rest at a random time of day.
  Timestamp instant_days_ago(int64_t days_ago) {
    const LocalDays day = zone().local_day(now_) - days(days_ago);
    const double roll = std::uniform_real_distribution<double>(0, 1)(rng_);
    Timestamp t;
    if (roll < 0.05)
      t = zone().at_local(day, minutes(0));
    else if (roll < 0.10)
      t = zone().at_local(day, minutes(23 * 60 + 59)) + seconds(59);
    else
      t = zone().at_local(day, minutes(between(0, 24 * 60 - 1))) + seconds(between(0, 59));
    // Today only up to now: the shop's clock has not passed later times yet.
    return std::min(t, now_);
  }

  Status write_all(domain::WriteContext& ctx) {
    // Paid orders earn points (¥1 = 1 point), so `points` splits the shop.
    GX_RETURN_IF_ERROR(domain::save_points_settings(ctx, domain::default_points_settings()));
    for (int i = 0; i < options_.customers; ++i) GX_RETURN_IF_ERROR(add_customer(ctx, i));
    // A visitor who never identified: an event without a customer.
    domain::TrackCall anon;
    anon.anonymous_id = "anon-" + std::to_string(options_.seed);
    anon.event = "page_view";
    anon.timestamp = now_ - hours(5);
    anon.message_id = "anon-" + std::to_string(options_.seed);
    GX_RETURN_IF_ERROR(domain::track(ctx, anon).status());
    GX_RETURN_IF_ERROR(add_notes(ctx));
    return merge_some(ctx);
  }

  // Interactions (notes of every type) for about 60% of the customers: days
  // before the clock, some exactly at 00:00:00 or 23:59:59 local time, a few
  // after it, and about 5% deleted again. Drawn from a random stream of their
  // own (swapped in), so the rest of the shop is what it was before notes.
  Status add_notes(domain::WriteContext& ctx) {
    std::mt19937_64 own(options_.seed * 7'919 + 1);
    std::swap(own, rng_);
    std::vector<int64_t> notes;
    for (CustomerId id : ids_) {
      const int64_t count = chance(0.4) ? 0 : between(1, 5);
      for (int64_t k = 0; k < count; ++k) {
        domain::NoteInput in;
        in.type = static_cast<domain::NoteType>(between(0, 4));
        in.summary = "回访";
        static constexpr int64_t kEdges[] = {0, 1, 6, 7, 29, 30, 59, 60, 61, 89, 90};
        in.occurred_at = chance(0.04)   ? now_ + hours(between(1, 24 * 30))
                         : chance(0.25) ? instant_days_ago(pick(kEdges))
                                        : instant_days_ago(between(0, 400));
        GX_ASSIGN_OR_RETURN(auto note, domain::add_note(ctx, id, in));
        notes.push_back(note.id);
      }
    }
    for (int64_t note : notes) {
      if (chance(0.05)) GX_RETURN_IF_ERROR(domain::delete_note(ctx, note));
    }
    std::swap(own, rng_);
    return Status::ok();
  }

  Status add_customer(domain::WriteContext& ctx, int i) {
    const std::string n = std::to_string(i);
    domain::CustomerInput in;
    char phone[32];
    std::snprintf(phone, sizeof phone, "138%08d",
                  i + 1000 * static_cast<int>(options_.seed % 1000));
    if (chance(0.8)) in.identities.push_back({IdentityType::kPhone, phone});
    if (chance(0.4)) in.identities.push_back({IdentityType::kEmail, "user" + n + "@example.com"});
    if (chance(0.2)) in.identities.push_back({IdentityType::kWechatOpenid, "oid-" + n});
    if (chance(0.1)) in.identities.push_back({IdentityType::kWechatUnionid, "uid-" + n});
    if (chance(0.3)) in.identities.push_back({IdentityType::kTaobaoNick, "淘宝用户" + n});
    if (chance(0.15)) in.identities.push_back({IdentityType::kJdPin, "jd_" + n});
    if (chance(0.05)) in.identities.push_back({IdentityType::kShopifyCustomerId, "shp" + n});
    const bool external = in.identities.empty() || chance(0.6);
    if (external) in.identities.push_back({IdentityType::kExternalId, "u" + n});
    in.name = "顾客" + n;
    in.gender = static_cast<domain::Gender>(between(0, 2));
    if (chance(0.9)) {
      const Place& place = pick(kPlaces);
      in.province = place.province;
      in.city = place.city;
    }
    if (chance(0.7)) {
      domain::Birthday b;
      if (chance(0.7)) b.year = static_cast<int>(between(1960, 2005));
      b.month = static_cast<unsigned>(between(1, 12));
      static constexpr unsigned kMonthDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
      b.day = static_cast<unsigned>(between(1, kMonthDays[b.month - 1]));
      if (b.year && b.month == 2 && b.day == 29 && *b.year % 4 != 0) b.day = 28;
      b.lunar = chance(0.1);
      in.birthday = b;
    }
    if (chance(0.8))
      in.signup_at =
          chance(0.04) ? now_ + hours(between(1, 24 * 20)) : instant_days_ago(between(0, 800));
    if (chance(0.9)) in.source_channel = pick(kChannels);
    in.consent_sms = static_cast<domain::Consent>(between(0, 2));
    in.consent_email = static_cast<domain::Consent>(between(0, 2));
    in.consent_wechat = static_cast<domain::Consent>(between(0, 2));
    add_attributes(in.attributes);
    GX_ASSIGN_OR_RETURN(auto up, domain::upsert_customer(ctx, in));
    const CustomerId id = up.customer_id;
    ids_.push_back(id);

    const int64_t orders = chance(0.3) ? 0 : between(1, 6);
    for (int64_t k = 0; k < orders; ++k)
      GX_RETURN_IF_ERROR(add_order(ctx, id, n + "-" + std::to_string(k)));

    for (const char* tag : kTags) {
      if (chance(0.15)) GX_RETURN_IF_ERROR(domain::add_tag(ctx, id, tag).status());
    }
    if (external && chance(0.6)) GX_RETURN_IF_ERROR(add_events(ctx, "u" + n, n));
    if (chance(0.6)) {
      store::Query q(ctx.db, "UPDATE customers SET tier = ? WHERE id = ?");
      q.bind(std::string(pick(kTiers)), id);
      GX_RETURN_IF_ERROR(q.run());
    }
    if (chance(0.2)) {
      GX_RETURN_IF_ERROR(domain::add_points(ctx, id, between(1, 800), "随机", "api").status());
    }
    return Status::ok();
  }

  void add_attributes(Json& attributes) {
    if (chance(0.7)) {
      // Decimals with two places (4.35 is not exactly representable), some integers.
      const double score = chance(0.3) ? static_cast<double>(between(0, 10))
                                       : static_cast<double>(between(0, 1000)) / 100.0;
      attributes["score"] = score;
    }
    if (chance(0.6)) attributes["level"] = between(1, 5);
    if (chance(0.5)) attributes["vip_note"] = pick(kLevelTexts);
    if (chance(0.5)) {
      // The same key holding a number for some customers and text for others.
      if (chance(0.5))
        attributes["pets"] = between(0, 3);
      else
        attributes["pets"] = std::to_string(between(0, 3));
    }
    if (chance(0.2)) attributes["we\"ird.key'"] = between(1, 2);
    if (chance(0.1)) attributes["flag"] = chance(0.5);
  }

  Status add_order(domain::WriteContext& ctx, CustomerId customer, const std::string& key) {
    domain::OrderInput o;
    o.platform = chance(0.5) ? "taobao" : (chance(0.5) ? "jd" : "api");
    o.external_id = "R" + std::to_string(options_.seed) + "-" + key;
    o.customer_id = customer;
    const double roll = std::uniform_real_distribution<double>(0, 1)(rng_);
    if (roll < 0.15)
      o.status = OrderStatus::kPaid;
    else if (roll < 0.25)
      o.status = OrderStatus::kShipped;
    else if (roll < 0.62)
      o.status = OrderStatus::kCompleted;
    else if (roll < 0.70)
      o.status = OrderStatus::kCreated;
    else if (roll < 0.79)
      o.status = OrderStatus::kCancelled;
    else if (roll < 0.87)
      o.status = OrderStatus::kRefunded;
    else
      o.status = OrderStatus::kPartiallyRefunded;

    const Timestamp created = instant_days_ago(between(0, 730));
    const double times = std::uniform_real_distribution<double>(0, 1)(rng_);
    // Never paid: created orders and half of the cancelled ones; a few paid-status orders
    // arrive without paid_at (the domain assumes payment at creation) and amount.
    const bool paid = o.status != OrderStatus::kCreated &&
                      !(o.status == OrderStatus::kCancelled && chance(0.5)) && !chance(0.04);
    if (times < 0.01) {
      // Without created_at: the domain dates the order now (today).
      if (paid) o.paid_at = created;
    } else {
      o.created_at = created;
      if (paid) o.paid_at = std::min(now_, created + milliseconds(between(0, 3 * 3600 * 1000)));
    }
    int64_t goods = 0;
    const int64_t lines = between(1, 3);
    for (int64_t l = 0; l < lines; ++l) {
      const CatalogItem& item = pick(kCatalog);
      domain::OrderItemInput it;
      it.sku = item.sku;
      it.product_name = item.name;
      it.category = item.category;
      it.quantity = between(1, 2);
      it.unit_price = item.price;
      goods += it.quantity * it.unit_price;
      o.items.push_back(std::move(it));
    }
    o.goods_amount = goods;
    o.discount_amount = chance(0.3) ? goods / 10 : 0;
    o.shipping_fee = chance(0.2) ? 1000 : 0;
    if (paid) o.paid_amount = goods - o.discount_amount + o.shipping_fee;
    if (o.status == OrderStatus::kRefunded) o.refunded_amount = o.paid_amount;
    if (o.status == OrderStatus::kPartiallyRefunded && o.paid_amount > 1)
      o.refunded_amount = between(1, o.paid_amount - 1);
    // A refund recorded on an order whose status stayed completed.
    if (o.status == OrderStatus::kCompleted && o.paid_amount > 0 && chance(0.05)) {
      o.refunded_amount = between(1, o.paid_amount);
    }
    if (o.status == OrderStatus::kRefunded && o.paid_amount == 0)
      o.status = OrderStatus::kCancelled;
    return domain::upsert_order(ctx, o).status();
  }

  Status add_events(domain::WriteContext& ctx, const std::string& user_id, const std::string& n) {
    const int64_t count = between(0, 8);
    for (int64_t k = 0; k < count; ++k) {
      domain::TrackCall call;
      call.user_id = user_id;
      call.event = pick(kEvents);
      call.timestamp = instant_days_ago(between(0, 400));
      call.message_id = "m" + std::to_string(options_.seed) + "-" + n + "-" + std::to_string(k);
      GX_RETURN_IF_ERROR(domain::track(ctx, call).status());
    }
    if (chance(0.2)) {
      domain::IdentifyCall call;
      call.user_id = user_id;
      call.timestamp = instant_days_ago(between(0, 100));
      call.message_id = "i" + std::to_string(options_.seed) + "-" + n;
      GX_RETURN_IF_ERROR(domain::identify(ctx, call).status());
    }
    return Status::ok();
  }

  // Folds a few customers into others (their orders, tags, events move).
  Status merge_some(domain::WriteContext& ctx) {
    std::vector<CustomerId> pool = ids_;
    std::shuffle(pool.begin(), pool.end(), rng_);
    const size_t merges = std::min(pool.size() / 2, std::max<size_t>(1, pool.size() / 40));
    for (size_t i = 0; i < merges; ++i) {
      GX_RETURN_IF_ERROR(
          domain::merge_customers(ctx, pool[2 * i], {pool[2 * i + 1]}, "random shop").status());
    }
    return Status::ok();
  }

  RuleVocabulary vocabulary() const {
    RuleVocabulary v;
    for (const char* t : kTags) v.tags.emplace_back(t);
    for (const char* t : kTiers) v.tiers.emplace_back(t);
    for (const auto& p : kPlaces) {
      if (std::find(v.provinces.begin(), v.provinces.end(), p.province) == v.provinces.end()) {
        v.provinces.emplace_back(p.province);
      }
      v.cities.emplace_back(p.city);
    }
    std::sort(v.cities.begin(), v.cities.end());
    v.cities.erase(std::unique(v.cities.begin(), v.cities.end()), v.cities.end());
    for (const char* c : kChannels) v.source_channels.emplace_back(c);
    // bought() takes non-empty names only.
    for (const auto& item : kCatalog) {
      const std::string category = item.category;
      if (!category.empty() &&
          std::find(v.categories.begin(), v.categories.end(), category) == v.categories.end()) {
        v.categories.push_back(category);
      }
      if (!std::string_view(item.sku).empty()) v.skus.emplace_back(item.sku);
      v.products.emplace_back(item.name);
    }
    for (const char* e : kEvents) v.event_names.emplace_back(e);
    v.event_names.emplace_back("identify");  // stored with kind 'identify': never counted
    v.attrs.push_back({"score", {0, 1, 4.35, 4.5, 5, 7.77, 9.99, 10}, {}});
    v.attrs.push_back({"level", {1, 2, 3, 4, 5}, {}});
    v.attrs.push_back({"vip_note", {}, {"金牌", "银牌", "普通"}});
    v.attrs.push_back({"pets", {0, 1, 2, 3}, {"0", "1", "2", "3"}});
    v.attrs.push_back({"we\"ird.key'", {1, 2}, {}});
    v.attrs.push_back({"flag", {0, 1}, {"true"}});
    v.today = static_cast<int32_t>(zone().local_day(now_).time_since_epoch().count());
    return v;
  }

  domain::testing::TestShop& shop_;
  RandomShopOptions options_;
  std::mt19937_64 rng_;
  Timestamp now_;
  std::vector<CustomerId> ids_;
};

}  // namespace

Result<RuleVocabulary> build_random_shop(domain::testing::TestShop& shop,
                                         const RandomShopOptions& options) {
  return Builder(shop, options).build();
}

}  // namespace guanxi::segment::testing
