package com.awkhad.connector.queue.store;

import java.sql.Connection;
import java.util.List;

/**
 * Told when jobs become {@code pending} (stored, released by their parents, postponed after a
 * retryable error, requeued): the hook a runner uses to wake up. The wake hints use all three
 * moments: nothing in the transaction, a datagram that gets the runners ready before the commit,
 * and the one that makes them claim after it.
 *
 * <pre>{@code
 * queue.addEnqueueListener(new EnqueueListener() {
 *   public void inTransaction(Connection c, List<String> uuids) throws SQLException {
 *     try (Statement s = c.createStatement()) { s.execute("NOTIFY queue_job"); } // PostgreSQL
 *   }
 *   public void afterCommit(List<String> uuids) { dispatcher.wakeUp(); }
 * });
 * }</pre>
 *
 * <p>The three calls for one write get the same list instance, so a listener may key what it keeps
 * between them on the list's identity (the runner does, for its hand-off at commit).
 */
public interface EnqueueListener {
  /**
   * Called in the transaction that made the jobs pending, right after the write. An exception
   * here fails that transaction, so keep it to SQL such as {@code NOTIFY}.
   */
  default void inTransaction(Connection connection, List<String> uuids) throws java.sql.SQLException {}

  /**
   * Called just before that transaction's commit is sent (see {@code Transactions.beforeCommit}):
   * a moment to get ready, since the jobs cannot be seen by other transactions yet and the commit
   * may still fail. The transaction is still current: a runner of this process may claim the jobs
   * in it (its hand-off at commit). Exceptions are logged and ignored. Under an application's transaction manager without such a
   * hook it is not called.
   */
  default void beforeCommit(List<String> uuids) {}

  /** Called once that transaction committed; exceptions are logged and ignored. */
  default void afterCommit(List<String> uuids) {}
}
