-- Per-backend circuit breaker (connector.circuit), shared by every runner on the database.
-- One row per backend that ever failed with a network error; written in short transactions of
-- their own, never in a job's (a failed job's work is rolled back, its circuit bookkeeping is not).
CREATE TABLE connector_circuit (
  backend_id BIGINT PRIMARY KEY REFERENCES connector_backend (id) ON DELETE CASCADE,
  state VARCHAR(16) NOT NULL,                 -- closed | open
  failures INTEGER DEFAULT 0 NOT NULL,        -- network errors in a row while closed
  reason TEXT,                                -- the last network error (never a secret: the client scrubs it)
  opened_at TIMESTAMP WITH TIME ZONE,         -- when it last opened
  closed_at TIMESTAMP WITH TIME ZONE,         -- when it last closed
  probes INTEGER DEFAULT 0 NOT NULL,          -- failed probes since it opened
  probe_at TIMESTAMP WITH TIME ZONE,          -- open: the earliest time of the next probe
  probing_until TIMESTAMP WITH TIME ZONE,     -- open: a probe runs, at most until then (its lease)
  probe_job VARCHAR(36)                       -- open: the job that probes next (or probes now)
);

-- Jobs put back to wait for a backend's circuit to close: made due at once when it does.
CREATE TABLE connector_circuit_wait (
  backend_id BIGINT NOT NULL REFERENCES connector_backend (id) ON DELETE CASCADE,
  job_uuid VARCHAR(36) NOT NULL,
  PRIMARY KEY (backend_id, job_uuid)
);
