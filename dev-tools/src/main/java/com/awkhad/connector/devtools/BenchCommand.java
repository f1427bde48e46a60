package com.awkhad.connector.devtools;

import com.awkhad.connector.base.addon.AddonLoader;
import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.base.db.Dialect;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.bench.BatchThreads;
import com.awkhad.connector.bench.BenchTime;
import com.awkhad.connector.bench.IdleProbes;
import com.awkhad.connector.bench.Latencies;
import com.awkhad.connector.queue.Queue;
import com.awkhad.connector.queue.admin.RunJobs;
import com.awkhad.connector.queue.channel.ChannelConfig;
import com.awkhad.connector.queue.job.JobOptions;
import com.awkhad.connector.queue.job.JobState;
import com.awkhad.connector.queue.read.QueueStats;
import com.awkhad.connector.queue.runner.Runner;
import com.awkhad.connector.server.ConnectorCommand;
import com.awkhad.connector.server.Main;
import com.awkhad.connector.server.RunCommand;
import com.awkhad.connector.server.RunnerSettings;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "bench", description = {
    "Measure the queue: enqueue N jobs in batches (enqueue_per_s), start K runner processes and let them drain",
    "the backlog (exec_per_s: first claim to last done), then enqueue single jobs one at a time on the idle",
    "runners (p50/p95/p99: enqueue commit to job start). Ends with one line:",
    "bench: db=.. jobs=N workers=W processes=K enqueue_per_s=X exec_per_s=Y p50_ms=A p95_ms=B p99_ms=C duplicates=D lost=L",
    "where duplicates counts jobs whose body committed more than once and lost jobs that never ran.",
    "Bench jobs record their start in the table bench_run; the run's rows are removed at the end."})
final class BenchCommand implements Callable<Integer> {
  @ParentCommand ConnectorCommand parent;

  @Mixin RunnerSettings settings;

  @Option(names = "--jobs", paramLabel = "N", defaultValue = "20000", description = "Jobs to enqueue (default: ${DEFAULT-VALUE}).")
  int jobs;

  @Option(names = "--processes", paramLabel = "K", defaultValue = "1",
      description = "Runner processes (PostgreSQL; H2 allows 1, run in this process) (default: ${DEFAULT-VALUE}).")
  int processes;

  @Option(names = "--job-ms", paramLabel = "M", defaultValue = "0", description = "Each job sleeps M ms (default: no-op).")
  int jobMs;

  @Option(names = "--work", paramLabel = "insert|noop", defaultValue = "insert",
      description = "What each backlog job does: insert (one row in bench_run, in the job's transaction) or noop"
          + " (nothing; every job's single run is then proven from the job table: its done state, its try count"
          + " (column retry) 1). Idle probes always insert (default: ${DEFAULT-VALUE}).")
  String work;

  @Option(names = "--enqueue-batch", paramLabel = "B", defaultValue = "1000",
      description = "Jobs enqueued per transaction (default: ${DEFAULT-VALUE}).")
  int enqueueBatch;

  @Option(names = "--enqueue-threads", paramLabel = "T", defaultValue = "2",
      description = "Threads enqueueing the batches, each on its own connection, like an application's request"
          + " threads (default: ${DEFAULT-VALUE}).")
  int enqueueThreads;

  @Option(names = "--warmup", paramLabel = "J", defaultValue = "5000",
      description = "Jobs enqueued and rolled back before the measured enqueue, so that the JVM has compiled the"
          + " enqueue path as in a running application; 0 measures a cold JVM (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--exec-warmup", paramLabel = "J", defaultValue = "0",
      description = "Jobs the runners run before the measured backlog (enqueued with it, at a higher priority, so"
          + " they are claimed first, and not counted), so that the runner's JVM runs compiled code as in a runner that"
          + " has been up for a while; 0 measures from a cold runner (default: ${DEFAULT-VALUE}).")
  int execWarmup;

