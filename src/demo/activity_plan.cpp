#include "demo/activity_plan.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "demo/catalog.hpp"

namespace guanxi::demo {

namespace {

using domain::NoteType;
using std::chrono::days;
using std::chrono::seconds;

constexpr int64_t kVipSpend = 500'000;  // ¥5,000 of net purchases
constexpr uint32_t kLoyalPurchases = 5;
constexpr int64_t kHoursPerDay = 24;

enum NoteKind : uint16_t {
  kSatisfied,
  kLateDelivery,
  kUsageQuestion,
  kDamagedParcel,
  kBirthdayCall,
  kPromotionQuestion,
  kVipVisit,
  kVipCall,
  kTierUpgradeEmail,
  kSensitiveSkin,
  kPriceComplaint,
  kBlacklisted,
  kNoteKindCount
};

struct NoteTemplate {
  NoteType type;
  std::string_view direction;
  std::string_view text;  // {} stands for the product's name
};

// Memos as CSRs write them: what happened and what was done (一次即圆满 when solved).
constexpr NoteTemplate kNotes[kNoteKindCount] = {
    {NoteType::kCall, "outbound", "电话回访：客户对「{}」很满意，表示用完会再回购。"},
    {NoteType::kCall, "inbound", "客户来电反映「{}」物流较慢，已致歉并赠送5元无门槛券，客户接受。"},
    {NoteType::kChat, "inbound", "客户在旺旺咨询「{}」的使用方法和用量，已发送图文说明。"},
    {NoteType::kCall, "inbound", "客户投诉「{}」包装破损，已安排补发并登记快递理赔，一次解决。"},
    {NoteType::kCall, "outbound", "生日关怀电话，客户很开心，顺便介绍了「{}」的新品。"},
    {NoteType::kChat, "inbound",
     "客户询问大促活动时间和「{}」能否叠加优惠，已告知并加入提醒名单。"},
    {NoteType::kVisit, "outbound",
     "上门拜访：了解客户近期需求，「{}」是家中常备，建议开通定期配送。"},
    {NoteType::kCall, "outbound",
     "VIP 专属客服例行问候，客户反馈「{}」效果稳定，希望有会员专享价。"},
    {NoteType::kEmail, "outbound",
     "发送会员等级升级通知和专属权益说明（含「{}」试用装），客户回复感谢。"},
    {NoteType::kChat, "inbound",
     "客户表示皮肤敏感，使用「{}」后有轻微泛红，已推荐无香精的修护款。"},
    {NoteType::kChat, "inbound", "客户觉得「{}」价格偏高，表示等有优惠券再买。"},
    {NoteType::kCall, "outbound",
     "客户多次购买「{}」后申请退款，经主管确认存在恶意退货，加入黑名单。"},
};

constexpr std::string_view kAuthors[] = {"客服小美", "客服阿杰", "客服小雨", "客户经理王磊",
                                         "客户经理陈静"};
constexpr std::string_view kTrackEvents[] = {"page_view", "add_to_cart", "coupon_claimed", "share"};

// What one person's orders add up to, in the order they happened.
struct Ledger {
  int64_t net_spend = 0;
  uint32_t purchases = 0;
  uint32_t coupon_orders = 0;
  uint32_t full_refunds = 0;
  bool skin_care = false;
  std::optional<Timestamp> vip_at;
  std::optional<Timestamp> loyal_at;
  std::optional<Timestamp> second_full_refund_at;
  std::optional<Timestamp> last_coupon_at;
  std::optional<Timestamp> first_order_at;
  uint16_t last_product = 0;
};

bool skin_care(const Product& p) {
  return p.category == "面膜" || p.category == "精华" || p.category == "洁面" ||
         p.category == "防晒";
}

class Planner {
 public:
  Planner(const Population& pop, const HistoryWindow& window, uint64_t seed)
      : pop_(pop), window_(window), rng_(DemoRandom::stream(seed, 3)), ledgers_(pop.size()) {}

