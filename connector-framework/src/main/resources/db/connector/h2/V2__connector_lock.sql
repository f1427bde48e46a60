-- H2 has no advisory locks: a lock is a row of this table locked with SELECT ... FOR UPDATE NOWAIT
-- until the transaction ends (see com.awkhad.connector.connector.lock.LockSql).
CREATE TABLE connector_lock (
  lock_key BIGINT PRIMARY KEY
);
