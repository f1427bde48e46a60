package com.awkhad.connector.queue.runner;

import com.awkhad.connector.queue.exec.Outcome;
import com.awkhad.connector.queue.job.JobRecord;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fast path for a batch of local jobs: its jobs run in the batch's transaction <em>without</em>
 * a savepoint each, and when every one of them ends done, the batch commits as it would with them.
 * A {@code SAVEPOINT} is a round trip and a subtransaction per job that writes: PostgreSQL's own
 * floor for our statements drops by 40% with it (docs/benchmarks.md, "Where a job's time goes"),
 * and a batch of jobs that each insert a row ran 40% faster without it.
 *
 * <p>A savepoint is only needed when a job fails: then its writes must be undone and the others'
 * kept. So the first job of the batch that does not end done (an exception, a timeout, a
 * {@code NothingToDoJob}, or a block of the transaction that failed inside it) stops the pass with
 * a {@link Miss}, which rolls the whole transaction back. The worker then runs the batch again the
 * safe way, a savepoint per job, with that job's outcome already known: a failure or a retry is
 * recorded without running the job again ({@link Miss#known}). The jobs before it run a second time: their database work commits once
 * (the first pass's was rolled back); anything they did outside the database happens twice, as it
 * would if the batch's commit failed. Jobs whose work is outside the database are declared remote
 * ({@code Queue.declareRemote}), and those never run in a batch.
 *
 * <p>After a miss, the runner's next {@value #SAFE_BATCHES_AFTER_MISS} batches run with savepoints
 * from the start: while jobs keep failing, few batches are run twice.
 *
 * <pre>{@code
 * if (batches.tryWithoutSavepoints()) {
 *   try { return runWithout(batch); } catch (OptimisticBatches.Miss miss) { batches.missed(); return runWith(batch, miss); }
 * }
 * return runWith(batch, null);
 * }</pre>
 */
final class OptimisticBatches {
  /** Batches run with savepoints from the start after a miss. */
  static final int SAFE_BATCHES_AFTER_MISS = 8;

  private final AtomicInteger safeLeft = new AtomicInteger();

  /** Whether the next batch runs without savepoints first (false for a while after a miss). */
  boolean tryWithoutSavepoints() {
    return safeLeft.get() <= 0 || safeLeft.getAndDecrement() <= 0;
  }

  /** A batch's first pass missed: the next batches run with savepoints. */
  void missed() {
    safeLeft.set(SAFE_BATCHES_AFTER_MISS);
  }

  /**
   * Thrown out of a batch's transaction, which it rolls back, by the first job of a pass without
   * savepoints that did not end done: {@code job} (as locked in that pass) and its outcome, to
   * record in the safe pass instead of running the job again.
   */
  static final class Miss extends RuntimeException {
    final JobRecord job;
    final Outcome outcome;

    Miss(JobRecord job, Outcome outcome) {
      super("job " + job.uuid() + " did not end done in a batch without savepoints", null, false, false);
      this.job = job;
      this.outcome = outcome;
    }

    /**
     * Whether the safe pass records {@link #outcome} instead of running the job again: yes, unless
     * it is done (its body returned, or threw a {@code NothingToDoJob}) in a transaction that a block
     * failed in. That job runs again behind its savepoint, which tells the two apart: a
     * {@code NothingToDoJob}'s work is undone and the job done, a failure the body caught fails the
     * batch's transaction, as it always did.
     */
    boolean known() {
      return !(outcome instanceof Outcome.Done);
    }

    /** Whether {@code other} is the job that missed. */
    boolean is(JobRecord other) {
      return other.id() == job.id();
    }
  }
}