  ActivityPlan run(const PurchasePlan& purchases) {
    for (const PlannedOrder& o : purchases.orders) add_order(o);
    for (const Person& p : pop_.people()) plan_person(p);
    return std::move(plan_);
  }

 private:
  void add_order(const PlannedOrder& o) {
    Ledger& l = ledgers_[o.person];
    if (!l.first_order_at) l.first_order_at = o.created_at;
    l.last_product = o.items[0].product;
    for (const PlannedItem& it : o.lines())
      l.skin_care = l.skin_care || skin_care(demo_products()[it.product]);
    if (!o.paid_at) return;
    if (o.refunded_amount == o.paid_amount) {
      if (++l.full_refunds == 2) l.second_full_refund_at = o.paid_at;
      return;
    }
    ++l.purchases;
    l.net_spend += o.paid_amount - o.refunded_amount;
    if (o.coupon >= 0) {
      ++l.coupon_orders;
      l.last_coupon_at = o.created_at;
    }
    if (!l.vip_at && l.net_spend >= kVipSpend) l.vip_at = *o.paid_at;
    if (!l.loyal_at && l.purchases == kLoyalPurchases) l.loyal_at = *o.paid_at;
  }

  // A moment `min_hours`..`max_hours` after `t`, or nullopt when past the end.
  std::optional<Timestamp> after(Timestamp t, int64_t min_hours, int64_t max_hours) {
    const Timestamp at = t + seconds(rng_.uniform(min_hours * 3600, max_hours * 3600));
    if (at > window_.end()) return std::nullopt;
    return at;
  }

  // An office-hours moment 1..`max_days` days after `t`, or nullopt when past the end.
  std::optional<Timestamp> workday_after(Timestamp t, int64_t max_days) {
    const LocalDays day = window_.zone().local_day(t) + days(rng_.uniform(1, max_days));
    if (day > window_.last_day()) return std::nullopt;
    const Timestamp at = window_.office_time(day, rng_);
    if (at <= t) return std::nullopt;
    return at;
  }

  void note(const Person& p, NoteKind kind, std::optional<Timestamp> at, uint16_t product,
            uint8_t author) {
    if (at) plan_.notes.push_back({p.index, static_cast<uint16_t>(kind), product, author, *at});
  }
  void tag(const Person& p, DemoTag t, std::optional<Timestamp> at) {
    if (at) plan_.tags.push_back({p.index, t, *at});
  }
  uint8_t any_author() { return static_cast<uint8_t>(rng_.below(3)); }

