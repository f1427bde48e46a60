package com.awkhad.connector.server.web.metrics;

import com.awkhad.connector.queue.exec.Outcome;
import com.awkhad.connector.queue.exec.OutcomeListener;
import com.awkhad.connector.queue.job.JobRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Counts the outcomes of the jobs run in this process, per job function
 * ({@code connector_jobs_executed_total}, {@code _done_total}, {@code _retried_total},
 * {@code _failed_total}) and times them ({@code connector_job_duration_seconds}, by function and
 * outcome). Told by the executor after each outcome's commit.
 */
final class JobMeters implements OutcomeListener {
  private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100),
      Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(2)};

  private final MeterRegistry registry;

  JobMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void recorded(JobRecord job, Outcome outcome, Duration runTime) {
    String function = job.funcName();
    String result = outcome instanceof Outcome.Done ? "done" : outcome instanceof Outcome.Retry ? "retried" : "failed";
    counter("connector.jobs.executed", "Tries of jobs run in this process, per job function", function).increment();
    counter("connector.jobs." + result, "Tries of jobs run in this process that ended " + result + ", per job function",
        function).increment();
    if (runTime != null) {
      Timer.builder("connector.job.duration")
          .description("How long the jobs run in this process took, per job function and outcome")
          .tags("function", function, "outcome", result)
          .serviceLevelObjectives(BUCKETS)
          .register(registry)
          .record(runTime);
    }
  }

  private Counter counter(String name, String help, String function) {
    return Counter.builder(name).description(help).tag("function", function).register(registry);
  }
}
