// The demo shop's purchase history: which customers buy, how often, what,
// for how much, and what became of each order.
//
// The shape it aims for (and demo_test checks):
// - skewed repeat purchasing: about 4 in 10 buyers buy once; the others buy at
//   a rate drawn from a Pareto(4/3) tail times their tenure, so the top 5% of
//   customers bring roughly a third of the revenue;
// - replenishment buyers come back about one consumption cycle after the last
//   purchase (sometimes skipping one), some loyal buyers churn part way;
// - spikes on 618, 双11 and 双12; coupons on about one order in seven;
// - about 5% of paid orders refunded (apparel more often), fully or in part,
//   with a reason; a few cancelled before payment; orders of the last day may
//   be unpaid; older orders completed, recent ones paid or shipped;
// - a handful of customers once order with a household phone that belongs to
//   another customer, which merges the two profiles.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "demo/people.hpp"
#include "demo/shop_calendar.hpp"
#include "domain/model.hpp"

namespace guanxi::demo {

struct PlannedItem {
  uint16_t product = 0;  // index into demo_products()
  uint16_t quantity = 1;
  int64_t unit_price = 0;  // fen, after the listing's discount
};

struct PlannedOrder {
  uint32_t person = 0;
  uint32_t number = 0;  // position in chronological order; external ids derive from it
  uint32_t nth = 0;     // the person's 0-based purchase number
  Channel platform = Channel::kTaobao;
  domain::OrderStatus status = domain::OrderStatus::kCreated;
  Timestamp created_at{};
  std::optional<Timestamp> paid_at;
  std::optional<Timestamp> shipped_at;
  std::optional<Timestamp> completed_at;
  int64_t goods_amount = 0;  // fen
  int64_t discount_amount = 0;
  int64_t shipping_fee = 0;
  int64_t paid_amount = 0;  // 0 unless paid
  int64_t refunded_amount = 0;
  int8_t coupon = -1;              // index into demo_coupons(), -1 for none
  int8_t refund_reason = -1;       // index into demo_refund_reasons(), -1 for none
  bool relative_receives = false;  // the parcel goes to someone else in the household
  // The contact phone belongs to another person (a shared household phone).
  std::optional<uint32_t> household_phone_of;
  uint8_t item_count = 0;
  std::array<PlannedItem, 3> items{};

  std::span<const PlannedItem> lines() const { return {items.data(), item_count}; }
};

struct PurchasePlan {
  uint64_t salt = 0;                 // makes external ids differ between seeds
  std::vector<PlannedOrder> orders;  // by created_at, numbered 0..n-1
};

// Plans exactly `order_count` orders for the population within the window.
// Every order is at or after its buyer's sign-up and not after window.end().
// Deterministic for (seed, population, order_count, window).
PurchasePlan plan_purchases(const Population& population, int64_t order_count, uint64_t seed,
                            const HistoryWindow& window);

// The platform's order number for a planned order, unique per plan:
// taobao/tmall 19 digits, jd 12 digits, wechat "WX" + date + 10 digits,
// shopify "#" + number.
std::string external_order_id(const PurchasePlan& plan, const PlannedOrder& order,
                              const HistoryWindow& window);

}  // namespace guanxi::demo
