package com.awkhad.connector.queue.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.awkhad.connector.queue.job.JobOptions;
import com.awkhad.connector.testkit.TestDatabases;
import com.awkhad.connector.testkit.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Several runner processes (real JVMs) on one PostgreSQL: global capacities, exactly-once
 * execution, and recovery after one of them is killed with SIGKILL. PostgreSQL only: H2 allows one
 * runner process.
 */
class MultiProcessRunnerTest {
  private static final AtomicInteger dbs = new AtomicInteger();
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stopAll() throws InterruptedException {
    for (Process p : processes) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private TestDb freshDb() {
    return TestDatabases.freshPostgres("multi" + dbs.incrementAndGet() + "_" + ProcessHandle.current().pid());
  }

  private Process spawn(TestDb db, String channels, int workers, int maxBatch, long leaseMillis) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Path log = Files.createTempFile("runner-process-", ".log");
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        RunnerProcessMain.class.getName(), db.url(), db.user(), db.password(), channels, String.valueOf(workers),
        String.valueOf(maxBatch), String.valueOf(leaseMillis));
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    Process p = pb.start();
    processes.add(p);
    return p;
  }

  private static void awaitRunners(RunnerFixture f, int n) {
    await().atMost(Duration.ofSeconds(90)).until(() -> f.count("SELECT COUNT(*) FROM queue_worker") >= n);
  }

  @Test
  void aChannelCapacityHoldsAcrossThreeRunnerProcesses() throws Exception {
    TestDb db = freshDb();
    try (RunnerFixture f = new RunnerFixture(db.url(), db.user(), db.password())) {
      // one worker per process: reaching 2 concurrent jobs takes two processes, 3 would break coffee:2
      for (int i = 0; i < 3; i++) {
        spawn(db, "root:6,coffee:2", 1, 1, 5_000);
      }
      awaitRunners(f, 3);
      f.env.tx().run(c -> {
        for (int i = 0; i < 30; i++) {
          f.queue.delay(RunnerFixture.Timed.class, JobOptions.defaults().channel("root.coffee")).run("c" + i, 50);
        }
      });
      await().atMost(Duration.ofSeconds(90)).until(() -> f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'done'") == 30);
      List<long[]> runs = f.env.tx().inNewTransaction(c -> {
        List<long[]> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT start_us, end_us FROM runner_run");
            ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new long[] {rs.getLong(1), 1});
            out.add(new long[] {rs.getLong(2), -1});
          }
        }
        return out;
      });
      assertThat(runs).hasSize(60);
      runs.sort((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1])); // ends before starts
      int running = 0;
      int max = 0;
      for (long[] e : runs) {
        running += (int) e[1];
        max = Math.max(max, running);
      }
      assertThat(max).as("most coffee jobs running at once, over all processes").isEqualTo(2);
    }
  }

  @Test
  void threeProcessesRunTenThousandJobsExactlyOnce() throws Exception {
    // 10,000 in the default suite (about 12 s less than 20,000 on 2 cores); -Drunner.test.jobs=N for more
    int n = Integer.getInteger("runner.test.jobs", 10_000);
    TestDb db = freshDb();
    try (RunnerFixture f = new RunnerFixture(db.url(), db.user(), db.password())) {
      // root's capacity is every process's workers together, as docs/scaling.md advises: each
      // process has room to run jobs (with root:8, the first to claim may keep the 8 slots busy)
      for (int i = 0; i < 3; i++) {
        spawn(db, "root:24", 8, 32, 5_000);
      }
      awaitRunners(f, 3);
      RunnerFixture.Work proxy = f.queue.delay(RunnerFixture.Work.class, JobOptions.defaults().channel("root"));
      for (int b = 0; b < n / 1000; b++) {
        int from = b * 1000;
        f.env.tx().run(c -> {
          for (int i = from; i < from + 1000; i++) {
            proxy.run("j" + i, 0);
          }
        });
      }
      await().atMost(Duration.ofMinutes(5)).until(() -> f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'done'") == n);
      assertThat(f.count("SELECT COUNT(*) FROM runner_run")).isEqualTo(n);
      assertThat(f.count("SELECT COUNT(DISTINCT job_key) FROM runner_run")).isEqualTo(n);
      assertThat(f.count("SELECT COUNT(DISTINCT pid) FROM runner_run")).isEqualTo(3);
    }
  }

  @Test
  void killingOneRunnerMidRunLosesNoJobAndRunsNoneTwice() throws Exception {
    int n = 1500;
    TestDb db = freshDb();
    try (RunnerFixture f = new RunnerFixture(db.url(), db.user(), db.password())) {
      Process victim = spawn(db, "root:6", 2, 8, 2_000);
      spawn(db, "root:6", 2, 8, 2_000);
      spawn(db, "root:6", 2, 8, 2_000);
      awaitRunners(f, 3);
      RunnerFixture.Work proxy = f.queue.delay(RunnerFixture.Work.class, JobOptions.defaults().channel("root"));
      RunnerFixture.Flaky failing = f.queue.delay(RunnerFixture.Flaky.class, JobOptions.defaults().channel("root"));
      f.env.tx().run(c -> {
        for (int i = 0; i < n; i++) {
          if (i % 10 == 3) {
            // one job in ten writes its row then fails: its batch's first run, without savepoints,
            // rolls back, and the batch runs again with a savepoint per job (OptimisticBatches)
            failing.run("k" + i, true);
          } else {
            proxy.run("k" + i, 20); // jobs long enough that a runner holds some at almost any instant, even on a loaded machine
          }
        }
      });
      long victimPid = victim.pid();
      // SIGKILL mid-run: once the victim has run jobs and holds some right now (claimed, running,
      // or committing); a kill when it holds nothing would test nothing
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(() ->
          f.count("SELECT COUNT(*) FROM runner_run WHERE pid = " + victimPid) >= 50
              && f.count("SELECT COUNT(*) FROM queue_job j JOIN queue_worker w ON j.worker_id LIKE CONCAT(w.worker_id, '/%')"
                  + " WHERE w.pid = " + victimPid + " AND j.state IN ('enqueued', 'started')") > 0);
      String victimId = f.string("SELECT worker_id FROM queue_worker WHERE pid = " + victimPid);
      victim.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      String killedAt = f.string("SELECT CAST(CURRENT_TIMESTAMP AS VARCHAR(64))");
      await().atMost(Duration.ofMinutes(3)).until(() -> f.count("SELECT COUNT(*) FROM queue_job WHERE state IN ('done',"
          + " 'failed')") == n);
      assertThat(f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'failed' AND exc_message LIKE 'job k% fails'"))
          .isEqualTo(n / 10);
      // runner_run holds one row per committed execution (written in the job's transaction); the
      // failing jobs' rows were undone
      assertThat(f.count("SELECT COUNT(*) FROM runner_run")).isEqualTo(n - n / 10);
      assertThat(f.count("SELECT COUNT(DISTINCT job_key) FROM runner_run")).isEqualTo(n - n / 10);
      assertThat(f.count("SELECT COUNT(*) FROM runner_run WHERE MOD(CAST(SUBSTRING(job_key, 2) AS INT), 10) = 3")).isZero();
      // the kill hit jobs in flight: jobs the victim held were found dead after the kill (their
      // try history names the victim's unit) and committed once, by another process. A runner
      // found dead while alive (a lease missed on a loaded machine) is another matter: its jobs
      // were taken back before the kill, and it may run them again itself once it registers anew.
      String foundDeadAfterKill = " FROM queue_job j JOIN queue_job_try t ON t.job_uuid = j.uuid"
          + " WHERE t.outcome = 'found dead' AND t.worker_id LIKE '" + victimId + "/%'"
          + " AND t.ended_at >= CAST('" + killedAt + "' AS TIMESTAMP WITH TIME ZONE)";
      assertThat(f.count("SELECT COUNT(DISTINCT j.id)" + foundDeadAfterKill)).as("jobs the victim held, found dead")
          .isPositive();
      assertThat(f.count("SELECT COUNT(DISTINCT j.id)" + foundDeadAfterKill + " AND EXISTS (SELECT 1 FROM runner_run r"
          + " WHERE j.args LIKE CONCAT('%\"', r.job_key, '\"%') AND r.pid = " + victimPid + ")"))
          .as("found dead after the kill, yet committed by the victim").isZero();
      assertThat(f.count("SELECT COUNT(*) FROM queue_worker")).isEqualTo(2);
    }
  }

}
