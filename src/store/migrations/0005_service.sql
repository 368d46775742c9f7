-- Service desk: agents (shared with the call center), tickets, their events,
-- SLA policies, canned responses, interactions.

-- A person who serves customers: takes tickets and, in the call center, calls.
-- `user_id` names the person (customers.csr_user_id points at it; the users of
-- the web application will own it). State is the call-center presence.
CREATE TABLE agents (
  id {{id_pk}},
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  user_id BIGINT,
  name TEXT NOT NULL,
  skills TEXT NOT NULL DEFAULT '{}',       -- {"skill": level 1-9, ...}
  state TEXT NOT NULL DEFAULT 'offline',   -- available | on_call | wrap_up | break | offline
  state_since BIGINT NOT NULL,
  ticket_capacity BIGINT NOT NULL DEFAULT 20,
  active BIGINT NOT NULL DEFAULT 1,        -- 0: deactivated, kept for history
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX agents_user ON agents (shop_id, user_id);
CREATE UNIQUE INDEX agents_name ON agents (shop_id, name);

-- Tickets (工单); the id is the number people quote. Times are
-- UTC milliseconds. The SLA columns are kept by the service engine: the two
-- due times as last computed, `sla_state` (the worse of the two clocks: none |
-- running | paused | warning | breached | met), `sla_next_at` (the next instant a
-- warning or breach can fire; NULL when nothing is pending) and `sla_fired`
-- (bits: 1 first-response warning, 2 first-response breach, 4 resolution
-- warning, 8 resolution breach) so each fires exactly once.
CREATE TABLE tickets (
  id {{id_pk}},
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  customer_id BIGINT NOT NULL REFERENCES customers (id),
  subject TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  type TEXT NOT NULL,
  channel TEXT NOT NULL,
  priority TEXT NOT NULL,                   -- low | normal | high | urgent
  priority_reason TEXT NOT NULL DEFAULT '', -- '' | vip_tier | high_value | manual
  category TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,                     -- new | assigned | in_progress | waiting_customer | resolved | closed
  assignee_agent_id BIGINT REFERENCES agents (id),
  order_ids TEXT NOT NULL DEFAULT '[]',
  attachments TEXT NOT NULL DEFAULT '[]',   -- [{"url", "name"}]
  pauses TEXT NOT NULL DEFAULT '[]',        -- [[from, to|null], ...] waiting on the customer
  first_response_at BIGINT,
  first_response_due BIGINT,
  resolution_due BIGINT,
  resolved_at BIGINT,
  first_resolved_at BIGINT,
  closed_at BIGINT,
  sla_state TEXT NOT NULL DEFAULT 'none',
  sla_next_at BIGINT,
  sla_fired BIGINT NOT NULL DEFAULT 0,
  customer_contacts BIGINT NOT NULL DEFAULT 1,
  agent_replies BIGINT NOT NULL DEFAULT 0,
  contacts_at_resolution BIGINT,            -- at the first resolution
  replies_at_resolution BIGINT,
  reopen_count BIGINT NOT NULL DEFAULT 0,
  reopened_in_window BIGINT NOT NULL DEFAULT 0,  -- reopened within the FCR window of the first resolution
  created_by TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX tickets_queue ON tickets (shop_id, status, id);
CREATE INDEX tickets_assignee ON tickets (shop_id, assignee_agent_id, status, id);
CREATE INDEX tickets_assignee_all ON tickets (shop_id, assignee_agent_id, id);
CREATE INDEX tickets_customer ON tickets (customer_id, id);
CREATE INDEX tickets_sla ON tickets (sla_next_at) WHERE sla_next_at IS NOT NULL;
CREATE INDEX tickets_sla_state ON tickets (shop_id, sla_state, id);
CREATE INDEX tickets_resolved ON tickets (shop_id, first_resolved_at) WHERE first_resolved_at IS NOT NULL;
CREATE INDEX tickets_created ON tickets (shop_id, created_at);

-- Every step of a ticket's life, with who and when: created, status changes,
-- assignments, replies to the customer, customer messages, internal notes,
-- priority changes, SLA warnings and breaches, CSAT.
CREATE TABLE ticket_events (
  id {{id_pk}},
  ticket_id BIGINT NOT NULL REFERENCES tickets (id),
  shop_id BIGINT NOT NULL,
  kind TEXT NOT NULL,          -- created | status | assigned | reply | customer_message | note | priority | sla_warning | sla_breached | csat
  from_value TEXT NOT NULL DEFAULT '',
  to_value TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  actor TEXT NOT NULL DEFAULT '',
  agent_id BIGINT,
  at BIGINT NOT NULL
);
CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, id);

-- Canned responses (快捷回复): text with {{variables}}.
CREATE TABLE canned_responses (
  id {{id_pk}},
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  name TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (shop_id, name)
);

-- CSAT surveys: one per resolution, answered at most once (by link or phone).
CREATE TABLE csat_surveys (
  id {{id_pk}},
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  ticket_id BIGINT NOT NULL REFERENCES tickets (id),
  customer_id BIGINT NOT NULL,
  agent_id BIGINT,
  token TEXT NOT NULL UNIQUE,
  message_id BIGINT,
  sent_at BIGINT NOT NULL,
  score BIGINT,                 -- 1..5 once answered
  comment TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT '',  -- link | phone | api
  answered_at BIGINT
);
CREATE INDEX csat_surveys_ticket ON csat_surveys (ticket_id);
CREATE INDEX csat_surveys_shop ON csat_surveys (shop_id, sent_at);

-- Interactions: the notes memo grows the call-center fields.
ALTER TABLE notes ADD COLUMN agent_id BIGINT;
ALTER TABLE notes ADD COLUMN duration_s BIGINT;
ALTER TABLE notes ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
ALTER TABLE notes ADD COLUMN next_follow_up_at BIGINT;
ALTER TABLE notes ADD COLUMN ticket_id BIGINT;
CREATE INDEX notes_ticket ON notes (ticket_id) WHERE ticket_id IS NOT NULL;

-- Tasks: reminders and the ticket or interaction they follow up.
ALTER TABLE tasks ADD COLUMN remind_at BIGINT;
ALTER TABLE tasks ADD COLUMN reminded_at BIGINT;
ALTER TABLE tasks ADD COLUMN notes TEXT NOT NULL DEFAULT '';
ALTER TABLE tasks ADD COLUMN ticket_id BIGINT;
ALTER TABLE tasks ADD COLUMN completed_at BIGINT;
CREATE INDEX tasks_remind ON tasks (remind_at) WHERE remind_at IS NOT NULL AND reminded_at IS NULL;
CREATE INDEX tasks_due ON tasks (shop_id, status, due_at);
