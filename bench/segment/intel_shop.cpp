#include "intel_shop.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

namespace guanxi::bench {

namespace {

// SplitMix64: small, fast, and good enough for synthetic data; every customer
// gets its own stream, so batches can be generated independently of each other.
uint64_t mix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(mix64(seed)) {}
  uint64_t next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, 1).
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // Uniform in [0, n).
  uint64_t below(uint64_t n) { return n == 0 ? 0 : next() % n; }
  int64_t between(int64_t lo, int64_t hi) {  // inclusive
    return lo + static_cast<int64_t>(below(static_cast<uint64_t>(hi - lo + 1)));
  }
  bool chance(double p) { return unit() < p; }
  double normal() {
    double u = unit();
    while (u <= 0.0) u = unit();
    return std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * unit());
  }
  double exponential(double mean) { return -mean * std::log(1.0 - unit()); }

 private:
  uint64_t state_;
};

constexpr int64_t kFirstDay = kNowLocalDay - kHistoryDays + 1;

constexpr std::array<std::string_view, 7> kStatusNames = {
    "created", "paid", "shipped", "completed", "cancelled", "refunded", "partially_refunded"};
enum Status : uint8_t { kCreated, kPaid, kShipped, kCompleted, kCancelled, kRefunded, kPartial };

constexpr std::array<std::string_view, 5> kPlatforms = {"taobao", "tmall", "jd", "wechat",
                                                        "shopify"};
constexpr std::array<double, 5> kPlatformWeights = {50, 22, 14, 9, 5};
constexpr std::array<std::string_view, 3> kEventNames = {"page_view", "add_to_cart", "search"};

const std::vector<Region> kRegions = {
    {"浙江省", "杭州市", 90},          {"上海市", "上海市", 100},
    {"北京市", "北京市", 85},          {"广东省", "广州市", 70},
    {"广东省", "深圳市", 80},          {"四川省", "成都市", 60},
    {"江苏省", "南京市", 45},          {"江苏省", "苏州市", 50},
    {"湖北省", "武汉市", 45},          {"重庆市", "重庆市", 40},
    {"陕西省", "西安市", 35},          {"天津市", "天津市", 30},
    {"湖南省", "长沙市", 35},          {"浙江省", "宁波市", 30},
    {"山东省", "青岛市", 25},          {"河南省", "郑州市", 28},
    {"福建省", "厦门市", 20},          {"福建省", "福州市", 18},
    {"广东省", "东莞市", 25},          {"广东省", "佛山市", 20},
    {"安徽省", "合肥市", 25},          {"山东省", "济南市", 18},
    {"辽宁省", "沈阳市", 15},          {"辽宁省", "大连市", 14},
    {"云南省", "昆明市", 15},          {"江西省", "南昌市", 14},
    {"黑龙江省", "哈尔滨市", 12},      {"河北省", "石家庄市", 12},
    {"广西壮族自治区", "南宁市", 12},  {"贵州省", "贵阳市", 10},
    {"山西省", "太原市", 9},           {"吉林省", "长春市", 8},
    {"海南省", "海口市", 7},           {"甘肃省", "兰州市", 6},
    {"内蒙古自治区", "呼和浩特市", 5}, {"新疆维吾尔自治区", "乌鲁木齐市", 5},
    {"西藏自治区", "拉萨市", 2},
};

const std::vector<Tag> kTags = {
    {1, "黑名单"}, {2, "高价值"}, {3, "敏感肌"}, {4, "老客户"}, {5, "价格敏感"}};

