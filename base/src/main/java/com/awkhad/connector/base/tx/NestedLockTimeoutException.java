package com.awkhad.connector.base.tx;

/**
 * A transaction begun inside another one on the same thread waited too long for a lock
 * ({@link Transactions#NESTED_LOCK_TIMEOUT}): most likely the outer transaction, or a session
 * waiting on it, holds what it wanted, a wait no database can see as a deadlock. The inner
 * transaction was rolled back; the work around it fails and can be retried. To avoid it, do not
 * write in a new transaction the rows the current one wrote or locked (records, bindings, jobs
 * with the same identity key), or do that work in the current transaction.
 */
public final class NestedLockTimeoutException extends TransactionException {
  NestedLockTimeoutException(Throwable cause) {
    super("A transaction begun inside another one on the same thread waited more than "
        + Transactions.NESTED_LOCK_TIMEOUT.toSeconds() + " s for a lock and was rolled back: the outer transaction (or"
        + " a session waiting on it) most likely holds it, which would have been a deadlock no database detects."
        + " Retry the work; if it keeps happening, do not write in a new transaction the rows the current one wrote"
        + " or locked (" + cause.getMessage() + ")", cause);
  }
}
