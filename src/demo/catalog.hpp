// The demo shop's catalogue: what it sells (a Chinese cross-category shop:
// skin care, hair care, baby, coffee, pets, tea, apparel), at what list
// prices, how fast each product is used up, and the coupons and refund
// reasons its orders carry. Static data; amounts in fen (CNY minor units).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace guanxi::demo {

struct Product {
  std::string_view sku;
  std::string_view name;  // as the listing title reads; a few contain commas or quotes
  std::string_view category;  // 面膜, 精华, 洗发水, 纸尿裤, 咖啡豆, 猫粮, 茶叶, 服饰, ...
  int64_t list_price = 0;   // fen
  int cycle_days = 0;       // consumption cycle; 0 = not a replenishment product
  uint32_t popularity = 1;  // relative share of purchases
  bool replenishment() const { return cycle_days > 0; }
  bool apparel() const { return category == "服饰" || category == "鞋靴"; }
};

// About forty products, in a fixed order (indexes are stable for a release).
std::span<const Product> demo_products();

// A shop coupon: `value` off when the goods reach `threshold` (满减), or
// `percent_off` percent off (rounded down to the fen) when that is non-zero.
struct Coupon {
  std::string_view code;
  int64_t threshold = 0;  // fen
  int64_t value = 0;      // fen
  int percent_off = 0;
  // Promotion day the coupon belongs to ("06-18", "11-11", "12-12"), or empty.
  std::string_view promotion;
  // Only on a customer's first order.
  bool first_order_only = false;
};
std::span<const Coupon> demo_coupons();

struct RefundReason {
  std::string_view text;  // 尺码不合适, 质量问题, 不想要了, ...
  bool full = true;       // a reason for refunding the whole order (else part of it)
  bool apparel_only = false;
};
std::span<const RefundReason> demo_refund_reasons();

// Calendar days (month, day) of the shop's big promotions: 618, 双11, 双12.
struct PromotionDay {
  unsigned month = 0;
  unsigned day = 0;
};
std::span<const PromotionDay> demo_promotion_days();

}  // namespace guanxi::demo
