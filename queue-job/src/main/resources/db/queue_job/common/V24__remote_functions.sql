-- Job functions that are slow or call a remote system (same SQL on both databases): a runner
-- runs each of their jobs alone in its transaction, never in a batch with other jobs.
ALTER TABLE queue_job_function ADD COLUMN remote BOOLEAN DEFAULT FALSE NOT NULL;
