#include "store/tier_table.hpp"

#include <algorithm>
#include <memory>

#include "store/not_null.hpp"
#include "store/query.hpp"

namespace guanxi::store {

namespace {

using detail::not_null;

// Customers per UPDATE in set_customers_tier.
constexpr size_t kTierBatch = 256;

std::string tier_update_sql(size_t n) {
  std::string sql = "UPDATE customers SET tier = ? WHERE shop_id = ? AND id IN (";
  for (size_t i = 0; i < n; ++i) sql += i == 0 ? "?" : ", ?";
  sql += ")";
  return sql;
}

constexpr const char* kHistorySelect =
    "SELECT id, shop_id, customer_id, from_tier, to_tier, reason, order_id, revenue, purchases, "
    "actor, created_at FROM tier_history ";

TierHistoryRecord read_history(const Query& q) {
  TierHistoryRecord r;
  r.id = q.i64(0);
  r.shop_id = q.i64(1);
  r.customer_id = q.i64(2);
  r.from_tier = q.text(3);
  r.to_tier = q.text(4);
  r.reason = q.text(5);
  r.order_id = q.opt_i64(6);
  r.revenue = q.i64(7);
  r.purchases = q.i64(8);
  r.actor = q.text(9);
  r.created_at = q.i64(10);
  return r;
}

}  // namespace

Result<std::optional<std::string>> find_customer_tier(Connection& db, int64_t shop,
                                                      int64_t customer) {
  Query q(db, "SELECT tier FROM customers WHERE shop_id = ? AND id = ?");
  q.bind(shop, customer);
  if (q.next()) return std::optional<std::string>(q.text(0));
  GX_RETURN_IF_ERROR(q.status());
  return std::optional<std::string>();
}

Status set_customer_tier(Connection& db, int64_t shop, int64_t customer, std::string_view tier) {
  Query q(db, "UPDATE customers SET tier = ? WHERE shop_id = ? AND id = ?");
  q.bind(not_null(tier), shop, customer);
  return q.run();
}

Status set_customers_tier(Connection& db, int64_t shop, std::span<const int64_t> customers,
                          std::string_view tier) {
  static const std::string full_batch = tier_update_sql(kTierBatch);
  while (!customers.empty()) {
    const size_t n = std::min(customers.size(), kTierBatch);
    // Full batches reuse one cached statement; the last, shorter one is prepared once.
    auto q = n == kTierBatch ? std::make_unique<Query>(db, full_batch)
                             : std::make_unique<Query>(db, tier_update_sql(n), Query::Uncached{});
    q->bind(not_null(tier), shop);
    for (size_t i = 0; i < n; ++i) q->bind_at(static_cast<int>(i) + 3, customers[i]);
    GX_RETURN_IF_ERROR(q->run());
    customers = customers.subspan(n);
  }
  return Status::ok();
}

Result<PurchaseTotals> purchase_totals(Connection& db, int64_t customer, int64_t from_ms,
                                       int64_t until_ms) {
  Query q(
      db,
      "SELECT COUNT(*), COALESCE(SUM(paid_amount - refunded_amount), 0) FROM orders "
      "WHERE customer_id = ? AND paid_at IS NOT NULL AND status NOT IN ('cancelled', 'refunded') "
      "AND COALESCE(created_at, paid_at) >= ? AND COALESCE(created_at, paid_at) < ?");
  q.bind(customer, from_ms, until_ms);
  PurchaseTotals t;
  if (q.next()) {
    t.purchases = q.i64(0);
    t.revenue = q.i64(1);
  }
  GX_RETURN_IF_ERROR(q.status());
  return t;
}

Status scan_tier_standings(Connection& db, int64_t shop, int64_t from_ms, int64_t until_ms,
                           const std::function<Status(const TierStanding&)>& visit) {
  // Customers in id order, each joined to its purchases through the
  // orders (customer_id, created_at) index: no sort, no temporary table.
  Query q(db,
          "SELECT c.id, c.tier, COUNT(o.id), COALESCE(SUM(o.paid_amount - o.refunded_amount), 0) "
          "FROM customers c LEFT JOIN orders o ON o.customer_id = c.id AND o.paid_at IS NOT NULL "
          "AND o.status NOT IN ('cancelled', 'refunded') "
          "AND COALESCE(o.created_at, o.paid_at) >= ? AND COALESCE(o.created_at, o.paid_at) < ? "
          "WHERE c.shop_id = ? AND c.merged_into IS NULL GROUP BY c.id ORDER BY c.id");
  q.bind(from_ms, until_ms, shop);
  TierStanding s;
  while (q.next()) {
    s.customer_id = q.i64(0);
    s.tier = q.view(1);
    s.totals.purchases = q.i64(2);
    s.totals.revenue = q.i64(3);
    GX_RETURN_IF_ERROR(visit(s));
  }
  return q.status();
}

Result<int64_t> insert_tier_history(Connection& db, const TierHistoryRecord& r) {
  Query q(db,
          "INSERT INTO tier_history (shop_id, customer_id, from_tier, to_tier, reason, order_id, "
          "revenue, purchases, actor, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(r.shop_id, r.customer_id, r.from_tier, r.to_tier, r.reason, r.order_id, r.revenue,
         r.purchases, r.actor, r.created_at);
  return q.insert_row("tier_history");
}

Result<std::vector<TierHistoryRecord>> list_customer_tier_history(Connection& db, int64_t shop,
                                                                  int64_t customer, int limit) {
  static const std::string sql = std::string(kHistorySelect) +
                                 "WHERE customer_id = ? AND shop_id = ? ORDER BY id DESC LIMIT ?";
  Query q(db, sql);
  q.bind(customer, shop, limit);
  std::vector<TierHistoryRecord> out;
  while (q.next()) out.push_back(read_history(q));
  GX_RETURN_IF_ERROR(q.status());
  return out;
}

Result<std::vector<TierHistoryRecord>> list_tier_history(Connection& db, int64_t shop,
                                                         std::optional<int64_t> before_id,
                                                         int limit) {
  static const std::string sql =
      std::string(kHistorySelect) + "WHERE shop_id = ? AND id < ? ORDER BY id DESC LIMIT ?";
  Query q(db, sql);
  q.bind(shop, before_id.value_or(INT64_MAX), limit);
  std::vector<TierHistoryRecord> out;
  while (q.next()) out.push_back(read_history(q));
  GX_RETURN_IF_ERROR(q.status());
  return out;
}

Result<std::vector<std::pair<std::string, int64_t>>> count_customers_by_tier(Connection& db,
                                                                             int64_t shop) {
  Query q(db,
          "SELECT tier, COUNT(*) FROM customers WHERE shop_id = ? AND merged_into IS NULL "
          "GROUP BY tier ORDER BY tier");
  q.bind(shop);
  std::vector<std::pair<std::string, int64_t>> out;
  while (q.next()) out.emplace_back(q.text(0), q.i64(1));
  GX_RETURN_IF_ERROR(q.status());
  return out;
}

}  // namespace guanxi::store
