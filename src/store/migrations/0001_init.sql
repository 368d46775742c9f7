-- Guanxi schema, version 1. Portable SQL: BIGINT for integers (money in minor
-- units, times as UTC milliseconds), TEXT for strings and JSON. {{id_pk}} and
-- {{without_rowid}} are expanded per dialect by the migration runner.

CREATE TABLE shops (
  id {{id_pk}},
  name TEXT NOT NULL,
  time_zone TEXT NOT NULL DEFAULT 'Asia/Shanghai',
  currency TEXT NOT NULL DEFAULT 'CNY',
  created_at BIGINT NOT NULL
);

CREATE TABLE customers (
  id {{id_pk}},
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  name TEXT NOT NULL DEFAULT '',
  gender TEXT NOT NULL DEFAULT 'unknown',
  birthday TEXT,
  birthday_lunar BIGINT NOT NULL DEFAULT 0,
  province TEXT NOT NULL DEFAULT '',
  city TEXT NOT NULL DEFAULT '',
  signup_at BIGINT,
  source_channel TEXT NOT NULL DEFAULT '',
  owner_user_id BIGINT,
  csr_user_id BIGINT,
  consent_sms TEXT NOT NULL DEFAULT 'unknown',
  consent_email TEXT NOT NULL DEFAULT 'unknown',
  consent_wechat TEXT NOT NULL DEFAULT 'unknown',
  attributes TEXT NOT NULL DEFAULT '{}',
  merged_into BIGINT REFERENCES customers (id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX customers_shop_name ON customers (shop_id, name);
CREATE INDEX customers_merged_into ON customers (merged_into) WHERE merged_into IS NOT NULL;

CREATE TABLE identities (
  shop_id BIGINT NOT NULL,
  type TEXT NOT NULL,
  value TEXT NOT NULL,
  customer_id BIGINT NOT NULL REFERENCES customers (id),
  created_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, type, value)
) {{without_rowid}};
CREATE INDEX identities_customer ON identities (customer_id);

CREATE TABLE products (
  id {{id_pk}},
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  sku TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  category TEXT NOT NULL DEFAULT '',
  list_price BIGINT,
  currency TEXT NOT NULL DEFAULT 'CNY',
  cycle_days BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (shop_id, sku)
);

CREATE TABLE orders (
  id {{id_pk}},
  shop_id BIGINT NOT NULL,
  platform TEXT NOT NULL,
  external_id TEXT NOT NULL,
  customer_id BIGINT NOT NULL REFERENCES customers (id),
  status TEXT NOT NULL,
  created_at BIGINT,
  paid_at BIGINT,
  shipped_at BIGINT,
  completed_at BIGINT,
  currency TEXT NOT NULL,
  goods_amount BIGINT NOT NULL DEFAULT 0,
  discount_amount BIGINT NOT NULL DEFAULT 0,
  shipping_fee BIGINT NOT NULL DEFAULT 0,
  paid_amount BIGINT NOT NULL DEFAULT 0,
  refunded_amount BIGINT NOT NULL DEFAULT 0,
  coupon_code TEXT NOT NULL DEFAULT '',
  refund_reason TEXT NOT NULL DEFAULT '',
  receiver_name TEXT NOT NULL DEFAULT '',
  receiver_phone TEXT NOT NULL DEFAULT '',
  receiver_address TEXT NOT NULL DEFAULT '',
  content_hash BIGINT NOT NULL,
  inserted_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  -- external_id first: the same index answers "which order is 123456?" across platforms.
  UNIQUE (shop_id, external_id, platform)
);
CREATE INDEX orders_customer ON orders (customer_id, created_at);

CREATE TABLE order_items (
  order_id BIGINT NOT NULL REFERENCES orders (id),
  line_no BIGINT NOT NULL,
  sku TEXT NOT NULL DEFAULT '',
  product_name TEXT NOT NULL DEFAULT '',
  category TEXT NOT NULL DEFAULT '',
  quantity BIGINT NOT NULL,
  unit_price BIGINT NOT NULL,
  PRIMARY KEY (order_id, line_no)
) {{without_rowid}};

CREATE TABLE notes (
  id {{id_pk}},
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  customer_id BIGINT NOT NULL REFERENCES customers (id),
  type TEXT NOT NULL,
  direction TEXT NOT NULL DEFAULT '',
  author TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL,
  occurred_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX notes_customer ON notes (customer_id, occurred_at);

CREATE TABLE tags (
  id {{id_pk}},
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (shop_id, name)
);

CREATE TABLE customer_tags (
  customer_id BIGINT NOT NULL REFERENCES customers (id),
  tag_id BIGINT NOT NULL REFERENCES tags (id),
  source TEXT NOT NULL DEFAULT 'manual',
  created_at BIGINT NOT NULL,
  PRIMARY KEY (customer_id, tag_id)
) {{without_rowid}};
CREATE INDEX customer_tags_tag ON customer_tags (tag_id, customer_id);

CREATE TABLE merges (
  id {{id_pk}},
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  survivor_id BIGINT NOT NULL REFERENCES customers (id),
  merged_id BIGINT NOT NULL REFERENCES customers (id),
  actor TEXT NOT NULL,
  reason TEXT NOT NULL,
  details TEXT NOT NULL DEFAULT '{}',
  created_at BIGINT NOT NULL
);
CREATE INDEX merges_survivor ON merges (survivor_id);
CREATE INDEX merges_merged ON merges (merged_id);

CREATE TABLE events (
  id {{id_pk}},
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  message_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  name TEXT NOT NULL DEFAULT '',
  customer_id BIGINT REFERENCES customers (id),
  user_id TEXT,
  anonymous_id TEXT,
  properties TEXT NOT NULL DEFAULT '{}',
  occurred_at BIGINT NOT NULL,
  received_at BIGINT NOT NULL,
  UNIQUE (shop_id, message_id)
);
CREATE INDEX events_customer ON events (customer_id, occurred_at);
CREATE INDEX events_anonymous ON events (shop_id, anonymous_id) WHERE anonymous_id IS NOT NULL;

CREATE TABLE changes (
  seq {{id_pk}},
  shop_id BIGINT NOT NULL,
  kind TEXT NOT NULL,
  customer_id BIGINT,
  entity_id BIGINT,
  payload TEXT NOT NULL DEFAULT '{}',
  actor TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);

CREATE TABLE subscriber_offsets (
  name TEXT PRIMARY KEY,
  seq BIGINT NOT NULL
);

CREATE TABLE api_keys (
  id {{id_pk}},
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  name TEXT NOT NULL,
  prefix TEXT NOT NULL UNIQUE,
  key_hash TEXT NOT NULL,
  role TEXT NOT NULL DEFAULT 'admin',
  created_at BIGINT NOT NULL,
  last_used_at BIGINT,
  revoked_at BIGINT
);

CREATE TABLE import_runs (
  id {{id_pk}},
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  kind TEXT NOT NULL,
  file TEXT NOT NULL,
  format TEXT NOT NULL,
  actor TEXT NOT NULL DEFAULT '',
  started_at BIGINT NOT NULL,
  finished_at BIGINT,
  summary TEXT NOT NULL DEFAULT '{}'
);
