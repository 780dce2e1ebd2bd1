-- The durable job queue (issue 20, point 4; src/jobs/, docs/jobs.md): work any capability queues inside its own
-- transaction (queued iff the change commits), taken by the runners of every process with FOR UPDATE SKIP LOCKED,
-- each job by one runner at a time under a lease (`locked_until`): a process killed mid-job leaves it 'running'
-- until the lease ends, then any runner takes it again. Retried with backoff up to `max_attempts`, then 'failed'
-- with its error for the administrators. Not audited (it is a log of its own); done jobs older than 30 days are
-- deleted by a daily job.
CREATE TABLE jobs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9.-]*$' AND length(kind) <= 100),
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- The organisation the job concerns, if any (the administrators' view); its jobs go with it.
  org_id uuid REFERENCES organisations (id) ON DELETE CASCADE,
  run_at timestamptz(3) NOT NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  attempts int NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  max_attempts int NOT NULL DEFAULT 8 CHECK (max_attempts BETWEEN 1 AND 100),
  locked_by text,
  locked_until timestamptz(3),
  -- The last attempt's error (never a secret: the handlers' messages), at most 2,000 characters.
  last_error text CHECK (length(last_error) <= 2000),
  -- Work computed twice (a reminder) is queued once.
  dedupe_key text UNIQUE CHECK (length(dedupe_key) BETWEEN 1 AND 300),
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  finished_at timestamptz(3)
);
CREATE INDEX jobs_due ON jobs (status, run_at);