  void plan_person(const Person& p) {
    const Ledger& l = ledgers_[p.index];
    const uint16_t product = l.last_product;
    if (l.vip_at) {
      tag(p, DemoTag::kVip, after(*l.vip_at, 1, 72));
      const auto manager = static_cast<uint8_t>(3 + rng_.below(2));
      if (rng_.chance(600)) {
        if (auto at = workday_after(*l.vip_at, 7)) {
          plan_.assignments.push_back({p.index, static_cast<domain::UserId>(1 + rng_.below(3)),
                                       static_cast<domain::UserId>(11 + rng_.below(6)), *at});
        }
      }
      note(p, kTierUpgradeEmail, workday_after(*l.vip_at, 3), product, manager);
      const auto visits = rng_.uniform(1, 3);
      for (int64_t i = 0; i < visits; ++i) {
        note(p, rng_.chance(400) ? kVipVisit : kVipCall, workday_after(*l.vip_at, 400), product,
             manager);
      }
    }
    if (l.loyal_at) tag(p, DemoTag::kLoyal, after(*l.loyal_at, 1, 48));
    if (l.skin_care && l.first_order_at && rng_.chance(120)) {
      const auto at = workday_after(*l.first_order_at, 20);
      note(p, kSensitiveSkin, at, product, any_author());
      tag(p, DemoTag::kSensitiveSkin,
          at ? std::optional<Timestamp>(*at + std::chrono::minutes(5)) : std::nullopt);
    }
    if (l.purchases >= 3 && l.coupon_orders * 2 >= l.purchases && l.last_coupon_at) {
      const auto at = after(*l.last_coupon_at, 1, 24);
      tag(p, DemoTag::kPriceSensitive, at);
      if (rng_.chance(500)) note(p, kPriceComplaint, at, product, any_author());
    }
    if (l.second_full_refund_at && l.full_refunds * 5 >= (l.purchases + l.full_refunds) * 2) {
      const auto at = workday_after(*l.second_full_refund_at, 5);
      note(p, kBlacklisted, at, product, 3);
      tag(p, DemoTag::kBlacklist,
          at ? std::optional<Timestamp>(*at + std::chrono::minutes(10)) : std::nullopt);
    }
    // Care calls and service contacts after an ordinary order.
    if (l.first_order_at && rng_.chance(60)) {
      static constexpr NoteKind kService[] = {kSatisfied, kLateDelivery, kUsageQuestion,
                                              kDamagedParcel, kPromotionQuestion};
      note(p, kService[rng_.below(std::size(kService))], workday_after(*l.first_order_at, 10),
           product, any_author());
    }
    if (p.birthday && l.purchases >= 2 && rng_.chance(150)) {
      note(p, kBirthdayCall, workday_after(p.signup_at, 365), product, any_author());
    }
    if (p.channel == Channel::kWechat && rng_.chance(350)) {
      const auto events = rng_.uniform(1, 4);
      for (int64_t i = 0; i < events; ++i) {
        if (auto at = after(p.signup_at, 0, 60 * kHoursPerDay)) {
          plan_.tracks.push_back({p.index,
                                  static_cast<uint8_t>(rng_.below(std::size(kTrackEvents))),
                                  static_cast<uint16_t>(rng_.below(demo_products().size())), *at});
        }
      }
    }
    if (p.cross_channel && l.first_order_at && rng_.chance(750)) {
      if (auto at = after(*l.first_order_at, kHoursPerDay, 45 * kHoursPerDay))
        plan_.links.push_back({p.index, *at});
    }
  }

  const Population& pop_;
  const HistoryWindow& window_;
  DemoRandom rng_;
  std::vector<Ledger> ledgers_;
  ActivityPlan plan_;
};

}  // namespace

std::string_view tag_name(DemoTag tag) {
  switch (tag) {
    case DemoTag::kVip:
      return "VIP";
    case DemoTag::kLoyal:
      return "老客户";
    case DemoTag::kSensitiveSkin:
      return "敏感肌";
    case DemoTag::kPriceSensitive:
      return "价格敏感";
    case DemoTag::kBlacklist:
      return "黑名单";
  }
  return "VIP";
}

ActivityPlan plan_activity(const Population& population, const PurchasePlan& purchases,
                           uint64_t seed, const HistoryWindow& window) {
  return Planner(population, window, seed).run(purchases);
}

domain::NoteInput note_input(const PlannedNote& note) {
  const NoteTemplate& t = kNotes[note.kind % kNoteKindCount];
  domain::NoteInput in;
  in.type = t.type;
  in.direction = std::string(t.direction);
  in.author = std::string(kAuthors[note.author % std::size(kAuthors)]);
  in.summary = fmt::format(fmt::runtime(t.text), demo_products()[note.product].name);
  in.occurred_at = note.at;
  return in;
}

std::string_view track_event_name(const PlannedTrack& track) {
  return kTrackEvents[track.kind % std::size(kTrackEvents)];
}

Json track_properties(const PlannedTrack& track) {
  const Product& p = demo_products()[track.product];
  if (track_event_name(track) == "coupon_claimed") return Json{{"coupon", "NEW10"}};
  return Json{
      {"sku", p.sku}, {"product", p.name}, {"category", p.category}, {"price", p.list_price}};
}

}  // namespace guanxi::demo
