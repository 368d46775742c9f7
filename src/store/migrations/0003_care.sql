-- Guanxi schema, version 3: care and marketing automation. Journeys (versioned
-- JSON definitions) with the durable state of every customer in every journey,
-- message templates, the outbox of messages with their delivery history,
-- suppression lists, campaigns with their members (variant or control), and
-- follow-up tasks created by journeys.

CREATE TABLE journeys (
  id {{id_pk}},
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  name TEXT NOT NULL,
  status TEXT NOT NULL,            -- draft | active | paused | archived
  version BIGINT NOT NULL,         -- the current definition's version
  definition TEXT NOT NULL,        -- JSON, see src/journey/README.md
  template_key TEXT NOT NULL DEFAULT '',  -- built-in care template it came from
  created_by TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  -- The change-feed position when it was last switched on: event triggers
  -- react only to changes after it, never to history or to a pause.
  activated_seq BIGINT NOT NULL DEFAULT 0,
  UNIQUE (shop_id, name)
);

-- Every definition a journey ever had: runs keep executing the version they started on.
CREATE TABLE journey_versions (
  journey_id BIGINT NOT NULL REFERENCES journeys (id),
  version BIGINT NOT NULL,
  definition TEXT NOT NULL,
  created_by TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  PRIMARY KEY (journey_id, version)
) {{without_rowid}};

-- One customer's passage through one journey for one occurrence of its trigger
-- ("order:123", "birthday:2026-03-15", "change:456"). The unique key makes a
-- trigger enter a customer at most once per occurrence.
CREATE TABLE journey_runs (
  id {{id_pk}},
  journey_id BIGINT NOT NULL REFERENCES journeys (id),
  version BIGINT NOT NULL,
  shop_id BIGINT NOT NULL,
  customer_id BIGINT NOT NULL REFERENCES customers (id),
  occurrence TEXT NOT NULL,
  status TEXT NOT NULL,            -- waiting | done | exited | failed
  step TEXT NOT NULL,              -- id of the step to run next ('' when finished)
  wake_at BIGINT,                  -- UTC ms when a waiting run is due (null: only an event wakes it)
  wait_event TEXT NOT NULL DEFAULT '',  -- change kind a wait-for-event step listens to
  variant TEXT NOT NULL DEFAULT '',
  context TEXT NOT NULL DEFAULT '{}',   -- the trigger's facts (order id, holiday, ...)
  exit_reason TEXT NOT NULL DEFAULT '',
  started_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (journey_id, customer_id, occurrence)
);
CREATE INDEX journey_runs_due ON journey_runs (wake_at) WHERE status = 'waiting' AND wake_at IS NOT NULL;
CREATE INDEX journey_runs_customer ON journey_runs (customer_id, status);

-- Each (run, step) executes exactly once: the row is written in the same
-- transaction as the step's effects, and a step that finds its row skips.
CREATE TABLE journey_steps_done (
  run_id BIGINT NOT NULL REFERENCES journey_runs (id),
  step TEXT NOT NULL,
  journey_id BIGINT NOT NULL,
  outcome TEXT NOT NULL,           -- ok | suppressed:<reason> | branch:<then|else> | variant:<key> | timeout | event | error:<text>
  at BIGINT NOT NULL,
  PRIMARY KEY (run_id, step)
) {{without_rowid}};
CREATE INDEX journey_steps_done_journey ON journey_steps_done (journey_id, step);

-- The last shop-local day whose date triggers (birthdays, holidays,
-- replenishment, inactivity) a journey has decided.
CREATE TABLE journey_date_cursors (
  journey_id BIGINT PRIMARY KEY REFERENCES journeys (id),
  day BIGINT NOT NULL
);

