package com.awkhad.connector.framework.lock;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.job.RetryableJobError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;

/**
 * Locks that keep two jobs from synchronizing the same record at the same time. Both kinds are
 * held until the current transaction ends (a job's transaction), and both fail fast: when the lock
 * is taken, a {@link RetryableJobError} with {@code ignoreRetry} puts the job back to pending for a
 * few seconds without counting a try.
 *
 * <pre>{@code
 * Locker locker = Locker.of(env);
 * env.tx().run(c -> {
 *   locker.lockOrRetry(Locker.importLockName(backend.id(), "coffee.product", "42"), 2);  // advisory
 *   locker.lockRowOrRetry("connector_binding", bindingId, 2);                            // FOR UPDATE NOWAIT
 *   ...
 * });
 * }</pre>
 *
 * <p>The advisory lock is {@code pg_try_advisory_xact_lock} on PostgreSQL (key: the first 8 bytes
 * of the SHA-1 of the name) and a locked row of {@code connector_lock} on H2.
 */
public final class Locker {
  private final Environment env;
  private final LockSql sql;

  private Locker(Environment env) {
    this.env = env;
    this.sql = LockSql.of(env.database().dialect());
  }

  /** The locker of {@code env}. */
  public static Locker of(Environment env) {
    return new Locker(env);
  }

  /** The lock name used by importers: one per (backend, binding model, external id). */
  public static String importLockName(long backendId, String bindingModel, String externalId) {
    return "import(" + backendId + ", " + bindingModel + ", " + externalId + ")";
  }

  /** The 64-bit key of a lock name: the first 8 bytes of its SHA-1, big-endian. */
  public static long key(String lockName) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-1").digest(lockName.getBytes(StandardCharsets.UTF_8));
      long k = 0;
      for (int i = 0; i < 8; i++) {
        k = (k << 8) | (h[i] & 0xff);
      }
      return k;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JVM", e);
    }
  }

  /**
   * Takes the advisory lock {@code lockName} until the current transaction ends.
   *
   * @return false when another transaction holds it
   * @throws IllegalStateException when there is no current transaction (the lock would end at once)
   */
  public boolean tryLock(String lockName) {
    Connection c = requireTransaction("lock '" + lockName + "'");
    long key = key(lockName);
    return env.tx().inTransaction(tx -> sql.tryAdvisoryLock(env.tx(), c, key));
  }

  /**
   * Takes the advisory lock {@code lockName} or asks the job to retry in {@code retrySeconds}.
   *
   * @throws RetryableJobError (ignoreRetry) when another transaction holds it
   */
  public void lockOrRetry(String lockName, int retrySeconds) {
    if (!tryLock(lockName)) {
      throw new RetryableJobError("Lock " + lockName + " is held by another job working on the same record:"
          + " retrying in " + retrySeconds + " s", retrySeconds, true);
    }
  }

  /**
   * Locks row {@code id} of {@code table} ({@code SELECT ... FOR UPDATE NOWAIT}) until the current
   * transaction ends, or asks the job to retry.
   *
   * @return false when the row does not exist
   * @throws RetryableJobError (ignoreRetry) when another transaction holds the row
   */
  public boolean lockRowOrRetry(String table, long id, int retrySeconds) {
    if (!table.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("Not a table name: " + table);
    }
    Connection c = requireTransaction("lock " + table + " #" + id);
    Boolean locked = env.tx().inTransaction(tx -> sql.tryLockRow(c, table, id));
    if (locked == null) {
      return false;
    }
    if (!locked) {
      throw new RetryableJobError("Record " + table + " #" + id + " is locked by another job (an export or import"
          + " of the same record is running): retrying in " + retrySeconds + " s", retrySeconds, true);
    }
    return true;
  }

  private Connection requireTransaction(String what) {
    return env.tx().current().orElseThrow(() -> new IllegalStateException(
        "Cannot " + what + " outside a transaction: the lock would be released at once. Run it inside env.tx().run(...)"
            + " (jobs always run in one)"));
  }
}
