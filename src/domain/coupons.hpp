// Coupons (优惠券): batches that describe an offer, and unique codes issued
// from them one customer at a time. Rules:
// - A batch is amount off (minor units) or percent off (1..100), with a
//   threshold (minimum order amount), a currency, a validity — fixed
//   [valid_from, valid_until) or `valid_days` shop-local days from issue (issued
//   on day D: valid through the end of day D+N-1) — a per-customer limit
//   (coupons of the batch one customer may hold, default 1) and an optional
//   total limit. Status: active (issuing), paused, archived.
// - Codes: the batch's prefix, a dash, then 10 characters of an alphabet
//   without look-alikes (no 0/O, 1/I): "VIP-7K3M9XQ2HP". Unique per shop; a
//   collision draws again.
// - Redemption comes from orders: when upsert_order writes a paid order
//   (paid_at set) whose coupon_code names a coupon of the shop (ASCII case
//   and surrounding spaces ignored) that is not yet redeemed, held by the
//   order's buyer, valid at the order's paid_at, in the order's currency,
//   with the order amount (goods_amount, or paid + discount when the export
//   has no goods amount) at least the threshold, the coupon is marked
//   redeemed by that order (redeemed_at = paid_at) and a `coupon_redeemed`
//   change is appended. Coupons are personal: a code used by another customer
//   is not counted (a merge that joins the two profiles moves the coupon to
//   the survivor; orders written after that redeem it). Anything else is ignored:
//   orders carry platform coupon codes Guanxi never issued. Re-imports change
//   nothing; a later refund or cancellation does not un-redeem (the coupon
//   was consumed at payment; the batch report counts net revenue).
// Changes: coupon_batch_created / coupon_batch_updated / coupon_batch_deleted
// ({"batch_id", "name"}), coupon_issued and coupon_redeemed
// ({"coupon_id", "batch_id", "code", "source" | "order_id"}).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/context.hpp"

