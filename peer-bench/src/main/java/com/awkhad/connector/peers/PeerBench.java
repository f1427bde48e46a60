package com.awkhad.connector.peers;

import com.awkhad.connector.bench.BenchTime;
import com.awkhad.connector.bench.IdleProbes;
import com.awkhad.connector.bench.Latencies;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import javax.sql.DataSource;

/**
 * The workload of {@code ./connector bench} on a peer job system, against the same PostgreSQL:
 * {@code --peer db-scheduler} ({@link DbSchedulerBench}) or {@code --peer jobrunr}
 * ({@link JobRunrBench}), each through its public API only. Enqueue N tasks in batches before the
 * peer's scheduler starts, let it run them, then single tasks on the idle scheduler. It prints one
 * line:
 *
 * <pre>
 * peer: name=db-scheduler db=postgresql work=insert jobs=N threads=W enqueue_per_s=X exec_per_s=Y p50_ms=A p95_ms=B p99_ms=C duplicates=D lost=L
 * </pre>
 *
 * <p>{@code --work insert} (the default): each task inserts one row in the side table {@code
 * peer_run} (autocommit), as our bench job inserts one row. {@code --work noop}: the task does
 * nothing but count its run in memory (the peer runs in this process); once every task ran, the
 * counts are written to {@code peer_run} (one row per run), and duplicates and lost are counted
 * from there exactly as for the insert workload. Idle probes always insert (their start time is
 * read from the table).
 *
 * <pre>{@code
 * CONNECTOR_DB_USER=bench CONNECTOR_DB_PASSWORD=bench java -jar peer-bench/target/peer-bench.jar \
 *   --peer jobrunr --work noop --db jdbc:postgresql://localhost:5432/bench --jobs 20000 --threads 8
 * }</pre>
 */
public final class PeerBench {

