-- The peers' hand-written SQL for the rules in rules.txt: the same semantics
-- (src/segment/rule/ast.hpp, model_settings.hpp with default settings),
-- computed from the raw tables every time. One query per rule, after a line
-- "-- rule: NAME"; each returns one row: (members, sum of member ids).
--
-- Placeholders, filled in by each peer:
--   {D}                 the as-of day D: shop-local days since 1970-01-01
--   {until}             UTC ms of the shop-local midnight that starts D + 1
--   {since:N}           UTC ms of the shop-local midnight that starts D - N + 1,
--                       so a window Nd is  since:N <= t < until
--   {local_day(EXPR)}   the shop-local day of the UTC ms EXPR. SQLite:
--                       gx_local_day(EXPR, 'Asia/Shanghai'); DuckDB: the fixed
--                       +08:00 offset (Asia/Shanghai has had no DST since 1991).
--
-- A purchase: paid_at IS NOT NULL AND status NOT IN ('cancelled', 'refunded'),
-- dated COALESCE(created_at, paid_at), which must be < {until} (nothing after D
-- exists). Day predicates compare the instant with the midnight bounds, which
-- is the same as comparing local days (the mapping is monotone) and lets both
-- engines skip a per-row time-zone conversion; last_order_days converts only
-- the one latest instant per customer. Members are live customers
-- (merged_into IS NULL); the data has one shop, so shop_id is not filtered.

-- rule: high_value_lapsed
WITH f AS (
  SELECT customer_id, count(*) AS orders, sum(paid_amount - refunded_amount) AS revenue,
         max(COALESCE(created_at, paid_at)) AS last_ms
  FROM orders
  WHERE paid_at IS NOT NULL AND status NOT IN ('cancelled', 'refunded')
    AND COALESCE(created_at, paid_at) < {until}
  GROUP BY customer_id
)
SELECT count(*), COALESCE(sum(c.id), 0)
FROM f JOIN customers c ON c.id = f.customer_id
WHERE c.merged_into IS NULL
  AND f.revenue > 50000 AND {D} - {local_day(f.last_ms)} > 90 AND f.orders >= 3;

-- rule: recent_repeat
WITH p AS (
  SELECT customer_id, COALESCE(created_at, paid_at) AS t, paid_amount - refunded_amount AS net
  FROM orders
  WHERE paid_at IS NOT NULL AND status NOT IN ('cancelled', 'refunded')
), f AS (
  SELECT customer_id, sum(CASE WHEN t >= {since:90} THEN 1 ELSE 0 END) AS orders_90,
         sum(net) AS revenue_365
  FROM p
  WHERE t >= {since:365} AND t < {until}
  GROUP BY customer_id
)
SELECT count(*), COALESCE(sum(c.id), 0)
FROM f JOIN customers c ON c.id = f.customer_id
WHERE c.merged_into IS NULL AND f.orders_90 >= 2 AND f.revenue_365 >= 100000;

-- rule: mask_buyers_60d
SELECT count(*), COALESCE(sum(c.id), 0)
FROM customers c
WHERE c.merged_into IS NULL AND c.id IN (
  SELECT o.customer_id
  FROM orders o JOIN order_items i ON i.order_id = o.id
  WHERE o.paid_at IS NOT NULL AND o.status NOT IN ('cancelled', 'refunded')
    AND COALESCE(o.created_at, o.paid_at) >= {since:60} AND COALESCE(o.created_at, o.paid_at) < {until}
    AND i.category = '面膜');

-- rule: sensitive_not_blacklisted
SELECT count(*), COALESCE(sum(c.id), 0)
FROM customers c
WHERE c.merged_into IS NULL
  AND c.id IN (SELECT ct.customer_id FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id
               WHERE t.name = '敏感肌')
  AND c.id NOT IN (SELECT ct.customer_id FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id
                   WHERE t.name = '黑名单');

-- rule: shanghai_women_vip
SELECT count(*), COALESCE(sum(c.id), 0)
FROM customers c
WHERE c.merged_into IS NULL AND c.city = '上海市' AND c.gender = 'female'
  AND c.tier IN ('VIP会员', '至尊VIP会员');