namespace guanxi::domain {

enum class CouponKind { kAmountOff, kPercentOff };
std::string_view coupon_kind_name(CouponKind kind);  // "amount", "percent"
Result<CouponKind> parse_coupon_kind(std::string_view name);

enum class CouponBatchStatus { kActive, kPaused, kArchived };
std::string_view coupon_batch_status_name(CouponBatchStatus s);  // "active", "paused", "archived"
Result<CouponBatchStatus> parse_coupon_batch_status(std::string_view name);

enum class CouponStatus { kIssued, kRedeemed };
std::string_view coupon_status_name(CouponStatus s);  // "issued", "redeemed"
Result<CouponStatus> parse_coupon_status(std::string_view name);

struct CouponBatchInput {
  std::string name;  // 1..100 bytes, unique in the shop
  CouponKind kind = CouponKind::kAmountOff;
  int64_t amount_off = 0;   // kAmountOff: 1..10^10 minor units
  int32_t percent_off = 0;  // kPercentOff: 1..100
  int64_t threshold = 0;    // minor units, ≥ 0
  std::string currency;     // empty: the shop's
  // Exactly one validity: valid_until (with an optional valid_from before it)
  // or valid_days (1..3650).
  std::optional<Timestamp> valid_from;
  std::optional<Timestamp> valid_until;
  std::optional<int32_t> valid_days;
  int32_t per_customer_limit = 1;      // 1..1000
  std::optional<int64_t> total_limit;  // 1..10^8; nullopt: unlimited
  std::string code_prefix;             // 0..12 of A-Z 0-9 (lowercase is upcased)
};

struct CouponBatch {
  int64_t id = 0;
  std::string name;
  CouponKind kind = CouponKind::kAmountOff;
  int64_t amount_off = 0;
  int32_t percent_off = 0;
  int64_t threshold = 0;
  std::string currency;
  std::optional<Timestamp> valid_from;
  std::optional<Timestamp> valid_until;
  std::optional<int32_t> valid_days;
  int32_t per_customer_limit = 1;
  std::optional<int64_t> total_limit;
  std::string code_prefix;
  CouponBatchStatus status = CouponBatchStatus::kActive;
  int64_t issued = 0;
  std::string created_by;
  Timestamp created_at{};
  Timestamp updated_at{};
};

// What may change on a batch once created (the offer itself may not: codes
// are out). Absent members stay.
struct CouponBatchPatch {
  std::optional<std::string> name;
  std::optional<CouponBatchStatus> status;
  std::optional<int32_t> per_customer_limit;
  std::optional<std::optional<int64_t>> total_limit;  // {nullopt}: unlimited; ≥ issued
};

// Validation failures are invalid_argument naming the field ("/percent_off");
// a taken name is already_exists.
Result<CouponBatch> create_coupon_batch(WriteContext& w, const CouponBatchInput& input);
Result<CouponBatch> update_coupon_batch(WriteContext& w, int64_t batch_id,
                                        const CouponBatchPatch& patch);
// Only a batch nothing was issued from can be deleted (conflict otherwise:
// archive it instead).
Status delete_coupon_batch(WriteContext& w, int64_t batch_id);
Result<CouponBatch> get_coupon_batch(ReadContext& ctx, int64_t batch_id);
// Newest first.
Result<std::vector<CouponBatch>> list_coupon_batches(ReadContext& ctx);

struct IssuedCoupon {
  int64_t id = 0;
  int64_t batch_id = 0;
  std::string code;
  CustomerId customer_id = 0;
  CouponKind kind = CouponKind::kAmountOff;
  int64_t amount_off = 0;
  int32_t percent_off = 0;
  int64_t threshold = 0;
  std::string currency;
  Timestamp valid_from{};
  Timestamp valid_until{};  // exclusive
  std::string source;
  CouponStatus status = CouponStatus::kIssued;
  Timestamp issued_at{};
  std::optional<OrderId> order_id;  // the redeeming order
  std::optional<Timestamp> redeemed_at;
};

// Issues one new code of the batch to a customer (a merged id resolves to the
// survivor) and appends `coupon_issued`. `source` is "api", "cli",
// "journey:ID" or "campaign:ID". Refusals are conflict (the request is
// well-formed but the batch's state forbids it): the batch is paused or
// archived, its fixed validity has ended, it is exhausted (total limit
// reached), or the customer already holds per_customer_limit of its coupons.
// An unknown batch or customer is not_found.
Result<IssuedCoupon> issue_coupon(WriteContext& w, int64_t batch_id, CustomerId customer,
                                  std::string_view source);

// issue_coupon with the random part of codes drawn from `draw` (tests: forced
// collisions). `draw` returns 10 characters of the code alphabet.
Result<IssuedCoupon> issue_coupon_with(WriteContext& w, int64_t batch_id, CustomerId customer,
                                       std::string_view source,
                                       const std::function<std::string()>& draw);

struct CouponPage {
  std::vector<IssuedCoupon> coupons;  // in issue order
  std::optional<int64_t> next_after;  // pass as `after` for the next page
};
// The codes of a batch with id > after, optionally only those in `status`. limit 1..1000.
Result<CouponPage> list_batch_coupons(ReadContext& ctx, int64_t batch_id, int limit,
                                      std::optional<int64_t> after = std::nullopt,
                                      std::optional<CouponStatus> status = std::nullopt);
// A customer's coupons, newest first. limit 1..1000.
Result<std::vector<IssuedCoupon>> list_customer_coupons(ReadContext& ctx, CustomerId customer,
                                                        int limit);

struct CustomerCouponSummary {
  int64_t held = 0;    // issued and not redeemed
  int64_t usable = 0;  // of those, valid now
  int64_t redeemed = 0;
};
Result<CustomerCouponSummary> customer_coupon_summary(ReadContext& ctx, CustomerId customer);

struct CouponBatchReport {
  int64_t batch_id = 0;
  int64_t issued = 0;
  int64_t redeemed = 0;
  std::optional<double> redemption_rate;  // redeemed / issued; nullopt when none issued
  int64_t revenue = 0;  // net (paid - refunded) of the redeeming orders, minor units
  int64_t paid = 0;     // paid amount of the redeeming orders
  std::string currency;
};
Result<CouponBatchReport> coupon_batch_report(ReadContext& ctx, int64_t batch_id);

}  // namespace guanxi::domain
