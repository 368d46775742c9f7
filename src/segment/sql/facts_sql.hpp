// The per-customer facts a rule can ask about, as SQL common table
// expressions: the single place where the SQL side defines an order's day, a
// purchase, a window, the aggregates and the RFM / ABC / lifecycle models.
// Internal to segment/sql (the compiler and models_sql build on it).
//
// CTEs and their columns (each only emitted when needed, with its inputs):
//   od(oid, cid, day, purchase, net, refunded)  orders of live customers of the
//        shop dated <= D; purchase is 0/1, net = paid - refunded
//   agg(cid, orders, revenue, first_order_days, last_order_days, refunds,
//       refund_amount, orders_w<i>, revenue_w<i>)  one row per customer with an
//        order dated <= D (first/last_order_days NULL without a purchase)
//   items(cid, products, categories)  distinct non-empty skus / categories of
//        the items of purchases
//   rfm(cid, recency, purchases, revenue, r, f, m, grp)  purchasers only
//   abc(cid, revenue, cls, gold, drag)  purchasers only
//   lc(cid, stage)  every live customer
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "segment/sql/sql_compiler.hpp"

namespace guanxi::segment::sql::detail {

// A piece of SQL and the parameters of its "?" placeholders, in order.
struct Fragment {
  std::string sql;
  std::vector<SqlParam> params;

  Fragment& add(std::string_view text) {
    sql += text;
    return *this;
  }
  Fragment& add(const Fragment& other) {
    sql += other.sql;
    params.insert(params.end(), other.params.begin(), other.params.end());
    return *this;
  }
  // Appends a placeholder bound to `value`.
  Fragment& bind(SqlParam value) {
    sql += '?';
    params.push_back(std::move(value));
    return *this;
  }
};

// The window Nd as of day D covers days D-N+1 .. D: its first day. Windows
// must be >= 1 day (checked by the compiler).
inline int64_t window_first_day(int32_t as_of_day, int32_t window_days) {
  return static_cast<int64_t>(as_of_day) - window_days + 1;
}

// Which CTEs a query needs. Dependencies (agg needs od, rfm needs agg, ...)
// are resolved by with_clause().
struct FactNeeds {
  bool od = false;
  bool agg = false;
  bool items = false;
  bool rfm = false;
  bool abc = false;
  bool lifecycle = false;
  std::vector<int32_t> windows;  // window lengths of orders(Nd) / revenue(Nd): columns *_w<index>

  // The index of the agg columns orders_w<i> / revenue_w<i> for a window, added when new.
  size_t window_index(int32_t window_days);
};

// "WITH ... " (with a trailing space) for the needed CTEs, or empty when none.
Fragment with_clause(const FactNeeds& needs, const SqlContext& ctx);

// The shop-local day of an order: COALESCE(created_at, paid_at, inserted_at).
// `alias` is the orders table alias; the zone is bound.
Fragment order_day_sql(std::string_view alias, const SqlContext& ctx);

}  // namespace guanxi::segment::sql::detail
