package com.awkhad.connector.base.tx;

import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A transaction begun by {@link Transactions#begin()} that is not bound to a thread: its first
 * statements run with {@link #use}, then it is ended here ({@link #commit()}, or {@link #close()}
 * which rolls back) or handed to another thread, which finishes it with
 * {@link Transactions#inOpenTransaction(OpenTransaction, TxWork)}. The connection never leaves
 * the transaction API: whoever holds the handle owns the transaction, and a handle that was handed
 * over does nothing on close.
 *
 * <pre>{@code
 * try (OpenTransaction open = tx.begin()) {
 *   List<Long> ids = open.use(c -> lockRows(c));  // statements in the open transaction
 *   worker.give(open.handOver());                  // this handle's close() no longer rolls back
 * }
 * // on the worker's thread:
 * tx.inOpenTransaction(handed, c -> runJobs(c));   // commits, or rolls back, and closes it
 * }</pre>
 */
public final class OpenTransaction implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OpenTransaction.class);

  private Connection connection;

  OpenTransaction(Connection connection) {
    this.connection = connection;
  }

  /** Runs statements in this transaction, without ending it. */
  public <T> T use(TxWork<T> work) throws SQLException {
    Connection c = connection();
    try {
      return work.run(c);
    } catch (SQLException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new TransactionException("Work in an open transaction failed: " + e.getMessage(), e);
    }
  }

  /** Commits and closes the transaction. */
  public void commit() throws SQLException {
    Connection c = connection();
    connection = null;
    try {
      c.commit();
    } finally {
      release(c);
    }
  }

  /** A new handle owning this transaction; this one is left empty (its close does nothing). */
  public OpenTransaction handOver() {
    return new OpenTransaction(take());
  }

  /** True until the transaction was committed, closed or handed over. */
  public boolean isOpen() {
    return connection != null;
  }

  /** Rolls back and closes the transaction, unless it was committed or handed over. */
  @Override
  public void close() {
    Connection c = connection;
    connection = null;
    if (c == null) {
      return;
    }
    try {
      c.rollback();
    } catch (SQLException e) {
      log.debug("rolling back an open transaction: {}", e.toString());
    }
    release(c);
  }

  /** Takes the connection out of this handle (for {@link Transactions#inOpenTransaction}). */
  Connection take() {
    Connection c = connection();
    connection = null;
    return c;
  }

  private Connection connection() {
    if (connection == null) {
      throw new IllegalStateException("This transaction was already committed, closed or handed over");
    }
    return connection;
  }

  private static void release(Connection c) {
    try {
      c.setAutoCommit(true);
    } catch (SQLException ignored) {
      // the pool discards a broken connection
    }
    try {
      c.close();
    } catch (SQLException e) {
      log.debug("closing an open transaction's connection: {}", e.toString());
    }
  }
}
