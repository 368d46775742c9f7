-- Guanxi schema, version 4: loyalty. Coupon batches and the unique codes issued
-- from them (redeemed by orders), the points ledger with each customer's balance
-- (customers.points_balance, kept in the same transaction as the ledger row), and
-- who referred whom. Earning and expiry rules are the shop setting 'points'.

ALTER TABLE customers ADD COLUMN points_balance BIGINT NOT NULL DEFAULT 0;

CREATE TABLE coupon_batches (
  id {{id_pk}},
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL,                      -- amount | percent
  amount_off BIGINT NOT NULL DEFAULT 0,    -- minor units (kind amount)
  percent_off BIGINT NOT NULL DEFAULT 0,   -- 1..100 (kind percent)
  threshold BIGINT NOT NULL DEFAULT 0,     -- minimum order amount, minor units
  currency TEXT NOT NULL,
  valid_from BIGINT,                       -- fixed validity [valid_from, valid_until), UTC ms
  valid_until BIGINT,
  valid_days BIGINT,                       -- or relative: N shop-local days from issue
  per_customer_limit BIGINT NOT NULL DEFAULT 1,
  total_limit BIGINT,                      -- null: unlimited
  code_prefix TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,                    -- active | paused | archived
  issued BIGINT NOT NULL DEFAULT 0,        -- coupons issued so far (for total_limit)
  created_by TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (shop_id, name)
);

-- One code per row, held by one customer. Merges move coupons to the survivor.
CREATE TABLE coupons (
  id {{id_pk}},
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  batch_id BIGINT NOT NULL REFERENCES coupon_batches (id),
  code TEXT NOT NULL,
  customer_id BIGINT NOT NULL REFERENCES customers (id),
  source TEXT NOT NULL,                    -- api | cli | journey:ID | campaign:ID
  status TEXT NOT NULL,                    -- issued | redeemed
  valid_from BIGINT NOT NULL,              -- UTC ms, inclusive
  valid_until BIGINT NOT NULL,             -- UTC ms, exclusive
  issued_at BIGINT NOT NULL,
  order_id BIGINT REFERENCES orders (id),  -- the redeeming order
  redeemed_at BIGINT,                      -- that order's paid_at
  actor TEXT NOT NULL DEFAULT '',
  UNIQUE (shop_id, code)
);
CREATE INDEX coupons_batch ON coupons (batch_id, id);
CREATE INDEX coupons_customer ON coupons (customer_id, batch_id);

-- Append-only movements of points: kind, delta, reason and source never change.
-- `remaining` is the FIFO bookkeeping of positive rows (what is neither spent
-- nor expired yet); `expires_at` is when that rest expires (null: never).
CREATE TABLE points_ledger (
  id {{id_pk}},
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  customer_id BIGINT NOT NULL REFERENCES customers (id),
  kind TEXT NOT NULL,                      -- earn | redeem | adjust | expire | reverse
  delta BIGINT NOT NULL,
  balance_after BIGINT NOT NULL,
  remaining BIGINT NOT NULL DEFAULT 0,
  expires_at BIGINT,
  order_id BIGINT REFERENCES orders (id),  -- earn and reverse rows
  reason TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT '',
  actor TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX points_ledger_customer ON points_ledger (customer_id, id);
CREATE INDEX points_ledger_order ON points_ledger (order_id) WHERE order_id IS NOT NULL;
-- An order earns once.
CREATE UNIQUE INDEX points_ledger_earn ON points_ledger (order_id) WHERE kind = 'earn';
CREATE INDEX points_ledger_expiring ON points_ledger (shop_id, expires_at)
  WHERE remaining > 0 AND expires_at IS NOT NULL;

-- Who referred whom: at most one active referrer per customer, no cycles.
-- A referral that a merge made redundant (two referrers, or a self-referral)
-- is kept as 'superseded' with its original ids.
CREATE TABLE referrals (
  id {{id_pk}},
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  referrer_id BIGINT NOT NULL REFERENCES customers (id),
  referred_id BIGINT NOT NULL REFERENCES customers (id),
  status TEXT NOT NULL DEFAULT 'active',   -- active | superseded
  source TEXT NOT NULL DEFAULT '',
  actor TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX referrals_referred ON referrals (referred_id) WHERE status = 'active';
CREATE INDEX referrals_referrer ON referrals (referrer_id) WHERE status = 'active';
CREATE INDEX referrals_shop ON referrals (shop_id, status);
