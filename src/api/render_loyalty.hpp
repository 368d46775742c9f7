// Loyalty values -> response JSON (coupons, points, referrals, the loyalty
// report), with the conventions of render.hpp: money in minor units beside a
// currency, instants in UTC ISO 8601 with "<name>_local" twins, absent values
// null. Shared by the API and the CLI's --json output.
#pragma once

#include "core/json.hpp"
#include "core/time.hpp"
#include "domain/coupons.hpp"
#include "domain/points.hpp"
#include "domain/referrals.hpp"

namespace guanxi::api {

// {id, name, kind, amount_off, percent_off, threshold, currency, valid_from,
// valid_until, valid_days, per_customer_limit, total_limit, code_prefix,
// status, issued, created_by, created_at, updated_at}.
Json render_coupon_batch(const domain::CouponBatch& b, const ShopZone& zone);
// {id, batch_id, code, customer_id, kind, amount_off, percent_off, threshold,
// currency, valid_from, valid_until, source, status, issued_at, order_id, redeemed_at}.
Json render_coupon(const domain::IssuedCoupon& c, const ShopZone& zone);
// {batch_id, issued, redeemed, redemption_rate, revenue, paid, currency}.
Json render_coupon_report(const domain::CouponBatchReport& r);

// {id, customer_id, kind, delta, balance_after, remaining, expires_at,
// order_id, reason, source, actor, at}.
Json render_points_entry(const domain::PointsEntry& e, const ShopZone& zone);
// {customer_id, balance, items: [entries], next_cursor}.
Json render_points_account(const domain::PointsAccount& a, const ShopZone& zone);
Json render_points_expiry(const domain::PointsExpiry& e);

// {id, referrer_id, referred_id, source, actor, at}.
Json render_referral(const domain::Referral& r, const ShopZone& zone);
// {customer_id, referred_by, referral_count, referred: [...]}.
Json render_customer_referrals(const domain::CustomerReferrals& r, const ShopZone& zone);
// {referrals, customers_with_referrals, referred {...}, not_referred {...},
// customers_with_points, points_outstanding, top_referrers: [...]}.
Json render_loyalty_report(const domain::LoyaltyReport& r);

}  // namespace guanxi::api
