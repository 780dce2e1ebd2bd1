-- Forgotten passwords by e-mail (issue 20, point 5; docs/accounts-security.md §3): a one-time link sent to the
-- person's address, valid one hour, used once. Only the SHA-256 of the link's token is kept, never the token: a
-- copy of the database lets nobody reset a password. Not audited (like setup_tokens): the password change itself
-- is, on people. Expired rows are deleted with the expired sessions (accounts.ts purgeExpired).
CREATE TABLE password_resets (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  person_id uuid NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  created_at timestamptz(3) NOT NULL,
  expires_at timestamptz(3) NOT NULL CHECK (expires_at = created_at + interval '1 hour'),
  used_at timestamptz(3)
);
CREATE INDEX password_resets_person ON password_resets (person_id);
