-- Accounts of the staff web application: sessions, API tokens, sign-in attempts (lockout), one-time set-up
-- links, and the server's own secrets. All in the database so that several app processes share them.
-- Every secret handed to a person (session id, API token, set-up link) is stored only as its SHA-256: the
-- database alone does not let anyone sign in. Written for PostgreSQL 15 and PGlite alike.

-- When the password was last set: shown in the audit log (the hash never is) and used to end older sessions.
ALTER TABLE people ADD COLUMN password_changed_at timestamptz(3);

CREATE TABLE sessions (
  id_hash text PRIMARY KEY CHECK (id_hash ~ '^[0-9a-f]{64}$'),
  person_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  last_seen_at timestamptz(3) NOT NULL DEFAULT now(),
  expires_at timestamptz(3) NOT NULL
);
CREATE INDEX sessions_person ON sessions (person_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Tokens for scripts (Authorization: Bearer …). A token acts with its person's roles, limited to the roles the
-- person held when it was made (scopes): taking a role away from the person takes it from their tokens too.
CREATE TABLE api_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  person_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  -- The first characters of the token, so that its owner can tell tokens apart.
  prefix text NOT NULL,
  scopes text[] NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  expires_at timestamptz(3),
  revoked_at timestamptz(3)
);
CREATE INDEX api_tokens_person ON api_tokens (person_id);

-- Sign-in attempts per e-mail address (lower case, whether or not an account has it), for the lockout.
CREATE TABLE login_attempts (
  id bigserial PRIMARY KEY,
  email text NOT NULL,
  at timestamptz(3) NOT NULL DEFAULT now(),
  success boolean NOT NULL
);
CREATE INDEX login_attempts_email ON login_attempts (email, at);

-- One-time links: the system administrator's first set-up, and a person's set-password link (made by an
-- administrator for a new account or a forgotten password).
CREATE TABLE setup_tokens (
  token_hash text PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  purpose text NOT NULL CHECK (purpose IN ('admin-setup', 'set-password')),
  person_id uuid REFERENCES people (id) ON DELETE CASCADE,
  created_by text,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  expires_at timestamptz(3) NOT NULL,
  used_at timestamptz(3),
  CHECK ((purpose = 'admin-setup') = (person_id IS NULL))
);

-- Secrets of the server itself (the cookie-signing key), made on first start and shared by every process.
CREATE TABLE server_secrets (
  name text PRIMARY KEY,
  value text NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);

-- When each token was last used: apart from the token, so that using a token is not a change in the audit log.
CREATE TABLE api_token_uses (
  token_id uuid PRIMARY KEY REFERENCES api_tokens (id) ON DELETE CASCADE,
  last_used_at timestamptz(3) NOT NULL
);

-- Creating and revoking a token is a change worth a line in the log (its hash is never in it: 0001).
SELECT prongsai_audit_table('api_tokens'::regclass, ARRAY['id']);
