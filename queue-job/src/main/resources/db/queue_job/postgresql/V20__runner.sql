-- Runner schema (PostgreSQL; keep h2/V20 in step): leases, channel state, claim indexes, wake-ups.

-- One row per live runner process, heartbeated; a runner whose lease expired is dead and its
-- enqueued/started jobs are requeued by any other runner.
CREATE TABLE queue_worker (
    worker_id     VARCHAR(128) PRIMARY KEY,   -- jobs it holds have worker_id '<worker_id>/<unit>'
    host          VARCHAR(256) NOT NULL,
    pid           BIGINT       NOT NULL,
    channels      TEXT         NOT NULL,      -- channel configuration it enforces
    workers       INTEGER      NOT NULL,
    started_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    lease_until   TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Global state of throttled channels: the last start, whichever runner started it.
CREATE TABLE queue_channel_state (
    channel        VARCHAR(256) PRIMARY KEY,
    last_start_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Claim: pending jobs in claim order, read through partial indexes in index order (LIMIT stops
-- early, whatever the backlog): due eta jobs by (eta, priority, date, sequence), jobs without eta
-- by (priority, date, sequence); globally and per channel. Running jobs per worker unit; failed
-- jobs per channel (sequential channels).
CREATE INDEX queue_job_pending_eta_idx ON queue_job (eta, priority, date_created, id)
    WHERE state = 'pending' AND eta IS NOT NULL;
CREATE INDEX queue_job_pending_now_idx ON queue_job (priority, date_created, id)
    WHERE state = 'pending' AND eta IS NULL;
CREATE INDEX queue_job_pending_channel_eta_idx ON queue_job (channel, eta, priority, date_created, id)
    WHERE state = 'pending' AND eta IS NOT NULL;
CREATE INDEX queue_job_pending_channel_now_idx ON queue_job (channel, priority, date_created, id)
    WHERE state = 'pending' AND eta IS NULL;
CREATE INDEX queue_job_running_idx ON queue_job (worker_id, channel) WHERE state IN ('enqueued', 'started');
CREATE INDEX queue_job_failed_channel_idx ON queue_job (channel) WHERE state = 'failed';

-- A queue table churns: vacuum and analyze it often, so that dead rows do not pile up in the
-- claim indexes and the planner keeps knowing how few rows are pending.
ALTER TABLE queue_job SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02,
    autovacuum_vacuum_cost_delay = 0);

-- Wake-ups: a notification when a job becomes pending or frees a running slot. Row triggers
-- with a WHEN clause cost nothing on the rows they skip (claims: pending -> enqueued), and
-- PostgreSQL folds identical notifications of one transaction into one.
CREATE FUNCTION queue_job_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('queue_job', '');
    RETURN NULL;
END $$;

CREATE TRIGGER queue_job_notify_insert AFTER INSERT ON queue_job
    FOR EACH ROW WHEN (NEW.state = 'pending') EXECUTE FUNCTION queue_job_notify();
CREATE TRIGGER queue_job_notify_update AFTER UPDATE OF state ON queue_job
    FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state
                       AND (NEW.state = 'pending' OR OLD.state IN ('enqueued', 'started')))
    EXECUTE FUNCTION queue_job_notify();
