package com.awkhad.connector.server.web.metrics;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.job.JobState;
import com.awkhad.connector.queue.read.QueueStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges read from the database through {@link QueueStats#gauges}: jobs per state and channel ({@code connector_jobs}), runners
 * by lease status ({@code connector_runners}) and how long the oldest due pending job has been
 * waiting ({@code connector_jobs_oldest_due_seconds}, 0 when none waits). Read at most once per cache period, so that
 * frequent scrapes cost one grouped count now and then; a failed read keeps the last values and
 * counts {@code connector_metrics_read_errors_total}.
 */
final class QueueGauges {
  static final int CACHE_SECONDS = 5;
  private static final Logger log = LoggerFactory.getLogger(QueueGauges.class);

  private final QueueStats stats;
  private final Duration maxAge;
  private final MultiGauge jobs;
  private final MultiGauge runners;
  private final Counter readErrors;
  private volatile double oldestDueSeconds;
  private long readAt = Long.MIN_VALUE;
  private boolean failing;

  QueueGauges(Environment env, MeterRegistry registry, Duration maxAge) {
    this.stats = new QueueStats(env.tx());
    this.maxAge = maxAge;
    this.jobs = MultiGauge.builder("connector.jobs")
        .description("Jobs in the queue per state and channel (read from the database, cached " + CACHE_SECONDS + " s)")
        .register(registry);
    this.runners = MultiGauge.builder("connector.runners")
        .description("Runners with a lease row, by status: alive (lease running) or expired")
        .register(registry);
    this.readErrors = Counter.builder("connector.metrics.read.errors")
        .description("Failed reads of the queue's counts for the metrics").register(registry);
    io.micrometer.core.instrument.Gauge.builder("connector.jobs.oldest.due", this, g -> g.oldestDueSeconds)
        .description("Seconds the oldest due pending job has been waiting to start (since its creation or eta); 0 when"
            + " none waits. A value that keeps growing means no runner takes the jobs")
        .baseUnit("seconds").register(registry);
  }

  synchronized void refreshIfStale() {
    long now = System.nanoTime();
    if (readAt != Long.MIN_VALUE && now - readAt < maxAge.toNanos()) {
      return;
    }
    try {
      QueueStats.Gauges g = stats.gauges();
      Instant oldest = g.oldestDue();
      oldestDueSeconds = oldest == null ? 0 : Math.max(0, Duration.between(oldest, g.at()).toNanos() / 1e9);
      Map<String, Map<String, Long>> counts = g.countsByChannel();
      List<MultiGauge.Row<?>> rows = new ArrayList<>();
      counts.forEach((channel, byState) -> {
        for (JobState s : JobState.values()) {
          rows.add(MultiGauge.Row.of(Tags.of("state", s.dbValue(), "channel", channel), byState.getOrDefault(s.dbValue(), 0L)));
        }
      });
      jobs.register(rows, true);
      runners.register(List.of(MultiGauge.Row.of(Tags.of("status", "alive"), g.runnersAlive()),
          MultiGauge.Row.of(Tags.of("status", "expired"), g.runnersExpired())), true);
      readAt = now;
      if (failing) {
        log.info("Metrics: reading the queue's counts works again");
        failing = false;
      }
    } catch (RuntimeException e) {
      readErrors.increment();
      readAt = now; // do not hammer a database in trouble: try again after the cache period
      if (!failing) {
        log.warn("Metrics: cannot read the queue's counts ({}); keeping the last values", e.toString());
        failing = true;
      }
    }
  }
}
