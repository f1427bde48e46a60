package com.awkhad.connector.queue.runner;

import com.awkhad.connector.queue.channel.ChannelConfig;
import java.time.Duration;

/**
 * How a {@link Runner} behaves.
 *
 * <pre>{@code
 * RunnerOptions options = RunnerOptions.of(ChannelConfig.parse("root:8,coffee:1"))
 *     .withLease(Duration.ofSeconds(10))
 *     .withShutdownGrace(Duration.ofSeconds(30));
 * }</pre>
 *
 * @param channels the channel tree; every runner on a database should use the same
 * @param workers worker threads of this process (default: root's capacity); the root capacity
 *     is global, so with several processes each may have as many threads as root allows
 * @param maxBatch most jobs a worker runs in one transaction (each behind its own savepoint)
 * @param heartbeat how often the lease is renewed and dead runners are looked for
 * @param lease how long a runner stays alive without heartbeat; its jobs are requeued after it
 * @param pollInterval fallback claim when no wake-up came (LISTEN/NOTIFY or in-process signals
 *     are the normal path)
 * @param shutdownGrace how long running jobs may take to finish on {@link Runner#close()}
 * @param wakeAddress the address of this machine on which the runner receives wake hints from
 *     enqueuing processes (PostgreSQL; see {@link com.awkhad.connector.queue.wake}), or null for
 *     none; default 127.0.0.1, which reaches the processes on the same machine
 * @param batchBudget how long a worker's batch may run: no job of the batch starts once it
 *     would end past this time counted from the batch's start (the batch's mean job time so far
 *     predicts it), and the batch's unstarted jobs go back to pending at its commit, for the next
 *     claim; default 100 ms. Zero: one job per transaction
 */
public record RunnerOptions(
    ChannelConfig channels,
    int workers,
    int maxBatch,
    Duration heartbeat,
    Duration lease,
    Duration pollInterval,
    Duration shutdownGrace,
    String wakeAddress,
    Duration batchBudget) {

  /** The most worker threads a runner process may have (each holds a thread and a connection). */
  public static final int MAX_WORKERS = 1_000;

  public RunnerOptions {
    if (workers < 1 || workers > MAX_WORKERS) {
      throw new IllegalArgumentException("A runner needs between 1 and " + MAX_WORKERS + " worker threads, got "
          + workers);
    }
    if (heartbeat.isNegative() || heartbeat.isZero()) {
      throw new IllegalArgumentException("The heartbeat must be positive, got " + heartbeat
          + ": give the runner a lease of at least 1 second");
    }
    if (shutdownGrace.isNegative()) {
      throw new IllegalArgumentException("The shutdown grace cannot be negative, got " + shutdownGrace);
    }
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
    }
    if (lease.compareTo(heartbeat.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException("The lease (" + lease + ") must last at least two heartbeats (" + heartbeat + ")");
    }
    if (batchBudget == null || batchBudget.isNegative()) {
      throw new IllegalArgumentException("The batch budget must be zero or more, got " + batchBudget);
    }
    if (wakeAddress != null && (wakeAddress.isBlank() || wakeAddress.trim().equalsIgnoreCase("off"))) {
      wakeAddress = null;
    } else if (wakeAddress != null) {
      wakeAddress = wakeAddress.trim();
    }
  }

  /** The default {@link #batchBudget()}. */
  public static final Duration DEFAULT_BATCH_BUDGET = Duration.ofMillis(100);

  /** How long a worker's batch may run before its unstarted jobs go back to pending (zero: one job per batch). */
  public RunnerOptions withBatchBudget(Duration value) {
    return new RunnerOptions(channels, workers, maxBatch, heartbeat, lease, pollInterval, shutdownGrace, wakeAddress, value);
  }

  /** The default wake hint address: processes on this machine can wake the runner. */
  public static final String LOOPBACK = "127.0.0.1";

  /**
   * Defaults: workers = root capacity (at most {@link #MAX_WORKERS}), batches of 32, heartbeat 2 s,
   * lease 10 s, poll 5 s, grace 30 s, wake hints on 127.0.0.1, batch budget 100 ms.
   */
  public static RunnerOptions of(ChannelConfig channels) {
    return new RunnerOptions(channels, Math.min(channels.root().capacity(), MAX_WORKERS), 32, Duration.ofSeconds(2), Duration.ofSeconds(10),
        Duration.ofSeconds(5), Duration.ofSeconds(30), LOOPBACK, DEFAULT_BATCH_BUDGET);
  }

  public RunnerOptions withWorkers(int value) {
    return new RunnerOptions(channels, value, maxBatch, heartbeat, lease, pollInterval, shutdownGrace, wakeAddress, batchBudget);
  }

  public RunnerOptions withMaxBatch(int value) {
    return new RunnerOptions(channels, workers, value, heartbeat, lease, pollInterval, shutdownGrace, wakeAddress, batchBudget);
  }

  /** Heartbeat interval and lease together (the lease must cover at least two heartbeats). */
  public RunnerOptions withLease(Duration heartbeatValue, Duration leaseValue) {
    return new RunnerOptions(channels, workers, maxBatch, heartbeatValue, leaseValue, pollInterval, shutdownGrace, wakeAddress, batchBudget);
  }

  public RunnerOptions withPollInterval(Duration value) {
    return new RunnerOptions(channels, workers, maxBatch, heartbeat, lease, value, shutdownGrace, wakeAddress, batchBudget);
  }

  /** Where this runner receives wake hints; {@code null} or {@code "off"} for none. */
  public RunnerOptions withWakeAddress(String value) {
    return new RunnerOptions(channels, workers, maxBatch, heartbeat, lease, pollInterval, shutdownGrace, value, batchBudget);
  }

  public RunnerOptions withShutdownGrace(Duration value) {
    return new RunnerOptions(channels, workers, maxBatch, heartbeat, lease, pollInterval, value, wakeAddress, batchBudget);
  }
}