struct Category {
  std::string_view name;
  std::string_view code;
  int64_t base_price;  // fen
};
constexpr std::array<Category, 20> kCategories = {{
    {"面膜", "MASK", 8900},     {"精华", "SERUM", 26900}, {"洗面奶", "CLNS", 6900},
    {"爽肤水", "TONER", 12900}, {"乳液", "LOTN", 13900},  {"面霜", "CREAM", 19900},
    {"眼霜", "EYE", 22900},     {"防晒", "SUN", 11900},   {"卸妆", "REMV", 9900},
    {"口红", "LIP", 19900},     {"粉底", "FDN", 29900},   {"香水", "PERF", 49900},
    {"身体乳", "BODY", 7900},   {"洗发水", "SHMP", 5900}, {"护发素", "COND", 5900},
    {"沐浴露", "WASH", 4900},   {"牙膏", "TOOTH", 2990},  {"美容仪", "DEV", 129900},
    {"化妆工具", "TOOL", 3900}, {"礼盒", "GIFT", 39900},
}};
constexpr std::array<std::string_view, 10> kDescriptors = {
    "玻尿酸补水", "烟酰胺美白", "积雪草舒缓",   "神经酰胺修护", "视黄醇抗老",
    "氨基酸温和", "水杨酸控油", "胶原蛋白紧致", "维C焕亮",      "益生菌平衡"};

constexpr std::array<std::string_view, 40> kSurnames = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱",
    "胡", "郭", "何", "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯",
    "邓", "曹", "彭", "曾", "肖", "田", "董", "潘", "袁", "蔡", "蒋", "余"};
constexpr std::array<std::string_view, 40> kGivenChars = {
    "静", "丽", "敏", "婷", "芳", "娜", "雪", "慧", "颖", "琳", "欣", "悦", "晨", "佳",
    "思", "雨", "梦", "瑶", "琪", "涵", "伟", "磊", "强", "军", "杰", "浩", "宇", "鹏",
    "超", "明", "阳", "晓", "文", "华", "红", "燕", "霞", "玉", "兰", "萍"};

// Shop-local day -> how busy the shop is that day, relative to an ordinary day.
double season_weight(int64_t day) {
  // Civil date of a day number (Howard Hinnant's days_from_civil inverse).
  const int64_t z = day + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  double w = 1.0;
  if (m == 11 && d == 11)
    w = 12.0;  // 双11
  else if (m == 11 && d >= 1 && d <= 10)
    w = 1.8;  // 双11 pre-sale
  else if (m == 11 && d >= 12 && d <= 14)
    w = 2.0;  // late 双11 orders
  else if (m == 6 && d == 18)
    w = 6.0;  // 618
  else if (m == 6 && d < 18)
    w = 1.5;  // 618 pre-sale
  else if (m == 12 && d == 12)
    w = 3.0;  // 双12
  else if ((m == 1 && d >= 25) || (m == 2 && d <= 15))
    w = 0.6;                         // Spring Festival logistics pause
  if ((day + 4) % 7 >= 5) w *= 1.1;  // weekend (1970-01-01 was a Thursday)
  // The shop grows: a day now is 60% busier than three years ago.
  return w * (1.0 + 0.6 * static_cast<double>(day - kFirstDay) / static_cast<double>(kHistoryDays));
}

// Hour-of-day shape of Chinese online shopping: lunch, evening, late night.
constexpr std::array<double, 24> kHourWeights = {3,   1.5, 0.8, 0.4, 0.3, 0.3, 0.5, 1,
                                                 1.8, 2.5, 3,   3.2, 3.5, 3,   2.8, 2.8,
                                                 2.8, 2.8, 3,   3.5, 4.5, 5.5, 6,   5};

std::string format_birthday(int64_t year, int64_t month, int64_t day) {
  return fmt::format("{:04}-{:02}-{:02}", year, month, day);
}

}  // namespace

struct ShopGenerator::State {
  // Samples an index from fixed weights through their cumulative sums.
  class Weighted {
   public:
    Weighted() = default;
    explicit Weighted(const std::vector<double>& weights) : cum_(weights.size()) {
      std::partial_sum(weights.begin(), weights.end(), cum_.begin());
    }
    size_t sample(Rng& rng) const { return sample_in(rng, 0, cum_.size()); }
    // An index in [lo, hi), weighted.
    size_t sample_in(Rng& rng, size_t lo, size_t hi) const {
      const double base = lo == 0 ? 0.0 : cum_[lo - 1];
      const double x = base + rng.unit() * (cum_[hi - 1] - base);
      const auto it = std::upper_bound(cum_.begin() + static_cast<std::ptrdiff_t>(lo),
                                       cum_.begin() + static_cast<std::ptrdiff_t>(hi), x);
      return std::min(static_cast<size_t>(it - cum_.begin()), hi - 1);
    }

