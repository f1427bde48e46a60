package com.awkhad.connector.queue.runner;

import com.awkhad.connector.base.tx.OpenTransaction;
import com.awkhad.connector.base.tx.Transactions;
import com.awkhad.connector.queue.channel.ChannelPlanner;
import com.awkhad.connector.queue.job.JobRecord;
import java.sql.SQLException;
import java.util.List;

/**
 * The PostgreSQL claim, pipelined: a commit costs a network round trip, so nobody waits for it
 * in turn.
 *
 * <ul>
 *   <li>When the first batch's worker is idle, the claim's writes, its commit and a new
 *       transaction locking that batch's rows go in one round trip
 *       ({@link RunnerSql.Postgres#commitAndLock}); that transaction is handed to the worker,
 *       which runs the batch in it.
 *   <li>Every other batch is handed over before the commit: its worker's lock waits for it
 *       ({@link RunnerSql#lockBatch} locks by id, then checks the rows as the claim left them).
 * </ul>
 *
 * <p>A claim whose commit fails (or whose outcome is unknown: a session killed, a network cut)
 * has handed its batches over all the same: each worker's lock waits until the claim's session
 * is gone, then runs only the rows still claimed for its unit, so nothing committed is left
 * unheld and nothing rolled back runs.
 */
final class PipelinedClaim implements ClaimStrategy {
  private final RunnerSql.Postgres sql;
  private final Transactions tx;
  private final Claimer claimer;
  private final RunnerStats stats;

  PipelinedClaim(RunnerSql.Postgres sql, Transactions tx, Claimer claimer, RunnerStats stats) {
    this.sql = sql;
    this.tx = tx;
    this.claimer = claimer;
    this.stats = stats;
  }

  @Override
  public Claimer.Result claim(List<Worker> askers, List<ChannelPlanner.Unit> units) throws SQLException {
    try (OpenTransaction claim = tx.begin()) {
      Claimer.Result result = claim.use(c -> claimer.plan(c, units));
      List<Claimer.Batch> batches = result.batches();
      Worker first = batches.isEmpty() ? null : askers.get(0);
      if (first == null || first.busy() || !first.takesOpenTransaction(batches.get(0))) {
        claim.use(c -> {
          sql.applyWrites(c, result.writes());
          return null;
        });
        ClaimStrategy.handOver(askers, result, 0); // each worker's lock waits for the commit below
        claim.commit();
        return result;
      }
      List<JobRecord> locked;
      try {
        locked = claim.use(c -> sql.commitAndLock(c, result.writes(), batches.get(0).ids()));
      } catch (SQLException | RuntimeException e) {
        // committed or not: the workers lock the rows and run those claimed for them
        ClaimStrategy.handOver(askers, result, 0);
        throw e;
      }
      stats.oneTripStarts.incrementAndGet();
      ClaimStrategy.handOver(askers, result, 1);
      first.assign(batches.get(0), claim.handOver(), locked); // the worker commits and closes it
      return result;
    }
  }
}
