package com.awkhad.connector.queue.runner;

import com.awkhad.connector.queue.job.JobRecord;
import java.time.Duration;

/**
 * What a {@link Worker} asks of the runner it works for, and what it tells it: a small surface,
 * so that a worker never reaches into the runner.
 */
interface WorkerHost {
  /** True when the runner's jobs are short on average: a busy unit may hold its next batch. */
  boolean shortJobs();

  /** Whether {@code job} runs alone, never in a batch (its class is declared remote, its method not repeatable). */
  boolean remote(JobRecord job);

  /** True once the runner stops: a worker's last commits wake the other runners. */
  boolean stopping();

  /** How long a batch runs at most before it hands its unstarted jobs back. */
  Duration batchBudget();

  /** A batch ended after {@code nanosPerJob} per job on average. */
  void batchTime(long nanosPerJob);

  /**
   * One job cost its batch {@code nanos}: a local job's body (its batch shares the lock, the done
   * state and the commit), a remote job's whole transaction (it pays them alone).
   */
  void jobCost(long nanos);

  /** The worker finished a batch: the runner may claim for it. */
  void workerIdle();
}
