package com.awkhad.connector.peers;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * The workload of {@code ./connector bench}, on db-scheduler (lock-and-fetch polling, immediate
 * execution on): enqueue N no-op tasks in batches before the scheduler starts, let it run them,
 * then single tasks on the idle scheduler. Each task body records its start and end in the side
 * table {@code peer_run} (one autocommitted insert, as our bench job writes one row). It prints one
 * line:
 *
 * <pre>
 * peer: name=db-scheduler db=postgresql jobs=N threads=W enqueue_per_s=X exec_per_s=Y p50_ms=A p95_ms=B p99_ms=C duplicates=D lost=L
 * </pre>
 *
 * <p>The scheduler runs in the enqueuing process, where db-scheduler's immediate execution wakes it
 * at once: its most favourable setup for the idle latency, to compare with {@code ./connector
 * bench --in-process} (and with the default, where our runner is another process). Execution time
 * runs from the first task's start to the last one's end.
 *
 * <pre>{@code
 * CONNECTOR_DB_USER=bench CONNECTOR_DB_PASSWORD=bench \
 *   java -jar peer-bench/target/peer-bench.jar --db jdbc:postgresql://localhost:5432/bench --jobs 20000 --threads 8
 * }</pre>
 */
public final class DbSchedulerBench {
  static final String TASKS = "peer_dbs_tasks";

