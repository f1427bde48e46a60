-- Fewer writes per job (PostgreSQL only; H2 has no partial indexes, collations or NOTIFY).
-- Measured with `./connector bench` (docs/benchmarks.md): every job row is inserted once and
-- updated twice (claim, done), and no update of queue_job can be HOT (the state column is in the
-- partial indexes' predicates), so each write inserts an entry in every index that covers the row.

-- 1. Identifiers and channel names compare byte-wise: the "C" collation is several times cheaper
--    than the database's default (often a libc UTF-8 locale) on the random uuids of the unique
--    index, and lets `channel LIKE 'root.coffee.%'` use the channel indexes. Columns compared with
--    these ones (joins) get the same collation, or PostgreSQL could not pick one.
ALTER TABLE queue_job
    ALTER COLUMN uuid TYPE VARCHAR(36) COLLATE "C",
    ALTER COLUMN graph_uuid TYPE VARCHAR(36) COLLATE "C",
    ALTER COLUMN channel TYPE VARCHAR(256) COLLATE "C";
ALTER TABLE queue_job_dependency
    ALTER COLUMN parent_uuid TYPE VARCHAR(36) COLLATE "C",
    ALTER COLUMN child_uuid TYPE VARCHAR(36) COLLATE "C";
ALTER TABLE queue_job_channel ALTER COLUMN name TYPE VARCHAR(256) COLLATE "C";
ALTER TABLE queue_job_function ALTER COLUMN channel TYPE VARCHAR(256) COLLATE "C";
ALTER TABLE queue_channel_state ALTER COLUMN channel TYPE VARCHAR(256) COLLATE "C";

-- 2. Indexes hold only the rows their queries look for. Most jobs have no graph and no identity
--    key: their NULLs all landed on the same right-most index page, which every writer then
--    fought over. Lists and the autovacuum by state read finished or waiting jobs; pending and
--    running jobs have their own partial indexes (V20).
DROP INDEX queue_job_graph_idx;
CREATE INDEX queue_job_graph_idx ON queue_job (graph_uuid) WHERE graph_uuid IS NOT NULL;
DROP INDEX queue_job_open_identity_uniq;
CREATE UNIQUE INDEX queue_job_open_identity_uniq ON queue_job (open_identity_key) WHERE open_identity_key IS NOT NULL;
DROP INDEX queue_job_state_date_idx;
CREATE INDEX queue_job_state_date_idx ON queue_job (state, date_done)
    WHERE state IN ('wait_dependencies', 'done', 'cancelled', 'failed');

-- 3. Notifications only when there is something new to claim. A transaction that notified takes
--    a database-wide lock at commit and keeps it through the commit's flush, so notifying from
--    every worker's done-state commit serialized those commits (no group commit). A runner whose
--    job ends claims for its freed worker itself; a stopping runner notifies once its jobs end
--    (see Worker). Inserts notify once per statement (batched enqueues insert hundreds of rows
--    per statement); a statement that inserted no pending job wakes the runners for nothing.
DROP TRIGGER queue_job_notify_insert ON queue_job;
CREATE TRIGGER queue_job_notify_insert AFTER INSERT ON queue_job
    FOR EACH STATEMENT EXECUTE FUNCTION queue_job_notify();
DROP TRIGGER queue_job_notify_update ON queue_job;
CREATE TRIGGER queue_job_notify_update AFTER UPDATE OF state ON queue_job
    FOR EACH ROW WHEN (NEW.state = 'pending' AND OLD.state IS DISTINCT FROM NEW.state)
    EXECUTE FUNCTION queue_job_notify();
