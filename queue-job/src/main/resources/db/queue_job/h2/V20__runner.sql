-- Runner schema (H2; keep postgresql/V20 in step). H2 runs one runner process, woken in-process:
-- no notification triggers, and plain indexes instead of partial ones.

CREATE TABLE queue_worker (
    worker_id     VARCHAR(128) PRIMARY KEY,
    host          VARCHAR(256) NOT NULL,
    pid           BIGINT       NOT NULL,
    channels      TEXT         NOT NULL,
    workers       INTEGER      NOT NULL,
    started_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    lease_until   TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE queue_channel_state (
    channel        VARCHAR(256) PRIMARY KEY,
    last_start_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX queue_job_pending_idx ON queue_job (state, eta, priority, date_created, id);
CREATE INDEX queue_job_pending_now_idx ON queue_job (state, priority, date_created, id);
CREATE INDEX queue_job_pending_channel_idx ON queue_job (state, channel, eta, priority, date_created, id);
CREATE INDEX queue_job_running_idx ON queue_job (state, worker_id, channel);
