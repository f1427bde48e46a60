package com.awkhad.connector.queue.runner;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of one runner since it started; read them for metrics, logs and benchmarks. */
public final class RunnerStats {
  final AtomicLong claims = new AtomicLong();
  final AtomicLong claimed = new AtomicLong();
  final AtomicLong done = new AtomicLong();
  final AtomicLong retried = new AtomicLong();
  final AtomicLong failed = new AtomicLong();
  final AtomicLong timedOut = new AtomicLong();
  final AtomicLong requeued = new AtomicLong();
  final AtomicLong batchFailures = new AtomicLong();
  final AtomicLong wakeHints = new AtomicLong();
  final AtomicLong hintClaims = new AtomicLong();
  final AtomicLong oneTripStarts = new AtomicLong();
  final AtomicLong atCommitClaims = new AtomicLong();
  final AtomicLong takenBack = new AtomicLong();
  final AtomicLong leaseLost = new AtomicLong();
  final AtomicLong handedBack = new AtomicLong();
  final AtomicLong savepointReruns = new AtomicLong();

  /** Claim transactions run. */
  public long claims() {
    return claims.get();
  }

  /** Jobs claimed by this runner. */
  public long claimed() {
    return claimed.get();
  }

  /** Jobs this runner ran to done. */
  public long done() {
    return done.get();
  }

  /** Jobs this runner postponed after a retryable failure (timeouts included). */
  public long retried() {
    return retried.get();
  }

  /** Jobs this runner moved to failed. */
  public long failed() {
    return failed.get();
  }

  /** Tries this runner interrupted for running past their timeout. */
  public long timedOut() {
    return timedOut.get();
  }

  /** Jobs of dead runners this runner requeued (or failed as found dead). */
  public long requeued() {
    return requeued.get();
  }

  /** Batch transactions that could not commit (their jobs were requeued). */
  public long batchFailures() {
    return batchFailures.get();
  }

  /** Wake hints received (datagrams from enqueuing processes, see {@link com.awkhad.connector.queue.wake}). */
  public long wakeHints() {
    return wakeHints.get();
  }

  /** Claims made by the thread that received a wake hint, without waking the dispatcher. */
  public long hintClaims() {
    return hintClaims.get();
  }

  /**
   * Batches that ran in the transaction begun with their claim's commit, in the same round trip
   * (PostgreSQL, idle worker): the shortest path from a claim to a job's start.
   */
  public long oneTripStarts() {
    return oneTripStarts.get();
  }

  /**
   * Claims made inside an enqueuing transaction of this process, just before its commit, for this
   * runner's idle workers (PostgreSQL; {@code HandOffAtCommit}): their jobs needed no claim after
   * the commit.
   */
  public long atCommitClaims() {
    return atCommitClaims.get();
  }

  /**
   * Claimed jobs this runner skipped because, once their rows were locked, they were no longer
   * its own: its claim did not commit, or it was late, found dead, and another runner requeued
   * or claimed them meanwhile. This runner neither ran them nor marked them done.
   */
  public long takenBack() {
    return takenBack.get();
  }

  /** Times this runner found its lease reaped by another runner (missed heartbeats) and registered again. */
  public long leaseLost() {
    return leaseLost.get();
  }

  /**
   * Claimed jobs a worker put back to pending without starting them: its batch had used its time
   * budget, or they would have shared a batch with a remote job.
   */
  public long handedBack() {
    return handedBack.get();
  }

  /**
   * Batches run a second time, with a savepoint per job, because one of their jobs did not end done
   * in their first run, without savepoints (the fast path: {@code OptimisticBatches}): the jobs
   * before it ran twice, their database work committed once.
   */
  public long savepointReruns() {
    return savepointReruns.get();
  }

  @Override
  public String toString() {
    return "claimed=" + claimed() + " done=" + done() + " retried=" + retried() + " failed=" + failed()
        + " timed_out=" + timedOut() + " requeued_dead=" + requeued() + " claims=" + claims()
        + " wake_hints=" + wakeHints() + " hint_claims=" + hintClaims() + " one_trip_starts=" + oneTripStarts() + " at_commit_claims=" + atCommitClaims() + " taken_back=" + takenBack()
        + " lease_lost=" + leaseLost() + " handed_back=" + handedBack()
        + " savepoint_reruns=" + savepointReruns();
  }
}