-- rule: at_risk
WITH f AS (
  SELECT customer_id, count(*) AS orders, max(COALESCE(created_at, paid_at)) AS last_ms
  FROM orders
  WHERE paid_at IS NOT NULL AND status NOT IN ('cancelled', 'refunded')
    AND COALESCE(created_at, paid_at) < {until}
  GROUP BY customer_id
), l AS (
  SELECT f.customer_id, f.orders, {D} - {local_day(f.last_ms)} AS last_days
  FROM f JOIN customers c ON c.id = f.customer_id
  WHERE c.merged_into IS NULL
)
SELECT count(*), COALESCE(sum(customer_id), 0)
FROM l
WHERE CASE WHEN orders = 1 AND last_days <= 30 THEN 'new'
           WHEN last_days <= 90 THEN 'active'
           WHEN last_days <= 180 THEN 'at_risk'
           ELSE 'churned' END = 'at_risk';

-- rule: important_winback
WITH f AS (
  SELECT customer_id, count(*) AS orders, sum(paid_amount - refunded_amount) AS revenue,
         max(COALESCE(created_at, paid_at)) AS last_ms
  FROM orders
  WHERE paid_at IS NOT NULL AND status NOT IN ('cancelled', 'refunded')
    AND COALESCE(created_at, paid_at) < {until}
  GROUP BY customer_id
), p AS (
  SELECT f.customer_id, f.orders AS fv, f.revenue AS mv, {D} - {local_day(f.last_ms)} AS rv
  FROM f JOIN customers c ON c.id = f.customer_id
  WHERE c.merged_into IS NULL
), s AS (
  SELECT count(*) AS n, sum(rv) AS sr, sum(fv) AS sf, sum(mv) AS sm FROM p
)
-- 重要挽留客户: M high (M * N > sum M), R low (not R * N < sum R), F low (not F * N > sum F).
SELECT count(*), COALESCE(sum(p.customer_id), 0)
FROM p, s
WHERE p.mv * s.n > s.sm AND p.rv * s.n >= s.sr AND p.fv * s.n <= s.sf;

-- rule: abc_a
WITH f AS (
  SELECT customer_id, sum(paid_amount - refunded_amount) AS revenue
  FROM orders
  WHERE paid_at IS NOT NULL AND status NOT IN ('cancelled', 'refunded')
    AND COALESCE(created_at, paid_at) < {until}
  GROUP BY customer_id
), p AS (
  SELECT f.customer_id, f.revenue
  FROM f JOIN customers c ON c.id = f.customer_id
  WHERE c.merged_into IS NULL
), r AS (
  SELECT customer_id,
         COALESCE(sum(revenue) OVER (ORDER BY revenue DESC, customer_id ASC
                                     ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
  FROM p
), t AS (
  SELECT sum(revenue) AS total FROM p
)
SELECT count(*), COALESCE(sum(r.customer_id), 0)
FROM r, t
WHERE t.total > 0 AND r.before * 100 < 80 * t.total;

-- rule: active_browsers
WITH e AS (
  SELECT customer_id, count(*) AS n
  FROM events
  WHERE name = 'page_view' AND customer_id IS NOT NULL
    AND occurred_at >= {since:7} AND occurred_at < {until}
  GROUP BY customer_id
)
SELECT count(*), COALESCE(sum(c.id), 0)
FROM e JOIN customers c ON c.id = e.customer_id
WHERE c.merged_into IS NULL AND e.n > 3;

-- rule: recent_or_big
WITH p AS (
  SELECT customer_id, COALESCE(created_at, paid_at) AS t, paid_amount - refunded_amount AS net
  FROM orders
  WHERE paid_at IS NOT NULL AND status NOT IN ('cancelled', 'refunded')
), f AS (
  SELECT customer_id, sum(CASE WHEN t >= {since:30} THEN 1 ELSE 0 END) AS orders_30,
         sum(net) AS revenue_90
  FROM p
  WHERE t >= {since:90} AND t < {until}
  GROUP BY customer_id
)
SELECT count(*), COALESCE(sum(c.id), 0)
FROM f JOIN customers c ON c.id = f.customer_id
WHERE c.merged_into IS NULL AND (f.orders_30 >= 1 OR f.revenue_90 > 200000);
