package com.awkhad.connector.queue.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.channel.ChannelConfig;
import com.awkhad.connector.queue.exec.JobExecutor;
import com.awkhad.connector.queue.job.JobFunction;
import com.awkhad.connector.queue.job.JobOptions;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A batch never holds slow work: it ends at its time budget and hands its unstarted jobs back; a
 * remote job runs alone; a graceful stop puts its interrupted jobs back at once, try not counted.
 */
class BatchBudgetTest {

  static RunnerFixture fixture(TestDb db) {
    return new RunnerFixture(db.url(), db.user(), db.password());
  }

  /** A job that says it started, then waits for the test's release and runs at least {@code minMs}. */
  public static class Slow {
    static volatile CountDownLatch started;
    static volatile CountDownLatch release;

    public Slow(Environment env) {}

    public void run(String key, int minMs) throws InterruptedException {
      long start = System.nanoTime();
      started.countDown();
      release.await();
      long left = TimeUnit.MILLISECONDS.toNanos(minMs) - (System.nanoTime() - start);
      if (left > 0) {
        new CountDownLatch(1).await(left, TimeUnit.NANOSECONDS); // this job takes longer than the batch budget
      }
    }
  }

  /** A remote job: records how many other jobs are held by a runner while it runs. */
  public static class Remote {
    private final Environment env;

    public Remote(Environment env) {
      this.env = env;
    }

