package com.awkhad.connector.devtools;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.bench.BenchTime;
import java.sql.PreparedStatement;
import java.time.Instant;

/**
 * The jobs {@code ./connector bench} enqueues. {@link #run} (the insert workload) records when its
 * body started in {@code bench_run}, in the job's own transaction (so a run that rolls back leaves
 * no row), then sleeps if asked; {@link #noop} (the no-op workload, {@code --work noop}) does
 * nothing, and the bench proves that each ran once from the job table alone.
 */
public class BenchJob {
  private final Environment env;

  public BenchJob(Environment env) {
    this.env = env;
  }

  /** One bench job: {@code no} is its number in run {@code runId}, enqueued in batch {@code batch}. */
  public void run(String runId, long no, int batch, int sleepMs) {
    long startedMicros = BenchTime.micros(Instant.now());
    env.tx().run(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO bench_run (run_id, job_no, batch_no, started_us, pid) VALUES (?, ?, ?, ?, ?)")) {
        ps.setString(1, runId);
        ps.setLong(2, no);
        ps.setInt(3, batch);
        ps.setLong(4, startedMicros);
        ps.setLong(5, ProcessHandle.current().pid());
        ps.executeUpdate();
      }
    });
    if (sleepMs > 0) {
      try {
        Thread.sleep(sleepMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("bench job interrupted", e);
      }
    }
  }

  /** One no-op bench job: {@code no} is its number in run {@code runId}, enqueued in batch {@code batch}. */
  public void noop(String runId, long no, int batch) {
    // nothing: the job's done state, written by the runner, is the only trace of its run
  }
}
