-- The connector backend a job works for (H2; keep postgresql/V26 in step). Filled when the job is
-- stored, by the resolver registered for its class (the connector addon registers one for
-- ConnectorJobs); NULL for jobs of other classes and for jobs stored before this version.
-- Read by `jobs run-now --backend`, `jobs list --backend` and the API's "backend" filter.
ALTER TABLE queue_job ADD COLUMN backend_id BIGINT;
CREATE INDEX queue_job_backend_idx ON queue_job (backend_id, state);
