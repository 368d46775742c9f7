#include "api/render_loyalty.hpp"

#include "api/render.hpp"

namespace guanxi::api {

namespace {

Json render_group(const domain::LoyaltyGroup& g) {
  return {{"customers", g.customers},
          {"purchasers", g.purchasers},
          {"repeat_purchasers", g.repeat_purchasers},
          {"repeat_rate", optional_value(g.repeat_rate)}};
}

}  // namespace

Json render_coupon_batch(const domain::CouponBatch& b, const ShopZone& zone) {
  Json j = {
      {"id", b.id},
      {"name", b.name},
      {"kind", domain::coupon_kind_name(b.kind)},
      {"amount_off", b.amount_off},
      {"percent_off", b.percent_off},
      {"threshold", b.threshold},
      {"currency", b.currency},
      {"valid_days", optional_value(b.valid_days)},
      {"per_customer_limit", b.per_customer_limit},
      {"total_limit", optional_value(b.total_limit)},
      {"code_prefix", b.code_prefix},
      {"status", domain::coupon_batch_status_name(b.status)},
      {"issued", b.issued},
      {"created_by", b.created_by},
  };
  put_time(j, "valid_from", b.valid_from, zone);
  put_time(j, "valid_until", b.valid_until, zone);
  put_time(j, "created_at", b.created_at, zone);
  put_time(j, "updated_at", b.updated_at, zone);
  return j;
}

Json render_coupon(const domain::IssuedCoupon& c, const ShopZone& zone) {
  Json j = {
      {"id", c.id},
      {"batch_id", c.batch_id},
      {"code", c.code},
      {"customer_id", c.customer_id},
      {"kind", domain::coupon_kind_name(c.kind)},
      {"amount_off", c.amount_off},
      {"percent_off", c.percent_off},
      {"threshold", c.threshold},
      {"currency", c.currency},
      {"source", c.source},
      {"status", domain::coupon_status_name(c.status)},
      {"order_id", optional_value(c.order_id)},
  };
  put_time(j, "valid_from", c.valid_from, zone);
  put_time(j, "valid_until", c.valid_until, zone);
  put_time(j, "issued_at", c.issued_at, zone);
  put_time(j, "redeemed_at", c.redeemed_at, zone);
  return j;
}

Json render_coupon_report(const domain::CouponBatchReport& r) {
  return {{"batch_id", r.batch_id}, {"issued", r.issued},
          {"redeemed", r.redeemed}, {"redemption_rate", optional_value(r.redemption_rate)},
          {"revenue", r.revenue},   {"paid", r.paid},
          {"currency", r.currency}};
}

Json render_points_entry(const domain::PointsEntry& e, const ShopZone& zone) {
  Json j = {
      {"id", e.id},
      {"customer_id", e.customer_id},
      {"kind", domain::points_kind_name(e.kind)},
      {"delta", e.delta},
      {"balance_after", e.balance_after},
      {"remaining", e.remaining},
      {"order_id", optional_value(e.order_id)},
      {"reason", e.reason},
      {"source", e.source},
      {"actor", e.actor},
  };
  put_time(j, "expires_at", e.expires_at, zone);
  put_time(j, "at", e.at, zone);
  return j;
}

Json render_points_account(const domain::PointsAccount& a, const ShopZone& zone) {
  Json items = Json::array();
  for (const auto& e : a.entries) items.push_back(render_points_entry(e, zone));
  return {{"customer_id", a.customer_id},
          {"balance", a.balance},
          {"items", std::move(items)},
          {"next_cursor", optional_value(a.next_before)}};
}

Json render_points_expiry(const domain::PointsExpiry& e) {
  return {{"customers", e.customers}, {"points", e.points}, {"lots", e.lots}};
}

Json render_referral(const domain::Referral& r, const ShopZone& zone) {
  Json j = {{"id", r.id},
            {"referrer_id", r.referrer_id},
            {"referred_id", r.referred_id},
            {"source", r.source},
            {"actor", r.actor}};
  put_time(j, "at", r.at, zone);
  return j;
}

Json render_customer_referrals(const domain::CustomerReferrals& r, const ShopZone& zone) {
  Json referred = Json::array();
  for (const auto& x : r.referred) referred.push_back(render_referral(x, zone));
  return {{"customer_id", r.customer_id},
          {"referred_by", r.referred_by ? render_referral(*r.referred_by, zone) : Json(nullptr)},
          {"referral_count", r.referral_count},
          {"referred", std::move(referred)}};
}

Json render_loyalty_report(const domain::LoyaltyReport& r) {
  Json top = Json::array();
  for (const auto& t : r.top_referrers) {
    top.push_back({{"customer_id", t.customer_id},
                   {"name", t.name},
                   {"referrals", t.referrals},
                   {"referred_purchasers", t.referred_purchasers},
                   {"referred_repeat_purchasers", t.referred_repeat_purchasers},
                   {"purchases", t.purchases}});
  }
  return {{"referrals", r.referrals},
          {"customers_with_referrals", r.customers_with_referrals},
          {"referred", render_group(r.referred)},
          {"not_referred", render_group(r.not_referred)},
          {"customers_with_points", r.customers_with_points},
          {"points_outstanding", r.points_outstanding},
          {"top_referrers", std::move(top)}};
}

}  // namespace guanxi::api
