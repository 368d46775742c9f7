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

Result<std::optional<CustomerCareFacts>> customer_care_facts(Connection& db, int64_t shop,
                                                             int64_t customer) {
  Query q(db, "SELECT name, tier, points_balance FROM customers WHERE id = ? AND shop_id = ?");
  q.bind(customer, shop);
  if (q.next()) return std::optional(CustomerCareFacts{q.text(0), q.text(1), q.i64(2)});
  GX_RETURN_IF_ERROR(q.status());
  return std::optional<CustomerCareFacts>();
}

Result<std::optional<ProductRef>> last_purchased_product(Connection& db, int64_t customer) {
  Query q(db,
          "SELECT i.sku, i.product_name, i.category FROM orders o JOIN order_items i ON "
          "i.order_id = o.id WHERE o.customer_id = ? AND o.paid_at IS NOT NULL AND o.status NOT "
          "IN ('cancelled', 'refunded') ORDER BY o.paid_at DESC, o.id DESC, i.line_no LIMIT 1");
  q.bind(customer);
  if (q.next()) return std::optional(ProductRef{q.text(0), q.text(1), q.text(2)});
  GX_RETURN_IF_ERROR(q.status());
  return std::optional<ProductRef>();
}

Result<std::vector<ProductRef>> top_products(Connection& db, int64_t shop,
                                             std::string_view category, int limit) {
  Query q(db,
          "SELECT i.sku, MAX(i.product_name), MAX(i.category) FROM orders o JOIN order_items i "
          "ON i.order_id = o.id WHERE o.shop_id = ? AND (? = '' OR i.category = ?) AND i.sku <> "
          "'' AND o.paid_at IS NOT NULL AND o.status NOT IN ('cancelled', 'refunded') GROUP BY "
          "i.sku ORDER BY COUNT(*) DESC, i.sku LIMIT ?");
  q.bind(shop, category, category, limit);
  std::vector<ProductRef> out;
  while (q.next()) out.push_back({q.text(0), q.text(1), q.text(2)});
  GX_RETURN_IF_ERROR(q.status());
  return out;
}

Result<bool> customer_bought_sku(Connection& db, int64_t customer, std::string_view sku) {
  Query q(db,
          "SELECT 1 FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.customer_id = ? "
          "AND i.sku = ? AND o.paid_at IS NOT NULL LIMIT 1");
  q.bind(customer, sku);
  if (q.next()) return true;
  GX_RETURN_IF_ERROR(q.status());
  return false;
}

// ---- facts for a batch of customers ----

Status scan_customer_facts(Connection& db, int64_t shop, int64_t lo, int64_t hi,
                           const std::function<void(const CustomerRowFacts&)>& visit) {
  Query q(db,
          "SELECT id, CASE WHEN merged_into IS NULL THEN 1 ELSE 0 END, name, tier, points_balance, "
          "consent_sms, consent_email, consent_wechat, shop_id FROM customers WHERE id BETWEEN ? "
          "AND ?");
  // The shop is checked here, not in SQL: with `shop_id = ?` there SQLite's planner
  // prefers the (shop_id, name) index and reads the whole shop per batch.
  q.bind(lo, hi);
  while (q.next()) {
    if (q.i64(8) != shop) continue;
    visit(CustomerRowFacts{q.i64(0), q.i64(1) != 0, q.view(2), q.view(3), q.i64(4), q.view(5),
                           q.view(6), q.view(7)});
  }
  return q.status();
}

Status scan_address_identities(
    Connection& db, int64_t shop, int64_t lo, int64_t hi,
    const std::function<void(int64_t customer, std::string_view type, std::string_view value,
                             bool suppressed)>& visit) {
  Query q(db,
          "SELECT i.customer_id, i.type, i.value, CASE WHEN s.address IS NULL THEN 0 ELSE 1 END "
          "FROM identities i LEFT JOIN suppressions s ON s.shop_id = ? AND s.address = i.value AND "
          "s.channel = CASE "
          "i.type WHEN 'phone' THEN 'sms' WHEN 'email' THEN 'email' ELSE 'wechat' END WHERE "
          "i.customer_id BETWEEN ? AND ? AND i.type IN ('phone', 'email', 'wechat_openid') ORDER "
          "BY i.customer_id, i.type, i.created_at, i.value");
  q.bind(shop, lo, hi);
  while (q.next()) visit(q.i64(0), q.view(1), q.view(2), q.i64(3) != 0);
  return q.status();
}

Status scan_live_messages(Connection& db, int64_t lo, int64_t hi, int64_t from, int64_t until,
                          const std::function<void(const LiveMessageRow&)>& visit) {
  Query q(db,
          "SELECT customer_id, channel, class, template_id, due_at FROM messages WHERE customer_id "
          "BETWEEN ? AND ? AND due_at BETWEEN ? AND ? AND status IN ('queued', 'held', 'sending', "
          "'sent', 'delivered')");
  q.bind(lo, hi, from, until);
  while (q.next()) visit(LiveMessageRow{q.i64(0), q.view(1), q.view(2), q.opt_i64(3), q.i64(4)});
  return q.status();
}

Status scan_journey_runs(Connection& db, int64_t journey, int64_t lo, int64_t hi,
                         const std::function<void(int64_t customer, std::string_view occurrence,
                                                  int64_t started)>& visit) {
  Query q(db,
          "SELECT customer_id, occurrence, started_at FROM journey_runs WHERE journey_id = ? AND "
          "customer_id BETWEEN ? AND ?");
  q.bind(journey, lo, hi);
  while (q.next()) visit(q.i64(0), q.view(1), q.i64(2));
  return q.status();
}

}  // namespace guanxi::store
