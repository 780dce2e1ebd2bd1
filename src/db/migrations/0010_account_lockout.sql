-- The sign-in lockout per account AND client address (docs/accounts-security.md): a failure is counted against
-- the pair, so that failures from one address do not lock the account's owner out at another. The address is the
-- one the server sees (behind a reverse proxy: the client's, with PRONGSAI_TRUST_PROXY); '' when unknown.
-- Successful sign-ins are kept 30 days: an address the account signed in from is not slowed by the per-account
-- rule. Failures are kept one day.
ALTER TABLE login_attempts ADD COLUMN address text NOT NULL DEFAULT '';
CREATE INDEX login_attempts_email_address ON login_attempts (email, address, at);
