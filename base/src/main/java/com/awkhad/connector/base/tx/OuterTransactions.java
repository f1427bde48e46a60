package com.awkhad.connector.base.tx;

import java.sql.Connection;

/**
 * Transactions begun outside {@link Transactions}, by the application's own transaction manager,
 * that our blocks join: when one is active on the thread, {@link Transactions#inTransaction}
 * runs on its connection and leaves the commit or rollback to it, so the records written and the
 * jobs enqueued commit or roll back with the application's writes. The Spring Boot starter
 * supplies one for Spring-managed transactions; without it ({@link #NONE}) every outermost block
 * is a transaction of its own.
 *
 * <pre>{@code
 * Environment env = Environment.start(Database.of(dataSource, 10), addons, new SpringOuterTransactions(dataSource));
 * }</pre>
 */
public interface OuterTransactions {
  /** No outer transaction manager: our outermost blocks begin and end their own transactions. */
  OuterTransactions NONE = () -> null;

  /** The outer transaction active on the calling thread, or null when there is none to join. */
  Outer current();

  /** One outer transaction, joined for the length of one of our outermost blocks. */
  interface Outer {
    /** Its connection, auto-commit off; our blocks neither commit, roll back nor close it. */
    Connection connection();

    /** Called when our outermost block on it ends (the outer transaction goes on). */
    void release();

    /**
     * Makes the outer transaction roll back when it ends, because a block of ours failed
     * with {@code cause} (the exception still propagates to the caller).
     */
    void setRollbackOnly(Throwable cause);

    /**
     * Runs {@code action} just before the outer transaction commits, when the manager has such
     * a hook (see {@link Transactions#beforeCommit}); by default never. Only hints use it, so a
     * manager without the hook loses nothing but their head start.
     */
    default void beforeCommit(Runnable action) {}

    /** Runs {@code action} after the outer transaction committed (never if it rolls back). */
    void afterCommit(Runnable action);

    /** Runs {@code action} after the outer transaction rolled back. */
    void afterRollback(Runnable action);
  }
}
