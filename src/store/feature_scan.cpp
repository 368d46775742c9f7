#include "store/feature_scan.hpp"

#include <string>

#include "store/query.hpp"

namespace guanxi::store {

namespace {

// Runs `sql` (whose `{sel}` stands for the customer-id condition) for the
// selection and calls `row` for every result row. Rows are reached through
// customer ids alone and customers of other shops are skipped by the caller:
// a shop_id condition lures SQLite's planner (no ANALYZE statistics) onto the
// (shop_id, ...) indexes and into a scan of the whole shop.
template <typename Row>
Status scan(Connection& db, const CustomerSelection& sel, std::string_view sql, Row&& row) {
  std::string text(sql);
  const bool by_list = !sel.ids.empty();
  const auto pos = text.find("{sel}");
  text.replace(pos, 5, by_list ? "IN (SELECT value FROM json_each(?))" : "BETWEEN ? AND ?");
  Query q(db, text);
  if (by_list) {
    std::string ids = "[";
    for (size_t i = 0; i < sel.ids.size(); ++i) {
      if (i > 0) ids += ',';
      ids += std::to_string(sel.ids[i]);
    }
    ids += ']';
    q.bind(ids);
  } else {
    q.bind(sel.lo, sel.hi);
  }
  while (q.next()) row(q);
  return q.status();
}

}  // namespace

Status scan_feature_profiles(Connection& db, const CustomerSelection& sel,
                             const std::function<void(const FeatureProfileRow&)>& row) {
  return scan(
      db, sel,
      "SELECT id, merged_into IS NOT NULL, gender, birthday, province, city, source_channel, "
      "signup_at, "
      "consent_sms, consent_email, consent_wechat, tier, attributes, shop_id, points_balance "
      "FROM customers "
      "WHERE id {sel} ORDER BY id",
      [&](Query& q) {
        if (q.i64(13) != sel.shop_id) return;
        FeatureProfileRow r;
        r.id = q.i64(0);
        r.merged = q.i64(1) != 0;
        r.gender = q.view(2);
        if (!q.is_null(3)) r.birthday = q.view(3);
        r.province = q.view(4);
        r.city = q.view(5);
        r.source_channel = q.view(6);
        r.signup_at = q.opt_i64(7);
        r.consent_sms = q.view(8);
        r.consent_email = q.view(9);
        r.consent_wechat = q.view(10);
        r.tier = q.view(11);
        r.attributes = q.view(12);
        r.points_balance = q.i64(14);
        row(r);
      });
}

Status scan_feature_orders(Connection& db, const CustomerSelection& sel,
                           const std::function<void(const FeatureOrderRow&)>& row) {
  return scan(db, sel,
              "SELECT customer_id, id, status, paid_at IS NOT NULL, COALESCE(created_at, paid_at, "
              "inserted_at), "
              "paid_amount, refunded_amount FROM orders WHERE customer_id {sel} "
              "ORDER BY customer_id",
              [&](Query& q) {
                FeatureOrderRow r;
                r.customer_id = q.i64(0);
                r.order_id = q.i64(1);
                r.status = q.view(2);
                r.paid = q.i64(3) != 0;
                r.dated_at = q.i64(4);
                r.paid_amount = q.i64(5);
                r.refunded_amount = q.i64(6);
                row(r);
              });
}

Status scan_feature_items(Connection& db, const CustomerSelection& sel,
                          const std::function<void(const FeatureItemRow&)>& row) {
  return scan(db, sel,
              "SELECT o.customer_id, o.id, i.sku, i.category, i.product_name FROM orders o "
              "JOIN order_items i ON i.order_id = o.id WHERE o.customer_id {sel} "
              "ORDER BY o.customer_id",
              [&](Query& q) {
                FeatureItemRow r;
                r.customer_id = q.i64(0);
                r.order_id = q.i64(1);
                r.sku = q.view(2);
                r.category = q.view(3);
                r.product_name = q.view(4);
                row(r);
              });
}

Status scan_feature_events(Connection& db, const CustomerSelection& sel,
                           const std::function<void(const FeatureEventRow&)>& row) {
  return scan(db, sel,
              "SELECT customer_id, name, occurred_at FROM events "
              "WHERE kind = 'track' AND customer_id {sel} ORDER BY customer_id",
              [&](Query& q) {
                FeatureEventRow r;
                r.customer_id = q.i64(0);
                r.name = q.view(1);
                r.occurred_at = q.i64(2);
                row(r);
              });
}

Status scan_feature_notes(Connection& db, const CustomerSelection& sel,
                          const std::function<void(const FeatureNoteRow&)>& row) {
  return scan(db, sel,
              "SELECT customer_id, id, occurred_at FROM notes WHERE customer_id {sel} "
              "ORDER BY customer_id",
              [&](Query& q) {
                row(FeatureNoteRow{q.i64(0), q.i64(1), q.i64(2)});
              });
}

Status scan_feature_tags(Connection& db, const CustomerSelection& sel,
                         const std::function<void(const FeatureLabelRow&)>& row) {
  return scan(db, sel,
              "SELECT ct.customer_id, t.name FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id "
              "WHERE ct.customer_id {sel} ORDER BY ct.customer_id",
              [&](Query& q) {
                row(FeatureLabelRow{q.i64(0), q.view(1)});
              });
}

Status scan_feature_identities(Connection& db, const CustomerSelection& sel,
                               const std::function<void(const FeatureLabelRow&)>& row) {
  return scan(db, sel,
              "SELECT customer_id, type FROM identities WHERE customer_id {sel} "
              "ORDER BY customer_id",
              [&](Query& q) {
                row(FeatureLabelRow{q.i64(0), q.view(1)});
              });
}

Result<int64_t> max_customer_id(Connection& db, int64_t shop) {
  Query q(db, "SELECT COALESCE(MAX(id), 0) FROM customers WHERE shop_id = ?");
  q.bind(shop);
  GX_ASSIGN_OR_RETURN(auto v, q.single_int64());
  return v.value_or(0);
}

}  // namespace guanxi::store
