package com.awkhad.connector.queue.runner;

import com.awkhad.connector.base.tx.Transactions;
import com.awkhad.connector.queue.channel.ChannelPlanner;
import java.util.List;

/**
 * The simple claim (H2): plan and write in one transaction, commit, then hand the batches over.
 * Each worker opens its own transaction and locks its batch's rows.
 */
final class CommitThenHandOver implements ClaimStrategy {
  private final RunnerSql sql;
  private final Transactions tx;
  private final Claimer claimer;

  CommitThenHandOver(RunnerSql sql, Transactions tx, Claimer claimer) {
    this.sql = sql;
    this.tx = tx;
    this.claimer = claimer;
  }

  @Override
  public Claimer.Result claim(List<Worker> askers, List<ChannelPlanner.Unit> units) {
    Claimer.Result result = tx.inNewTransaction(c -> {
      Claimer.Result planned = claimer.plan(c, units);
      sql.applyWrites(c, planned.writes());
      return planned;
    });
    ClaimStrategy.handOver(askers, result, 0);
    return result;
  }
}
