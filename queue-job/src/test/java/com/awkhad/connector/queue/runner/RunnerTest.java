package com.awkhad.connector.queue.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.awkhad.connector.queue.channel.ChannelConfig;
import com.awkhad.connector.queue.exec.JobExecutor;
import com.awkhad.connector.queue.job.JobFunction;
import com.awkhad.connector.queue.job.JobOptions;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RunnerTest {

  static RunnerFixture fixture(TestDb db) {
    return new RunnerFixture(db.url(), db.user(), db.password());
  }

  static void enqueue(RunnerFixture f, String channel, int n, int sleepMs) {
    f.env.tx().run(c -> {
      for (int i = 0; i < n; i++) {
        f.queue.delay(RunnerFixture.Work.class, JobOptions.defaults().channel(channel)).run(channel + "-" + i, sleepMs);
      }
    });
  }

  @DbTest
  void runsEveryJobExactlyOnceAndRecordsDone(TestDb db) {
    try (RunnerFixture f = fixture(db);
        Runner runner = Runner.start(f.env, RunnerOptions.of(ChannelConfig.parse("root:4")).withMaxBatch(8))) {
      enqueue(f, "root", 300, 0);
      await().atMost(Duration.ofSeconds(60)).until(() -> f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'done'") == 300);
      assertThat(f.count("SELECT COUNT(*) FROM runner_run")).isEqualTo(300);
      assertThat(f.count("SELECT COUNT(DISTINCT job_key) FROM runner_run")).isEqualTo(300);
      assertThat(f.count("SELECT COUNT(*) FROM queue_job WHERE worker_id LIKE '" + runner.workerId() + "/%'")).isEqualTo(300);
      assertThat(runner.stats().done()).isEqualTo(300);
    }
  }

  @DbTest
  void aFailingJobInABatchUndoesOnlyItsOwnWork(TestDb db) {
    try (RunnerFixture f = fixture(db)) {
      f.env.tx().run(c -> {
        for (int i = 0; i < 100; i++) {
          f.queue.delay(RunnerFixture.Flaky.class).run("k" + i, i % 7 == 3);
        }
      });
      try (Runner runner = Runner.start(f.env, RunnerOptions.of(ChannelConfig.parse("root:2")).withMaxBatch(32))) {
        await().atMost(Duration.ofSeconds(60)).until(() -> f.count("SELECT COUNT(*) FROM queue_job WHERE state IN"
            + " ('done', 'failed')") == 100);
        assertThat(f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'failed'")).isEqualTo(14);
        assertThat(f.count("SELECT COUNT(*) FROM runner_run")).isEqualTo(86);
        assertThat(f.count("SELECT COUNT(DISTINCT job_key) FROM runner_run")).isEqualTo(86);
        assertThat(runner.stats().done()).isEqualTo(86);
      }
    }
  }

  @DbTest
  void jobsThatNeverTouchTheDatabaseShareBatchesWithWritersAndEachFailureUndoesOnlyItsOwnWork(TestDb db) {
    // a job's savepoint is set at its first use of the database: the kinds that use none set none,
    // and those that write (a row, a job) and fail still lose their writes alone
    try (RunnerFixture f = fixture(db)) {
      f.env.tx().run(c -> {
        for (int i = 0; i < 150; i++) {
          f.queue.delay(RunnerFixture.Mixed.class).run("m" + i, i % 5);
        }
      });
      try (Runner runner = Runner.start(f.env, RunnerOptions.of(ChannelConfig.parse("root:2")).withMaxBatch(32))) {
        await().atMost(Duration.ofSeconds(60)).until(() -> f.count("SELECT COUNT(*) FROM queue_job WHERE state IN"
            + " ('done', 'failed') AND target_class LIKE '%Mixed'") == 150);
        assertThat(f.count("SELECT COUNT(*) FROM queue_job WHERE args LIKE '%-child%'")).as("jobs enqueued by failed jobs")
            .isZero();
        assertThat(f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'failed' AND exc_message LIKE '%fails'"))
            .isEqualTo(90);
        assertThat(f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'done'")).isEqualTo(60);
        // kind 2 only: kind 3's rows and kind 4's child jobs went with their failures
        assertThat(f.count("SELECT COUNT(*) FROM runner_run")).isEqualTo(30);
        assertThat(f.count("SELECT COUNT(*) FROM runner_run WHERE MOD(CAST(SUBSTRING(job_key, 2) AS INT), 5) <> 2")).isZero();
        assertThat(runner.stats().done()).isEqualTo(60);
      }
    }
  }

  @DbTest
  void aFailingJobAloneInItsTransactionUndoesItsWorkAndIsRecordedFailed(TestDb db) {
    // batches of one job: each body runs without a savepoint, its transaction rolled back on failure
    try (RunnerFixture f = fixture(db)) {
      f.env.tx().run(c -> {
        for (int i = 0; i < 30; i++) {
          f.queue.delay(RunnerFixture.Flaky.class).run("k" + i, i % 5 == 1);
        }
      });
      try (Runner runner = Runner.start(f.env, RunnerOptions.of(ChannelConfig.parse("root:2")).withMaxBatch(1))) {
        await().atMost(Duration.ofSeconds(60)).until(() -> f.count("SELECT COUNT(*) FROM queue_job WHERE state IN"
            + " ('done', 'failed')") == 30);
        assertThat(f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'failed' AND exc_message LIKE '%fails'"))
            .isEqualTo(6);
        // a failed job keeps the runner unit that ran its last try
        assertThat(f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'failed' AND worker_id LIKE '"
            + runner.workerId() + "/%'")).isEqualTo(6);
        assertThat(f.count("SELECT COUNT(*) FROM runner_run")).isEqualTo(24);
        assertThat(f.count("SELECT COUNT(DISTINCT job_key) FROM runner_run")).isEqualTo(24);
        assertThat(runner.stats().done()).isEqualTo(24);
        assertThat(runner.stats().failed()).isEqualTo(6);
      }
    }
  }

  @DbTest
  void aChannelNeverRunsMoreJobsThanItsCapacity(TestDb db) {
    RunnerFixture.Work.maxRunning.set(0);
    try (RunnerFixture f = fixture(db);
        Runner runner = Runner.start(f.env, RunnerOptions.of(ChannelConfig.parse("root:4,coffee:1")))) {
      enqueue(f, "root.coffee", 6, 30);
      await().atMost(Duration.ofSeconds(30)).until(() -> f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'done'") == 6);
      assertThat(RunnerFixture.Work.maxRunning.get()).isEqualTo(1);
      // a worker counts its jobs once its commit returned, a moment after others can see them
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(runner.stats().done()).isEqualTo(6));
    }
  }

  @DbTest
  void aJobPastItsTimeoutIsInterruptedAndRetried(TestDb db) {
    try (RunnerFixture f = fixture(db);
        Runner runner = Runner.start(f.env, RunnerOptions.of(ChannelConfig.parse("root:2")))) {
      f.queue.define(JobFunction.of(RunnerFixture.Work.class, "run").withTimeoutSeconds(1));
      f.queue.delay(RunnerFixture.Work.class).run("slow", 60_000);
      await().atMost(Duration.ofSeconds(20)).until(() -> runner.stats().timedOut() == 1);
      await().atMost(Duration.ofSeconds(5)).until(() -> "pending".equals(f.string("SELECT state FROM queue_job")));
      assertThat(f.string("SELECT exc_name FROM queue_job")).isEqualTo(JobExecutor.JOB_TIMEOUT);
      assertThat(f.count("SELECT retry FROM queue_job")).isEqualTo(1);
      assertThat(f.count("SELECT COUNT(*) FROM runner_run")).as("the try's writes are rolled back").isZero();
    }
  }

  @DbTest
  void gracefulShutdownFinishesRunningJobsAndReleasesTheRest(TestDb db) {
    try (RunnerFixture f = fixture(db)) {
      Runner runner = Runner.start(f.env, RunnerOptions.of(ChannelConfig.parse("root:2")).withMaxBatch(10)
          .withShutdownGrace(Duration.ofSeconds(20)));
      enqueue(f, "root", 20, 300);
      await().atMost(Duration.ofSeconds(20)).until(() -> f.count("SELECT COUNT(*) FROM runner_run") >= 1);
      runner.close();
      long done = f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'done'");
      assertThat(done).isGreaterThanOrEqualTo(1);
      assertThat(f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'pending' AND worker_id IS NULL AND retry = 0"))
          .isEqualTo(20 - done);
      assertThat(f.count("SELECT COUNT(*) FROM runner_run")).isEqualTo(done);
      assertThat(f.count("SELECT COUNT(*) FROM queue_worker")).isZero();
    }
  }

  @DbTest
  void aJobStillRunningAfterTheGracePeriodIsInterruptedAndPutBack(TestDb db) {
    try (RunnerFixture f = fixture(db)) {
      Runner runner = Runner.start(f.env, RunnerOptions.of(ChannelConfig.parse("root:1"))
          .withShutdownGrace(Duration.ofMillis(300)));
      f.queue.delay(RunnerFixture.Work.class).run("stuck", 60_000);
      await().atMost(Duration.ofSeconds(20)).until(() -> RunnerFixture.Work.running.get() == 1);
      runner.close();
      assertThat(f.string("SELECT state FROM queue_job")).isEqualTo("pending");
      assertThat(f.string("SELECT exc_name FROM queue_job")).isEqualTo(JobExecutor.JOB_INTERRUPTED);
      assertThat(f.count("SELECT COUNT(*) FROM runner_run")).isZero();
    }
  }

  @DbTest
  void aDeadRunnersJobsResumeOnALiveRunnerWithinSeconds(TestDb db) {
    try (RunnerFixture f = fixture(db)) {
      enqueue(f, "root", 5, 0);
      // a runner that claimed every job, then died: its lease is already over
      f.env.tx().run(c -> {
        c.createStatement().executeUpdate("INSERT INTO queue_worker (worker_id, host, pid, channels, workers, started_at,"
            + " heartbeat_at, lease_until) VALUES ('ghost', 'elsewhere', 42, 'root:4', 4, CURRENT_TIMESTAMP,"
            + " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
        c.createStatement().executeUpdate("UPDATE queue_job SET state = 'enqueued', worker_id = 'ghost/0'");
      });
      try (Runner runner = Runner.start(f.env, RunnerOptions.of(ChannelConfig.parse("root:4"))
          .withLease(Duration.ofMillis(200), Duration.ofSeconds(2)))) {
        await().atMost(Duration.ofSeconds(20)).until(() -> f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'done'") == 5);
        assertThat(f.count("SELECT MIN(retry) FROM queue_job")).isEqualTo(2); // 1 for found dead + 1 for the run
        assertThat(runner.stats().requeued()).isEqualTo(5);
        assertThat(f.count("SELECT COUNT(*) FROM queue_worker WHERE worker_id = 'ghost'")).isZero();
      }
    }
  }

  @DbTest
  void aJobWithAnEtaStartsWhenDueOnTheRunnersTimer(TestDb db) {
    try (RunnerFixture f = fixture(db);
        Runner runner = Runner.start(f.env, RunnerOptions.of(ChannelConfig.parse("root:2"))
            .withPollInterval(Duration.ofMinutes(10)))) {
      java.time.Instant eta = java.time.Instant.now().plusMillis(1500);
      f.queue.delay(RunnerFixture.Work.class, JobOptions.defaults().eta(eta)).run("later", 0);
      await().atMost(Duration.ofSeconds(15)).until(() -> f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'done'") == 1);
      java.time.Instant started = f.env.tx().inNewTransaction(c -> {
        try (java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT date_started FROM queue_job")) {
          rs.next();
          return rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
        }
      });
      assertThat(started).isAfterOrEqualTo(eta.minusMillis(5));
      assertThat(runner.stats().done()).isEqualTo(1);
    }
  }

  @DbTest
  void aLongJobShowsStartedWhileItRuns(TestDb db) {
    try (RunnerFixture f = fixture(db);
        Runner runner = Runner.start(f.env, RunnerOptions.of(ChannelConfig.parse("root:1")))) {
      f.queue.delay(RunnerFixture.Work.class).run("long", 1500);
      await().atMost(Duration.ofSeconds(10)).until(() -> "started".equals(f.string("SELECT state FROM queue_job")));
      assertThat(f.string("SELECT worker_id FROM queue_job")).startsWith(runner.workerId() + "/");
      await().atMost(Duration.ofSeconds(10)).until(() -> "done".equals(f.string("SELECT state FROM queue_job")));
    }
  }

  @DbTest("h2")
  void h2RefusesASecondRunner(TestDb db) {
    try (RunnerFixture f = fixture(db);
        Runner first = Runner.start(f.env, RunnerOptions.of(ChannelConfig.parse("root:1")))) {
      assertThatThrownBy(() -> Runner.start(f.env, RunnerOptions.of(ChannelConfig.parse("root:1"))))
          .isInstanceOf(RunnerException.class).hasMessageContaining("use PostgreSQL");
      assertThat(first.workerId()).isNotBlank();
    }
  }

  @DbTest("postgresql")
  void aDroppedListenConnectionIsReestablishedAndWakesTheRunner(TestDb db) throws Exception {
    try (RunnerFixture f = fixture(db);
        RunnerFixture other = fixture(db); // another process's environment: no in-process signal reaches the runner
        // no wake hints: only the LISTEN connection can wake this runner
        Runner runner = Runner.start(f.env, RunnerOptions.of(ChannelConfig.parse("root:2")).withPollInterval(Duration.ofMinutes(10))
            .withWakeAddress("off"))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> runner.listenConnections() == 1);
      other.queue.delay(RunnerFixture.Work.class).run("first", 0);
      await().atMost(Duration.ofSeconds(10)).until(() -> f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'done'") == 1);
      int pid = runner.listenBackendPid();
      other.env.tx().run(c -> c.createStatement().execute("SELECT pg_terminate_backend(" + pid + ")"));
      await().atMost(Duration.ofSeconds(20)).until(() -> runner.listenConnections() == 2);
      other.queue.delay(RunnerFixture.Work.class).run("second", 0);
      await().atMost(Duration.ofSeconds(10)).until(() -> f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'done'") == 2);
    }
  }

  @DbTest("postgresql")
  void aRunnerIsWokenByTheHintOfAnotherProcessAndPublishesWhereToSendIt(TestDb db) {
    try (RunnerFixture f = fixture(db);
        RunnerFixture other = fixture(db); // another process's environment: no in-process signal reaches the runner
        Runner runner = Runner.start(f.env, RunnerOptions.of(ChannelConfig.parse("root:2")).withPollInterval(Duration.ofMinutes(10)))) {
      String address = runner.wakeAddress().orElseThrow();
      assertThat(address).startsWith("127.0.0.1:");
      assertThat(f.count("SELECT COUNT(*) FROM queue_worker WHERE wake_address = '" + address + "'"
          + " AND LENGTH(wake_token) = 32")).isEqualTo(1);
      other.queue.wakeHints().orElseThrow().refresh();
      other.queue.delay(RunnerFixture.Work.class).run("hinted", 0);
      await().atMost(Duration.ofSeconds(10)).until(() -> f.count("SELECT COUNT(*) FROM runner_run WHERE job_key = 'hinted'") == 1);
      await().atMost(Duration.ofSeconds(5)).until(() -> runner.stats().wakeHints() >= 1);
      // the runner's own process sends it none: its in-process signal is enough
      long before = runner.stats().wakeHints();
      f.queue.wakeHints().orElseThrow().refresh();
      f.queue.delay(RunnerFixture.Work.class).run("local", 0);
      await().atMost(Duration.ofSeconds(10)).until(() -> f.count("SELECT COUNT(*) FROM runner_run WHERE job_key = 'local'") == 1);
      assertThat(runner.stats().wakeHints()).isEqualTo(before);
    }
  }

  @DbTest("postgresql")
  void anotherProcessHintsTheRunnerJustBeforeItsCommitAndAgainAfterIt(TestDb db) {
    try (RunnerFixture f = fixture(db);
        RunnerFixture other = fixture(db); // another process's environment: no in-process signal reaches the runner
        Runner runner = Runner.start(f.env, RunnerOptions.of(ChannelConfig.parse("root:2")).withPollInterval(Duration.ofMinutes(10)))) {
      other.queue.wakeHints().orElseThrow().refresh();
      long before = runner.stats().wakeHints();
      boolean[] hintedBeforeTheCommit = new boolean[1];
      long[] jobsVisibleThen = {-1};
      other.env.tx().run(c -> {
        other.queue.delay(RunnerFixture.Work.class).run("early", 0);
        // registered after the enqueue's own: runs once the early hint went out, before the commit
        other.env.tx().beforeCommit(() -> {
          await().atMost(Duration.ofSeconds(10)).until(() -> runner.stats().wakeHints() > before);
          hintedBeforeTheCommit[0] = true;
          jobsVisibleThen[0] = f.count("SELECT COUNT(*) FROM queue_job");
        });
      });
      assertThat(hintedBeforeTheCommit[0]).as("the runner got a hint before the enqueue committed").isTrue();
      assertThat(jobsVisibleThen[0]).as("jobs the runner could see then").isZero();
      await().atMost(Duration.ofSeconds(10)).until(() -> f.count("SELECT COUNT(*) FROM runner_run WHERE job_key = 'early'") == 1);
      await().atMost(Duration.ofSeconds(5)).until(() -> runner.stats().wakeHints() >= before + 2); // and the one after
    }
  }

  @DbTest("postgresql")
  void anEnqueueInTheRunnersOwnProcessThatTheHandOffCannotClaimGetsItsDispatcherClaimingBeforeTheCommit(TestDb db) {
    try (RunnerFixture f = fixture(db);
        Runner runner = Runner.start(f.env, RunnerOptions.of(ChannelConfig.parse("root:1")).withPollInterval(Duration.ofMinutes(10))
            .withWakeAddress("off"))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> runner.stats().claims() >= 1); // its first claim, at start
      long before = runner.stats().claims();
      long[] claimsBeforeTheCommit = {-1};
      f.env.tx().run(c -> {
        try (java.sql.Statement s = c.createStatement()) {
          s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"); // no hand-off at commit (HandOffAtCommitTest)
        }
        f.queue.delay(RunnerFixture.Work.class).run("signalled early", 0);
        // registered once the hand-off's attempt is: runs after it
        f.env.tx().beforeCommit(() -> f.env.tx().beforeCommit(() -> {
          await().atMost(Duration.ofSeconds(10)).until(() -> runner.stats().claims() > before);
          claimsBeforeTheCommit[0] = runner.stats().claims() - before;
        }));
      });
      assertThat(claimsBeforeTheCommit[0]).as("claims begun before the enqueue committed").isPositive();
      await().atMost(Duration.ofSeconds(10)).until(() -> f.count("SELECT COUNT(*) FROM runner_run WHERE job_key = 'signalled early'") == 1);
      assertThat(runner.stats().atCommitClaims()).isZero();
    }
  }

  @DbTest
  void withoutWakeHintsNoAddressIsPublished(TestDb db) {
    try (RunnerFixture f = fixture(db);
        Runner runner = Runner.start(f.env, RunnerOptions.of(ChannelConfig.parse("root:1")).withWakeAddress("off"))) {
      assertThat(runner.wakeAddress()).isEmpty();
      assertThat(f.count("SELECT COUNT(*) FROM queue_worker WHERE wake_address IS NULL AND wake_token IS NULL")).isEqualTo(1);
    }
    try (RunnerFixture f = fixture(db);
        Runner runner = Runner.start(f.env, RunnerOptions.of(ChannelConfig.parse("root:1")))) {
      // H2 has one runner process, woken in-process: it takes no hints
      assertThat(runner.wakeAddress().isPresent()).isEqualTo(db.isPostgres());
    }
  }

  @Test
  void aWakeAddressThatIsNotThisMachinesIsRefusedWithTheWayOut() {
    TestDb db = com.awkhad.connector.testkit.TestDatabases.freshPostgres("wake_refused_" + ProcessHandle.current().pid());
    try (RunnerFixture f = fixture(db)) {
      assertThatThrownBy(() -> Runner.start(f.env, RunnerOptions.of(ChannelConfig.parse("root:1")).withWakeAddress("203.0.113.1")))
          .isInstanceOf(RunnerException.class).hasMessageContaining("203.0.113.1").hasMessageContaining("--wake-address off");
      assertThat(f.count("SELECT COUNT(*) FROM queue_worker")).isZero(); // no lease left behind
    }
  }

  @DbTest
  void loneShortJobsRunInTheTransactionBegunWithTheClaimsCommitAndAFailureThereIsUndone(TestDb db) {
    try (RunnerFixture f = fixture(db);
        // PostgreSQL: enqueued by another process's environment, whose jobs the runner claims
        // itself (in its own, the hand-off at commit claims them: HandOffAtCommitTest)
        RunnerFixture enqueuer = db.isPostgres() ? fixture(db) : null;
        Runner runner = Runner.start(f.env, RunnerOptions.of(ChannelConfig.parse("root:2")).withMaxBatch(1))) {
      RunnerFixture from = enqueuer != null ? enqueuer : f;
      if (enqueuer != null) {
        enqueuer.queue.wakeHints().orElseThrow().refresh();
      }
      // one at a time, once the runner knows its jobs are short: each is a lone job on an idle worker
      for (int i = 0; i < 12; i++) {
        int no = i;
        from.queue.delay(RunnerFixture.Flaky.class).run("one-" + no, no == 9);
        await().atMost(Duration.ofSeconds(10)).until(() -> f.count("SELECT COUNT(*) FROM queue_job WHERE state IN"
            + " ('done', 'failed')") == no + 1);
      }
      assertThat(f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'failed' AND exc_message LIKE '%fails'")).isEqualTo(1);
      assertThat(f.count("SELECT COUNT(*) FROM runner_run")).isEqualTo(11);
      assertThat(f.count("SELECT COUNT(DISTINCT job_key) FROM runner_run")).isEqualTo(11);
      assertThat(f.count("SELECT COUNT(*) FROM runner_run WHERE job_key = 'one-9'")).isZero();
      assertThat(f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'done' AND worker_id LIKE '" + runner.workerId()
          + "/%'")).isEqualTo(11);
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(runner.stats().done()).isEqualTo(11));
      if (db.isPostgres()) {
        assertThat(runner.stats().oneTripStarts()).isPositive();
      } else {
        assertThat(runner.stats().oneTripStarts()).isZero();
      }
    }
  }

  @DbTest("postgresql")
  void theThreadThatReceivesAHintClaimsButJobsRunOnWorkerThreadsOnly(TestDb db) throws Exception {
    try (RunnerFixture f = fixture(db);
        RunnerFixture other = fixture(db)) {
      Runner runner = Runner.start(f.env, RunnerOptions.of(ChannelConfig.parse("root:2")).withPollInterval(Duration.ofMinutes(10)));
      try {
        enqueue(f, "root", 3, 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'done'") == 3);
        other.queue.wakeHints().orElseThrow().refresh();
        for (int i = 0; i < 5; i++) {
          other.queue.delay(RunnerFixture.Work.class).run("hinted-" + i, 0);
          int done = 4 + i;
          await().atMost(Duration.ofSeconds(10)).until(() -> f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'done'") == done);
        }
        assertThat(runner.stats().hintClaims()).as("claims made on the hint's thread").isPositive();
        assertThat(f.count("SELECT COUNT(*) FROM runner_run WHERE unit NOT LIKE 'queue-job-worker-%'"))
            .as("jobs run on worker threads only").isZero();
        // a longer job: close() lets it finish within the grace period
        other.queue.delay(RunnerFixture.Work.class).run("long", 1_500);
        await().atMost(Duration.ofSeconds(10)).until(() -> f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'enqueued'") == 1);
      } finally {
        runner.close();
      }
      assertThat(f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'done'")).isEqualTo(9);
      assertThat(f.count("SELECT COUNT(*) FROM runner_run")).isEqualTo(9);
      assertThat(f.count("SELECT COUNT(*) FROM queue_worker")).isZero(); // released: nothing left held
    }
  }

  /** Terminates its own database session on its first try, after writing its row. */
  public static class KillsItsSession {
    static final java.util.concurrent.atomic.AtomicInteger tries = new java.util.concurrent.atomic.AtomicInteger();
    private final com.awkhad.connector.base.env.Environment env;

    public KillsItsSession(com.awkhad.connector.base.env.Environment env) {
      this.env = env;
    }

    public void run(String key) {
      new RunnerFixture.Work(env).run(key, 0);
      if (tries.incrementAndGet() == 1) {
        env.tx().run(c -> c.createStatement().execute("SELECT pg_terminate_backend(pg_backend_pid())"));
      }
    }
  }

  @DbTest("postgresql")
  void aLoneJobWhoseTransactionLosesItsConnectionIsRetriedNotFailed(TestDb db) {
    KillsItsSession.tries.set(0);
    try (RunnerFixture f = fixture(db);
        Runner runner = Runner.start(f.env, RunnerOptions.of(ChannelConfig.parse("root:1")))) {
      f.queue.delay(KillsItsSession.class).run("killed");
      await().atMost(Duration.ofSeconds(30)).until(() -> f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'done'") == 1);
      assertThat(KillsItsSession.tries.get()).isEqualTo(2);
      assertThat(f.count("SELECT MAX(retry) FROM queue_job WHERE state = 'done'")).isEqualTo(2); // the second try, after the requeue
      assertThat(f.count("SELECT COUNT(*) FROM runner_run WHERE job_key = 'killed'")).isEqualTo(1); // first try undone
      assertThat(runner.stats().failed()).isZero();
    }
  }
}
