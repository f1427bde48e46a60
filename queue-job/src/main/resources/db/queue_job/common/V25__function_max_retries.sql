-- Job functions keyed by model (<model>.method) and their max retries: a job whose options set
-- none takes its function's (NULL: the layers below decide, see docs/jobs.md).
ALTER TABLE queue_job_function ADD COLUMN max_retries INTEGER;
