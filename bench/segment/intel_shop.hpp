// The synthetic shop behind the customer-intelligence benchmark: a beauty store
// on Taobao/Tmall/JD with N customers and M orders over the three years before
// a fixed "now" (2026-11-01 20:00 Asia/Shanghai), generated in customer order
// in batches so that 10M customers / 100M orders stream through in bounded memory.
//
// Deterministic: the same (seed, customers, orders) gives the same rows, row
// for row, whatever the batch size.
//
// Shape (what makes the segment rules' answers realistic, not uniform noise):
// - 20% of customers never buy; buyers' order counts are heavy-tailed (35%
//   one-time buyers, the rest log-normal with a long tail into the hundreds),
//   rescaled so that the total is exactly M.
// - Each buyer is acquired on a day drawn from the shop's seasonal calendar
//   (双11 Nov 11, 618 Jun 18, 双12, pre-sale weeks, slow Spring Festival, a
//   growing shop) and stays active for an exponential lifetime; purchases fall
//   on calendar days inside it, again weighted by the season.
// - Order amounts are log-normal (median around ¥150): 1-3 lines of ~200 SKUs
//   in 20 categories with Zipf popularity; ~2% never paid, ~5% cancelled,
//   ~3% refunded, ~3% partially refunded; 0.3% have no created_at (their
//   purchase day comes from paid_at).
// - Profiles: gender, province/city from a weighted list of 37 cities, birthday
//   for ~60%, consent, tiers that follow order counts, custom attributes for
//   ~15%, a phone identity for ~85%, tags (黑名单, 高价值, 敏感肌, 老客户, 价格敏感)
//   and behaviour events (page_view, add_to_cart, search) in recent sessions.
// - 0.2% of customers are merged into their predecessor (no rows of their own).
//
// Times are UTC milliseconds. Asia/Shanghai has had no DST since 1991, so a
// shop-local day here is simply floor((utc_ms + 8 h) / 1 day).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace guanxi::bench {

inline constexpr int64_t kDayMs = 86'400'000;
inline constexpr int64_t kShanghaiOffsetMs = 8 * 3'600'000;
// 2026-11-01 as days since 1970-01-01: the benchmark's as-of day D.
inline constexpr int64_t kNowLocalDay = 20758;
// 2026-11-01 20:00 Asia/Shanghai: nothing is dated later.
inline constexpr int64_t kNowMs = kNowLocalDay * kDayMs - kShanghaiOffsetMs + 20 * 3'600'000;
inline constexpr int64_t kHistoryDays = 3 * 365 + 1;  // 2023-11-02 .. 2026-11-01

// The UTC instant of second `second_of_day` of shop-local day `local_day`.
inline constexpr int64_t shanghai_ms(int64_t local_day, int64_t second_of_day) {
  return local_day * kDayMs - kShanghaiOffsetMs + second_of_day * 1000;
}

struct Region {
  std::string_view province;
  std::string_view city;
  uint32_t weight;
};
struct Sku {
  std::string code;
  std::string name;
  std::string_view category;
  int64_t price;  // fen
};
struct Tag {
  int64_t id;
  std::string_view name;
};

const std::vector<Region>& regions();
const std::vector<Tag>& tags();
std::string_view order_status_name(uint8_t status);
std::string_view platform_name(uint8_t platform);
std::string_view event_name(uint8_t name);

struct CustomerRow {
  int64_t id = 0;
  int64_t merged_into = 0;  // 0: live
  std::string name;
  std::string_view gender;
  uint16_t region = 0;
  std::string birthday;   // "YYYY-MM-DD" or empty (NULL)
  int64_t signup_at = 0;  // 0: NULL
  std::string_view source_channel;
  std::string_view consent_sms;
  std::string_view consent_email;
  std::string_view consent_wechat;
  std::string_view tier = "";  // not a null view: SQLite would bind NULL
  std::string attributes;      // JSON
  std::string phone;           // empty: no phone identity
  int64_t created_at = 0;
};

struct OrderRow {
  int64_t id = 0;
  int64_t customer_id = 0;
  uint8_t status = 0;
  uint8_t platform = 0;
  int64_t created_at = 0;  // 0: NULL
  int64_t paid_at = 0;
  int64_t shipped_at = 0;
  int64_t completed_at = 0;
  int64_t goods_amount = 0;
  int64_t discount_amount = 0;
  int64_t shipping_fee = 0;
  int64_t paid_amount = 0;
  int64_t refunded_amount = 0;
  int64_t content_hash = 0;
};

struct ItemRow {
  int64_t order_id = 0;
  int32_t line_no = 0;
  uint16_t sku = 0;
  int32_t quantity = 0;
  int64_t unit_price = 0;
};

struct TagRow {
  int64_t customer_id = 0;
  int64_t tag_id = 0;
};

struct EventRow {
  int64_t id = 0;
  int64_t customer_id = 0;
  uint8_t name = 0;
  uint16_t sku = 0;
  int64_t occurred_at = 0;
};

// The rows of a run of consecutive customers.
struct Batch {
  std::vector<CustomerRow> customers;
  std::vector<OrderRow> orders;
  std::vector<ItemRow> items;
  std::vector<TagRow> customer_tags;
  std::vector<EventRow> events;
  void clear();
};

class ShopGenerator {
 public:
  // Plans the order count of every customer (2 bytes each) up front.
  ShopGenerator(uint64_t seed, int64_t customers, int64_t orders);
  ~ShopGenerator();
  ShopGenerator(const ShopGenerator&) = delete;
  ShopGenerator& operator=(const ShopGenerator&) = delete;

  const std::vector<Sku>& catalog() const;
  // Fills `out` (cleared first) with up to `count` next customers and their
  // rows; returns false when every customer has been generated.
  bool next(int64_t count, Batch& out);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace guanxi::bench
