#include "segment/sql/facts_sql.hpp"

#include <algorithm>

namespace guanxi::segment::sql::detail {

size_t FactNeeds::window_index(int32_t window_days) {
  auto it = std::find(windows.begin(), windows.end(), window_days);
  if (it != windows.end()) return static_cast<size_t>(it - windows.begin());
  windows.push_back(window_days);
  return windows.size() - 1;
}

Fragment order_day_sql(std::string_view alias, const SqlContext& ctx) {
  Fragment f;
  const std::string a(alias);
  f.add("gx_local_day(COALESCE(" + a + ".created_at, " + a + ".paid_at, " + a + ".inserted_at), ");
  f.bind(ctx.zone).add(")");
  return f;
}

namespace {

// Orders of the shop's live customers dated on or before D. A purchase is
// paid (paid_at set) and neither cancelled nor refunded.
Fragment od_cte(const SqlContext& ctx) {
  Fragment f;
  f.add("od AS (SELECT * FROM (SELECT o.id AS oid, o.customer_id AS cid, ");
  f.add(order_day_sql("o", ctx));
  f.add(
      " AS day, CASE WHEN o.paid_at IS NOT NULL AND o.status NOT IN ('cancelled', 'refunded') "
      "THEN 1 ELSE 0 END AS purchase, o.paid_amount - o.refunded_amount AS net, "
      "o.refunded_amount AS refunded FROM orders o JOIN customers oc ON oc.id = o.customer_id "
      "WHERE oc.shop_id = ");
  f.bind(ctx.shop_id);
  f.add(" AND oc.merged_into IS NULL) WHERE day <= ");
  f.bind(ctx.as_of_day);
  f.add(")");
  return f;
}

Fragment agg_cte(const FactNeeds& needs, const SqlContext& ctx) {
  Fragment f;
  f.add(
      "agg AS (SELECT cid, SUM(purchase) AS orders, "
      "SUM(CASE WHEN purchase = 1 THEN net ELSE 0 END) AS revenue, ");
  f.bind(ctx.as_of_day).add(" - MIN(CASE WHEN purchase = 1 THEN day END) AS first_order_days, ");
  f.bind(ctx.as_of_day).add(" - MAX(CASE WHEN purchase = 1 THEN day END) AS last_order_days, ");
  f.add("SUM(CASE WHEN refunded > 0 THEN 1 ELSE 0 END) AS refunds, SUM(refunded) AS refund_amount");
  for (size_t i = 0; i < needs.windows.size(); ++i) {
    const std::string n = std::to_string(i);
    const int64_t first = window_first_day(ctx.as_of_day, needs.windows[i]);
    f.add(", SUM(CASE WHEN purchase = 1 AND day >= ")
        .bind(first)
        .add(" THEN 1 ELSE 0 END) AS orders_w" + n);
    f.add(", SUM(CASE WHEN purchase = 1 AND day >= ")
        .bind(first)
        .add(" THEN net ELSE 0 END) AS revenue_w" + n);
  }
  f.add(" FROM od GROUP BY cid)");
  return f;
}

Fragment items_cte() {
  Fragment f;
  f.add(
      "items AS (SELECT od.cid AS cid, "
      "COUNT(DISTINCT CASE WHEN i.sku <> '' THEN i.sku END) AS products, "
      "COUNT(DISTINCT CASE WHEN i.category <> '' THEN i.category END) AS categories "
      "FROM od JOIN order_items i ON i.order_id = od.oid WHERE od.purchase = 1 GROUP BY od.cid)");
  return f;
}

// RFM over purchasers (see model_settings.hpp). RANK() - 1 counts the rows
// ordered strictly before: strictly larger R, strictly smaller F and M. The
// mean comparisons stay in integers: R high <=> R*N < sum(R), and so on.
Fragment rfm_ctes() {
  Fragment f;
  f.add(
      "rfm_base AS (SELECT cid, last_order_days AS recency, orders AS purchases, revenue, "
      "COUNT(*) OVER () AS n, SUM(last_order_days) OVER () AS sum_r, "
      "SUM(orders) OVER () AS sum_f, SUM(revenue) OVER () AS sum_m, "
      "RANK() OVER (ORDER BY last_order_days DESC) - 1 AS larger_r, "
      "RANK() OVER (ORDER BY orders) - 1 AS smaller_f, "
      "RANK() OVER (ORDER BY revenue) - 1 AS smaller_m FROM agg WHERE orders > 0), ");
  f.add(
      "rfm_scored AS (SELECT cid, recency, purchases, revenue, "
      "1 + 5 * larger_r / n AS r, 1 + 5 * smaller_f / n AS f, 1 + 5 * smaller_m / n AS m, "
      "CASE WHEN revenue * n > sum_m THEN 0 ELSE 4 END + "
      "CASE WHEN recency * n < sum_r AND purchases * n > sum_f THEN 0 "
      "WHEN purchases * n > sum_f THEN 1 WHEN recency * n < sum_r THEN 2 ELSE 3 END AS grp_index "
      "FROM rfm_base), ");
  f.add("rfm AS (SELECT cid, recency, purchases, revenue, r, f, m, CASE grp_index");
  for (int i = 0; i < 8; ++i) {
    f.add(" WHEN " + std::to_string(i) + " THEN ").bind(std::string(kRfmGroups[i].zh));
  }
  f.add(" END AS grp FROM rfm_scored)");
  return f;
}

// ABC over purchasers ranked by revenue descending, then id ascending; `before`
// is the revenue of those ranked ahead. ceil(N * pct / 100) = (N * pct + 99) / 100.
Fragment abc_ctes(const SqlContext& ctx) {
  Fragment f;
  f.add(
      "abc_base AS (SELECT cid, revenue, COALESCE(SUM(revenue) OVER (ORDER BY revenue DESC, cid "
      "ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before, "
      "SUM(revenue) OVER () AS total, ROW_NUMBER() OVER (ORDER BY revenue DESC, cid) AS pos, "
      "COUNT(*) OVER () AS n FROM agg WHERE orders > 0), ");
  f.add("abc AS (SELECT cid, revenue, CASE WHEN total <= 0 THEN 'C' WHEN before * 100 < ");
  f.bind(static_cast<int64_t>(ctx.models.abc_a_pct)).add(" * total THEN 'A' WHEN before * 100 < ");
  f.bind(static_cast<int64_t>(ctx.models.abc_b_pct)).add(" * total THEN 'B' ELSE 'C' END AS cls, ");
  f.add("CASE WHEN pos <= (n * ").bind(static_cast<int64_t>(ctx.models.gold_pct));
  f.add(" + 99) / 100 THEN 1 ELSE 0 END AS gold, CASE WHEN pos > n - (n * ");
  f.bind(static_cast<int64_t>(ctx.models.drag_pct))
      .add(" + 99) / 100 THEN 1 ELSE 0 END AS drag FROM abc_base)");
  return f;
}

// Lifecycle of every live customer; med is the lower median of purchasers' revenue.
Fragment lifecycle_ctes(const SqlContext& ctx) {
  Fragment f;
  f.add(
      "med AS (SELECT revenue AS median FROM (SELECT revenue, ROW_NUMBER() OVER (ORDER BY revenue) "
      "AS pos, "
      "COUNT(*) OVER () AS n FROM agg WHERE orders > 0) WHERE pos = (n - 1) / 2 + 1), ");
  f.add(
      "lc AS (SELECT c.id AS cid, CASE WHEN COALESCE(a.orders, 0) = 0 THEN 'prospect' "
      "WHEN a.orders = 1 AND a.last_order_days <= ");
  f.bind(static_cast<int64_t>(ctx.models.new_days)).add(" THEN 'new' WHEN a.last_order_days <= ");
  f.bind(static_cast<int64_t>(ctx.models.active_days))
      .add(" THEN 'active' WHEN a.last_order_days <= ");
  f.bind(static_cast<int64_t>(ctx.models.at_risk_days));
  f.add(
      " THEN 'at_risk' WHEN a.orders >= 2 AND a.revenue >= (SELECT median FROM med) "
      "THEN 'high_value_churned' ELSE 'low_value_churned' END AS stage "
      "FROM customers c LEFT JOIN agg a ON a.cid = c.id WHERE c.shop_id = ");
  f.bind(ctx.shop_id).add(" AND c.merged_into IS NULL)");
  return f;
}

}  // namespace

Fragment with_clause(const FactNeeds& needs, const SqlContext& ctx) {
  const bool agg = needs.agg || needs.rfm || needs.abc || needs.lifecycle;
  const bool od = needs.od || agg || needs.items;
  std::vector<Fragment> ctes;
  if (od) ctes.push_back(od_cte(ctx));
  if (agg) ctes.push_back(agg_cte(needs, ctx));
  if (needs.items) ctes.push_back(items_cte());
  if (needs.rfm) ctes.push_back(rfm_ctes());
  if (needs.abc) ctes.push_back(abc_ctes(ctx));
  if (needs.lifecycle) ctes.push_back(lifecycle_ctes(ctx));
  Fragment f;
  if (ctes.empty()) return f;
  f.add("WITH ");
  for (size_t i = 0; i < ctes.size(); ++i) {
    if (i > 0) f.add(", ");
    f.add(ctes[i]);
  }
  f.add(" ");
  return f;
}

}  // namespace guanxi::segment::sql::detail
