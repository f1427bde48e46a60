-- Recurring job definitions (same SQL on both databases): each due time is enqueued once, by
-- whichever runner locks the row first; the identity key of the job is 'recurring:<name>:<due>'.
CREATE TABLE queue_job_recurring (
    name              VARCHAR(256) PRIMARY KEY,
    cron              VARCHAR(128),             -- five-field cron expression, or NULL
    interval_seconds  BIGINT,                   -- fixed interval, or NULL
    time_zone         VARCHAR(64)  NOT NULL DEFAULT 'UTC',
    missed            VARCHAR(16)  NOT NULL DEFAULT 'run_once',  -- run_once | skip
    func_name         VARCHAR(512) NOT NULL,
    target_class      VARCHAR(512) NOT NULL,
    method_name       VARCHAR(256) NOT NULL,
    args              TEXT         NOT NULL,
    description       VARCHAR(512) NOT NULL,
    channel           VARCHAR(256) NOT NULL,
    priority          INTEGER      NOT NULL,
    max_retries       INTEGER      NOT NULL,
    enabled           BOOLEAN      NOT NULL DEFAULT TRUE,
    next_run_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    last_run_at       TIMESTAMP WITH TIME ZONE,
    last_job_uuid     VARCHAR(36),
    CONSTRAINT queue_job_recurring_one_schedule CHECK ((cron IS NULL) <> (interval_seconds IS NULL))
);
CREATE INDEX queue_job_recurring_next_idx ON queue_job_recurring (next_run_at);
