package com.awkhad.connector.spring;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.admin.JobAdmin;
import com.awkhad.connector.queue.job.JobState;
import com.awkhad.connector.queue.runner.Runner;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The connector in Actuator's health ({@code /actuator/health}, component {@code awkhadConnector}):
 * DOWN when the database does not answer, when this application's runner (if it runs one) has no
 * live lease, or when the failed jobs reach {@code awkhad.connector.health.failed-jobs-down}
 * (when set). Details: the dialect, the runner's id and lease, the jobs per state.
 */
public final class ConnectorHealthIndicator implements HealthIndicator {
  private final Environment env;
  private final ConnectorRuntime runtime;
  private final int failedJobsDown;

  public ConnectorHealthIndicator(Environment env, ConnectorRuntime runtime, int failedJobsDown) {
    this.env = env;
    this.runtime = runtime;
    this.failedJobsDown = failedJobsDown;
  }

  @Override
  public Health health() {
    Health.Builder health = Health.up().withDetail("database", env.database().dialect().id());
    try {
      env.tx().inNewTransaction(c -> {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1")) {
          ps.setQueryTimeout(3);
          try (ResultSet rs = ps.executeQuery()) {
            return rs.next();
          }
        }
      });
    } catch (RuntimeException e) {
      return Health.down().withDetail("database", env.database().dialect().id())
          .withDetail("error", "the database does not answer: " + e.getMessage()).build();
    }
    Runner runner = runtime == null ? null : runtime.runner();
    if (runner != null) {
      Instant lease = runner.leaseUntil();
      health.withDetail("runner", runner.workerId());
      health.withDetail("runnerLeaseUntil", String.valueOf(lease));
      if (lease == null || !lease.isAfter(Instant.now())) {
        health.down().withDetail("error", lease == null
            ? "the runner has no lease row: it stopped, or another runner found it dead"
            : "the runner's lease expired at " + lease + ": it missed its heartbeats");
      }
    } else {
      health.withDetail("runner", "none in this application (awkhad.connector.runner.enabled=false)");
    }
    Map<JobState, Long> counts = env.service(JobAdmin.class).countByState();
    long failed = counts.getOrDefault(JobState.FAILED, 0L);
    health.withDetail("failedJobs", failed);
    counts.forEach((state, n) -> health.withDetail("jobs." + state.name().toLowerCase(java.util.Locale.ROOT), n));
    if (failedJobsDown > 0 && failed >= failedJobsDown) {
      health.down().withDetail("error", failed + " failed job(s), at or above awkhad.connector.health.failed-jobs-down ("
          + failedJobsDown + "): see ./connector jobs list --state failed or the dashboard");
    }
    return health.build();
  }
}
