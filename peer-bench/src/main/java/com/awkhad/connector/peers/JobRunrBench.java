package com.awkhad.connector.peers;

import static org.jobrunr.server.BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration;

import com.awkhad.connector.bench.BatchThreads;
import com.awkhad.connector.peers.PeerBench.Options;
import com.awkhad.connector.peers.PeerBench.Result;
import com.awkhad.connector.peers.PeerBench.Tally;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.jobrunr.configuration.JobRunr;
import org.jobrunr.configuration.JobRunrConfiguration.JobRunrConfigurationResult;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;

/**
 * {@link PeerBench}'s workload on JobRunr (OSS) with its PostgreSQL storage provider, through its
 * public API: {@code JobRunr.configure()}, a background job server of {@code --threads} workers
 * polling every {@code --poll-ms} (at least 5 s, JobRunr's smallest), started only once the backlog is enqueued with {@code
 * JobScheduler.enqueue(Stream, lambda)} (one save per batch of {@code --enqueue-batch}). JobRunr's
 * tables are dropped before and after each run, so every run starts from empty tables.
 *
 * <p>A job enqueued on the idle server waits for the server's next poll (JobRunr has no immediate
 * execution), so idle probes measure its polling interval; {@code benchmarks/run} passes {@code
 * --idle-probes 0} for JobRunr.
 *
 * <pre>{@code
 * java -jar peer-bench/target/peer-bench.jar --peer jobrunr --work noop --db jdbc:postgresql://localhost:5432/bench --idle-probes 0
 * }</pre>
 */
public final class JobRunrBench {
  /** JobRunr refuses a poll interval under 5 s ("otherwise it will cause too much load"). */
  static final long MIN_POLL_MILLIS = 5_000;

  static Result run(Options o) throws Exception {
    try (HikariDataSource ds = PeerBench.dataSource(o, "peer-jobrunr")) {
      dropTables(ds);
      PeerBench.createRunTable(ds);
      String runId = "j" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
      Tally tally = new Tally(o.jobs());
      JobRunrTasks.dataSource = ds;
      JobRunrTasks.tally = tally;
      JobRunrConfigurationResult jr = JobRunr.configure()
          .useJsonMapper(new JacksonJsonMapper())
          .useStorageProvider(new PostgresStorageProvider(ds))
          .useBackgroundJobServer(usingStandardBackgroundJobServerConfiguration().andWorkerCount(o.threads())
              .andPollInterval(Duration.ofMillis(Math.max(MIN_POLL_MILLIS, o.pollMillis()))), false)
          .initialize();
      try {
        JobScheduler scheduler = jr.getJobScheduler();
        String run = runId + ":";
        // 0. warm the enqueue path up, on the measured enqueue's threads (each on its own connection):
        // jobs deleted before the server starts
        enqueue(scheduler, runId + "w:", o.warmup(), o);
        PeerBench.execute(ds, "DELETE FROM jobrunr_jobs");
        // 1. the backlog, before the server starts
        long t0 = System.nanoTime();
        enqueue(scheduler, run, o.jobs(), o);
        double enqueueSeconds = (System.nanoTime() - t0) / 1e9;
        // 2. the server drains it
        BackgroundJobServer server = jr.getBackgroundJobServer();
        server.start();
        try {
          if (o.noop()) {
            PeerBench.await(() -> tally.total.get(), o.jobs());
            tally.flush(ds, run);
          } else {
            PeerBench.await(() -> PeerBench.counts(ds, run)[0], o.jobs());
          }
          long succeeded = count(ds, "SELECT COUNT(*) FROM jobrunr_jobs WHERE state = 'SUCCEEDED'");
          if (succeeded < o.jobs()) {
            // every task's body ran; JobRunr's own table must say so too (its SUCCEEDED state follows the body)
            PeerBench.await(() -> count(ds, "SELECT COUNT(*) FROM jobrunr_jobs WHERE state = 'SUCCEEDED'"), o.jobs());
          }
          // 3. single jobs on the idle server (always the insert task: its start is read from peer_run)
          String probeRun = runId + "i:";
          double[] idle = PeerBench.probe(ds, probeRun, o, i -> scheduler.enqueue(() -> JobRunrTasks.insert(probeRun, i)));
          return PeerBench.result("jobrunr", ds, o, run, tally, enqueueSeconds, idle, probeRun);
        } finally {
          server.stop();
        }
      } finally {
        JobRunr.destroy();
        PeerBench.execute(ds, "DELETE FROM peer_run WHERE run_id LIKE '" + runId + "%'");
        dropTables(ds);
      }
    }
  }

  private static void enqueueBatch(JobScheduler scheduler, boolean noop, String run, int from, int to) {
    if (noop) {
      scheduler.enqueue(IntStream.range(from, to).boxed(), no -> JobRunrTasks.noop(run, no));
    } else {
      scheduler.enqueue(IntStream.range(from, to).boxed(), no -> JobRunrTasks.insert(run, no));
    }
  }

  /** Batch b (jobs b*B .. b*B+B-1 of {@code count}, one save) on thread b mod T ({@link BatchThreads}). */
  private static void enqueue(JobScheduler scheduler, String run, int count, Options o) throws InterruptedException {
    int batches = (count + o.batch() - 1) / o.batch();
    BatchThreads.run("peer-enqueue-", batches, o.enqueueThreads(),
        b -> enqueueBatch(scheduler, o.noop(), run, b * o.batch(), Math.min(count, (b + 1) * o.batch())));
  }

  private static long count(DataSource ds, String sql) {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** JobRunr's tables and views (prefix jobrunr_), so that each run starts from empty ones. */
  private static void dropTables(DataSource ds) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Connection c = ds.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            + " AND tablename LIKE 'jobrunr\\_%'")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    for (String t : tables) {
      PeerBench.execute(ds, "DROP TABLE IF EXISTS " + t + " CASCADE");
    }
  }

  private JobRunrBench() {}
}
