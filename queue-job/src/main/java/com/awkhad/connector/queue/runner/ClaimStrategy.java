package com.awkhad.connector.queue.runner;

import com.awkhad.connector.queue.channel.ChannelPlanner;
import java.sql.SQLException;
import java.util.List;

/**
 * How one claim goes from plan to workers: one class per path, chosen once per runner by the
 * runner's dialect object ({@link RunnerSql#claimStrategy}). Each plans the batches ({@link Claimer#plan}), writes and commits them,
 * and hands batch {@code i} to {@code askers.get(i)}; they differ in when the commit happens
 * relative to the hand-over.
 *
 * <ul>
 *   <li>{@link CommitThenHandOver} (H2): one transaction, committed, then the batches are handed
 *       over. H2 commits in-process at once, so workers never wait for it.
 *   <li>{@link PipelinedClaim} (PostgreSQL): a commit is a network round trip, so the batches are
 *       handed over before it (each worker's lock waits for it), and the first batch comes with
 *       a transaction that the commit's own round trip opened with its rows locked.
 * </ul>
 */
interface ClaimStrategy {
  /**
   * Plans, writes and commits a claim for {@code units} ({@code units.get(i)} asked by
   * {@code askers.get(i)}), and hands each batch to its worker. On failure the claim's outcome
   * may be unknown (a commit cut short): batches already handed over are then checked by their
   * workers, which run only the rows the claim left claimed for them.
   */
  Claimer.Result claim(List<Worker> askers, List<ChannelPlanner.Unit> units) throws SQLException;

  /** Hands batch {@code i} (from {@code from}) of {@code claimed} to {@code askers.get(i)}. */
  static void handOver(List<Worker> askers, Claimer.Result claimed, int from) {
    for (int i = from; i < claimed.batches().size(); i++) {
      askers.get(i).assign(claimed.batches().get(i));
    }
  }
}