   private:
    std::vector<double> cum_;
  };

  uint64_t seed = 0;
  int64_t customers = 0;
  int64_t next_customer = 1;
  int64_t next_order = 1;
  int64_t next_event = 1;
  std::vector<uint16_t> order_counts;  // index: customer id - 1
  std::vector<Sku> catalog;
  Weighted sku_popularity;
  Weighted days;  // index: day - kFirstDay
  Weighted hours;
  Weighted regions;
  Weighted platforms;

  void plan_counts(int64_t orders);
  void make_catalog();
  void generate_customer(int64_t id, Batch& out);
  int64_t time_on(int64_t day, Rng& rng) const {
    const auto hour = static_cast<int64_t>(hours.sample(rng));
    return shanghai_ms(day, hour * 3600 + rng.between(0, 3599));
  }
};

void Batch::clear() {
  customers.clear();
  orders.clear();
  items.clear();
  customer_tags.clear();
  events.clear();
}

const std::vector<Region>& regions() {
  return kRegions;
}
const std::vector<Tag>& tags() {
  return kTags;
}
std::string_view order_status_name(uint8_t status) {
  return kStatusNames[status];
}
std::string_view platform_name(uint8_t platform) {
  return kPlatforms[platform];
}
std::string_view event_name(uint8_t name) {
  return kEventNames[name];
}

ShopGenerator::ShopGenerator(uint64_t seed, int64_t customers, int64_t orders)
    : state_(std::make_unique<State>()) {
  State& s = *state_;
  s.seed = seed;
  s.customers = customers;
  std::vector<double> w(static_cast<size_t>(kHistoryDays));
  for (int64_t i = 0; i < kHistoryDays; ++i)
    w[static_cast<size_t>(i)] = season_weight(kFirstDay + i);
  s.days = State::Weighted(w);
  s.hours = State::Weighted(std::vector<double>(kHourWeights.begin(), kHourWeights.end()));
  std::vector<double> rw;
  for (const auto& r : kRegions) rw.push_back(r.weight);
  s.regions = State::Weighted(rw);
  s.platforms =
      State::Weighted(std::vector<double>(kPlatformWeights.begin(), kPlatformWeights.end()));
  s.make_catalog();
  s.plan_counts(orders);
}

ShopGenerator::~ShopGenerator() = default;

const std::vector<Sku>& ShopGenerator::catalog() const {
  return state_->catalog;
}

void ShopGenerator::State::make_catalog() {
  Rng rng(seed ^ 0xca7a109ULL);
  for (size_t c = 0; c < kCategories.size(); ++c) {
    for (size_t k = 0; k < kDescriptors.size(); ++k) {
      const double factor = 0.7 * std::exp(0.35 * rng.normal());
      // Prices end in 9 yuan (or 0.9 below ¥10), as shop prices do.
      int64_t price = static_cast<int64_t>(static_cast<double>(kCategories[c].base_price) * factor);
      price =
          price >= 1000 ? std::max<int64_t>(900, price / 1000 * 1000 - 100) : price / 10 * 10 + 9;
      catalog.push_back({fmt::format("{}-{:03}", kCategories[c].code, k + 1),
                         fmt::format("{}{}", kDescriptors[k], kCategories[c].name),
                         kCategories[c].name, price});
    }
  }
  // Zipf (s = 0.8) popularity over a seeded permutation of the SKUs.
  std::vector<size_t> rank(catalog.size());
  std::iota(rank.begin(), rank.end(), size_t{0});
  for (size_t i = rank.size() - 1; i > 0; --i) std::swap(rank[i], rank[rng.below(i + 1)]);
  std::vector<double> w(catalog.size());
  for (size_t i = 0; i < catalog.size(); ++i) {
    w[i] = 1.0 / std::pow(static_cast<double>(rank[i] + 1), 0.8);
  }
  sku_popularity = Weighted(w);
}

