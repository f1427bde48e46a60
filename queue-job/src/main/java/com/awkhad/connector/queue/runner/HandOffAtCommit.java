package com.awkhad.connector.queue.runner;

import com.awkhad.connector.base.tx.Transactions;
import com.awkhad.connector.queue.channel.ChannelPlanner;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hand-off at commit (PostgreSQL, a runner in the enqueuing process): just before a
 * transaction of this process that enqueued jobs commits, it claims them for this runner's idle
 * workers itself, inside that transaction, and hands them over; each worker's first statement
 * waits for that commit ({@link RunnerSql#lockBatch(Connection, List, boolean)}) and its job starts
 * as soon as the commit is done, with no claim left to make after it.
 *
 * <p>The claim is the runner's own ({@link Claimer#planInside}): under the claim lock, with the
 * running units of every runner read after it, so channel capacities hold across processes as for
 * any claim. What makes it safe inside an application's transaction:
 * <ul>
 *   <li>it never waits: the claim lock is tried, not waited for, and its writes touch only the
 *       rows the transaction wrote itself, inserted or made pending ({@link RunnerSql#ownRowsOnly}),
 *       which no other transaction sees in that version or can lock;
 *   <li>it cannot break the transaction: it runs behind a savepoint, rolled back when anything
 *       fails (the lock taken, another's job first in the plan, a statement's error), and the
 *       dispatcher claims after the commit instead, as without the hand-off;
 *   <li>it leaves the transaction's settings alone (the commit stays durable), and is not tried in
 *       a transaction above READ COMMITTED, nor in an application's transaction joined through
 *       {@code OuterTransactions}, whose manager may flush more work after the before-commit hooks.
 * </ul>
 *
 * <p>Its cost: the claim lock is held from the claim to the end of the transaction's commit (a
 * durable one, where the runner's own claims commit asynchronously), and the enqueuing transaction
 * makes three more round trips (savepoint, the claim's reads, its writes) before it commits.
 * {@code CONNECTOR_WAKE_HINTS=after-commit} turns it off with the early wake hint.
 */
final class HandOffAtCommit {
  private static final Logger log = LoggerFactory.getLogger(HandOffAtCommit.class);

  private final Transactions tx;
  private final Claimer claimer;
  private final RunnerSql sql;
  private final ReentrantLock claimLock;
  private final List<Worker> workers;
  private final RunnerStats stats;
  private final BooleanSupplier stopping;

  HandOffAtCommit(Transactions tx, Claimer claimer, RunnerSql sql, ReentrantLock claimLock, List<Worker> workers,
      RunnerStats stats, BooleanSupplier stopping) {
    this.tx = tx;
    this.claimer = claimer;
    this.sql = sql;
    this.claimLock = claimLock;
    this.workers = workers;
    this.stats = stats;
    this.stopping = stopping;
  }

  /**
   * Claims, in the current transaction (which is about to commit), jobs it wrote, for the idle
   * workers, and hands them over. Returns how many jobs it handed over; 0 when it claimed nothing
   * (then nothing of it is left in the transaction).
   */
  int claim() {
    if (stopping.getAsBoolean() || !tx.inOwnTransaction() || !claimLock.tryLock()) {
      return 0;
    }
    try {
      if (stopping.getAsBoolean()) {
        return 0;
      }
      List<Worker> idle = workers.stream().filter(w -> !w.busy()).toList();
      if (idle.isEmpty()) {
        return 0;
      }
      List<ChannelPlanner.Unit> units = new ArrayList<>();
      for (Worker w : idle) {
        units.add(new ChannelPlanner.Unit(w.unit(), false));
      }
      Connection c = tx.current().orElseThrow();
      Savepoint savepoint;
      try {
        savepoint = c.setSavepoint();
      } catch (SQLException e) {
        log.debug("Hand-off at commit: no savepoint ({}); the dispatcher claims after the commit", e.toString());
        return 0;
      }
      Claimer.Result claimed;
      try {
        claimed = claimer.planInside(c, units);
        if (claimed == null || claimed.batches().isEmpty()) {
          undo(c, savepoint);
          return 0;
        }
        sql.applyWrites(c, claimed.writes());
      } catch (SQLException | RuntimeException e) {
        // another's job came first in the plan (its write counted fewer rows), or a statement failed
        log.debug("Hand-off at commit: not claimed ({}); the dispatcher claims after the commit", e.toString());
        undo(c, savepoint);
        return 0;
      }
      int jobs = 0;
      for (int i = 0; i < claimed.batches().size(); i++) {
        Claimer.Batch b = claimed.batches().get(i);
        idle.get(i).assignAtCommit(b);
        jobs += b.ids().size();
      }
      stats.claims.incrementAndGet();
      stats.claimed.addAndGet(jobs);
      stats.atCommitClaims.incrementAndGet();
      return jobs;
    } finally {
      claimLock.unlock();
    }
  }

  /** Rolls the transaction back to before the claim; the enqueued jobs stay, pending. */
  private static void undo(Connection c, Savepoint savepoint) {
    try {
      c.rollback(savepoint);
    } catch (SQLException e) {
      // the transaction cannot go on: its commit fails and the application sees why
      log.warn("Hand-off at commit: could not roll back to its savepoint ({})", e.toString());
    }
  }
}
