-- Guanxi schema, version 10: sales-report speed (src/sales/analytics.hpp).
--
-- Stalled deals. Both indexes carry the columns the expression reads (and
-- deleted_at), so counting and picking the oldest read only the index, not one
-- table row per stalled deal. opportunities_idle: the whole shop, oldest
-- first; opportunities_idle_owner: some owners (a rep, a team), one range per
-- owner over its stalled deals only. The expression is written exactly as in
-- the queries (src/store/sales_report_table.cpp).
DROP INDEX opportunities_idle;
CREATE INDEX opportunities_idle ON opportunities (shop_id, status, (COALESCE(last_activity_at, created_at)), owner_user_id, pipeline_id, last_activity_at, created_at, deleted_at)
  WHERE deleted_at IS NULL;
CREATE INDEX opportunities_idle_owner ON opportunities (shop_id, status, owner_user_id, (COALESCE(last_activity_at, created_at)), pipeline_id, last_activity_at, created_at, deleted_at)
  WHERE deleted_at IS NULL;

-- Lead cohorts are rollups (sales_rollups, metric 'lead': cohort month, owner,
-- status now, dim 1 when converted and the opportunity is won now). A lead's
-- contribution is kept here and subtracted when the lead is refreshed.
CREATE TABLE sales_lead_facts (
  lead_id BIGINT PRIMARY KEY,
  shop_id BIGINT NOT NULL,
  month TEXT NOT NULL,
  owner_user_id BIGINT NOT NULL,            -- 0: none
  status TEXT NOT NULL,
  won BIGINT NOT NULL
);
CREATE INDEX sales_lead_facts_shop ON sales_lead_facts (shop_id);

-- A refresh of an opportunity refreshes the leads converted into it (won).
CREATE INDEX leads_converted_opportunity ON leads (converted_opportunity_id)
  WHERE converted_opportunity_id IS NOT NULL;

-- Shops whose lead rollups cover every lead. Shops with leads written before
-- this version read the leads until `guanxi sales-report rebuild` (or any
-- rebuild) fills the rollups; shops without leads start complete.
CREATE TABLE sales_lead_cohorts_ready (
  shop_id BIGINT PRIMARY KEY,
  ready_at BIGINT NOT NULL
);
INSERT INTO sales_lead_cohorts_ready (shop_id, ready_at)
  SELECT s.id, 0 FROM shops s WHERE NOT EXISTS (SELECT 1 FROM leads l WHERE l.shop_id = s.id);

-- Velocity without a period reads stage times and sales cycles summed over
-- all months (month ''), a few hundred rows per owner instead of a day bucket
-- per creation month; filled here from the monthly rows, kept by the refresh.
INSERT INTO sales_rollups (shop_id, metric, owner_user_id, month, pipeline_id, stage_id, dim,
                           status, label, currency, n, amount_minor, total)
  SELECT shop_id, CASE metric WHEN 'stage_time' THEN 'stage_time_all' ELSE 'cycle_all' END,
         owner_user_id, '', pipeline_id, stage_id, dim, status, label, currency, SUM(n),
         SUM(amount_minor), SUM(total)
  FROM sales_rollups WHERE metric IN ('stage_time', 'cycle')
  GROUP BY shop_id, metric, owner_user_id, pipeline_id, stage_id, dim, status, label, currency;
