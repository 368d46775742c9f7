-- Guanxi schema, version 8: B2B sales. Accounts (companies) and their contacts
-- with a role in the decision, leads, pipelines with stages, opportunities
-- with stage history, quote lines and competitors, sales activities, quotas,
-- and record sharing. Money is integer minor units with a currency; times are
-- UTC ms; expected close dates are shop-local 'YYYY-MM-DD'. Owners are
-- users (0007). *_key columns hold the normalized form the duplicate check
-- compares: lower-case email, digits-only phone (mainland numbers without
-- +86), company name without legal suffixes/punctuation/case.

CREATE TABLE accounts (
  id {{id_pk}},
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  industry TEXT NOT NULL DEFAULT '',
  size TEXT NOT NULL DEFAULT '',            -- employee band: 1-20 | 21-100 | 101-500 | 501-2000 | 2000+
  region TEXT NOT NULL DEFAULT '',
  website TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  owner_user_id BIGINT,
  parent_account_id BIGINT REFERENCES accounts (id),
  attributes TEXT NOT NULL DEFAULT '{}',
  external_id TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  deleted_at BIGINT
);
CREATE UNIQUE INDEX accounts_external ON accounts (shop_id, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX accounts_name_key ON accounts (shop_id, name_key);
CREATE INDEX accounts_owner ON accounts (shop_id, owner_user_id);
CREATE INDEX accounts_parent ON accounts (parent_account_id);

CREATE TABLE contacts (
  id {{id_pk}},
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  account_id BIGINT REFERENCES accounts (id),
  customer_id BIGINT REFERENCES customers (id),  -- the person's customer profile
  name TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  email_key TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  phone_key TEXT NOT NULL DEFAULT '',
  decision_role TEXT NOT NULL DEFAULT '',   -- decision_maker | purchasing_lead | user | influencer | gatekeeper
  influence BIGINT NOT NULL DEFAULT 0,      -- 0 unknown, 1 (low) .. 5 (high)
  attitude TEXT NOT NULL DEFAULT '',        -- champion | supporter | neutral | skeptic | opponent
  reports_to_contact_id BIGINT REFERENCES contacts (id),
  owner_user_id BIGINT,
  attributes TEXT NOT NULL DEFAULT '{}',
  external_id TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  deleted_at BIGINT
);
CREATE UNIQUE INDEX contacts_external ON contacts (shop_id, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX contacts_account ON contacts (account_id);
CREATE INDEX contacts_email_key ON contacts (shop_id, email_key) WHERE email_key <> '';
CREATE INDEX contacts_phone_key ON contacts (shop_id, phone_key) WHERE phone_key <> '';

CREATE TABLE leads (
  id {{id_pk}},
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  name TEXT NOT NULL,
  company TEXT NOT NULL DEFAULT '',
  company_key TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  email_key TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  phone_key TEXT NOT NULL DEFAULT '',
  industry TEXT NOT NULL DEFAULT '',
  size TEXT NOT NULL DEFAULT '',
  region TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL,                     -- campaign | web_form | event | referral | cold_call | other
  source_detail TEXT NOT NULL DEFAULT '',
  campaign_id BIGINT,
  status TEXT NOT NULL DEFAULT 'new',       -- new | working | nurturing | qualified | disqualified | converted
  fit_score BIGINT NOT NULL DEFAULT 0,
  engagement_score BIGINT NOT NULL DEFAULT 0,
  score BIGINT NOT NULL DEFAULT 0,
  owner_user_id BIGINT,
  customer_id BIGINT REFERENCES customers (id),
  disqualify_reason TEXT NOT NULL DEFAULT '',
  converted_at BIGINT,
  converted_account_id BIGINT,
  converted_contact_id BIGINT,
  converted_opportunity_id BIGINT,
  attributes TEXT NOT NULL DEFAULT '{}',
  external_id TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX leads_external ON leads (shop_id, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX leads_status ON leads (shop_id, status, created_at);
CREATE INDEX leads_owner ON leads (shop_id, owner_user_id);
CREATE INDEX leads_email_key ON leads (shop_id, email_key) WHERE email_key <> '';
CREATE INDEX leads_phone_key ON leads (shop_id, phone_key) WHERE phone_key <> '';
CREATE INDEX leads_company_key ON leads (shop_id, company_key) WHERE company_key <> '';

CREATE TABLE pipelines (
  id {{id_pk}},
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  name TEXT NOT NULL,
  is_default BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (shop_id, name)
);

CREATE TABLE pipeline_stages (
  id {{id_pk}},
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  pipeline_id BIGINT NOT NULL REFERENCES pipelines (id),
  name TEXT NOT NULL,
  position BIGINT NOT NULL,                 -- order in the pipeline, 1..n
  probability BIGINT NOT NULL,              -- win probability 0..100
  kind TEXT NOT NULL DEFAULT 'open',        -- open | won | lost
  required_fields TEXT NOT NULL DEFAULT '[]',  -- fields an opportunity needs to enter the stage
  active BIGINT NOT NULL DEFAULT 1,
  UNIQUE (pipeline_id, name)
);

CREATE TABLE opportunities (
  id {{id_pk}},
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  pipeline_id BIGINT NOT NULL REFERENCES pipelines (id),
  stage_id BIGINT NOT NULL REFERENCES pipeline_stages (id),
  account_id BIGINT REFERENCES accounts (id),
  primary_contact_id BIGINT REFERENCES contacts (id),
  lead_id BIGINT REFERENCES leads (id),
  name TEXT NOT NULL,
  amount_minor BIGINT NOT NULL DEFAULT 0,
  currency TEXT NOT NULL,
  expected_close_date TEXT,                 -- shop-local YYYY-MM-DD
  owner_user_id BIGINT,
  status TEXT NOT NULL DEFAULT 'open',      -- open | won | lost
  forecast_category TEXT NOT NULL DEFAULT 'pipeline',  -- pipeline | best_case | commit | closed | omitted
  next_step TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT '',
  close_reason TEXT NOT NULL DEFAULT '',    -- why won or lost (required for lost)
  closed_at BIGINT,
  stage_entered_at BIGINT NOT NULL,
  last_activity_at BIGINT,
  attributes TEXT NOT NULL DEFAULT '{}',
  external_id TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  deleted_at BIGINT
);
CREATE UNIQUE INDEX opportunities_external ON opportunities (shop_id, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX opportunities_stage ON opportunities (shop_id, status, stage_id);
CREATE INDEX opportunities_owner ON opportunities (shop_id, owner_user_id, status);
CREATE INDEX opportunities_close ON opportunities (shop_id, expected_close_date);
CREATE INDEX opportunities_account ON opportunities (account_id);

-- Every stage move (and creation: from_stage_id null), with the values at the time.
CREATE TABLE opportunity_stage_history (
  id {{id_pk}},
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  opportunity_id BIGINT NOT NULL REFERENCES opportunities (id),
  from_stage_id BIGINT,
  to_stage_id BIGINT NOT NULL,
  amount_minor BIGINT NOT NULL,
  probability BIGINT NOT NULL,
  actor TEXT NOT NULL DEFAULT '',
  moved_at BIGINT NOT NULL
);
CREATE INDEX opportunity_stage_history_opp ON opportunity_stage_history (opportunity_id, moved_at);
CREATE INDEX opportunity_stage_history_time ON opportunity_stage_history (shop_id, moved_at);

CREATE TABLE opportunity_lines (
  id {{id_pk}},
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  opportunity_id BIGINT NOT NULL REFERENCES opportunities (id),
  product_id BIGINT,
  sku TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL,
  quantity BIGINT NOT NULL,
  unit_price_minor BIGINT NOT NULL,
  discount_minor BIGINT NOT NULL DEFAULT 0,
  position BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX opportunity_lines_opp ON opportunity_lines (opportunity_id);

CREATE TABLE competitors (
  id {{id_pk}},
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  name TEXT NOT NULL,
  website TEXT NOT NULL DEFAULT '',
  products TEXT NOT NULL DEFAULT '',
  price_positioning TEXT NOT NULL DEFAULT '',  -- budget | value | parity | premium
  strengths TEXT NOT NULL DEFAULT '',
  weaknesses TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (shop_id, name)
);

CREATE TABLE opportunity_competitors (
  opportunity_id BIGINT NOT NULL REFERENCES opportunities (id),
  competitor_id BIGINT NOT NULL REFERENCES competitors (id),
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  notes TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (opportunity_id, competitor_id)
);
CREATE INDEX opportunity_competitors_competitor ON opportunity_competitors (competitor_id);

-- Calls, meetings, emails and visits on accounts, contacts, opportunities or
-- leads. When the contact has a customer profile the memo is also a note
-- (interaction) of that profile (note_id), so the 360 timeline shows it.
CREATE TABLE sales_activities (
  id {{id_pk}},
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  kind TEXT NOT NULL,                       -- call | meeting | email | visit | note
  subject TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  outcome TEXT NOT NULL DEFAULT '',
  duration_s BIGINT,
  account_id BIGINT,
  contact_id BIGINT,
  opportunity_id BIGINT,
  lead_id BIGINT,
  note_id BIGINT,
  user_id BIGINT,
  occurred_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX sales_activities_opp ON sales_activities (opportunity_id, occurred_at);
CREATE INDEX sales_activities_account ON sales_activities (account_id, occurred_at);
CREATE INDEX sales_activities_user ON sales_activities (shop_id, user_id, occurred_at);
CREATE INDEX sales_activities_contact ON sales_activities (contact_id, occurred_at) WHERE contact_id IS NOT NULL;
CREATE INDEX sales_activities_lead ON sales_activities (lead_id, occurred_at) WHERE lead_id IS NOT NULL;

-- Quota per owner and period ('2026-Q4' or '2026-11').
CREATE TABLE sales_quotas (
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  user_id BIGINT NOT NULL,
  period TEXT NOT NULL,
  amount_minor BIGINT NOT NULL,
  currency TEXT NOT NULL,
  PRIMARY KEY (shop_id, user_id, period)
);

-- Records shared with a user beyond ownership (object_type: account | contact | lead | opportunity).
CREATE TABLE record_shares (
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  object_type TEXT NOT NULL,
  object_id BIGINT NOT NULL,
  user_id BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (object_type, object_id, user_id)
);
CREATE INDEX record_shares_user ON record_shares (shop_id, user_id, object_type);

-- Tasks of the service side (0003, 0005) also hang on sales records.
ALTER TABLE tasks ADD COLUMN account_id BIGINT;
ALTER TABLE tasks ADD COLUMN contact_id BIGINT;
ALTER TABLE tasks ADD COLUMN opportunity_id BIGINT;
ALTER TABLE tasks ADD COLUMN lead_id BIGINT;
CREATE INDEX tasks_account ON tasks (account_id) WHERE account_id IS NOT NULL;
CREATE INDEX tasks_opportunity ON tasks (opportunity_id) WHERE opportunity_id IS NOT NULL;
CREATE INDEX tasks_lead ON tasks (lead_id) WHERE lead_id IS NOT NULL;

-- Sales analytics rollups (src/sales/analytics.hpp): sums maintained in the
-- same transaction as the writes, so reports read a few hundred rows instead
-- of scanning opportunities and activities. owner_user_id -1 is the rollup of
-- every owner, 0 no owner. month is shop-local 'YYYY-MM' ('' none). dim is a
-- days bucket or a competitor id; status an opportunity status or an
-- activity kind; label a forecast category or a close reason. total is a
-- metric-specific sum (milliseconds in a stage, seconds of stage entry).
CREATE TABLE sales_rollups (
  shop_id BIGINT NOT NULL,
  metric TEXT NOT NULL,                     -- stage | reach | close | stage_time | cycle | competitor | lost_reason | activity
  owner_user_id BIGINT NOT NULL,
  month TEXT NOT NULL,
  pipeline_id BIGINT NOT NULL,
  stage_id BIGINT NOT NULL,
  dim BIGINT NOT NULL,
  status TEXT NOT NULL,
  label TEXT NOT NULL,
  currency TEXT NOT NULL,
  n BIGINT NOT NULL,
  amount_minor BIGINT NOT NULL,
  total BIGINT NOT NULL,
  PRIMARY KEY (shop_id, metric, owner_user_id, month, pipeline_id, stage_id, dim, status, label, currency)
) {{without_rowid}};

-- What each opportunity currently adds to sales_rollups (JSON), subtracted
-- when it is refreshed.
CREATE TABLE sales_opportunity_facts (
  opportunity_id BIGINT PRIMARY KEY,
  shop_id BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  contributions TEXT NOT NULL
);

-- Lead cohorts: leads by creation time.
CREATE INDEX leads_created ON leads (shop_id, created_at);

-- Stalled deals: open opportunities by the time of their last activity.
CREATE INDEX opportunities_idle ON opportunities (shop_id, status, (COALESCE(last_activity_at, created_at)), owner_user_id, pipeline_id)
  WHERE deleted_at IS NULL;
