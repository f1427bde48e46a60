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
 */
public record RunnerOptions(
    ChannelConfig channels,
    int workers,
    int maxBatch,
    Duration heartbeat,
    Duration lease,
    Duration pollInterval,
    Duration shutdownGrace) {

  public RunnerOptions {
    if (workers < 1) {
      throw new IllegalArgumentException("A runner needs at least 1 worker thread, got " + workers);
    }
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
    }
    if (lease.compareTo(heartbeat.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException("The lease (" + lease + ") must last at least two heartbeats (" + heartbeat + ")");
    }
  }

  /** Defaults: workers = root capacity, batches of 32, heartbeat 2 s, lease 10 s, poll 5 s, grace 30 s. */
  public static RunnerOptions of(ChannelConfig channels) {
    return new RunnerOptions(channels, channels.root().capacity(), 32, Duration.ofSeconds(2), Duration.ofSeconds(10),
        Duration.ofSeconds(5), Duration.ofSeconds(30));
  }

  public RunnerOptions withWorkers(int value) {
    return new RunnerOptions(channels, value, maxBatch, heartbeat, lease, pollInterval, shutdownGrace);
  }

  public RunnerOptions withMaxBatch(int value) {
    return new RunnerOptions(channels, workers, value, heartbeat, lease, pollInterval, shutdownGrace);
  }

  /** Heartbeat interval and lease together (the lease must cover at least two heartbeats). */
  public RunnerOptions withLease(Duration heartbeatValue, Duration leaseValue) {
    return new RunnerOptions(channels, workers, maxBatch, heartbeatValue, leaseValue, pollInterval, shutdownGrace);
  }

  public RunnerOptions withPollInterval(Duration value) {
    return new RunnerOptions(channels, workers, maxBatch, heartbeat, lease, value, shutdownGrace);
  }

  public RunnerOptions withShutdownGrace(Duration value) {
    return new RunnerOptions(channels, workers, maxBatch, heartbeat, lease, pollInterval, value);
  }
}