  /** What to run; see {@link #usage()}. */
  record Options(String peer, String work, String url, String user, String password, int jobs, int threads, int batch,
      int enqueueThreads, int warmup, int execWarmup, int idleWarmup, int idleProbes, long pollMillis) {

    boolean noop() {
      return "noop".equals(work);
    }

    static Options parse(String[] args) {
      String url = System.getenv("CONNECTOR_DB_URL");
      String peer = "db-scheduler";
      String work = "insert";
      int jobs = 20_000;
      int threads = 8;
      int batch = 1_000;
      int enqueueThreads = 2;
      int warmup = 5_000;
      int execWarmup = 0;
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
          case "--peer" -> peer = oneOf(a, v, "db-scheduler", "jobrunr");
          case "--work" -> work = oneOf(a, v, "insert", "noop");
          case "--db" -> url = v;
          case "--jobs" -> jobs = positive(a, v, 1);
          case "--threads" -> threads = positive(a, v, 1);
          case "--enqueue-batch" -> batch = positive(a, v, 1);
          case "--enqueue-threads" -> enqueueThreads = positive(a, v, 1);
          case "--warmup" -> warmup = positive(a, v, 0);
          case "--exec-warmup" -> execWarmup = positive(a, v, 0);
          case "--idle-warmup" -> idleWarmup = positive(a, v, 0);
          case "--idle-probes" -> idleProbes = positive(a, v, 0);
          case "--poll-ms" -> poll = positive(a, v, 1);
          default -> throw new IllegalArgumentException("Unknown option " + a + ".\n" + usage());
        }
      }
      if (execWarmup > 0 && !"db-scheduler".equals(peer)) {
        throw new IllegalArgumentException("--exec-warmup needs --peer db-scheduler: JobRunr gives no order in which"
            + " warm-up jobs would run before the measured ones; run it with --exec-warmup 0.\n" + usage());
      }
      if (url == null || !url.startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException("Give a PostgreSQL database: --db jdbc:postgresql://HOST:PORT/DB (or"
            + " CONNECTOR_DB_URL), with CONNECTOR_DB_USER and CONNECTOR_DB_PASSWORD.\n" + usage());
      }
      return new Options(peer, work, url, System.getenv("CONNECTOR_DB_USER"), System.getenv("CONNECTOR_DB_PASSWORD"),
          jobs, threads, batch, enqueueThreads, warmup, execWarmup, idleWarmup, idleProbes, poll);
    }

    private static String oneOf(String option, String value, String... allowed) {
      for (String a : allowed) {
        if (a.equals(value)) {
          return value;
        }
      }
      throw new IllegalArgumentException(option + " must be one of " + String.join(", ", allowed) + ", got '" + value + "'");
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
    return "usage: java -jar peer-bench.jar --db jdbc:postgresql://HOST:PORT/DB [--peer db-scheduler|jobrunr"
        + " (db-scheduler)] [--work insert|noop (insert)] [--jobs N (20000)] [--threads W (8)]"
        + " [--enqueue-batch B (1000)] [--enqueue-threads T (2)] [--warmup J (5000)] [--exec-warmup J (0)]"
        + " [--idle-warmup P (100)]"
        + " [--idle-probes P (200)] [--poll-ms MS (1000)]; user and password from CONNECTOR_DB_USER and"
        + " CONNECTOR_DB_PASSWORD";
  }

  /** The figures of one run. */
  record Result(String name, String work, int jobs, int threads, double enqueuePerSecond, double execPerSecond,
      double[] idleMillis, long duplicates, long lost) {

    String line() {
      return String.format(Locale.ROOT, "peer: name=%s db=postgresql work=%s jobs=%d threads=%d enqueue_per_s=%.0f"
              + " exec_per_s=%.0f p50_ms=%.1f p95_ms=%.1f p99_ms=%.1f duplicates=%d lost=%d", name, work, jobs, threads,
          enqueuePerSecond, execPerSecond, pct(idleMillis, 50), pct(idleMillis, 95), pct(idleMillis, 99), duplicates,
          lost);
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
      e.printStackTrace();
      System.exit(1);
    }
  }

  static Result run(Options o) throws Exception {
    return "jobrunr".equals(o.peer()) ? JobRunrBench.run(o) : DbSchedulerBench.run(o);
  }

  static HikariDataSource dataSource(Options o, String name) {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(o.url());
    hc.setUsername(o.user());
    hc.setPassword(o.password());
    hc.setMaximumPoolSize(o.threads() + o.enqueueThreads() + 6);
    hc.setPoolName(name);
    return new HikariDataSource(hc);
  }

  static void createRunTable(DataSource ds) throws SQLException {
    execute(ds, "CREATE TABLE IF NOT EXISTS peer_run (run_id TEXT NOT NULL, job_no BIGINT NOT NULL,"
        + " started_us BIGINT NOT NULL, ended_us BIGINT NOT NULL)");
  }

  /** The insert workload's task body: one row in peer_run, committed on its own. */
  static void insertRun(DataSource ds, String run, long no) {
    long started = micros(Instant.now());
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "INSERT INTO peer_run (run_id, job_no, started_us, ended_us) VALUES (?, ?, ?, ?)")) {
      ps.setString(1, run);
      ps.setLong(2, no);
      ps.setLong(3, started);
      ps.setLong(4, micros(Instant.now()));
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The no-op workload's record: how many times each task ran, the first start and the last end,
   * in memory; {@link #flush} writes it to peer_run once every task ran.
   */
  static final class Tally {
    final AtomicIntegerArray runs;
    final AtomicLong total = new AtomicLong();
    final LongAccumulator first = new LongAccumulator(Math::min, Long.MAX_VALUE);
    final LongAccumulator last = new LongAccumulator(Math::max, 0);

    Tally(int jobs) {
      runs = new AtomicIntegerArray(jobs);
    }

    void ran(int no, long startedMicros) {
      first.accumulate(startedMicros);
      runs.incrementAndGet(no);
      last.accumulate(micros(Instant.now()));
      total.incrementAndGet();
    }

    /** One peer_run row per run of each task (a task that never ran has none). */
    void flush(DataSource ds, String run) throws SQLException {
      try (Connection c = ds.getConnection();
          PreparedStatement ps = c.prepareStatement(
              "INSERT INTO peer_run (run_id, job_no, started_us, ended_us) VALUES (?, ?, ?, ?)")) {
        c.setAutoCommit(false);
        int pending = 0;
        for (int i = 0; i < runs.length(); i++) {
          for (int k = 0; k < runs.get(i); k++) {
            ps.setString(1, run);
            ps.setLong(2, i);
            ps.setLong(3, first.get());
            ps.setLong(4, last.get());
            ps.addBatch();
            if (++pending == 1000) {
              ps.executeBatch();
              pending = 0;
            }
          }
        }
        ps.executeBatch();
        c.commit();
      }
    }
  }

  /** Waits until {@code done} reaches {@code jobs}; fails after 60 s without progress. */
  static void await(java.util.function.LongSupplier done, int jobs) throws InterruptedException {
    long last = -1;
    long lastChange = System.nanoTime();
    while (true) {
      long now = done.getAsLong();
      if (now >= jobs) {
        return;
      }
      if (now != last) {
        last = now;
        lastChange = System.nanoTime();
      } else if (System.nanoTime() - lastChange > TimeUnit.SECONDS.toNanos(60)) {
        throw new IllegalStateException("no progress for 60 s with " + now + " of " + jobs + " tasks run");
      }
      Thread.sleep(250);
    }
  }

  /** Rows, distinct job numbers, first start and last end (micros) of a run in peer_run. */
  static long[] counts(DataSource ds, String run) {
    try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT COUNT(*),"
        + " COUNT(DISTINCT job_no), COALESCE(MIN(started_us), 0), COALESCE(MAX(ended_us), 0) FROM peer_run WHERE run_id = ?")) {
      ps.setString(1, run);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)};
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static Long startedMicros(DataSource ds, String run, long no) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT started_us FROM peer_run WHERE run_id = ? AND job_no = ?")) {
      ps.setString(1, run);
      ps.setLong(2, no);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    }
  }

  /**
   * Single probes, one at a time, 20 ms apart once the previous one started ({@link IdleProbes},
   * as {@code ./connector bench} measures ours): sorted latencies (ms) after the warm-up.
   */
  static double[] probe(DataSource ds, String run, Options o, java.util.function.IntConsumer schedule)
      throws InterruptedException {
    if (o.idleProbes() == 0) {
      return new double[0];
    }
    return IdleProbes.run(o.idleWarmup(), o.idleProbes(), java.time.Duration.ofSeconds(30), new IdleProbes.Target() {
      @Override
      public long enqueue(int no) {
        schedule.accept(no); // committed when it returns
        return micros(Instant.now());
      }

      @Override
      public Long started(int no) throws SQLException {
        return startedMicros(ds, run, no);
      }
    }).measured();
  }

  /** The result once the backlog ran: counts from peer_run (the no-op tally written there first). */
  static Result result(String name, DataSource ds, Options o, String run, Tally tally, double enqueueSeconds,
      double[] idle, String probeRun) throws SQLException {
    long[] counts = counts(ds, run);
    double execSeconds = Math.max(1e-6, (counts[3] - counts[2]) / 1e6);
    long[] probeCounts = counts(ds, probeRun);
    long duplicates = counts[0] - counts[1] + probeCounts[0] - probeCounts[1];
    long lost = o.jobs() - counts[1] + (o.idleProbes() > 0 ? o.idleWarmup() + o.idleProbes() : 0) - probeCounts[1];
    return new Result(name, o.work(), o.jobs(), o.threads(), o.jobs() / enqueueSeconds, counts[1] / execSeconds, idle,
        duplicates, lost);
  }

  static void execute(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  static long micros(Instant t) {
    return BenchTime.micros(t);
  }

  static double pct(double[] sorted, int p) {
    return Latencies.percentile(sorted, p);
  }

  private PeerBench() {}
}
