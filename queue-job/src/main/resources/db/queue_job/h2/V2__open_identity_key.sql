-- H2 spells a computed column GENERATED ALWAYS AS (...) without STORED (keep postgresql/V2 in step).
-- identity_key while the job is open (wait_dependencies, pending, enqueued), else NULL;
-- its unique index makes duplicate open jobs impossible, whatever the concurrency.
ALTER TABLE queue_job ADD COLUMN open_identity_key VARCHAR(512) GENERATED ALWAYS AS (
    CASE WHEN state IN ('wait_dependencies', 'pending', 'enqueued') THEN identity_key END);
CREATE UNIQUE INDEX queue_job_open_identity_uniq ON queue_job (open_identity_key);