  @Option(names = "--idle-probes", paramLabel = "P", defaultValue = "200",
      description = "Single jobs enqueued one at a time on idle runners to measure idle latency (default: ${DEFAULT-VALUE}).")
  int idleProbes;

  @Option(names = "--idle-warmup", paramLabel = "P", defaultValue = "100",
      description = "Idle probes run first and left out of the latency figures, so that the runner's idle path is"
          + " compiled as in a runner that has been up for a while; their p50 is printed apart as cold_p50_ms"
          + " (default: ${DEFAULT-VALUE}).")
  int idleWarmup;

  @Option(names = "--job-channel", paramLabel = "CHANNEL", defaultValue = "root",
      description = "Channel of the bench jobs (default: ${DEFAULT-VALUE}).")
  String jobChannel;

  @Option(names = "--in-process", description = "Run the single runner inside the bench process (always on H2).")
  boolean inProcessRunner;

  private final AtomicLong enqueued = new AtomicLong();
  /** The run's jobs that ran, as the progress thread last counted them (every 5 s), for awaitAll's stall check. */
  private final AtomicLong ran = new AtomicLong(-1);

  @Override
  public Integer call() throws Exception {
    if (jobs < 1 || processes < 1 || enqueueBatch < 1 || enqueueThreads < 1 || jobMs < 0 || warmup < 0
        || execWarmup < 0 || idleProbes < 0 || idleWarmup < 0) {
      throw new IllegalArgumentException("--jobs, --processes, --enqueue-batch and --enqueue-threads must be at least 1,"
          + " --job-ms, --warmup, --exec-warmup, --idle-probes and --idle-warmup at least 0");
    }
    if (!"insert".equals(work) && !"noop".equals(work)) {
      throw new IllegalArgumentException("--work must be insert or noop, got '" + work + "'");
    }
    if (noop() && jobMs > 0) {
      throw new IllegalArgumentException("--job-ms needs --work insert (a no-op job does not sleep)");
    }
    ChannelConfig channels = settings.channelConfig();
    int workers = settings.workerCount(channels);
    DatabaseConfig db = parent.databaseConfig();
    if (db.dialect() == Dialect.H2 && processes > 1) {
      throw new IllegalArgumentException("H2 runs one runner process: use --processes 1, or a PostgreSQL database"
          + " (--db jdbc:postgresql://HOST/DB) to bench several processes");
    }
    if (inProcessRunner && processes > 1) {
      throw new IllegalArgumentException("--in-process runs one runner: drop --processes or --in-process");
    }
    boolean inProcess = db.dialect() == Dialect.H2 || inProcessRunner;
    DatabaseConfig own = RunCommand.forRunner(db, Math.max(enqueueThreads, inProcess ? workers + 4 : 0));
    String runId = "b" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Environment env = RunCommand.start(own)) {
      createTables(env);
      Queue queue = env.service(Queue.class);
      BenchJob proxy = queue.delay(BenchJob.class, JobOptions.defaults().channel(jobChannel));
      List<Process> children = new ArrayList<>();
      Runner local = null;
      try {
        // 1. the backlog, enqueued in batches before any runner starts
        warmUp(env, queue, proxy, runId);
        enqueueExecWarmup(queue, runId);
        Thread progress = progress(env, runId);
        long enqueueStart = System.nanoTime();
        enqueue(queue, proxy, runId);
        double enqueueSeconds = (System.nanoTime() - enqueueStart) / 1e9;
        // 2. the runners drain it
        Instant runnersStart = Instant.now();
        if (inProcess) {
          local = Runner.start(env, settings.runnerOptions(channels, workers));
        } else {
          children = startChildren(db, channels, workers, runId);
          awaitRunners(env, children, runnersStart);
        }
        awaitAll(env, runId);
        progress.interrupt();
        progress.join();
        long[] window = execWindowMicros(env, runId);
        double[] longest = longestBatch(env, runId);
        double execSeconds = Math.max(1e-6, (window[1] - window[0]) / 1e6);
        List<long[]> runs = noop() ? doneNoops(env, runId) : runs(env, runId);
        long distinct = runs.stream().mapToLong(r -> r[0]).distinct().count();
        long retried = runs.stream().filter(r -> r.length > 3 && r[3] > 1).count();
        // 3. idle latency: single jobs on idle runners
        IdleProbes.Result probed = idleProbes > 0 ? probeIdle(env, proxy, runId)
            : new IdleProbes.Result(new double[0], new double[0]);
        double[] cold = probed.cold();
        double[] idle = probed.measured();
        List<long[]> probeRuns = runs(env, runId + "i");
        long probesDistinct = probeRuns.stream().mapToLong(r -> r[0]).distinct().count();
        long duplicates = runs.size() - distinct + retried + probeRuns.size() - probesDistinct;
        long lost = jobs - distinct + (idleProbes > 0 ? idleWarmup + idleProbes : 0) - probesDistinct;
        System.out.printf(Locale.ROOT, "bench-detail: work=%s channels=%s enqueue_s=%.2f exec_window_s=%.2f enqueue_batch=%d enqueue_threads=%d warmup=%d exec_warmup=%d"
            + " max_batch=%d batch_budget_ms=%d longest_batch_ms=%.1f longest_batch_jobs=%.0f job_ms=%d idle_probes=%d"
            + " idle_warmup=%d cold_p50_ms=%.1f%n", work, channels, enqueueSeconds, execSeconds, enqueueBatch, enqueueThreads,
            warmup, execWarmup, settings.maxBatch(), settings.batchBudgetMs(), longest[0], longest[1], jobMs, idle.length, cold.length, Latencies.percentile(cold, 50));
        System.out.printf(Locale.ROOT, "bench: db=%s jobs=%d workers=%d processes=%d enqueue_per_s=%.0f exec_per_s=%.0f"
                + " p50_ms=%.1f p95_ms=%.1f p99_ms=%.1f duplicates=%d lost=%d%n",
            db.dialect().id(), jobs, workers, processes, jobs / enqueueSeconds, distinct / execSeconds,
            Latencies.percentile(idle, 50), Latencies.percentile(idle, 95), Latencies.percentile(idle, 99), duplicates, lost);
        return duplicates == 0 && lost == 0 ? 0 : 3;
      } finally {
        if (local != null) {
          local.close();
        }
        stopChildren(children);
        cleanUp(env, runId);
      }
    }
  }

  private boolean noop() {
    return "noop".equals(work);
  }

  /** The backlog's job function, as the jobs store it. */
  private String funcName() {
    return BenchJob.class.getName() + (noop() ? ".noop" : ".run");
  }

  /** Delays one backlog job of the chosen work. */
  private void call(BenchJob proxy, String runId, long no, int batch) {
    if (noop()) {
      proxy.noop(runId, no, batch);
    } else {
      proxy.run(runId, no, batch, jobMs);
    }
  }

  /**
   * The no-op run's done jobs, from the job table: {job_no, batch_no, 0, retry} per done row. A
   * job whose row is not done is lost; one tried more than once counts as a duplicate (a done
   * job's retry column holds its tries: 1 for a job that ran once), as would two done rows of one
   * job number.
   */
  private List<long[]> doneNoops(Environment env, String runId) {
    List<long[]> out = new ArrayList<>();
    for (RunJobs.Done d : backlog(env, runId).done()) {
      // args is ["runId",no,batch]: the run id has no comma
      String[] parts = d.args().split(",");
      out.add(new long[] {Long.parseLong(parts[1].trim()), Long.parseLong(parts[2].replace("]", "").trim()), 0, d.tries()});
    }
    return out;
  }

  /** The backlog's jobs of run {@code runId}: its job function, arguments starting with the run's id. */
  private RunJobs backlog(Environment env, String runId) {
    return RunJobs.of(env.tx()).functions(funcName()).argsStartingWith("[\"" + runId + "\",");
  }

  /** Thrown to roll back the warm-up's transactions. */
  private static final class WarmUpDone extends RuntimeException {
    WarmUpDone() {
      super("warm-up rolled back", null, false, false);
    }
  }

  /** Run {@code runId}'s exec warm-up jobs: their arguments start with {@code ["<runId>x",}. */
  private static String execWarmupRun(String runId) {
    return runId + "x";
  }

  /**
   * The runners' warm-up ({@code --exec-warmup}): jobs of the same work, stored before the
   * backlog at priority {@value #EXEC_WARMUP_PRIORITY} (the backlog has the default, 10), so
   * that the runners claim them first; the exec window and the counts only look at the backlog.
   */
  private void enqueueExecWarmup(Queue queue, String runId) {
    BenchJob first = queue.delay(BenchJob.class, JobOptions.defaults().channel(jobChannel).priority(EXEC_WARMUP_PRIORITY));
    for (int from = 0; from < execWarmup; from += enqueueBatch) {
      int to = Math.min(execWarmup, from + enqueueBatch);
      int start = from;
      queue.batch(() -> {
        for (int i = start; i < to; i++) {
          call(first, execWarmupRun(runId), i, -2);
        }
      });
    }
  }

  private static final int EXEC_WARMUP_PRIORITY = 5;

  /**
   * Runs the enqueue path {@code --warmup} times, in batches like the measured ones and on as many
   * threads (each on its own connection), each batch in a transaction rolled back at its end:
   * nothing stays in the queue, and the measured enqueue runs compiled code on connections that
   * have served it before, as in an application that has been up for a while.
   */
  private void warmUp(Environment env, Queue queue, BenchJob proxy, String runId) throws InterruptedException {
    int batches = (warmup + enqueueBatch - 1) / enqueueBatch;
    BatchThreads.run("bench-warmup-", batches, enqueueThreads, b -> {
      int first = b * enqueueBatch;
      int to = Math.min(warmup, first + enqueueBatch);
      try {
        env.tx().run(c -> {
          queue.batch(() -> {
            for (int i = first; i < to; i++) {
              call(proxy, runId + "w", i, -1);
            }
          });
          throw new WarmUpDone();
        });
      } catch (WarmUpDone expected) {
        // rolled back, as intended
      }
    });
  }

  /**
   * Enqueues the backlog: batch b (jobs b*B .. b*B+B-1, one transaction) on thread b mod T. A
   * failed batch fails the bench (its message is printed); the others stop.
   */
  private void enqueue(Queue queue, BenchJob proxy, String runId) throws InterruptedException {
    int batches = (jobs + enqueueBatch - 1) / enqueueBatch;
    BatchThreads.run("bench-enqueue-", batches, enqueueThreads, batch -> {
      int from = batch * enqueueBatch;
      int to = Math.min(jobs, from + enqueueBatch);
      queue.batch(() -> {
        for (int i = from; i < to; i++) {
          call(proxy, runId, i, batch);
        }
      });
      enqueued.addAndGet(to - from);
    });
  }

  /**
   * Single jobs, each enqueued once the previous one started: the latency of an idle runner
   * ({@link IdleProbes}). The first {@code --idle-warmup} are returned apart (cold), the others
   * measure (both sorted).
   */
  private IdleProbes.Result probeIdle(Environment env, BenchJob proxy, String runId) throws InterruptedException {
    String probeRun = runId + "i";
    return IdleProbes.run(idleWarmup, idleProbes, Duration.ofSeconds(10), new IdleProbes.Target() {
      @Override
      public long enqueue(int no) {
        long[] commit = new long[1];
        env.tx().run(c -> {
          env.tx().afterCommit(() -> commit[0] = BenchTime.micros(Instant.now()));
          proxy.run(probeRun, no, 0, 0);
        });
        return commit[0];
      }

      @Override
      public Long started(int no) {
        return startedMicros(env, probeRun, no);
      }
    });
  }

  private static Long startedMicros(Environment env, String runId, long no) {
    return env.tx().inNewTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT started_us FROM bench_run WHERE run_id = ? AND job_no = ?")) {
        ps.setString(1, runId);
        ps.setLong(2, no);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getLong(1) : null;
        }
      }
    });
  }

  private void awaitAll(Environment env, String runId) throws InterruptedException {
    RunJobs backlog = RunJobs.of(env.tx()).functions(funcName())
        .argsStartingWith("[\"" + runId + "\",", "[\"" + execWarmupRun(runId) + "\","); // and the warm-up
    long last = -1;
    long lastChange = System.nanoTime();
    // a look at the run's unfinished jobs, one index probe per state, 4 times a second: the exec
    // window comes from the jobs' own timestamps, so how often this looks does not change it, but
    // what it costs is taken from the runners (counting the done jobs 5 times a second cost
    // PostgreSQL more than the runner's own statements in a 100,000-job no-op run). The stall
    // check reads the progress thread's count, taken every 5 s, instead of counting again.
    while (backlog.anyUnfinished()) {
      long done = ran.get();
      if (done != last) {
        last = done;
        lastChange = System.nanoTime();
      } else if (System.nanoTime() - lastChange > TimeUnit.SECONDS.toNanos(60)) {
        System.err.printf("bench: no progress for 60 s with %d of %d jobs run; stopping%n", done, jobs);
        return;
      }
      Thread.sleep(250);
    }
  }

  private Thread progress(Environment env, String runId) {
    Thread t = new Thread(() -> {
      long start = System.nanoTime();
      try {
        for (long second = 1; !Thread.currentThread().isInterrupted(); second++) {
          Thread.sleep(1000);
          double s = (System.nanoTime() - start) / 1e9;
          if (enqueued.get() < jobs) {
            System.err.printf(Locale.ROOT, "bench: %.0f s: enqueued %d/%d%n", s, enqueued.get(), jobs);
          } else if (second % 5 == 0) { // a count reads every row counted: seldom (awaitAll's stall check reads it)
            try {
              long done = doneCount(env, runId);
              ran.set(done);
              System.err.printf(Locale.ROOT, "bench: %.0f s: enqueued %d/%d, ran %d (%.0f/s)%n", s, enqueued.get(), jobs,
                  done, done / s);
            } catch (RuntimeException e) {
              System.err.printf(Locale.ROOT, "bench: %.0f s: counting the jobs run failed (%s); trying again in 5 s%n", s, e);
            }
          }
        }
      } catch (InterruptedException e) {
        // done
      }
    }, "bench-progress");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Jobs of the run that ran: rows in bench_run (insert), done jobs (noop). */
  private long doneCount(Environment env, String runId) {
    if (!noop()) {
      return count(env, "SELECT COUNT(*) FROM bench_run WHERE run_id = ?", runId);
    }
    return backlog(env, runId).count(JobState.DONE);
  }

  private static long count(Environment env, String sql, String runId) {
    return env.tx().inNewTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, runId);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    });
  }

  private static List<long[]> runs(Environment env, String runId) {
    return env.tx().inNewTransaction(c -> {
      List<long[]> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT job_no, batch_no, started_us FROM bench_run WHERE run_id = ?")) {
        ps.setString(1, runId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)});
          }
        }
      }
      return out;
    });
  }

  /** From the first claim (date_enqueued) to the last done, over the backlog's jobs. */
  private long[] execWindowMicros(Environment env, String runId) {
    RunJobs.Window w = backlog(env, runId).doneWindow();
    long now = BenchTime.micros(Instant.now());
    return new long[] {w.firstEnqueued() == null ? now : BenchTime.micros(w.firstEnqueued()),
        w.lastDone() == null ? now : BenchTime.micros(w.lastDone())};
  }

  /**
   * The longest batch of the backlog's jobs, as {milliseconds, jobs}: from the first job's start
   * to the last job's end among the jobs one worker unit ran from one claim (same worker_id and
   * date_enqueued), read from the jobs' own timestamps.
   */
  private double[] longestBatch(Environment env, String runId) {
    double[] out = {0, 0};
    for (RunJobs.Claim claim : backlog(env, runId).doneByClaim()) {
      if (claim.firstStarted() == null || claim.lastDone() == null) {
        continue;
      }
      double ms = (BenchTime.micros(claim.lastDone()) - BenchTime.micros(claim.firstStarted())) / 1000.0;
      if (ms > out[0]) {
        out[0] = ms;
        out[1] = claim.jobs();
      }
    }
    return out;
  }

  private static void createTables(Environment env) {
    env.tx().run(c -> {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS bench_run (run_id VARCHAR(40) NOT NULL, job_no BIGINT NOT NULL,"
            + " batch_no INTEGER NOT NULL, started_us BIGINT NOT NULL, pid BIGINT NOT NULL)");
        s.execute("CREATE INDEX IF NOT EXISTS bench_run_idx ON bench_run (run_id, job_no)");
      }
    });
  }

  private void cleanUp(Environment env, String runId) {
    try {
      env.tx().run(c -> {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM bench_run WHERE run_id IN (?, ?, ?)")) {
          ps.setString(1, runId);
          ps.setString(2, runId + "i");
          ps.setString(3, execWarmupRun(runId));
          ps.executeUpdate();
        }
      });
      RunJobs.of(env.tx()).functions(BenchJob.class.getName() + ".run", BenchJob.class.getName() + ".noop")
          .argsStartingWith("[\"" + runId + "\",", "[\"" + runId + "i\",", "[\"" + execWarmupRun(runId) + "\",")
          .deleteDone();
    } catch (RuntimeException e) {
      System.err.println("bench: could not remove this run's rows: " + e.getMessage());
    }
  }

  private List<Process> startChildren(DatabaseConfig db, ChannelConfig channels, int workers, String runId)
      throws IOException {
    Path logs = Path.of("var");
    Files.createDirectories(logs);
    String java = ProcessHandle.current().info().command().orElse("java");
    List<Process> out = new ArrayList<>();
    for (int k = 0; k < processes; k++) {
      File log = logs.resolve("bench-" + runId + "-" + k + ".log").toFile();
      ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          Main.class.getName(), "run", "--workers", String.valueOf(workers), "--channels", channels.toString(),
          "--max-batch", String.valueOf(settings.maxBatch()), "--batch-budget-ms", String.valueOf(settings.batchBudgetMs()), "--grace", "10",
          "--no-http");
      pb.environment().put("CONNECTOR_DB_URL", db.url());
      pb.environment().put("CONNECTOR_DB_USER", db.user());
      pb.environment().put("CONNECTOR_DB_PASSWORD", db.password());
      pb.environment().put("CONNECTOR_DB_POOL_SIZE", String.valueOf(workers + 4));
      pb.redirectErrorStream(true).redirectOutput(log);
      out.add(pb.start());
      System.err.println("bench: runner process " + k + " logs to " + log);
    }
    return out;
  }

  private void awaitRunners(Environment env, List<Process> children, Instant since) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      long live = new QueueStats(env.tx()).runnersStartedSince(since.minusSeconds(1));
      if (live >= processes) {
        return;
      }
      for (Process p : children) {
        if (!p.isAlive()) {
          throw new IllegalStateException("A runner process exited with code " + p.exitValue() + " before starting;"
              + " see its log under ./var/");
        }
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("The runner processes did not register within 60 s; see their logs under ./var/");
  }

  private static void stopChildren(List<Process> children) {
    children.forEach(Process::destroy); // SIGTERM: graceful stop
    for (Process p : children) {
      try {
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