    public void run(String key) {
      long held = env.tx().inNewTransaction(c -> {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM queue_job"
            + " WHERE state IN ('enqueued', 'started') AND func_name NOT LIKE '%Remote.run'");
            ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      });
      new RunnerFixture.Work(env).run(key + " held=" + held, 0);
    }
  }

  /**
   * A remote job that records how many remote jobs were done (committed, seen from a new
   * transaction) when it started; one may wait for the test's release and last at least {@code minMs}.
   */
  public static class RemoteCounting {
    static volatile CountDownLatch started = new CountDownLatch(0);
    static volatile CountDownLatch release = new CountDownLatch(0);
    private final Environment env;

    public RemoteCounting(Environment env) {
      this.env = env;
    }

    public void run(String key, int minMs) throws InterruptedException {
      if (minMs > 0) {
        long start = System.nanoTime();
        started.countDown();
        release.await();
        long left = TimeUnit.MILLISECONDS.toNanos(minMs) - (System.nanoTime() - start);
        if (left > 0) {
          new CountDownLatch(1).await(left, TimeUnit.NANOSECONDS); // longer than the batch budget
        }
      }
      new RunnerFixture.Work(env).run(key + " done=" + done(), 0);
    }

    /** Declared repeatable (its remote calls would only read): records the same as {@link #run}. */
    public void read(String key) {
      new RunnerFixture.Work(env).run(key + " done=" + done(), 0);
    }

    /** How many of this class's jobs are done, committed, seen from a new transaction. */
    private long done() {
      return env.tx().inNewTransaction(c -> {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM queue_job"
            + " WHERE state = 'done' AND func_name LIKE '%RemoteCounting.%'");
            ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      });
    }
  }

  /**
   * A remote job whose body is quick and whose transaction then takes {@code txMs} more before its
   * commit (an action the body registers): what a remote job's own lock, done state and commit
   * cost it, made long enough to count against the batch budget.
   */
  public static class RemoteCostlyCommit {
    private final Environment env;

    public RemoteCostlyCommit(Environment env) {
      this.env = env;
    }

    public void run(String key, int txMs) {
      env.tx().beforeCommit(() -> {
        try {
          new CountDownLatch(1).await(txMs, TimeUnit.MILLISECONDS); // the transaction's cost after the body
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      new RunnerFixture.Work(env).run(key, 0);
    }
  }

  private static void work(RunnerFixture f, String key, int priority) {
    f.queue.delay(RunnerFixture.Work.class, JobOptions.defaults().priority(priority)).run(key, 0);
  }

  private static OffsetDateTime enqueuedAt(RunnerFixture f, String funcLike) {
    return f.env.tx().inNewTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT date_enqueued FROM queue_job WHERE func_name LIKE ?")) {
        ps.setString(1, funcLike);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getObject(1, OffsetDateTime.class);
        }
      }
    });
  }

  private static long countAt(RunnerFixture f, String sql, OffsetDateTime at) {
    return f.env.tx().inNewTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setObject(1, at);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    });
  }

  @DbTest
  void aBatchWhoseFirstJobPassesTheBudgetHandsTheRestBackAndTheyRun(TestDb db) throws Exception {
    Slow.started = new CountDownLatch(1);
    Slow.release = new CountDownLatch(1);
    try (RunnerFixture f = fixture(db)) {
      f.env.tx().run(c -> {
        f.queue.delay(Slow.class, JobOptions.defaults().priority(1)).run("slow", 150);
        for (int i = 0; i < 5; i++) {
          work(f, "quick-" + i, 10);
        }
      });
      // one worker: the claim gives it the six jobs as one batch, the slow one first
      try (Runner runner = Runner.start(f.env, RunnerOptions.of(ChannelConfig.parse("root:1")).withMaxBatch(8)
          .withBatchBudget(Duration.ofMillis(50)))) {
        assertThat(Slow.started.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'enqueued'"))
            .as("the batch holds its six jobs while its first one runs").isEqualTo(6);
        Slow.release.countDown();
        await().atMost(Duration.ofSeconds(30))
            .until(() -> f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'done'") == 6);
        assertThat(runner.stats().handedBack()).as("the five jobs not started went back").isGreaterThanOrEqualTo(5);
        assertThat(f.count("SELECT COUNT(*) FROM queue_job WHERE retry = 1 AND exc_name IS NULL"))
            .as("one try each: a job handed back counted none").isEqualTo(6);
        OffsetDateTime slowClaim = enqueuedAt(f, "%Slow.run");
        assertThat(countAt(f, "SELECT COUNT(*) FROM queue_job WHERE func_name LIKE '%Work.run' AND date_enqueued <= ?",
            slowClaim)).as("each quick job ran from a later claim").isZero();
        assertThat(f.count("SELECT COUNT(*) FROM runner_run")).isEqualTo(5);
      }
    }
  }

  @DbTest
  void aRemoteJobNeverSharesABatch(TestDb db) {
    try (RunnerFixture f = fixture(db)) {
      f.queue.declareRemote(Remote.class);
      f.env.tx().run(c -> {
        work(f, "before", 1);
        f.queue.delay(Remote.class, JobOptions.defaults().priority(2)).run("remote");
        work(f, "after-1", 3);
        work(f, "after-2", 3);
      });
      // one worker, a budget that never ends a batch: the claim gives it all four as one batch
      try (Runner runner = Runner.start(f.env, RunnerOptions.of(ChannelConfig.parse("root:1")).withMaxBatch(8)
          .withBatchBudget(Duration.ofSeconds(60)))) {
        await().atMost(Duration.ofSeconds(30))
            .until(() -> f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'done'") == 4);
        assertThat(f.string("SELECT job_key FROM runner_run WHERE job_key LIKE 'remote%'"))
            .as("no other job was held while the remote one ran").isEqualTo("remote held=0");
        OffsetDateTime remoteClaim = enqueuedAt(f, "%Remote.run");
        assertThat(countAt(f, "SELECT COUNT(*) FROM queue_job WHERE func_name LIKE '%Work.run' AND date_enqueued = ?",
            remoteClaim)).as("no job claimed with the remote one").isZero();
        // the claim knows the remote class: it gives [before], then [remote] alone, then the
        // others, so no worker holds a batch it must hand back
        assertThat(runner.stats().handedBack()).as("nothing claimed with the remote job, nothing handed back").isZero();
        assertThat(f.count("SELECT COUNT(*) FROM queue_job WHERE retry = 1")).as("one try each").isEqualTo(4);
      }
    }
  }

  @DbTest
  void remoteJobsAreClaimedTogetherAndEachCommitsOnItsOwn(TestDb db) {
    try (RunnerFixture f = fixture(db)) {
      f.queue.declareRemote(RemoteCounting.class);
      f.env.tx().run(c -> {
        for (int i = 0; i < 3; i++) {
          f.queue.delay(RemoteCounting.class, JobOptions.defaults().priority(i)).run("r-" + i, 0);
        }
      });
      // one worker, a budget that never ends a batch: one claim gives it the three remote jobs
      try (Runner runner = Runner.start(f.env, RunnerOptions.of(ChannelConfig.parse("root:1")).withMaxBatch(8)
          .withBatchBudget(Duration.ofSeconds(60)))) {
        await().atMost(Duration.ofSeconds(30))
            .until(() -> f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'done'") == 3);
        assertThat(f.count("SELECT COUNT(DISTINCT date_enqueued) FROM queue_job")).as("one claim for the three")
            .isEqualTo(1);
        assertThat(f.strings("SELECT job_key FROM runner_run ORDER BY job_key"))
            .as("each remote job committed before the next one started")
            .containsExactly("r-0 done=0", "r-1 done=1", "r-2 done=2");
        assertThat(runner.stats().handedBack()).as("nothing handed back").isZero();
        assertThat(f.count("SELECT COUNT(*) FROM queue_job WHERE retry = 1")).as("one try each").isEqualTo(3);
      }
    }
  }

  @DbTest
  void repeatableJobsOfARemoteClassShareABatchAndCommitTogether(TestDb db) {
    try (RunnerFixture f = fixture(db)) {
      f.queue.declareRemote(RemoteCounting.class);
      f.queue.declareRepeatable(RemoteCounting.class, "read");
      assertThat(f.queue.remote(RemoteCounting.class.getName(), "read")).isFalse();
      assertThat(f.queue.remote(RemoteCounting.class.getName(), "run")).isTrue();
      f.env.tx().run(c -> {
        for (int i = 0; i < 3; i++) {
          f.queue.delay(RemoteCounting.class, JobOptions.defaults().priority(i)).read("read-" + i);
        }
        f.queue.delay(RemoteCounting.class, JobOptions.defaults().priority(3)).run("run-3", 0);
        f.queue.delay(RemoteCounting.class, JobOptions.defaults().priority(4)).read("read-4");
      });
      // one worker, a budget that never ends a batch: the claim gives it the three reads, then
      // the remote run alone, then the last read
      try (Runner runner = Runner.start(f.env, RunnerOptions.of(ChannelConfig.parse("root:1")).withMaxBatch(8)
          .withBatchBudget(Duration.ofSeconds(60)))) {
        await().atMost(Duration.ofSeconds(30))
            .until(() -> f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'done'") == 5);
        assertThat(f.strings("SELECT job_key FROM runner_run ORDER BY job_key"))
            .as("the three reads committed together, then the remote run alone, then the last read")
            .containsExactly("read-0 done=0", "read-1 done=0", "read-2 done=0", "read-4 done=4", "run-3 done=3");
        assertThat(f.count("SELECT COUNT(DISTINCT date_enqueued) FROM queue_job WHERE func_name LIKE '%.read'"
            + " AND priority < 3")).as("one claim for the three reads").isEqualTo(1);
        assertThat(f.count("SELECT COUNT(*) FROM queue_job WHERE func_name LIKE '%.run' AND date_enqueued IN"
            + " (SELECT date_enqueued FROM queue_job WHERE func_name LIKE '%.read')")).as("the run claimed apart").isZero();
        assertThat(runner.stats().savepointReruns()).as("no read failed").isZero();
        assertThat(f.count("SELECT COUNT(*) FROM queue_job WHERE retry = 1")).as("one try each").isEqualTo(5);
      }
    }
  }

  @DbTest
  void aMisspeltRepeatableMethodSaysSo(TestDb db) {
    try (RunnerFixture f = fixture(db)) {
      assertThatThrownBy(() -> f.queue.declareRepeatable(RemoteCounting.class, "reed"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(RemoteCounting.class.getName() + " has no public method 'reed'");
      assertThat(f.queue.remote(RemoteCounting.class.getName(), "reed")).as("nothing declared").isFalse();
    }
  }

  @DbTest
  void aRemoteBatchPastItsBudgetHandsTheRestBack(TestDb db) throws Exception {
    RemoteCounting.started = new CountDownLatch(1);
    RemoteCounting.release = new CountDownLatch(1);
    try (RunnerFixture f = fixture(db)) {
      f.queue.declareRemote(RemoteCounting.class);
      f.env.tx().run(c -> {
        f.queue.delay(RemoteCounting.class, JobOptions.defaults().priority(0)).run("r-0", 150);
        for (int i = 1; i < 4; i++) {
          f.queue.delay(RemoteCounting.class, JobOptions.defaults().priority(i)).run("r-" + i, 0);
        }
      });
      try (Runner runner = Runner.start(f.env, RunnerOptions.of(ChannelConfig.parse("root:1")).withMaxBatch(8)
          .withBatchBudget(Duration.ofMillis(50)))) {
        assertThat(RemoteCounting.started.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(f.count("SELECT COUNT(*) FROM queue_job WHERE state IN ('enqueued', 'started')"))
            .as("the remote batch holds its four jobs while its first one runs").isEqualTo(4);
        RemoteCounting.release.countDown();
        await().atMost(Duration.ofSeconds(30))
            .until(() -> f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'done'") == 4);
        assertThat(runner.stats().handedBack()).as("the three not started went back").isGreaterThanOrEqualTo(3);
        assertThat(f.count("SELECT COUNT(*) FROM queue_job WHERE retry = 1 AND exc_name IS NULL"))
            .as("one try each: a job handed back counted none").isEqualTo(4);
      }
    } finally {
      RemoteCounting.started = new CountDownLatch(0);
      RemoteCounting.release = new CountDownLatch(0);
    }
  }

  @DbTest
  void remoteJobsAreClaimedByWhatTheirWholeTransactionTakesSoTheirBatchesFitTheBudget(TestDb db) {
    try (RunnerFixture f = fixture(db)) {
      f.queue.declareRemote(RemoteCostlyCommit.class);
      f.env.tx().run(c -> {
        for (int i = 0; i < 24; i++) {
          f.queue.delay(RemoteCostlyCommit.class, JobOptions.defaults().priority(i)).run("c-" + i, 30);
        }
      });
      try (Runner runner = Runner.start(f.env, RunnerOptions.of(ChannelConfig.parse("root:1")).withMaxBatch(8)
          .withBatchBudget(Duration.ofMillis(100)))) {
        await().atMost(Duration.ofSeconds(60))
            .until(() -> f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'done'") == 24);
        // each job's body takes about nothing, its transaction 30 ms more. The first claim, before
        // any job ran, takes 8; its batch runs 3 within the 100 ms and hands 5 back. After that,
        // claims are sized by the whole 30+ ms a job costs (3 or fewer), and fit the budget. Sized
        // by the bodies alone, every claim would take 8 and hand 5 back: about 35 in all
        assertThat(runner.stats().handedBack()).as("jobs handed back").isLessThan(12);
      }
    }
  }

  @DbTest
  void aJobDeclaredRemoteInCodeRunsAlone(TestDb db) {
    try (RunnerFixture f = fixture(db)) {
      f.queue.declareRemote(Remote.class);
      assertThat(f.queue.remote(Remote.class.getName())).isTrue();
      f.env.tx().run(c -> {
        f.queue.delay(Remote.class, JobOptions.defaults().priority(1)).run("remote");
        work(f, "after-1", 3);
        work(f, "after-2", 3);
      });
      try (Runner runner = Runner.start(f.env, RunnerOptions.of(ChannelConfig.parse("root:1")).withMaxBatch(8)
          .withBatchBudget(Duration.ofSeconds(60)))) {
        await().atMost(Duration.ofSeconds(30))
            .until(() -> f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'done'") == 3);
        assertThat(f.string("SELECT job_key FROM runner_run WHERE job_key LIKE 'remote%'")).isEqualTo("remote held=0");
        assertThat(runner.stats().handedBack()).as("the claim gave the remote job alone: nothing to hand back").isZero();
      }
    }
  }

  @DbTest
  void aGracefulStopPutsAnInterruptedBatchJobBackAtOnceWithoutCountingATry(TestDb db) throws Exception {
    Slow.started = new CountDownLatch(1);
    Slow.release = new CountDownLatch(1); // never released: the stop interrupts it
    try (RunnerFixture f = fixture(db)) {
      f.env.tx().run(c -> {
        f.queue.delay(Slow.class, JobOptions.defaults().priority(1)).run("blocked", 0);
        work(f, "behind-1", 3);
        work(f, "behind-2", 3);
      });
      Runner runner = Runner.start(f.env, RunnerOptions.of(ChannelConfig.parse("root:1")).withMaxBatch(8)
          .withBatchBudget(Duration.ofSeconds(60)).withShutdownGrace(Duration.ofMillis(200)));
      assertThat(Slow.started.await(20, TimeUnit.SECONDS)).isTrue();
      runner.close();
      assertStoppedJobsBackNow(f, 3);
    }
  }

  @DbTest
  void aGracefulStopPutsAnInterruptedLoneJobBackAtOnceWithoutCountingATry(TestDb db) throws Exception {
    Slow.started = new CountDownLatch(1);
    Slow.release = new CountDownLatch(1);
    try (RunnerFixture f = fixture(db)) {
      f.queue.delay(Slow.class).run("blocked", 0);
      Runner runner = Runner.start(f.env, RunnerOptions.of(ChannelConfig.parse("root:1"))
          .withShutdownGrace(Duration.ofMillis(200)));
      assertThat(Slow.started.await(20, TimeUnit.SECONDS)).isTrue();
      runner.close();
      assertStoppedJobsBackNow(f, 1);
    }
  }

  @DbTest
  void aHandBackWaitsForTheClaimThatGaveTheJobsToCommit(TestDb db) throws Exception {
    // A worker may hand back a batch whose claim is still committing (PostgreSQL hands batches
    // over before the commit): its jobs must end pending, not claimed by a unit that let them go.
    try (RunnerFixture f = fixture(db)) {
      f.env.tx().run(c -> {
        for (int i = 0; i < 3; i++) {
          work(f, "claimed-" + i, 1);
        }
      });
      List<Long> ids = f.env.tx().inNewTransaction(c -> {
        List<Long> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM queue_job ORDER BY id"); ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getLong(1));
          }
        }
        return out;
      });
      String unit = "claimer-test/0";
      ExecutorService handing = Executors.newSingleThreadExecutor();
      try (Connection claim = f.env.database().dataSource().getConnection()) {
        claim.setAutoCommit(false);
        try (PreparedStatement ps = claim.prepareStatement("UPDATE queue_job SET state = 'enqueued', worker_id = ?,"
            + " date_enqueued = CURRENT_TIMESTAMP WHERE state = 'pending'")) {
          ps.setString(1, unit);
          assertThat(ps.executeUpdate()).isEqualTo(3);
        }
        Future<Integer> back = handing.submit(() -> f.env.tx().inNewTransaction(c -> RunnerSql.of(f.env.database().dialect()).handBack(c, unit, ids)));
        // the hand-back waits for the claim's row locks (or, wrongly, has already given up on the rows)
        String waiting = db.isPostgres() ? "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
            : "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL";
        await().atMost(Duration.ofSeconds(20)).until(() -> back.isDone() || f.count(waiting) > 0);
        claim.commit();
        assertThat(back.get(20, TimeUnit.SECONDS)).as("jobs handed back").isEqualTo(3);
      } finally {
        handing.shutdownNow();
      }
      assertThat(f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'pending' AND worker_id IS NULL"
          + " AND date_enqueued IS NULL")).as("pending again, claimable by any unit").isEqualTo(3);
    }
  }

  private static void assertStoppedJobsBackNow(RunnerFixture f, int jobs) {
    assertThat(f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'pending' AND worker_id IS NULL AND retry = 0"
        + " AND (eta IS NULL OR eta <= CURRENT_TIMESTAMP)")).as("pending, due now, no try counted").isEqualTo(jobs);
    assertThat(f.string("SELECT exc_name FROM queue_job WHERE func_name LIKE '%Slow.run'"))
        .isEqualTo(JobExecutor.JOB_INTERRUPTED);
    assertThat(f.count("SELECT COUNT(*) FROM runner_run")).isZero();
  }
}
