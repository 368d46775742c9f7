#include "store/loyalty_table.hpp"

#include "store/not_null.hpp"
#include "store/query.hpp"

namespace guanxi::store {

namespace {

using detail::not_null;

constexpr const char* kBatchSelect =
    "SELECT id, shop_id, name, kind, amount_off, percent_off, threshold, currency, valid_from, "
    "valid_until, valid_days, per_customer_limit, total_limit, code_prefix, status, issued, "
    "created_by, created_at, updated_at FROM coupon_batches ";

CouponBatchRecord read_batch(const Query& q) {
  CouponBatchRecord r;
  r.id = q.i64(0);
  r.shop_id = q.i64(1);
  r.name = q.text(2);
  r.kind = q.text(3);
  r.amount_off = q.i64(4);
  r.percent_off = q.i64(5);
  r.threshold = q.i64(6);
  r.currency = q.text(7);
  r.valid_from = q.opt_i64(8);
  r.valid_until = q.opt_i64(9);
  r.valid_days = q.opt_i64(10);
  r.per_customer_limit = q.i64(11);
  r.total_limit = q.opt_i64(12);
  r.code_prefix = q.text(13);
  r.status = q.text(14);
  r.issued = q.i64(15);
  r.created_by = q.text(16);
  r.created_at = q.i64(17);
  r.updated_at = q.i64(18);
  return r;
}

constexpr const char* kCouponSelect =
    "SELECT id, shop_id, batch_id, code, customer_id, source, status, valid_from, valid_until, "
    "issued_at, order_id, redeemed_at, actor FROM coupons ";

CouponRecord read_coupon(const Query& q) {
  CouponRecord r;
  r.id = q.i64(0);
  r.shop_id = q.i64(1);
  r.batch_id = q.i64(2);
  r.code = q.text(3);
  r.customer_id = q.i64(4);
  r.source = q.text(5);
  r.status = q.text(6);
  r.valid_from = q.i64(7);
  r.valid_until = q.i64(8);
  r.issued_at = q.i64(9);
  r.order_id = q.opt_i64(10);
  r.redeemed_at = q.opt_i64(11);
  r.actor = q.text(12);
  return r;
}

constexpr const char* kEntrySelect =
    "SELECT id, shop_id, customer_id, kind, delta, balance_after, remaining, expires_at, "
    "order_id, reason, source, actor, created_at FROM points_ledger ";

PointsEntryRecord read_entry(const Query& q) {
  PointsEntryRecord r;
  r.id = q.i64(0);
  r.shop_id = q.i64(1);
  r.customer_id = q.i64(2);
  r.kind = q.text(3);
  r.delta = q.i64(4);
  r.balance_after = q.i64(5);
  r.remaining = q.i64(6);
  r.expires_at = q.opt_i64(7);
  r.order_id = q.opt_i64(8);
  r.reason = q.text(9);
  r.source = q.text(10);
  r.actor = q.text(11);
  r.created_at = q.i64(12);
  return r;
}

constexpr const char* kReferralSelect =
    "SELECT id, shop_id, referrer_id, referred_id, status, source, actor, created_at "
    "FROM referrals ";

ReferralRecord read_referral(const Query& q) {
  ReferralRecord r;
  r.id = q.i64(0);
  r.shop_id = q.i64(1);
  r.referrer_id = q.i64(2);
  r.referred_id = q.i64(3);
  r.status = q.text(4);
  r.source = q.text(5);
  r.actor = q.text(6);
  r.created_at = q.i64(7);
  return r;
}

}  // namespace

// ---- coupon batches and coupons ---------------------------------------------

Result<int64_t> insert_coupon_batch(Connection& db, const CouponBatchRecord& r) {
  Query q(db,
          "INSERT INTO coupon_batches (shop_id, name, kind, amount_off, percent_off, threshold, "
          "currency, valid_from, valid_until, valid_days, per_customer_limit, total_limit, "
          "code_prefix, status, issued, created_by, created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)");
  q.bind(r.shop_id, r.name, r.kind, r.amount_off, r.percent_off, r.threshold, r.currency,
         r.valid_from, r.valid_until, r.valid_days, r.per_customer_limit, r.total_limit,
         not_null(r.code_prefix), r.status, not_null(r.created_by), r.created_at, r.updated_at);
  return q.insert_row("coupon_batches");
}

Status update_coupon_batch(Connection& db, const CouponBatchRecord& r) {
  Query q(db,
          "UPDATE coupon_batches SET name = ?, kind = ?, amount_off = ?, percent_off = ?, "
          "threshold = ?, currency = ?, valid_from = ?, valid_until = ?, valid_days = ?, "
          "per_customer_limit = ?, total_limit = ?, code_prefix = ?, status = ?, updated_at = ? "
          "WHERE shop_id = ? AND id = ?");
  q.bind(r.name, r.kind, r.amount_off, r.percent_off, r.threshold, r.currency, r.valid_from,
         r.valid_until, r.valid_days, r.per_customer_limit, r.total_limit, not_null(r.code_prefix),
         r.status, r.updated_at, r.shop_id, r.id);
  return q.run();
}

Status delete_coupon_batch(Connection& db, int64_t shop, int64_t batch) {
  Query q(db, "DELETE FROM coupon_batches WHERE shop_id = ? AND id = ?");
  q.bind(shop, batch);
  return q.run();
}

Result<std::optional<CouponBatchRecord>> find_coupon_batch(Connection& db, int64_t shop,
                                                           int64_t batch) {
  static const std::string sql = std::string(kBatchSelect) + "WHERE shop_id = ? AND id = ?";
  Query q(db, sql);
  q.bind(shop, batch);
  if (q.next()) return std::optional<CouponBatchRecord>(read_batch(q));
  GX_RETURN_IF_ERROR(q.status());
  return std::optional<CouponBatchRecord>();
}

Result<std::optional<int64_t>> find_coupon_batch_by_name(Connection& db, int64_t shop,
                                                         std::string_view name) {
  Query q(db, "SELECT id FROM coupon_batches WHERE shop_id = ? AND name = ?");
  q.bind(shop, not_null(name));
  return q.single_int64();
}

Result<std::vector<CouponBatchRecord>> list_coupon_batches(Connection& db, int64_t shop) {
  static const std::string sql = std::string(kBatchSelect) + "WHERE shop_id = ? ORDER BY id DESC";
  Query q(db, sql);
  q.bind(shop);
  std::vector<CouponBatchRecord> out;
  while (q.next()) out.push_back(read_batch(q));
  GX_RETURN_IF_ERROR(q.status());
  return out;
}

Status increment_batch_issued(Connection& db, int64_t batch) {
  Query q(db, "UPDATE coupon_batches SET issued = issued + 1 WHERE id = ?");
  q.bind(batch);
  return q.run();
}

Result<int64_t> count_customer_batch_coupons(Connection& db, int64_t batch, int64_t customer) {
  Query q(db, "SELECT COUNT(*) FROM coupons WHERE customer_id = ? AND batch_id = ?");
  q.bind(customer, batch);
  GX_ASSIGN_OR_RETURN(auto n, q.single_int64());
  return n.value_or(0);
}

Result<bool> coupon_code_exists(Connection& db, int64_t shop, std::string_view code) {
  Query q(db, "SELECT 1 FROM coupons WHERE shop_id = ? AND code = ?");
  q.bind(shop, not_null(code));
  GX_ASSIGN_OR_RETURN(auto found, q.single_int64());
  return found.has_value();
}

Result<int64_t> insert_coupon(Connection& db, const CouponRecord& r) {
  Query q(db,
          "INSERT INTO coupons (shop_id, batch_id, code, customer_id, source, status, valid_from, "
          "valid_until, issued_at, order_id, redeemed_at, actor) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(r.shop_id, r.batch_id, r.code, r.customer_id, r.source, r.status, r.valid_from,
         r.valid_until, r.issued_at, r.order_id, r.redeemed_at, not_null(r.actor));
  return q.insert_row("coupons");
}

Result<std::optional<CouponRecord>> find_coupon(Connection& db, int64_t shop, int64_t coupon) {
  static const std::string sql = std::string(kCouponSelect) + "WHERE shop_id = ? AND id = ?";
  Query q(db, sql);
  q.bind(shop, coupon);
  if (q.next()) return std::optional<CouponRecord>(read_coupon(q));
  GX_RETURN_IF_ERROR(q.status());
  return std::optional<CouponRecord>();
}

Result<std::optional<CouponRecord>> find_coupon_by_code(Connection& db, int64_t shop,
                                                        std::string_view code) {
  static const std::string sql = std::string(kCouponSelect) + "WHERE shop_id = ? AND code = ?";
  Query q(db, sql);
  q.bind(shop, not_null(code));
  if (q.next()) return std::optional<CouponRecord>(read_coupon(q));
  GX_RETURN_IF_ERROR(q.status());
  return std::optional<CouponRecord>();
}

Status mark_coupon_redeemed(Connection& db, int64_t coupon, int64_t order, int64_t redeemed_at) {
  Query q(db, "UPDATE coupons SET status = 'redeemed', order_id = ?, redeemed_at = ? WHERE id = ?");
  q.bind(order, redeemed_at, coupon);
  return q.run();
}

Result<std::vector<CouponRecord>> list_batch_coupons(Connection& db, int64_t shop, int64_t batch,
                                                     int64_t after_id, int limit,
                                                     std::string_view status) {
  static const std::string sql = std::string(kCouponSelect) +
                                 "WHERE batch_id = ? AND id > ? AND shop_id = ? "
                                 "AND (? = '' OR status = ?) ORDER BY id LIMIT ?";
  Query q(db, sql);
  q.bind(batch, after_id, shop, not_null(status), not_null(status), limit);
  std::vector<CouponRecord> out;
  while (q.next()) out.push_back(read_coupon(q));
  GX_RETURN_IF_ERROR(q.status());
  return out;
}

Result<std::vector<CouponRecord>> list_customer_coupons(Connection& db, int64_t shop,
                                                        int64_t customer, int limit) {
  static const std::string sql =
      std::string(kCouponSelect) + "WHERE customer_id = ? AND shop_id = ? ORDER BY id DESC LIMIT ?";
  Query q(db, sql);
  q.bind(customer, shop, limit);
  std::vector<CouponRecord> out;
  while (q.next()) out.push_back(read_coupon(q));
  GX_RETURN_IF_ERROR(q.status());
  return out;
}

Result<CustomerCouponCounts> count_customer_coupons(Connection& db, int64_t customer, int64_t now) {
  Query q(db,
          "SELECT COALESCE(SUM(CASE WHEN status = 'issued' THEN 1 ELSE 0 END), 0), "
          "COALESCE(SUM(CASE WHEN status = 'issued' AND valid_from <= ? AND valid_until > ? "
          "THEN 1 ELSE 0 END), 0), "
          "COALESCE(SUM(CASE WHEN status = 'redeemed' THEN 1 ELSE 0 END), 0) "
          "FROM coupons WHERE customer_id = ?");
  q.bind(now, now, customer);
  CustomerCouponCounts c;
  if (q.next()) {
    c.issued = q.i64(0);
    c.usable = q.i64(1);
    c.redeemed = q.i64(2);
  }
  GX_RETURN_IF_ERROR(q.status());
  return c;
}

Result<CouponBatchTotals> coupon_batch_totals(Connection& db, int64_t batch) {
  Query q(db,
          "SELECT COUNT(*), COALESCE(SUM(CASE WHEN c.status = 'redeemed' THEN 1 ELSE 0 END), 0), "
          "COALESCE(SUM(o.paid_amount - o.refunded_amount), 0), COALESCE(SUM(o.paid_amount), 0) "
          "FROM coupons c LEFT JOIN orders o ON o.id = c.order_id WHERE c.batch_id = ?");
  q.bind(batch);
  CouponBatchTotals t;
  if (q.next()) {
    t.issued = q.i64(0);
    t.redeemed = q.i64(1);
    t.revenue = q.i64(2);
    t.paid = q.i64(3);
  }
  GX_RETURN_IF_ERROR(q.status());
  return t;
}

Status move_coupons(Connection& db, int64_t from, int64_t to) {
  Query q(db, "UPDATE coupons SET customer_id = ? WHERE customer_id = ?");
  q.bind(to, from);
  return q.run();
}

Result<std::optional<CustomerLoyaltyRecord>> find_customer_loyalty(Connection& db, int64_t shop,
                                                                   int64_t customer, int64_t now) {
  Query q(db,
          "SELECT c.points_balance, (SELECT COUNT(*) FROM coupons k WHERE k.customer_id = c.id "
          "AND k.status = 'issued' AND k.valid_from <= ? AND k.valid_until > ?) "
          "FROM customers c WHERE c.shop_id = ? AND c.id = ?");
  q.bind(now, now, shop, customer);
  if (q.next())
    return std::optional<CustomerLoyaltyRecord>(CustomerLoyaltyRecord{q.i64(0), q.i64(1)});
  GX_RETURN_IF_ERROR(q.status());
  return std::optional<CustomerLoyaltyRecord>();
}

// ---- points -------------------------------------------------------------------

Result<std::optional<int64_t>> find_points_balance(Connection& db, int64_t shop, int64_t customer) {
  Query q(db, "SELECT points_balance FROM customers WHERE shop_id = ? AND id = ?");
  q.bind(shop, customer);
  return q.single_int64();
}

Status set_points_balance(Connection& db, int64_t shop, int64_t customer, int64_t balance) {
  Query q(db, "UPDATE customers SET points_balance = ? WHERE shop_id = ? AND id = ?");
  q.bind(balance, shop, customer);
  return q.run();
}

Result<int64_t> insert_points_entry(Connection& db, const PointsEntryRecord& r) {
  Query q(db,
          "INSERT INTO points_ledger (shop_id, customer_id, kind, delta, balance_after, remaining, "
          "expires_at, order_id, reason, source, actor, created_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(r.shop_id, r.customer_id, r.kind, r.delta, r.balance_after, r.remaining, r.expires_at,
         r.order_id, not_null(r.reason), not_null(r.source), not_null(r.actor), r.created_at);
  return q.insert_row("points_ledger");
}

Result<std::vector<PointsLot>> list_points_lots(Connection& db, int64_t customer) {
  Query q(db,
          "SELECT id, customer_id, remaining, expires_at FROM points_ledger "
          "WHERE customer_id = ? AND remaining > 0 "
          "ORDER BY CASE WHEN expires_at IS NULL THEN 1 ELSE 0 END, expires_at, id");
  q.bind(customer);
  std::vector<PointsLot> out;
  while (q.next()) out.push_back({q.i64(0), q.i64(1), q.i64(2), q.opt_i64(3)});
  GX_RETURN_IF_ERROR(q.status());
  return out;
}

Status set_lot_remaining(Connection& db, int64_t entry, int64_t remaining) {
  Query q(db, "UPDATE points_ledger SET remaining = ? WHERE id = ?");
  q.bind(remaining, entry);
  return q.run();
}

Result<std::vector<PointsLot>> list_expired_lots(Connection& db, int64_t shop, int64_t as_of) {
  Query q(db,
          "SELECT id, customer_id, remaining, expires_at FROM points_ledger "
          "WHERE shop_id = ? AND expires_at <= ? AND remaining > 0 AND expires_at IS NOT NULL "
          "ORDER BY customer_id, id");
  q.bind(shop, as_of);
  std::vector<PointsLot> out;
  while (q.next()) out.push_back({q.i64(0), q.i64(1), q.i64(2), q.opt_i64(3)});
  GX_RETURN_IF_ERROR(q.status());
  return out;
}

Result<OrderPoints> order_points(Connection& db, int64_t order) {
  Query q(db,
          "SELECT COALESCE(SUM(CASE WHEN kind = 'earn' THEN 1 ELSE 0 END), 0), "
          "COALESCE(SUM(CASE WHEN kind = 'earn' THEN delta ELSE 0 END), 0), "
          "COALESCE(SUM(CASE WHEN kind = 'reverse' THEN -delta ELSE 0 END), 0) "
          "FROM points_ledger WHERE order_id = ?");
  q.bind(order);
  OrderPoints p;
  if (q.next()) {
    p.earned = q.i64(0) > 0;
    p.earn = q.i64(1);
    p.reversed = q.i64(2);
  }
  GX_RETURN_IF_ERROR(q.status());
  return p;
}

Result<std::vector<PointsEntryRecord>> list_points_entries(Connection& db, int64_t shop,
                                                           int64_t customer, int64_t before_id,
                                                           int limit) {
  static const std::string sql =
      std::string(kEntrySelect) +
      "WHERE customer_id = ? AND id < ? AND shop_id = ? ORDER BY id DESC LIMIT ?";
  Query q(db, sql);
  q.bind(customer, before_id, shop, limit);
  std::vector<PointsEntryRecord> out;
  while (q.next()) out.push_back(read_entry(q));
  GX_RETURN_IF_ERROR(q.status());
  return out;
}

Status move_points_entries(Connection& db, int64_t from, int64_t to) {
  Query q(db, "UPDATE points_ledger SET customer_id = ? WHERE customer_id = ?");
  q.bind(to, from);
  return q.run();
}

// ---- referrals ----------------------------------------------------------------

Result<int64_t> insert_referral(Connection& db, const ReferralRecord& r) {
  Query q(db,
          "INSERT INTO referrals (shop_id, referrer_id, referred_id, status, source, actor, "
          "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  q.bind(r.shop_id, r.referrer_id, r.referred_id, r.status, not_null(r.source), not_null(r.actor),
         r.created_at);
  return q.insert_row("referrals");
}

Result<std::optional<ReferralRecord>> find_active_referral(Connection& db, int64_t referred) {
  static const std::string sql =
      std::string(kReferralSelect) + "WHERE referred_id = ? AND status = 'active'";
  Query q(db, sql);
  q.bind(referred);
  if (q.next()) return std::optional<ReferralRecord>(read_referral(q));
  GX_RETURN_IF_ERROR(q.status());
  return std::optional<ReferralRecord>();
}

Result<std::vector<ReferralRecord>> list_referrals_by(Connection& db, int64_t referrer, int limit) {
  static const std::string sql = std::string(kReferralSelect) +
                                 "WHERE referrer_id = ? AND status = 'active' ORDER BY id LIMIT ?";
  Query q(db, sql);
  q.bind(referrer, limit);
  std::vector<ReferralRecord> out;
  while (q.next()) out.push_back(read_referral(q));
  GX_RETURN_IF_ERROR(q.status());
  return out;
}

Result<int64_t> count_referrals_by(Connection& db, int64_t referrer) {
  Query q(db, "SELECT COUNT(*) FROM referrals WHERE referrer_id = ? AND status = 'active'");
  q.bind(referrer);
  GX_ASSIGN_OR_RETURN(auto n, q.single_int64());
  return n.value_or(0);
}

Status supersede_referral(Connection& db, int64_t referral) {
  Query q(db, "UPDATE referrals SET status = 'superseded' WHERE id = ?");
  q.bind(referral);
  return q.run();
}

Status move_referred(Connection& db, int64_t referral, int64_t to) {
  Query q(db, "UPDATE referrals SET referred_id = ? WHERE id = ?");
  q.bind(to, referral);
  return q.run();
}

Status move_referrer(Connection& db, int64_t from, int64_t to) {
  Query q(db, "UPDATE referrals SET referrer_id = ? WHERE referrer_id = ? AND status = 'active'");
  q.bind(to, from);
  return q.run();
}

Result<LoyaltyTotals> loyalty_totals(Connection& db, int64_t shop) {
  LoyaltyTotals t;
  {
    // Per live customer: purchases and whether an active referral brought them.
    Query q(db,
            "SELECT referred, COUNT(*), "
            "COALESCE(SUM(CASE WHEN purchases >= 1 THEN 1 ELSE 0 END), 0), "
            "COALESCE(SUM(CASE WHEN purchases >= 2 THEN 1 ELSE 0 END), 0) FROM ("
            "SELECT CASE WHEN EXISTS (SELECT 1 FROM referrals r WHERE r.referred_id = c.id "
            "AND r.status = 'active') THEN 1 ELSE 0 END AS referred, "
            "(SELECT COUNT(*) FROM orders o WHERE o.customer_id = c.id AND o.paid_at IS NOT NULL "
            "AND o.status NOT IN ('cancelled', 'refunded')) AS purchases "
            "FROM customers c WHERE c.shop_id = ? AND c.merged_into IS NULL) per_customer "
            "GROUP BY referred");
    q.bind(shop);
    while (q.next()) {
      ReferralGroupTotals& g = q.i64(0) != 0 ? t.referred : t.not_referred;
      g.customers = q.i64(1);
      g.purchasers = q.i64(2);
      g.repeat_purchasers = q.i64(3);
    }
    GX_RETURN_IF_ERROR(q.status());
  }
  {
    Query q(db,
            "SELECT COUNT(*), COUNT(DISTINCT referrer_id) FROM referrals "
            "WHERE shop_id = ? AND status = 'active'");
    q.bind(shop);
    if (q.next()) {
      t.referrals = q.i64(0);
      t.referrers = q.i64(1);
    }
    GX_RETURN_IF_ERROR(q.status());
  }
  {
    Query q(db,
            "SELECT COUNT(*), COALESCE(SUM(points_balance), 0) FROM customers "
            "WHERE shop_id = ? AND merged_into IS NULL AND points_balance > 0");
    q.bind(shop);
    if (q.next()) {
      t.customers_with_points = q.i64(0);
      t.points_outstanding = q.i64(1);
    }
    GX_RETURN_IF_ERROR(q.status());
  }
  return t;
}

Result<std::vector<ReferrerRow>> top_referrers(Connection& db, int64_t shop, int limit) {
  // Per active referral the referred customer's purchases, grouped by referrer.
  Query q(db,
          "SELECT x.referrer_id, c.name, x.referrals, x.purchasers, x.repeaters, "
          "(SELECT COUNT(*) FROM orders o WHERE o.customer_id = x.referrer_id "
          "AND o.paid_at IS NOT NULL AND o.status NOT IN ('cancelled', 'refunded')) AS own "
          "FROM (SELECT referrer_id, COUNT(*) AS referrals, "
          "SUM(CASE WHEN n >= 1 THEN 1 ELSE 0 END) AS purchasers, "
          "SUM(CASE WHEN n >= 2 THEN 1 ELSE 0 END) AS repeaters FROM ("
          "SELECT r.referrer_id, (SELECT COUNT(*) FROM orders o WHERE o.customer_id = "
          "r.referred_id AND o.paid_at IS NOT NULL AND o.status NOT IN ('cancelled', 'refunded')) "
          "AS n FROM referrals r WHERE r.shop_id = ? AND r.status = 'active') per_referral "
          "GROUP BY referrer_id) x JOIN customers c ON c.id = x.referrer_id "
          "ORDER BY x.referrals DESC, x.purchasers DESC, x.repeaters DESC, own DESC, "
          "x.referrer_id LIMIT ?");
  q.bind(shop, limit);
  std::vector<ReferrerRow> out;
  while (q.next()) {
    out.push_back({q.i64(0), q.text(1), q.i64(2), q.i64(3), q.i64(4), q.i64(5)});
  }
  GX_RETURN_IF_ERROR(q.status());
  return out;
}

}  // namespace guanxi::store
