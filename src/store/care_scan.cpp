#include "store/care_scan.hpp"

#include "store/query.hpp"

namespace guanxi::store {

Status scan_birthdays(Connection& db, int64_t shop, bool lunar, std::span<const std::string> mmdd,
                      const std::function<void(int64_t customer)>& visit) {
  for (const auto& key : mmdd) {
    // One Query per key: a finished statement is reset by a new Query, not by bind().
    Query q(db,
            "SELECT id FROM customers WHERE shop_id = ? AND merged_into IS NULL AND birthday IS "
            "NOT NULL AND birthday_lunar = ? AND substr(birthday, -5) = ?");
    q.bind(shop, lunar ? 1 : 0, key);
    while (q.next()) visit(q.i64(0));
    GX_RETURN_IF_ERROR(q.status());
  }
  return Status::ok();
}

Status scan_signups(Connection& db, int64_t shop,
                    const std::function<void(int64_t customer, int64_t signup_ms)>& visit) {
  Query q(db,
          "SELECT id, signup_at FROM customers WHERE shop_id = ? AND merged_into IS NULL AND "
          "signup_at IS NOT NULL");
  q.bind(shop);
  while (q.next()) visit(q.i64(0), q.i64(1));
  return q.status();
}

Status scan_purchase_span(
    Connection& db, int64_t shop,
    const std::function<void(int64_t customer, int64_t first_ms, int64_t last_ms)>& visit) {
  Query q(db,
          "SELECT o.customer_id, MIN(COALESCE(o.paid_at, o.created_at)), "
          "MAX(COALESCE(o.paid_at, o.created_at)) FROM orders o JOIN customers c ON c.id = "
          "o.customer_id WHERE o.shop_id = ? AND c.merged_into IS NULL AND o.paid_at IS NOT NULL "
          "AND o.status NOT IN ('cancelled', 'refunded') GROUP BY o.customer_id");
  q.bind(shop);
  while (q.next()) visit(q.i64(0), q.i64(1), q.i64(2));
  return q.status();
}

Status scan_cycle_purchases(Connection& db, int64_t shop,
                            const std::function<void(const ProductPurchase&)>& visit) {
  Query q(db,
          "SELECT o.customer_id, p.sku, p.name, p.cycle_days, MAX(COALESCE(o.paid_at, "
          "o.created_at)) AS last_at, i.quantity FROM products p JOIN order_items i ON i.sku = "
          "p.sku JOIN orders o ON o.id = i.order_id AND o.shop_id = p.shop_id JOIN customers c "
          "ON c.id = o.customer_id WHERE p.shop_id = ? AND p.cycle_days > 0 AND o.paid_at IS NOT "
          "NULL AND o.status NOT IN ('cancelled', 'refunded') AND c.merged_into IS NULL GROUP BY "
          "o.customer_id, p.sku");
  q.bind(shop);
  while (q.next()) {
    ProductPurchase p;
    p.customer = q.i64(0);
    p.sku = q.view(1);
    p.name = q.view(2);
    p.cycle_days = q.i64(3);
    p.last_ms = q.i64(4);
    p.quantity = q.i64(5);
    visit(p);
  }
  return q.status();
}

Status scan_live_customers(Connection& db, int64_t shop,
                           const std::function<void(int64_t customer)>& visit) {
  Query q(db, "SELECT id FROM customers WHERE shop_id = ? AND merged_into IS NULL ORDER BY id");
  q.bind(shop);
  while (q.next()) visit(q.i64(0));
  return q.status();
}

}  // namespace guanxi::store
