-- The connector backend a job works for (PostgreSQL; keep h2/V26 in step). Filled when the job is
-- stored, by the resolver registered for its class (the connector addon registers one for
-- ConnectorJobs); NULL for jobs of other classes and for jobs stored before this version.
-- Read by `jobs run-now --backend`, `jobs list --backend` and the API's "backend" filter.
-- Adding a nullable column without default rewrites nothing; the partial index holds only the
-- jobs that have a backend.
ALTER TABLE queue_job ADD COLUMN backend_id BIGINT;
CREATE INDEX queue_job_backend_idx ON queue_job (backend_id, state) WHERE backend_id IS NOT NULL;