void ShopGenerator::State::plan_counts(int64_t orders) {
  order_counts.assign(static_cast<size_t>(customers), 0);
  // 0.2% merged (never buy), 20% of the rest never buy.
  const int64_t buyers_target = std::min<int64_t>(orders, customers * 8 / 10);
  if (buyers_target <= 0) return;
  const double mean = static_cast<double>(orders) / static_cast<double>(buyers_target);
  // 35% one-time buyers; the rest 1 + log-normal(mu, 1.2) with the mean that makes
  // the total come out right (before the exact fix-up below).
  constexpr double kOneTime = 0.35;
  constexpr double kSigma = 1.2;
  const double extra = std::max(mean - 1.0, 1e-9) / (1.0 - kOneTime);
  const double mu = std::log(extra) - kSigma * kSigma / 2;
  const double buy_p = static_cast<double>(buyers_target) / static_cast<double>(customers);
  int64_t total = 0;
  std::vector<int64_t> buyers;
  for (int64_t id = 1; id <= customers; ++id) {
    Rng rng(seed * 0x100000001b3ULL ^ static_cast<uint64_t>(id) * 0x9e3779b97f4a7c15ULL);
    if (rng.chance(0.002) && id > 1) continue;  // merged: see generate_customer
    if (!rng.chance(buy_p)) continue;
    int64_t n = 1;
    if (!rng.chance(kOneTime)) {
      const double x = std::exp(mu + kSigma * rng.normal());
      n = 1 + static_cast<int64_t>(std::floor(x + rng.unit()));
    }
    n = std::min<int64_t>(n, 2000);
    order_counts[static_cast<size_t>(id - 1)] = static_cast<uint16_t>(n);
    buyers.push_back(id);
    total += n;
  }
  // Exact total: add or remove single orders at random buyers.
  Rng rng(seed ^ 0xf1c5ULL);
  while (total != orders && !buyers.empty()) {
    const size_t pick = rng.below(buyers.size());
    auto& n = order_counts[static_cast<size_t>(buyers[pick] - 1)];
    if (total < orders) {
      if (n < 2000) {
        ++n;
        ++total;
      }
    } else if (n > 1) {
      --n;
      --total;
    } else if (total == static_cast<int64_t>(buyers.size())) {
      // Everyone buys once and that is still too many: fewer buyers.
      n = 0;
      --total;
      buyers[pick] = buyers.back();
      buyers.pop_back();
    }
  }
}

bool ShopGenerator::next(int64_t count, Batch& out) {
  out.clear();
  State& s = *state_;
  if (s.next_customer > s.customers) return false;
  const int64_t end = std::min(s.customers + 1, s.next_customer + count);
  for (; s.next_customer < end; ++s.next_customer) s.generate_customer(s.next_customer, out);
  return true;
}

