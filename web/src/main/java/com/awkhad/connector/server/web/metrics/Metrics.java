package com.awkhad.connector.server.web.metrics;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.exec.JobExecutor;
import com.awkhad.connector.queue.runner.Runner;
import com.awkhad.connector.queue.runner.RunnerStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The Prometheus metrics of this process: jobs per state and channel (read from the database,
 * at most every {@value QueueGauges#CACHE_SECONDS} seconds), jobs executed, done, retried and
 * failed per job function and their run time (from this process's runners), runner counters
 * and JVM basics. The list is in {@code docs/dashboard.md}.
 *
 * <pre>{@code
 * try (Metrics metrics = Metrics.start(env, runner)) {   // runner may be null
 *   String text = metrics.scrape();                        // Prometheus text format
 * }
 * // or into an application's registry (Spring Boot's), which exports them its own way:
 * Metrics metrics = Metrics.bindTo(meterRegistry, env, runner);
 * }</pre>
 */
public final class Metrics implements AutoCloseable {
  /** The content type of {@link #scrape()}. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final MeterRegistry registry;
  /** Our own registry when we scrape it; null when bound into an application's. */
  private final PrometheusMeterRegistry prometheus;
  private final QueueGauges queue;
  private final JobMeters jobs;
  private final JobExecutor executor;
  private final JvmGcMetrics gc;
  private final ScheduledExecutorService refresher;

  private Metrics(Environment env, Runner runner, MeterRegistry registry, boolean own) {
    this.registry = registry;
    if (own) {
      this.prometheus = (PrometheusMeterRegistry) registry;
      new JvmMemoryMetrics().bindTo(registry);
      new JvmThreadMetrics().bindTo(registry);
      new ClassLoaderMetrics().bindTo(registry);
      new ProcessorMetrics().bindTo(registry);
      new UptimeMetrics().bindTo(registry);
      this.gc = new JvmGcMetrics();
      gc.bindTo(registry);
    } else {
      this.prometheus = null;
      this.gc = null;
    }
    this.queue = new QueueGauges(env, registry, Duration.ofSeconds(QueueGauges.CACHE_SECONDS));
    this.jobs = new JobMeters(registry);
    this.executor = env.service(JobExecutor.class);
    executor.addOutcomeListener(jobs);
    if (runner != null) {
      RunnerStats stats = runner.stats();
      counter("connector.runner.claims", "Claim transactions run by this process's runner", stats, RunnerStats::claims);
      counter("connector.runner.claimed", "Jobs claimed by this process's runner", stats, RunnerStats::claimed);
      counter("connector.runner.timed.out", "Tries interrupted for running past their timeout", stats, RunnerStats::timedOut);
      counter("connector.runner.requeued.dead", "Jobs of dead runners requeued (or failed as found dead) by this runner",
          stats, RunnerStats::requeued);
      counter("connector.runner.batch.failures", "Batch transactions that could not commit (their jobs were requeued)",
          stats, RunnerStats::batchFailures);
      counter("connector.runner.wake.hints", "Wake hints (datagrams from enqueuing processes) received by this runner",
          stats, RunnerStats::wakeHints);
      counter("connector.runner.one.trip.starts", "Batches started in the transaction begun with their claim's commit",
          stats, RunnerStats::oneTripStarts);
      counter("connector.runner.at.commit.claims", "Claims made inside an enqueuing transaction of this process, just"
          + " before its commit (the hand-off at commit)", stats, RunnerStats::atCommitClaims);
      counter("connector.runner.savepoint.reruns", "Batches run a second time, with a savepoint per job, after a job"
          + " of theirs did not end done in their first run without savepoints", stats, RunnerStats::savepointReruns);
    }
    if (own) {
      this.refresher = null;
    } else {
      // an application's registry reads gauges when it exports; keep the queue's counts fresh meanwhile
      this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "connector-metrics");
        t.setDaemon(true);
        return t;
      });
      refresher.scheduleWithFixedDelay(queue::refreshIfStale, 0, QueueGauges.CACHE_SECONDS, TimeUnit.SECONDS);
    }
  }

  private void counter(String name, String help, RunnerStats stats, ToDoubleFunction<RunnerStats> f) {
    FunctionCounter.builder(name, stats, f).description(help).register(registry);
  }

  /** Creates the meters and starts counting the outcomes of jobs run in this process. */
  public static Metrics start(Environment env, Runner runner) {
    return new Metrics(env, runner, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), true);
  }

  /**
   * Registers the connector's meters (not the JVM's: the application has its own) in
   * {@code registry}; the queue's counts are read from the database every
   * {@value QueueGauges#CACHE_SECONDS} seconds. {@link #close()} stops counting and removes them.
   */
  public static Metrics bindTo(MeterRegistry registry, Environment env, Runner runner) {
    return new Metrics(env, runner, registry, false);
  }

  /**
   * The metrics in Prometheus text format; reads the queue's counts when the cached ones are too old.
   *
   * @throws IllegalStateException when bound into an application's registry, which exports them itself
   */
  public String scrape() {
    if (prometheus == null) {
      throw new IllegalStateException("These metrics are in the application's registry: it exports them");
    }
    queue.refreshIfStale();
    return prometheus.scrape();
  }

  @Override
  public void close() {
    executor.removeOutcomeListener(jobs);
    if (prometheus != null) {
      gc.close();
      prometheus.close();
    } else {
      refresher.shutdownNow();
      registry.getMeters().stream().filter(m -> m.getId().getName().startsWith("connector."))
          .toList().forEach(registry::remove);
    }
  }
}
