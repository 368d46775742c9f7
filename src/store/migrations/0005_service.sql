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