void ShopGenerator::State::generate_customer(int64_t id, Batch& out) {
  // Same stream as plan_counts for the first draws (merged, buyer), then its own.
  Rng rng(seed * 0x100000001b3ULL ^ static_cast<uint64_t>(id) * 0x9e3779b97f4a7c15ULL);
  const bool merged = rng.chance(0.002) && id > 1;
  Rng r(mix64(seed) ^ mix64(static_cast<uint64_t>(id) + 0x51ed));

  CustomerRow c;
  c.id = id;
  c.name = fmt::format("{}{}{}", kSurnames[r.below(kSurnames.size())],
                       kGivenChars[r.below(kGivenChars.size())],
                       r.chance(0.7) ? kGivenChars[r.below(kGivenChars.size())] : "");
  const double g = r.unit();
  c.gender = g < 0.62 ? "female" : g < 0.87 ? "male" : "unknown";
  c.region = static_cast<uint16_t>(regions.sample(r));
  if (r.chance(0.6)) {
    const int64_t year =
        1965 + static_cast<int64_t>(std::clamp(r.normal() * 7.0 + 27.0, 0.0, 40.0));
    const int64_t month = r.between(1, 12);
    c.birthday = format_birthday(year, month, r.between(1, month == 2 ? 28 : 30));
  }
  const double ch = r.unit();
  c.source_channel = ch < 0.38   ? "taobao"
                     : ch < 0.58 ? "tmall"
                     : ch < 0.70 ? "jd"
                     : ch < 0.92 ? "wechat"
                                 : "shopify";
  const double cs = r.unit();
  c.consent_sms = cs < 0.4 ? "granted" : cs < 0.5 ? "denied" : "unknown";
  c.consent_email = r.chance(0.1) ? "granted" : "unknown";
  c.consent_wechat = r.chance(0.3) ? "granted" : "unknown";
  if (r.chance(0.85)) c.phone = fmt::format("{}", 13'000'000'000LL + id * 61);
  if (r.chance(0.15)) {
    static constexpr std::array<std::string_view, 4> kSkin = {"干性", "油性", "混合性", "敏感性"};
    c.attributes = fmt::format(R"({{"skin_type":"{}","member_no":"M{:08}"}})",
                               kSkin[r.below(kSkin.size())], id);
  } else {
    c.attributes = "{}";
  }

  const int64_t n = order_counts[static_cast<size_t>(id - 1)];
  if (merged) {
    c.merged_into = id - 1;
    c.phone.clear();
    c.signup_at = shanghai_ms(kFirstDay + r.between(0, kHistoryDays - 1), r.between(0, 86399));
    c.created_at = c.signup_at;
    out.customers.push_back(std::move(c));
    return;
  }

  // Purchases: an acquisition day from the season, a lifetime, days inside it.
  int64_t revenue = 0;
  int64_t first_ms = 0;
  if (n > 0) {
    const auto acquired = kFirstDay + static_cast<int64_t>(days.sample(r));
    const auto lifetime = static_cast<int64_t>(r.exponential(450.0)) + 20 * n;
    // A lifetime that would run past now is moved back to end now, so heavy
    // buyers acquired recently do not crowd their orders into the last few days.
    const int64_t first_day = std::max(kFirstDay, std::min(acquired, kNowLocalDay - lifetime));
    const int64_t last_day = std::min(kNowLocalDay, first_day + lifetime);
    std::vector<int64_t> order_days(static_cast<size_t>(n));
    order_days[0] = acquired >= first_day
                        ? acquired
                        : first_day + (acquired - kFirstDay) % (last_day - first_day + 1);
    for (size_t i = 1; i < order_days.size(); ++i) {
      order_days[i] = kFirstDay + static_cast<int64_t>(days.sample_in(
                                      r, static_cast<size_t>(first_day - kFirstDay),
                                      static_cast<size_t>(last_day - kFirstDay + 1)));
    }
    std::sort(order_days.begin(), order_days.end());
    for (const int64_t day : order_days) {
      OrderRow o;
      o.id = next_order++;
      o.customer_id = id;
      o.platform = static_cast<uint8_t>(platforms.sample(r));
      int64_t created = time_on(day, r);
      if (created > kNowMs) created = kNowMs - r.between(60, 7200) * 1000;
      const int64_t paid =
          std::min(kNowMs, created + 30'000 + static_cast<int64_t>(r.exponential(600'000.0)));
      const int64_t age_days = (kNowMs - created) / kDayMs;
      // Lines: 1-3 SKUs by popularity, mostly one unit each.
      const double lines_u = r.unit();
      const int32_t lines = lines_u < 0.7 ? 1 : lines_u < 0.92 ? 2 : 3;
      for (int32_t line = 1; line <= lines; ++line) {
        ItemRow it;
        it.order_id = o.id;
        it.line_no = line;
        it.sku = static_cast<uint16_t>(sku_popularity.sample(r));
        const double q = r.unit();
        it.quantity = q < 0.85 ? 1 : q < 0.96 ? 2 : 3;
        it.unit_price = catalog[it.sku].price;
        o.goods_amount += it.unit_price * it.quantity;
        out.items.push_back(it);
      }
      if (r.chance(0.3)) o.discount_amount = o.goods_amount * r.between(5, 20) / 100;
      if (r.chance(0.1)) o.shipping_fee = r.between(8, 12) * 100;
      const int64_t due = o.goods_amount - o.discount_amount + o.shipping_fee;
      const double st = r.unit();
      o.created_at = created;
      if (st < 0.02) {  // never paid: open for a day, then closed
        o.status = age_days < 1 ? kCreated : kCancelled;
      } else {
        o.paid_at = paid;
        o.paid_amount = due;
        if (st < 0.05) {  // paid, then cancelled before shipping: refunded in full
          o.status = kCancelled;
          o.refunded_amount = due;
        } else {
          if (age_days >= 2) o.shipped_at = std::min(kNowMs, paid + r.between(4, 48) * 3'600'000);
          if (age_days >= 10)
            o.completed_at = std::min(kNowMs, o.shipped_at + r.between(2, 9) * kDayMs);
          o.status = o.completed_at != 0 ? kCompleted : o.shipped_at != 0 ? kShipped : kPaid;
          if (st < 0.08) {
            o.status = kRefunded;
            o.refunded_amount = due;
          } else if (st < 0.11 && due >= 2) {
            o.status = kPartial;
            o.refunded_amount = std::clamp<int64_t>(due * r.between(10, 60) / 100, 1, due - 1);
          }
          revenue += o.paid_amount - o.refunded_amount;
        }
      }
      // Some channels report no creation time: the purchase day is the paid day.
      if (r.chance(0.003) && o.paid_at != 0) o.created_at = 0;
      o.content_hash = static_cast<int64_t>(mix64(static_cast<uint64_t>(o.id) ^ seed) >> 1);
      if (first_ms == 0) first_ms = o.created_at != 0 ? o.created_at : o.paid_at;
      out.orders.push_back(o);
    }
  }

  // Sign-up: before the first order for buyers, anywhere for the others; 5% unknown.
  const int64_t signup_day =
      n > 0 ? std::max(kFirstDay - 60, (first_ms + kShanghaiOffsetMs) / kDayMs - r.between(0, 30))
            : kFirstDay + static_cast<int64_t>(days.sample(r));
  c.signup_at = shanghai_ms(signup_day, r.between(0, 86399));
  if (n > 0 && c.signup_at > first_ms) c.signup_at = first_ms;
  c.created_at = c.signup_at;
  if (r.chance(0.05)) c.signup_at = 0;

  // Tiers follow the purchase count.
  if (n >= 12 && r.chance(0.7))
    c.tier = "至尊VIP会员";
  else if (n >= 4 && r.chance(0.6))
    c.tier = "VIP会员";
  else if (n >= 1 && r.chance(0.3))
    c.tier = "普通会员";

  // Tags, in tag id order (the primary key is (customer_id, tag_id)).
  if (r.chance(0.01)) out.customer_tags.push_back({id, 1});
  if (revenue >= 300'000 && r.chance(0.8)) out.customer_tags.push_back({id, 2});
  if (r.chance(c.gender == "female" ? 0.08 : 0.03)) out.customer_tags.push_back({id, 3});
  if (n >= 5 && r.chance(0.5)) out.customer_tags.push_back({id, 4});
  if (r.chance(0.04)) out.customer_tags.push_back({id, 5});

  // Behaviour: sessions of a few events, mostly in the recent weeks; buyers browse more.
  if (r.chance(n > 0 ? 0.4 : 0.15)) {
    std::vector<EventRow> mine;
    const int64_t sessions = 1 + static_cast<int64_t>(r.exponential(1.2));
    for (int64_t k = 0; k < sessions; ++k) {
      const int64_t back =
          std::min<int64_t>(kHistoryDays - 1, static_cast<int64_t>(r.exponential(40.0)));
      const int64_t start = std::min(kNowMs - 600'000, time_on(kNowLocalDay - back, r));
      const int64_t size = 1 + static_cast<int64_t>(r.exponential(2.6));
      int64_t t = start;
      for (int64_t e = 0; e < size; ++e) {
        const double u = r.unit();
        mine.push_back({0, id,
                        static_cast<uint8_t>(u < 0.72   ? 0
                                             : u < 0.92 ? 1
                                                        : 2),
                        static_cast<uint16_t>(sku_popularity.sample(r)), std::min(t, kNowMs)});
        t += r.between(5, 300) * 1000;
      }
    }
    std::sort(mine.begin(), mine.end(),
              [](const EventRow& a, const EventRow& b) { return a.occurred_at < b.occurred_at; });
    for (auto& e : mine) {
      e.id = next_event++;
      out.events.push_back(e);
    }
  }
  out.customers.push_back(std::move(c));
}

}  // namespace guanxi::bench