  /** What to run; see {@link #usage()}. */
  record Options(String url, String user, String password, int jobs, int threads, int batch, int enqueueThreads,
      int warmup, int idleWarmup, int idleProbes, long pollMillis) {

    static Options parse(String[] args) {
      String url = System.getenv("CONNECTOR_DB_URL");
      int jobs = 20_000;
      int threads = 8;
      int batch = 1_000;
      int enqueueThreads = 2;
      int warmup = 5_000;
      int idleWarmup = 100;
      int idleProbes = 200;
      long poll = 1_000;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("Option " + a + " needs a value.\n" + usage());
        }
        String v = args[++i];
        switch (a) {
          case "--db" -> url = v;
          case "--jobs" -> jobs = positive(a, v, 1);
          case "--threads" -> threads = positive(a, v, 1);
          case "--enqueue-batch" -> batch = positive(a, v, 1);
          case "--enqueue-threads" -> enqueueThreads = positive(a, v, 1);
          case "--warmup" -> warmup = positive(a, v, 0);
          case "--idle-warmup" -> idleWarmup = positive(a, v, 0);
          case "--idle-probes" -> idleProbes = positive(a, v, 0);
          case "--poll-ms" -> poll = positive(a, v, 1);
          default -> throw new IllegalArgumentException("Unknown option " + a + ".\n" + usage());
        }
      }
      if (url == null || !url.startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException("Give a PostgreSQL database: --db jdbc:postgresql://HOST:PORT/DB (or"
            + " CONNECTOR_DB_URL), with CONNECTOR_DB_USER and CONNECTOR_DB_PASSWORD.\n" + usage());
      }
      return new Options(url, System.getenv("CONNECTOR_DB_USER"), System.getenv("CONNECTOR_DB_PASSWORD"), jobs, threads,
          batch, enqueueThreads, warmup, idleWarmup, idleProbes, poll);
    }

    private static int positive(String option, String value, int min) {
      try {
        int n = Integer.parseInt(value);
        if (n >= min) {
          return n;
        }
      } catch (NumberFormatException e) {
        // below
      }
      throw new IllegalArgumentException(option + " must be an integer of at least " + min + ", got '" + value + "'");
    }
  }

  static String usage() {
    return "usage: java -jar peer-bench.jar --db jdbc:postgresql://HOST:PORT/DB [--jobs N (20000)] [--threads W (8)]"
        + " [--enqueue-batch B (1000)] [--enqueue-threads T (2)] [--warmup J (5000)] [--idle-warmup P (100)]"
        + " [--idle-probes P (200)] [--poll-ms MS (1000)]; user and password from CONNECTOR_DB_USER and"
        + " CONNECTOR_DB_PASSWORD";
  }

  /** The figures of one run. */
  record Result(int jobs, int threads, double enqueuePerSecond, double execPerSecond, double[] idleMillis,
      long duplicates, long lost) {

    String line() {
      return String.format(Locale.ROOT, "peer: name=db-scheduler db=postgresql jobs=%d threads=%d enqueue_per_s=%.0f"
              + " exec_per_s=%.0f p50_ms=%.1f p95_ms=%.1f p99_ms=%.1f duplicates=%d lost=%d", jobs, threads,
          enqueuePerSecond, execPerSecond, pct(idleMillis, 50), pct(idleMillis, 95), pct(idleMillis, 99), duplicates, lost);
    }
  }

  public static void main(String[] args) {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("peer-bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    try {
      Result r = run(o);
      System.out.println(r.line());
      System.exit(r.duplicates() == 0 && r.lost() == 0 ? 0 : 3);
    } catch (Exception e) {
      System.err.println("peer-bench: " + e);
      System.exit(1);
    }
  }

  static Result run(Options o) throws Exception {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(o.url());
    hc.setUsername(o.user());
    hc.setPassword(o.password());
    hc.setMaximumPoolSize(o.threads() + o.enqueueThreads() + 4);
    hc.setPoolName("peer-bench");
    try (HikariDataSource ds = new HikariDataSource(hc)) {
      createTables(ds);
      String runId = "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
      OneTimeTask<Void> task = Tasks.oneTime("awkhad-bench").execute((instance, context) -> record(ds, instance.getId()));
      SchedulerClient client = SchedulerClient.Builder.create(ds, task).tableName(TASKS).build();
      try {
        // 0. warm the enqueue path up: tasks far in the future, deleted before measuring
        Instant later = Instant.now().plus(Duration.ofDays(365));
        for (int from = 0; from < o.warmup(); from += o.batch()) {
          List<TaskInstance<?>> chunk = new ArrayList<>();
          for (int i = from; i < Math.min(o.warmup(), from + o.batch()); i++) {
            chunk.add(task.instance(runId + "w:" + i));
          }
          client.scheduleBatch(chunk, later);
        }
        execute(ds, "DELETE FROM " + TASKS);
        // 1. the backlog, before the scheduler starts
        long t0 = System.nanoTime();
        enqueue(client, task, runId, o);
        double enqueueSeconds = (System.nanoTime() - t0) / 1e9;
        // 2. the scheduler drains it
        Scheduler scheduler = Scheduler.create(ds, task).tableName(TASKS).threads(o.threads())
            .pollUsingLockAndFetch(0.5, 3.0).pollingInterval(Duration.ofMillis(o.pollMillis()))
            .enableImmediateExecution().build();
        scheduler.start();
        try {
          awaitRuns(ds, runId + ":", o.jobs());
          long[] counts = counts(ds, runId + ":");
          double execSeconds = Math.max(1e-6, (counts[3] - counts[2]) / 1e6);
          // 3. single tasks on the idle scheduler
          double[] idle = probe(ds, scheduler, task, runId, o);
          long[] probeCounts = counts(ds, runId + "i:");
          long duplicates = counts[0] - counts[1] + probeCounts[0] - probeCounts[1];
          long lost = o.jobs() - counts[1] + (o.idleProbes() > 0 ? o.idleWarmup() + o.idleProbes() : 0) - probeCounts[1];
          return new Result(o.jobs(), o.threads(), o.jobs() / enqueueSeconds, counts[1] / execSeconds, idle, duplicates,
              lost);
        } finally {
          scheduler.stop();
        }
      } finally {
        execute(ds, "DELETE FROM peer_run WHERE run_id LIKE '" + runId + "%'");
        execute(ds, "DROP TABLE IF EXISTS " + TASKS);
      }
    }
  }

  private static void createTables(DataSource ds) throws SQLException {
    // db-scheduler's PostgreSQL table, as its documentation gives it
    execute(ds, "DROP TABLE IF EXISTS " + TASKS);
    execute(ds, "CREATE TABLE " + TASKS + " (task_name TEXT NOT NULL, task_instance TEXT NOT NULL, task_data BYTEA,"
        + " execution_time TIMESTAMP WITH TIME ZONE NOT NULL, picked BOOLEAN NOT NULL, picked_by TEXT,"
        + " last_success TIMESTAMP WITH TIME ZONE, last_failure TIMESTAMP WITH TIME ZONE, consecutive_failures INT,"
        + " last_heartbeat TIMESTAMP WITH TIME ZONE, version BIGINT NOT NULL, priority SMALLINT,"
        + " PRIMARY KEY (task_name, task_instance))");
    execute(ds, "CREATE INDEX " + TASKS + "_execution_time_idx ON " + TASKS + " (execution_time)");
    execute(ds, "CREATE INDEX " + TASKS + "_last_heartbeat_idx ON " + TASKS + " (last_heartbeat)");
    execute(ds, "CREATE TABLE IF NOT EXISTS peer_run (run_id TEXT NOT NULL, job_no BIGINT NOT NULL,"
        + " started_us BIGINT NOT NULL, ended_us BIGINT NOT NULL)");
  }

  /** The task body: one row in peer_run, committed on its own (instance id {@code run:no}). */
  private static void record(DataSource ds, String instanceId) {
    long started = micros(Instant.now());
    int colon = instanceId.lastIndexOf(':');
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "INSERT INTO peer_run (run_id, job_no, started_us, ended_us) VALUES (?, ?, ?, ?)")) {
      ps.setString(1, instanceId.substring(0, colon + 1));
      ps.setLong(2, Long.parseLong(instanceId.substring(colon + 1)));
      ps.setLong(3, started);
      ps.setLong(4, micros(Instant.now()));
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Batch b (tasks b*B .. b*B+B-1) on thread b mod T, all due now. */
  private static void enqueue(SchedulerClient client, OneTimeTask<Void> task, String runId, Options o)
      throws InterruptedException {
    int batches = (o.jobs() + o.batch() - 1) / o.batch();
    int threads = Math.min(o.enqueueThreads(), batches);
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int first = t;
      Thread thread = new Thread(() -> {
        for (int b = first; b < batches && failure.get() == null; b += threads) {
          List<TaskInstance<?>> chunk = new ArrayList<>();
          for (int i = b * o.batch(); i < Math.min(o.jobs(), (b + 1) * o.batch()); i++) {
            chunk.add(task.instance(runId + ":" + i));
          }
          try {
            client.scheduleBatch(chunk, Instant.now());
          } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
          }
        }
      }, "peer-enqueue-" + t);
      thread.start();
      started.add(thread);
    }
    for (Thread thread : started) {
      thread.join();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
  }

  private static double[] probe(DataSource ds, Scheduler scheduler, OneTimeTask<Void> task, String runId, Options o)
      throws SQLException, InterruptedException {
    if (o.idleProbes() == 0) {
      return new double[0];
    }
    int total = o.idleWarmup() + o.idleProbes();
    double[] out = new double[o.idleProbes()];
    int n = 0;
    for (int i = 0; i < total; i++) {
      scheduler.scheduleIfNotExists(task.instance(runId + "i:" + i), Instant.now()); // committed when it returns
      long committed = micros(Instant.now());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      Long started = null;
      while (started == null && System.nanoTime() < deadline) {
        Thread.sleep(10);
        started = startedMicros(ds, runId + "i:", i);
      }
      if (started != null && i >= o.idleWarmup()) {
        out[n++] = (started - committed) / 1000.0;
      }
      Thread.sleep(20);
    }
    double[] got = Arrays.copyOf(out, n);
    Arrays.sort(got);
    return got;
  }

  private static void awaitRuns(DataSource ds, String run, int jobs) throws SQLException, InterruptedException {
    long last = -1;
    long lastChange = System.nanoTime();
    while (true) {
      long done = counts(ds, run)[0];
      if (done >= jobs) {
        return;
      }
      if (done != last) {
        last = done;
        lastChange = System.nanoTime();
      } else if (System.nanoTime() - lastChange > TimeUnit.SECONDS.toNanos(60)) {
        throw new IllegalStateException("no progress for 60 s with " + done + " of " + jobs + " tasks run");
      }
      Thread.sleep(250);
    }
  }

  /** Rows, distinct job numbers, first start and last end (micros) of a run in peer_run. */
  private static long[] counts(DataSource ds, String run) throws SQLException {
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT COUNT(*),"
        + " COUNT(DISTINCT job_no), COALESCE(MIN(started_us), 0), COALESCE(MAX(ended_us), 0) FROM peer_run WHERE run_id = ?")) {
      ps.setString(1, run);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)};
      }
    }
  }

  private static Long startedMicros(DataSource ds, String run, long no) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT started_us FROM peer_run WHERE run_id = ? AND job_no = ?")) {
      ps.setString(1, run);
      ps.setLong(2, no);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    }
  }

  private static void execute(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
  }

  static double pct(double[] sorted, int p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
  }

  private DbSchedulerBench() {}
}
