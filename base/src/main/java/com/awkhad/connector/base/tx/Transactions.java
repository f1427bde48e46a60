package com.awkhad.connector.base.tx;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs blocks of work in database transactions. A block started while the thread already has a
 * transaction joins it, so that everything a business operation writes (records, enqueued jobs)
 * commits or rolls back together.
 *
 * <pre>{@code
 * long id = tx.inTransaction(c -> {
 *   long partner = env.model("res.partner").create(Map.of("name", "Ada"));
 *   queue.delay(PartnerExporter.class).exportRecord(partner); // same transaction
 *   return partner;
 * });
 * }</pre>
 *
 * <p>A nested block that throws marks the whole transaction rollback-only: the outermost block
 * then rolls back even if the exception was caught in between. Use {@link #inSavepoint} to let a
 * nested failure undo only its own work, and {@link #inNewTransaction} for work that must commit
 * on its own (for example writing a job's failure after its work was rolled back).
 *
 * <p>When the application's transaction manager has a transaction open on the thread (see
 * {@link OuterTransactions}; the Spring Boot starter supplies one), an outermost block joins it
 * instead of beginning its own: the outer transaction commits or rolls back our writes with its
 * own, a failing block marks it rollback-only, and {@link #afterCommit} waits for its commit.
 * {@link #inNewTransaction} still takes a connection of its own.
 */
public final class Transactions {
  private static final Logger log = LoggerFactory.getLogger(Transactions.class);

  private final DataSource dataSource;
  private final OuterTransactions outerTransactions;
  private final ThreadLocal<Deque<Tx>> stack = ThreadLocal.withInitial(ArrayDeque::new);

  public Transactions(DataSource dataSource) {
    this(dataSource, OuterTransactions.NONE);
  }

  /** Transactions on {@code dataSource} that join the application's transactions found by {@code outer}. */
  public Transactions(DataSource dataSource, OuterTransactions outer) {
    this.dataSource = dataSource;
    this.outerTransactions = outer;
  }

  /** How long a transaction begun inside another one on the same thread waits for a lock at most. */
  public static final java.time.Duration NESTED_LOCK_TIMEOUT = java.time.Duration.ofSeconds(10);

  private volatile String nestedLockTimeoutSql;

  /**
   * Bounds the lock waits of a transaction begun ({@link #inNewTransaction}) while the thread
   * already has one: {@code sql} (the dialect's {@link
   * com.awkhad.connector.base.db.Dialect#localLockTimeoutSql}, null for none) runs first in it.
   * The outer transaction may hold the very lock the inner one waits for, directly or through
   * another session waiting on it; its session is idle meanwhile, so the database sees no
   * deadlock and both would wait forever. Bounded, the inner one fails instead (see
   * {@link NestedLockTimeoutException}), and with it the work that started it, which can retry.
   */
  public void boundNestedLockWaits(String sql) {
    this.nestedLockTimeoutSql = sql;
  }

  private static final class Tx {
    final Connection connection;
    boolean rollbackOnly;
    Throwable rollbackCause;
    /** Savepoints of {@link #inSavepoint} running now (nested ones included). */
    int openSavepoints;
    /** Whether succeeded outermost savepoints stay open (see {@link #deferSavepointRelease}). */
    boolean deferRelease;
    /** Succeeded outermost savepoints left open, and the first of them. */
    int keptSavepoints;
    Savepoint firstKept;
    /** The innermost {@link #inLazySavepoint} block running now, or null. */
    Lazy lazy;
    final List<Runnable> beforeCommit = new ArrayList<>();
    final List<Runnable> afterCommit = new ArrayList<>();
    final List<Runnable> afterRollback = new ArrayList<>();
    /** The application's transaction this block joined, or null for one of ours. */
    final OuterTransactions.Outer outer;

    Tx(Connection connection) {
      this(connection, null);
    }

    Tx(Connection connection, OuterTransactions.Outer outer) {
      this.connection = connection;
      this.outer = outer;
    }
  }

  /**
   * A savepoint of {@link #inLazySavepoint}: null until its block first asks for the connection;
   * {@code outer}, the lazy block it runs in, if any (set first).
   */
  private static final class Lazy {
    final Lazy outer;
    Savepoint savepoint;

    Lazy(Lazy outer) {
      this.outer = outer;
    }
  }

  /**
   * The connection of {@code tx}, for work about to use it: first sets the savepoints of the lazy
   * blocks running on it that have none yet, outermost first, so that whatever the work writes
   * can be undone with its block.
   */
  private static Connection connectionOf(Tx tx) {
    if (tx.lazy != null && tx.lazy.savepoint == null) {
      setLazy(tx, tx.lazy);
    }
    return tx.connection;
  }

  private static void setLazy(Tx tx, Lazy lazy) {
    if (lazy.outer != null && lazy.outer.savepoint == null) {
      setLazy(tx, lazy.outer);
    }
    lazy.savepoint = newSavepoint(tx.connection);
  }

  private static Savepoint newSavepoint(Connection c) {
    try {
      return c.setSavepoint();
    } catch (SQLException e) {
      throw new TransactionException("Cannot set a savepoint: " + e.getMessage(), e);
    }
  }

  /** Runs {@code work} in the thread's current transaction, or in a new one if there is none. */
  public <T> T inTransaction(TxWork<T> work) {
    Tx current = stack.get().peek();
    if (current != null) {
      try {
        return work.run(connectionOf(current));
      } catch (Throwable e) {
        current.rollbackOnly = true;
        current.rollbackCause = e;
        throw propagate(e);
      }
    }
    OuterTransactions.Outer outer = outerTransactions.current();
    if (outer != null) {
      return runJoined(outer, work);
    }
    return runNew(work);
  }

  /** Runs {@code work} on the application's transaction, which commits or rolls back later. */
  private <T> T runJoined(OuterTransactions.Outer outer, TxWork<T> work) {
    Tx tx = new Tx(outer.connection(), outer);
    Deque<Tx> txs = stack.get();
    txs.push(tx);
    try {
      T result;
      try {
        result = work.run(tx.connection);
      } catch (Throwable e) {
        outer.setRollbackOnly(e);
        throw propagate(e);
      }
      if (tx.rollbackOnly) {
        outer.setRollbackOnly(tx.rollbackCause);
        throw new TransactionException(
            "Transaction marked rollback-only: a nested block failed with " + tx.rollbackCause, tx.rollbackCause);
      }
      return result;
    } finally {
      txs.pop();
      outer.release();
    }
  }

  /** Like {@link #inTransaction(TxWork)} for a block without a result. */
  public void run(TxVoidWork work) {
    inTransaction(c -> {
      work.run(c);
      return null;
    });
  }

  /** Runs {@code work} in a transaction of its own, suspending the thread's current one. */
  public <T> T inNewTransaction(TxWork<T> work) {
    return runNew(work);
  }

  /**
   * Begins a transaction on a connection of its own that is bound to no thread: the caller sends
   * its first statements with {@link OpenTransaction#use}, then commits it, closes it (rollback)
   * or hands it to another thread, which finishes it with {@link #inOpenTransaction}. For a
   * transaction whose first statements go with the commit of the one before, in one round trip.
   */
  public OpenTransaction begin() {
    Connection c;
    try {
      c = dataSource.getConnection();
    } catch (SQLException e) {
      throw new TransactionException("Cannot start a transaction: " + e.getMessage(), e);
    }
    try {
      c.setAutoCommit(false);
    } catch (SQLException e) {
      try {
        c.close();
      } catch (SQLException ce) {
        e.addSuppressed(ce);
      }
      throw new TransactionException("Cannot start a transaction: " + e.getMessage(), e);
    }
    return new OpenTransaction(c);
  }

  /**
   * Runs {@code work} in a transaction begun with {@link #begin()} (perhaps on another thread),
   * then commits or rolls back and closes it, as {@link #inNewTransaction} does with the
   * connection it takes. The handle is emptied.
   */
  public <T> T inOpenTransaction(OpenTransaction open, TxWork<T> work) {
    return runOn(open.take(), work);
  }

  /**
   * Runs {@code work} inside the current transaction behind a savepoint: if it throws, only its
   * own writes are undone and the exception propagates, leaving the transaction usable. When it
   * succeeds the savepoint is released, unless {@link #deferSavepointRelease()} is on.
   *
   * @throws IllegalStateException when no transaction is active
   */
  public <T> T inSavepoint(TxWork<T> work) {
    Tx current = stack.get().peek();
    if (current == null) {
      throw new IllegalStateException("inSavepoint needs an active transaction: call it inside inTransaction");
    }
    Savepoint sp = newSavepoint(connectionOf(current));
    // a nested block failing inside the savepoint marks the transaction rollback-only; rolling
    // back to the savepoint undoes that failure, so the flag goes back to what it was before
    boolean wasRollbackOnly = current.rollbackOnly;
    Throwable previousCause = current.rollbackCause;
    T result;
    current.openSavepoints++;
    try {
      result = work.run(current.connection);
    } catch (Throwable e) {
      rollBack(current, sp, e, wasRollbackOnly, previousCause);
      throw propagate(e);
    } finally {
      current.openSavepoints--;
    }
    succeeded(current, sp);
    return result;
  }

  /**
   * Like {@link #inSavepoint}, for work that may not use the database at all (a job that only
   * computes, or only calls a remote system): the savepoint is set when the work first asks for
   * the transaction's connection through this class ({@link #inTransaction}, {@link #run},
   * {@link #current}, a nested {@link #inSavepoint}), so work that never does costs no statement.
   * If {@code work} throws, what it wrote is undone and the exception propagates; if it wrote
   * nothing, there is nothing to undo. The work gets no connection: it reaches the database
   * through this class (the record layer and {@code queue.delay} do).
   *
   * <pre>{@code
   * tx.run(c -> {
   *   for (Job job : batch) {
   *     try { tx.inLazySavepoint(() -> job.run()); } catch (RuntimeException e) { log(e); } // no SAVEPOINT if job.run() reads nothing
   *   }
   * });
   * }</pre>
   *
   * @throws IllegalStateException when no transaction is active
   */
  public <T> T inLazySavepoint(java.util.concurrent.Callable<T> work) {
    Tx current = stack.get().peek();
    if (current == null) {
      throw new IllegalStateException("inLazySavepoint needs an active transaction: call it inside inTransaction");
    }
    Lazy lazy = new Lazy(current.lazy);
    current.lazy = lazy;
    boolean wasRollbackOnly = current.rollbackOnly;
    Throwable previousCause = current.rollbackCause;
    T result;
    current.openSavepoints++;
    try {
      result = work.call();
    } catch (Throwable e) {
      if (lazy.savepoint != null) { // else it wrote nothing: nothing to undo
        rollBack(current, lazy.savepoint, e, wasRollbackOnly, previousCause);
      }
      throw propagate(e);
    } finally {
      current.openSavepoints--;
      current.lazy = lazy.outer;
    }
    if (lazy.savepoint != null) {
      succeeded(current, lazy.savepoint);
    }
    return result;
  }

  /**
   * Rolls back to {@code sp}, whose block failed with {@code e}: that undoes a nested block's
   * failure too, so the rollback-only flag goes back to what it was before the block. If the
   * rollback itself fails, the whole transaction is rollback-only.
   */
  private static void rollBack(Tx current, Savepoint sp, Throwable e, boolean wasRollbackOnly, Throwable previousCause) {
    try {
      current.connection.rollback(sp);
      current.rollbackOnly = wasRollbackOnly;
      current.rollbackCause = previousCause;
    } catch (SQLException re) {
      e.addSuppressed(re);
      current.rollbackOnly = true;
      current.rollbackCause = e;
    }
  }

  /** Releases {@code sp}, whose block succeeded, or keeps it open (see {@link #deferSavepointRelease}). */
  private static void succeeded(Tx current, Savepoint sp) {
    if (current.deferRelease && current.openSavepoints == 0 && current.keptSavepoints < MAX_KEPT_SAVEPOINTS) {
      if (current.firstKept == null) {
        current.firstKept = sp;
      }
      current.keptSavepoints++;
      return;
    }
    try {
      current.connection.releaseSavepoint(sp);
    } catch (SQLException e) {
      log.debug("releaseSavepoint failed (ignored): {}", e.getMessage());
    }
  }

  /** Outermost savepoints a transaction leaves open at most (see {@link #deferSavepointRelease}). */
  static final int MAX_KEPT_SAVEPOINTS = 64;

  /**
   * From now on in the current transaction, an outermost {@link #inSavepoint} block that succeeds
   * leaves its savepoint open (up to 64) instead of releasing it at once: one statement less per
   * block. {@link #releaseDeferredSavepoints()} then releases them all in one statement; the
   * commit releases them too. Meanwhile later statements run inside those savepoints, so call
   * it before updating rows the transaction locked earlier (on PostgreSQL such updates from
   * inside a savepoint cost a multixact each).
   *
   * <pre>{@code
   * tx.run(c -> {
   *   tx.deferSavepointRelease();
   *   for (Runnable step : steps) {
   *     try { tx.inSavepoint(s -> { step.run(); return null; }); } catch (RuntimeException e) { log(e); }
   *   }
   *   tx.releaseDeferredSavepoints();
   *   markAllDone(c);
   * });
   * }</pre>
   *
   * @throws IllegalStateException when no transaction is active
   */
  public void deferSavepointRelease() {
    Tx current = stack.get().peek();
    if (current == null) {
      throw new IllegalStateException("deferSavepointRelease needs an active transaction: call it inside inTransaction");
    }
    current.deferRelease = true;
  }

  /**
   * Releases, in one statement, the savepoints left open since {@link #deferSavepointRelease()}
   * (releasing the first releases those set after it). Deferral stays on. Nothing happens when
   * none is open or no transaction is active.
   */
  public void releaseDeferredSavepoints() {
    Tx current = stack.get().peek();
    if (current == null || current.firstKept == null) {
      return;
    }
    Savepoint first = current.firstKept;
    current.firstKept = null;
    current.keptSavepoints = 0;
    try {
      current.connection.releaseSavepoint(first);
    } catch (SQLException e) {
      throw new UncheckedSqlException(e);
    }
  }

  /** The current transaction's connection, if the thread has one. */
  public Optional<Connection> current() {
    Tx tx = stack.get().peek();
    return tx == null ? Optional.empty() : Optional.of(connectionOf(tx));
  }

  public boolean active() {
    return stack.get().peek() != null;
  }

  /**
   * True when the thread's current transaction can only roll back: a block of ours failed in it
   * (an exception left {@link #inTransaction}, even one the caller then caught) and no savepoint
   * undid that. False with no transaction.
   *
   * <pre>{@code
   * tx.run(c -> {
   *   try { tx.run(inner -> step(inner)); } catch (RuntimeException e) { log(e); }
   *   if (tx.rollbackOnly()) { return; } // nothing more is worth doing here: it all rolls back
   *   next(c);
   * });
   * }</pre>
   */
  public boolean rollbackOnly() {
    Tx tx = stack.get().peek();
    return tx != null && tx.rollbackOnly;
  }

  /**
   * True when the thread's current transaction is one of ours: begun by this class, which runs its
   * {@link #beforeCommit} actions itself, right before it sends the commit on {@link #current}'s
   * connection. False with no transaction, and in an application's transaction joined through
   * {@link OuterTransactions} (its manager may still flush work after those actions).
   */
  public boolean inOwnTransaction() {
    Tx tx = stack.get().peek();
    return tx != null && tx.outer == null;
  }

  /**
   * Runs {@code action} just before the current transaction's commit is sent; immediately when
   * there is none. It is a way to get ready for the commit, not to vote on it: an exception the
   * action throws is logged, never propagated, and the commit goes on; the commit may still fail
   * after it ran; and it does not run when the transaction rolls back without trying to commit.
   * Actions run in the order they were registered, on the committing thread, with the transaction
   * still current: keep them off the database (a block of ours that fails in one rolls the whole
   * transaction back, as it would in the work).
   *
   * <pre>{@code
   * tx.run(c -> {
   *   insertJob(c);
   *   tx.beforeCommit(() -> runners.getReady()); // they wake while the commit is flushed
   *   tx.afterCommit(() -> runners.claimNow());
   * });
   * }</pre>
   *
   * <p>Under an application's transaction manager ({@link OuterTransactions}) it runs when that
   * manager offers such a hook (the Spring Boot starter does), and not at all otherwise.
   */
  public void beforeCommit(Runnable action) {
    Tx tx = stack.get().peek();
    if (tx == null) {
      safeRun(action);
    } else if (tx.outer != null) {
      tx.outer.beforeCommit(() -> safeRun(action));
    } else {
      tx.beforeCommit.add(action);
    }
  }

  /**
   * Runs {@code action} once the current transaction committed; immediately when there is none.
   * An exception thrown by the action is logged, never propagated.
   */
  public void afterCommit(Runnable action) {
    Tx tx = stack.get().peek();
    if (tx == null) {
      safeRun(action);
    } else if (tx.outer != null) {
      tx.outer.afterCommit(() -> safeRun(action));
    } else {
      tx.afterCommit.add(action);
    }
  }

  /** Runs {@code action} if the current transaction rolls back; never when there is none. */
  public void afterRollback(Runnable action) {
    Tx tx = stack.get().peek();
    if (tx != null && tx.outer != null) {
      tx.outer.afterRollback(() -> safeRun(action));
    } else if (tx != null) {
      tx.afterRollback.add(action);
    }
  }

  private <T> T runNew(TxWork<T> work) {
    Connection connection;
    try {
      connection = dataSource.getConnection();
    } catch (SQLException e) {
      throw new TransactionException("Cannot get a database connection: " + e.getMessage(), e);
    }
    return runOn(connection, work);
  }

  private <T> T runOn(Connection connection, TxWork<T> work) {
    Tx tx = new Tx(connection);
    Deque<Tx> txs = stack.get();
    String bound = txs.isEmpty() ? null : nestedLockTimeoutSql;
    txs.push(tx);
    boolean committed = false;
    try {
      connection.setAutoCommit(false);
      T result;
      try {
        if (bound != null) {
          try (java.sql.Statement s = connection.createStatement()) {
            s.execute(bound);
          }
        }
        result = work.run(connection);
      } catch (Throwable e) {
        rollbackQuietly(connection, e);
        if (bound != null && lockTimeout(e)) {
          throw new NestedLockTimeoutException(e);
        }
        throw propagate(e);
      }
      if (!tx.rollbackOnly) {
        for (int i = 0; i < tx.beforeCommit.size(); i++) { // an action may register another
          safeRun(tx.beforeCommit.get(i));
        }
      }
      if (tx.rollbackOnly) { // a nested block failed, in the work or in a before-commit action
        rollbackQuietly(connection, null);
        throw new TransactionException(
            "Transaction rolled back: a nested block failed with " + tx.rollbackCause, tx.rollbackCause);
      }
      try {
        connection.commit();
        committed = true;
      } catch (SQLException e) {
        rollbackQuietly(connection, e);
        throw new TransactionException("Commit failed: " + e.getMessage(), e);
      }
      return result;
    } catch (SQLException e) {
      throw new TransactionException("Cannot start a transaction: " + e.getMessage(), e);
    } finally {
      txs.pop();
      try {
        connection.setAutoCommit(true);
      } catch (SQLException ignored) {
        // the pool discards broken connections
      }
      try {
        connection.close();
      } catch (SQLException ignored) {
        // nothing useful to do
      }
      for (Runnable r : committed ? tx.afterCommit : tx.afterRollback) {
        safeRun(r);
      }
    }
  }

  /** PostgreSQL's "canceling statement due to lock timeout" (SQLSTATE 55P03), in {@code e} or its causes. */
  private static boolean lockTimeout(Throwable e) {
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof SQLException se && "55P03".equals(se.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  private static void rollbackQuietly(Connection c, Throwable cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      if (cause != null) {
        cause.addSuppressed(e);
      }
    }
  }

  private static void safeRun(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      log.warn("Transaction callback failed", e);
    }
  }

  private static RuntimeException propagate(Throwable e) {
    if (e instanceof RuntimeException re) {
      return re;
    }
    if (e instanceof Error err) {
      throw err;
    }
    if (e instanceof SQLException se) {
      return new UncheckedSqlException(se);
    }
    return new TransactionException(e.toString(), e);
  }

  /** A block without a result. */
  @FunctionalInterface
  public interface TxVoidWork {
    void run(Connection connection) throws Exception;
  }
}
