-- Guanxi schema, version 7: people who sign in. Teams, users (argon2id
-- password hashes, role, extra grants such as pii.view, lockout counters),
-- sessions (only a hash of the cookie value is stored, with its CSRF token),
-- and the audit log (PII reveals and exports, tier changes, campaign sends,
-- merges, deletions, permission changes, sign-ins). Times are UTC ms.

CREATE TABLE teams (
  id {{id_pk}},
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  name TEXT NOT NULL,
  manager_user_id BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (shop_id, name)
);

CREATE TABLE users (
  id {{id_pk}},
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  username TEXT NOT NULL UNIQUE,            -- stored lower-case; sign-in is case-insensitive
  display_name TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,              -- libsodium crypto_pwhash_str (argon2id)
  role TEXT NOT NULL,                       -- admin | manager | marketer | sales | csr | analyst
  grants TEXT NOT NULL DEFAULT '[]',        -- extra permissions, e.g. ["pii.view"]
  team_id BIGINT REFERENCES teams (id),
  locale TEXT NOT NULL DEFAULT 'zh-CN',
  active BIGINT NOT NULL DEFAULT 1,
  failed_logins BIGINT NOT NULL DEFAULT 0,
  locked_until BIGINT,
  must_change_password BIGINT NOT NULL DEFAULT 0,
  password_changed_at BIGINT NOT NULL,
  last_login_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX users_shop_team ON users (shop_id, team_id);

CREATE TABLE sessions (
  id {{id_pk}},
  token_hash TEXT NOT NULL UNIQUE,          -- hex BLAKE2b of the cookie value
  user_id BIGINT NOT NULL REFERENCES users (id),
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  revoked_at BIGINT,
  ip TEXT NOT NULL DEFAULT '',
  user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE audit_log (
  id {{id_pk}},
  shop_id BIGINT NOT NULL REFERENCES shops (id),
  actor TEXT NOT NULL,                      -- "user:3 alice", "api:key 2", "cli"
  user_id BIGINT,
  action TEXT NOT NULL,                     -- pii.reveal, export, tier.change, campaign.send, merge, delete, permission.change, login, login.failed
  object_type TEXT NOT NULL DEFAULT '',
  object_id TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '{}',
  ip TEXT NOT NULL DEFAULT '',
  occurred_at BIGINT NOT NULL
);
CREATE INDEX audit_log_shop_time ON audit_log (shop_id, occurred_at);
CREATE INDEX audit_log_action ON audit_log (shop_id, action, occurred_at);

-- API keys scoped to a role already carry api_keys.role (0001).
