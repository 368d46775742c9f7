-- Guanxi schema, version 2: customer intelligence. Membership tiers (current
-- tier on the customer, every change in tier_history), per-shop model settings,
-- and stored segments (dynamic rules, static lists, auto-tag rules) with their
-- members as a portable Roaring bitmap of customer ids and a daily size log.

ALTER TABLE customers ADD COLUMN tier TEXT NOT NULL DEFAULT '';

-- Configuration as data: one JSON document per (shop, key), e.g. key 'tiers'
-- (the ladder and review schedule) or 'models' (RFM/lifecycle/ABC settings).
CREATE TABLE shop_settings (
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, key)
) {{without_rowid}};

CREATE TABLE tier_history (
  id {{id_pk}},
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  customer_id BIGINT NOT NULL REFERENCES customers (id),
  from_tier TEXT NOT NULL,
  to_tier TEXT NOT NULL,
  reason TEXT NOT NULL,
  order_id BIGINT,
  revenue BIGINT NOT NULL DEFAULT 0,
  purchases BIGINT NOT NULL DEFAULT 0,
  actor TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX tier_history_customer ON tier_history (customer_id, id);
CREATE INDEX tier_history_shop ON tier_history (shop_id, id);

CREATE TABLE segments (
  id {{id_pk}},
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  rule TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  tag TEXT NOT NULL DEFAULT '',
  members {{blob}},
  member_count BIGINT NOT NULL DEFAULT 0,
  snapshot_at BIGINT,
  created_by TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (shop_id, name)
);

CREATE TABLE segment_sizes (
  segment_id BIGINT NOT NULL REFERENCES segments (id),
  day TEXT NOT NULL,
  size BIGINT NOT NULL,
  entered BIGINT NOT NULL DEFAULT 0,
  exited BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (segment_id, day)
) {{without_rowid}};
