#include "store/orders_table.hpp"

#include "store/query.hpp"

namespace guanxi::store {

namespace {

Status insert_items(Connection& db, int64_t order_id, const std::vector<OrderItemRecord>& items) {
  for (const auto& it : items) {
    Query q(db,
            "INSERT INTO order_items (order_id, line_no, sku, product_name, category, quantity, "
            "unit_price) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)");
    q.bind(order_id, it.line_no, it.sku, it.product_name, it.category, it.quantity, it.unit_price);
    GX_RETURN_IF_ERROR(q.run());
  }
  return Status::ok();
}

constexpr const char* kOrderSelect =
    "SELECT id, shop_id, platform, external_id, customer_id, status, created_at, paid_at, "
    "shipped_at, "
    "completed_at, currency, goods_amount, discount_amount, shipping_fee, paid_amount, "
    "refunded_amount, "
    "coupon_code, refund_reason, receiver_name, receiver_phone, receiver_address, content_hash, "
    "inserted_at, "
    "updated_at FROM orders ";

OrderRecord read_order(const Query& q) {
  OrderRecord o;
  o.id = q.i64(0);
  o.shop_id = q.i64(1);
  o.platform = q.text(2);
  o.external_id = q.text(3);
  o.customer_id = q.i64(4);
  o.status = q.text(5);
  o.created_at = q.opt_i64(6);
  o.paid_at = q.opt_i64(7);
  o.shipped_at = q.opt_i64(8);
  o.completed_at = q.opt_i64(9);
  o.currency = q.text(10);
  o.goods_amount = q.i64(11);
  o.discount_amount = q.i64(12);
  o.shipping_fee = q.i64(13);
  o.paid_amount = q.i64(14);
  o.refunded_amount = q.i64(15);
  o.coupon_code = q.text(16);
  o.refund_reason = q.text(17);
  o.receiver_name = q.text(18);
  o.receiver_phone = q.text(19);
  o.receiver_address = q.text(20);
  o.content_hash = q.i64(21);
  o.inserted_at = q.i64(22);
  o.updated_at = q.i64(23);
  return o;
}

Status load_items(Connection& db, OrderRecord& o) {
  Query q(db,
          "SELECT line_no, sku, product_name, category, quantity, unit_price FROM order_items "
          "WHERE order_id = ? ORDER BY line_no");
  q.bind(o.id);
  while (q.next())
    o.items.push_back({q.i64(0), q.text(1), q.text(2), q.text(3), q.i64(4), q.i64(5)});
  return q.status();
}

}  // namespace

Result<std::optional<OrderKeyRecord>> find_order_key(Connection& db, int64_t shop,
                                                     std::string_view platform,
                                                     std::string_view external_id) {
  Query q(db,
          "SELECT id, customer_id, status, paid_at, refunded_amount, content_hash FROM orders "
          "WHERE shop_id = ? AND platform = ? AND external_id = ?");
  q.bind(shop, platform, external_id);
  if (q.next()) {
    return std::optional<OrderKeyRecord>(
        OrderKeyRecord{q.i64(0), q.i64(1), q.text(2), q.opt_i64(3), q.i64(4), q.i64(5)});
  }
  GX_RETURN_IF_ERROR(q.status());
  return std::optional<OrderKeyRecord>();
}

Result<int64_t> insert_order(Connection& db, const OrderRecord& o) {
  int64_t id = 0;
  {
    Query q(db,
            "INSERT INTO orders (shop_id, platform, external_id, customer_id, status, created_at, "
            "paid_at, "
            "shipped_at, completed_at, currency, goods_amount, discount_amount, shipping_fee, "
            "paid_amount, "
            "refunded_amount, coupon_code, refund_reason, receiver_name, receiver_phone, "
            "receiver_address, "
            "content_hash, inserted_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ");
    q.bind(o.shop_id, o.platform, o.external_id, o.customer_id, o.status, o.created_at, o.paid_at,
           o.shipped_at, o.completed_at, o.currency, o.goods_amount, o.discount_amount,
           o.shipping_fee, o.paid_amount, o.refunded_amount, o.coupon_code, o.refund_reason,
           o.receiver_name, o.receiver_phone, o.receiver_address, o.content_hash, o.inserted_at,
           o.updated_at);
    GX_ASSIGN_OR_RETURN(id, q.insert_row("orders"));
  }
  GX_RETURN_IF_ERROR(insert_items(db, id, o.items));
  return id;
}

Status update_order(Connection& db, const OrderRecord& o) {
  {
    Query q(
        db,
        "UPDATE orders SET customer_id = ?, status = ?, created_at = ?, paid_at = ?, shipped_at = "
        "?, "
        "completed_at = ?, currency = ?, goods_amount = ?, discount_amount = ?, shipping_fee = ?, "
        "paid_amount = ?, refunded_amount = ?, coupon_code = ?, refund_reason = ?, receiver_name = "
        "?, "
        "receiver_phone = ?, receiver_address = ?, content_hash = ?, updated_at = ? "
        "WHERE shop_id = ? AND id = ?");
    q.bind(o.customer_id, o.status, o.created_at, o.paid_at, o.shipped_at, o.completed_at,
           o.currency, o.goods_amount, o.discount_amount, o.shipping_fee, o.paid_amount,
           o.refunded_amount, o.coupon_code, o.refund_reason, o.receiver_name, o.receiver_phone,
           o.receiver_address, o.content_hash, o.updated_at, o.shop_id, o.id);
    GX_RETURN_IF_ERROR(q.run());
  }
  {
    Query q(db, "DELETE FROM order_items WHERE order_id = ?");
    q.bind(o.id);
    GX_RETURN_IF_ERROR(q.run());
  }
  return insert_items(db, o.id, o.items);
}

Result<std::optional<OrderRecord>> find_order(Connection& db, int64_t shop, int64_t id) {
  static const std::string sql = std::string(kOrderSelect) + "WHERE shop_id = ? AND id = ?";
  std::optional<OrderRecord> out;
  {
    Query q(db, sql);
    q.bind(shop, id);
    if (q.next()) out = read_order(q);
    GX_RETURN_IF_ERROR(q.status());
  }
  if (out) GX_RETURN_IF_ERROR(load_items(db, *out));
  return out;
}

Result<std::optional<int64_t>> find_order_id(Connection& db, int64_t shop,
                                             std::string_view platform,
                                             std::string_view external_id) {
  Query q(db, "SELECT id FROM orders WHERE shop_id = ? AND platform = ? AND external_id = ?");
  q.bind(shop, platform, external_id);
  return q.single_int64();
}

Result<std::vector<OrderRecord>> list_orders_of_customer(Connection& db, int64_t shop,
                                                         int64_t customer, int limit,
                                                         std::optional<int64_t> before_id) {
  static const std::string sql_first =
      std::string(kOrderSelect) +
      "WHERE shop_id = ? AND customer_id = ? ORDER BY created_at DESC, id DESC LIMIT ?";
  static const std::string sql_after =
      std::string(kOrderSelect) +
      "WHERE shop_id = ? AND customer_id = ? AND (created_at, id) < "
      "(SELECT created_at, id FROM orders WHERE id = ?) ORDER BY created_at DESC, id DESC LIMIT ?";
  std::vector<OrderRecord> out;
  {
    Query q(db, before_id ? sql_after : sql_first);
    if (before_id)
      q.bind(shop, customer, *before_id, limit);
    else
      q.bind(shop, customer, limit);
    while (q.next()) out.push_back(read_order(q));
    GX_RETURN_IF_ERROR(q.status());
  }
  for (auto& o : out) GX_RETURN_IF_ERROR(load_items(db, o));
  return out;
}

Result<std::vector<int64_t>> find_customers_by_order_number(Connection& db, int64_t shop,
                                                            std::string_view external_id) {
  Query q(db, "SELECT DISTINCT customer_id FROM orders WHERE shop_id = ? AND external_id = ?");
  q.bind(shop, external_id);
  std::vector<int64_t> out;
  while (q.next()) out.push_back(q.i64(0));
  GX_RETURN_IF_ERROR(q.status());
  return out;
}

Status move_orders(Connection& db, int64_t from, int64_t to) {
  Query q(db, "UPDATE orders SET customer_id = ? WHERE customer_id = ?");
  q.bind(to, from);
  return q.run();
}

Result<OrderAggregates> order_aggregates(Connection& db, int64_t customer) {
  // A purchase: paid (paid_at set) and not cancelled or fully refunded.
  Query q(db,
          "SELECT COUNT(*), "
          "COALESCE(SUM(CASE WHEN p THEN 1 ELSE 0 END), 0), "
          "COALESCE(SUM(CASE WHEN p THEN paid_amount ELSE 0 END), 0), "
          "COALESCE(SUM(CASE WHEN p THEN paid_amount - refunded_amount ELSE 0 END), 0), "
          "COALESCE(SUM(refunded_amount), 0), "
          "COALESCE(SUM(CASE WHEN refunded_amount > 0 THEN 1 ELSE 0 END), 0), "
          "MIN(CASE WHEN p THEN created_at END), MAX(CASE WHEN p THEN created_at END) "
          "FROM (SELECT paid_amount, refunded_amount, created_at, "
          "(paid_at IS NOT NULL AND status NOT IN ('cancelled', 'refunded')) AS p "
          "FROM orders WHERE customer_id = ?) o");
  q.bind(customer);
  OrderAggregates a;
  if (q.next()) {
    a.order_count = q.i64(0);
    a.purchase_count = q.i64(1);
    a.total_paid = q.i64(2);
    a.net_revenue = q.i64(3);
    a.total_refunded = q.i64(4);
    a.refund_count = q.i64(5);
    a.first_order_at = q.opt_i64(6);
    a.last_order_at = q.opt_i64(7);
  }
  GX_RETURN_IF_ERROR(q.status());
  return a;
}

Result<int64_t> count_orders(Connection& db, int64_t shop) {
  Query q(db, "SELECT COUNT(*) FROM orders WHERE shop_id = ?");
  q.bind(shop);
  GX_ASSIGN_OR_RETURN(auto n, q.single_int64());
  return n.value_or(0);
}

Status ensure_product(Connection& db, int64_t shop, std::string_view sku, std::string_view name,
                      std::string_view category, std::string_view currency, int64_t now) {
  Query q(db,
          "INSERT INTO products (shop_id, sku, name, category, currency, created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (shop_id, sku) DO NOTHING");
  q.bind(shop, sku, name, category, currency, now, now);
  return q.run();
}

Result<int64_t> upsert_product(Connection& db, int64_t shop, const ProductRecord& p, int64_t now) {
  Query q(db,
          "INSERT INTO products (shop_id, sku, name, category, list_price, currency, cycle_days, "
          "created_at, "
          "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (shop_id, sku) DO UPDATE SET "
          "name = excluded.name, category = excluded.category, list_price = excluded.list_price, "
          "currency = excluded.currency, cycle_days = excluded.cycle_days, updated_at = "
          "excluded.updated_at "
          "RETURNING id");
  q.bind(shop, p.sku, p.name, p.category, p.list_price, p.currency, p.cycle_days, now, now);
  GX_ASSIGN_OR_RETURN(auto id, q.single_int64());
  return id.value_or(0);
}

Result<std::vector<ProductRecord>> list_products(Connection& db, int64_t shop, int limit,
                                                 int64_t after_id) {
  Query q(db,
          "SELECT id, sku, name, category, list_price, currency, cycle_days FROM products "
          "WHERE shop_id = ? AND id > ? ORDER BY id LIMIT ?");
  q.bind(shop, after_id, limit);
  std::vector<ProductRecord> out;
  while (q.next()) {
    out.push_back(
        {q.i64(0), q.text(1), q.text(2), q.text(3), q.opt_i64(4), q.text(5), q.opt_i64(6)});
  }
  GX_RETURN_IF_ERROR(q.status());
  return out;
}

}  // namespace guanxi::store
