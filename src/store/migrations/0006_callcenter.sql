-- Guanxi schema, version 6: the call center. Queues, the call-center side of
-- agents (blended, wrap-up; the agents themselves are in 0005), IVR menus,
-- calls (the call log) with every CTI event received, the agents' state
-- timeline (for occupancy), and outbound lists with their entries. Times are
-- UTC milliseconds. The shop setting 'callcenter' holds the Router options.

CREATE TABLE call_queues (
  id {{id_pk}},
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  name TEXT NOT NULL,
  skill TEXT NOT NULL,
  min_level BIGINT NOT NULL DEFAULT 1,
  priority BIGINT NOT NULL DEFAULT 0,       -- 0..999, higher first
  overflow_to BIGINT,                       -- another queue of the shop
  overflow_after_s BIGINT NOT NULL DEFAULT 0,
  callback_offer_after_s BIGINT,            -- null: no callback offer
  service_level_s BIGINT NOT NULL DEFAULT 20,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (shop_id, name)
);

-- Call-center settings of an agent (row absent: not blended, no wrap-up).
CREATE TABLE agent_call_settings (
  agent_id BIGINT PRIMARY KEY REFERENCES agents (id),
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  blended BIGINT NOT NULL DEFAULT 0,
  wrap_up_s BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE ivr_menus (
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  name TEXT NOT NULL,
  menu TEXT NOT NULL,                       -- the IVR JSON document (callcenter/ivr.hpp)
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, name)
);

-- One row per call (the telephony's call id; outbound calls are numbered by
-- the call center from 2^62). A transfer moves the call to its new queue.
CREATE TABLE calls (
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  call_id BIGINT NOT NULL,
  direction TEXT NOT NULL,                  -- inbound | outbound
  number TEXT NOT NULL,                     -- the caller, or the number dialed
  customer_id BIGINT,
  vip BIGINT NOT NULL DEFAULT 0,
  dedicated_agent_id BIGINT,
  queue_id BIGINT NOT NULL,
  agent_id BIGINT,
  ivr_path TEXT NOT NULL DEFAULT '[]',      -- JSON array of IVR node ids
  offered_at BIGINT NOT NULL,               -- entered the (current) queue, or dialed
  answered_at BIGINT,
  ended_at BIGINT,
  wrap_up_end_at BIGINT,                    -- the agent left wrap-up after this call
  outcome TEXT NOT NULL,                    -- waiting | ringing | talking | answered | abandoned
                                            -- | callback | not_reached | lost
  transfers BIGINT NOT NULL DEFAULT 0,
  recording_url TEXT NOT NULL DEFAULT '',
  list_id BIGINT,                           -- outbound: the list and entry dialed
  entry_index BIGINT,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (shop_id, call_id)
);
CREATE INDEX calls_offered ON calls (shop_id, offered_at);
CREATE INDEX calls_number ON calls (shop_id, number);
CREATE INDEX calls_customer ON calls (shop_id, customer_id);
CREATE INDEX calls_agent ON calls (shop_id, agent_id);

-- Every CTI event accepted, with the decisions it produced; event_key makes a
-- retried event harmless (the telephony's event id, else call id + type).
CREATE TABLE call_events (
  id {{id_pk}},
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  event_key TEXT NOT NULL,
  call_id BIGINT,
  kind TEXT NOT NULL,
  at BIGINT NOT NULL,
  body TEXT NOT NULL,                       -- the event as received (JSON)
  decisions TEXT NOT NULL,                  -- the decisions it produced (JSON array)
  received_at BIGINT NOT NULL,
  UNIQUE (shop_id, event_key)
);
CREATE INDEX call_events_call ON call_events (shop_id, call_id);

-- Each agent's states over time, as the Router applied them.
CREATE TABLE agent_state_log (
  id {{id_pk}},
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  agent_id BIGINT NOT NULL,
  state TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX agent_state_log_at ON agent_state_log (shop_id, at);

CREATE TABLE outbound_lists (
  id {{id_pk}},
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  name TEXT NOT NULL,
  queue_id BIGINT NOT NULL,
  segment_id BIGINT,                        -- the segment it was built from, if any
  window_start BIGINT NOT NULL,             -- allowed hours, shop-local minutes [start, end)
  window_end BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (shop_id, name)
);

CREATE TABLE outbound_entries (
  list_id BIGINT NOT NULL REFERENCES outbound_lists (id),
  position BIGINT NOT NULL,
  number TEXT NOT NULL,
  customer_id BIGINT,
  outcome TEXT NOT NULL DEFAULT 'pending',  -- pending | dialed | connected | not_reached
  call_id BIGINT,
  PRIMARY KEY (list_id, position)
);