CREATE TABLE message_templates (
  id {{id_pk}},
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  name TEXT NOT NULL,
  channel TEXT NOT NULL,           -- sms | email | wechat | webhook
  class TEXT NOT NULL,             -- marketing | care
  subject TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL,
  provider_template TEXT NOT NULL DEFAULT '',  -- SMS template code / WeChat template_id
  params TEXT NOT NULL DEFAULT '{}',            -- provider param -> mustache text
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (shop_id, name)
);

-- The outbox. A message is written in the same transaction as the decision to
-- send it; the dispatcher leases due rows and records every attempt.
CREATE TABLE messages (
  id {{id_pk}},
  shop_id BIGINT NOT NULL,
  customer_id BIGINT REFERENCES customers (id),
  channel TEXT NOT NULL,
  class TEXT NOT NULL,
  template_id BIGINT,
  to_address TEXT NOT NULL DEFAULT '',
  subject TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  provider_template TEXT NOT NULL DEFAULT '',
  params TEXT NOT NULL DEFAULT '{}',
  source TEXT NOT NULL,            -- journey | campaign | api
  source_id BIGINT,
  run_id BIGINT,
  variant TEXT NOT NULL DEFAULT '',
  idempotency_key TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL,            -- queued | sending | sent | delivered | failed | dead | suppressed | cancelled
  reason TEXT NOT NULL DEFAULT '', -- why suppressed / failed
  due_at BIGINT NOT NULL,          -- when it may be sent (after quiet hours)
  next_attempt_at BIGINT,
  lease_until BIGINT,
  attempts BIGINT NOT NULL DEFAULT 0,
  provider TEXT NOT NULL DEFAULT '',
  provider_message_id TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  sent_at BIGINT,
  delivered_at BIGINT,
  opened_at BIGINT,
  clicked_at BIGINT,
  unsubscribed_at BIGINT
);
CREATE INDEX messages_due ON messages (next_attempt_at) WHERE status = 'queued';
CREATE INDEX messages_sending ON messages (lease_until) WHERE status = 'sending';
CREATE INDEX messages_customer ON messages (customer_id, due_at);
CREATE INDEX messages_source ON messages (source, source_id);
CREATE INDEX messages_provider_id ON messages (provider_message_id) WHERE provider_message_id <> '';

-- Addresses that must not receive a channel: unsubscribes, bounces, complaints, manual.
CREATE TABLE suppressions (
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  channel TEXT NOT NULL,
  address TEXT NOT NULL,
  reason TEXT NOT NULL,
  source TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, channel, address)
) {{without_rowid}};

CREATE TABLE campaigns (
  id {{id_pk}},
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  name TEXT NOT NULL,
  status TEXT NOT NULL,            -- draft | scheduled | running | done | cancelled
  definition TEXT NOT NULL,        -- JSON: segment, channel, variants, control, window, throttle
  scheduled_at BIGINT,
  started_at BIGINT,
  finished_at BIGINT,
  created_by TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (shop_id, name)
);

CREATE TABLE campaign_members (
  campaign_id BIGINT NOT NULL REFERENCES campaigns (id),
  customer_id BIGINT NOT NULL REFERENCES customers (id),
  variant TEXT NOT NULL,           -- a variant key, or 'control' (held out, never sent)
  message_id BIGINT,
  assigned_at BIGINT NOT NULL,
  PRIMARY KEY (campaign_id, customer_id)
) {{without_rowid}};

-- Follow-up work for a person (owner, dedicated CSR); the service and sales
-- modules build on it.
CREATE TABLE tasks (
  id {{id_pk}},
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  customer_id BIGINT REFERENCES customers (id),
  assignee_user_id BIGINT,
  assignee_role TEXT NOT NULL DEFAULT '',  -- owner | csr when no user is set yet
  title TEXT NOT NULL,
  status TEXT NOT NULL,            -- open | done | cancelled
  due_at BIGINT,
  source TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX tasks_assignee ON tasks (shop_id, assignee_user_id, status);
CREATE INDEX tasks_customer ON tasks (customer_id);
