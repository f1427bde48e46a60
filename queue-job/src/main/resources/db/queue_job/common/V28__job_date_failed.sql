-- When a job last moved to failed: the dashboard's "failed at" column, its sort and its date
-- filters. Set with the failed state (JobStore.markFailed, a runner found dead), cleared by a
-- requeue. NULL for jobs that failed before this version.
ALTER TABLE queue_job ADD COLUMN date_failed TIMESTAMP WITH TIME ZONE;
CREATE INDEX queue_job_failed_idx ON queue_job (state, date_failed);
