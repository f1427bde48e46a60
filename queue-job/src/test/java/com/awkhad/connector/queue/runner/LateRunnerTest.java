package com.awkhad.connector.queue.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.channel.ChannelConfig;
import com.awkhad.connector.queue.channel.ChannelPlanner;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A late but alive runner: its lease expired (it missed heartbeats: a long GC pause, a slow
 * network) while it still runs jobs. The reaper must not requeue a job whose row a live
 * transaction holds (it would run twice), the late runner must not run nor mark done the jobs
 * taken from it meanwhile, and it registers again on its next heartbeat and goes on.
 *
 * <p>No sleeps: a job body blocked on a latch holds its row lock while the test expires the
 * runner's lease (its {@code queue_worker} row's heartbeat and lease put in the past; the runner's
 * own heartbeat is 10 minutes away) and runs another runner's reaper.
 */
class LateRunnerTest {
  private static final Duration HEARTBEAT = Duration.ofMinutes(10);

  /** A job body that records its run and, for keys starting with "block", waits for the test. */
  public static class Blocking {
    static volatile CountDownLatch started = new CountDownLatch(1);
    static volatile CountDownLatch release = new CountDownLatch(1);

    private final Environment env;

    public Blocking(Environment env) {
      this.env = env;
    }

    public void run(String key) throws InterruptedException {
      new RunnerFixture.Work(env).run(key, 0);
      if (key.startsWith("block")) {
        started.countDown();
        if (!release.await(2, TimeUnit.MINUTES)) {
          throw new IllegalStateException("the test never released job " + key);
        }
      }
    }

    static void reset() {
      started = new CountDownLatch(1);
      release = new CountDownLatch(1);
    }
  }

  static RunnerOptions lateOptions(String channels) {
    // no heartbeat of its own during the test, no wake hints (a hint's thread would run the job
    // instead of a worker)
    return RunnerOptions.of(ChannelConfig.parse(channels)).withWorkers(1).withLease(HEARTBEAT, HEARTBEAT.multipliedBy(2))
        .withWakeAddress(null);
  }

  /** The lease length {@link #expireLease} stores. */
  static final Duration STORED_LEASE = Duration.ofSeconds(10);

  /**
   * Puts the runner's heartbeat and lease in the past, as if it had missed its heartbeats: a
   * late runner, silent for 15 s with a 10 s lease (under {@link Leases#SILENT_LEASES} leases).
   */
  static void expireLease(RunnerFixture f, String workerId) {
    expireLease(f, workerId, Duration.ofSeconds(15));
  }

  /** Its last heartbeat {@code silentFor} ago, its lease {@link #STORED_LEASE} from that heartbeat. */
  static void expireLease(RunnerFixture f, String workerId, Duration silentFor) {
    expireLease(f, workerId, silentFor, STORED_LEASE);
  }

  /** Its last heartbeat {@code silentFor} ago, its lease {@code lease} from that heartbeat. */
  static void expireLease(RunnerFixture f, String workerId, Duration silentFor, Duration lease) {
    f.env.tx().run(c -> {
      try (var ps = c.prepareStatement("UPDATE queue_worker SET heartbeat_at = ?, lease_until = ? WHERE worker_id = ?")) {
        java.time.Instant beat = java.time.Instant.now().minus(silentFor);
        ps.setObject(1, RunnerSql.ts(beat));
        ps.setObject(2, RunnerSql.ts(beat.plus(lease)));
        ps.setString(3, workerId);
        assertThat(ps.executeUpdate()).isEqualTo(1);
      }
    });
  }

  /** The lease machinery of another runner, {@code id}, on the same database. */
  static Leases otherRunner(RunnerFixture f, String id) {
    return new Leases(RunnerSql.of(f.env.database().dialect()), f.env.tx(), new ReentrantLock(), id,
        Duration.ofMinutes(10), "elsewhere", 4242, "root:2", 1);
  }

  static String row(RunnerFixture f, String key) {
    return f.string("SELECT j.state || ':' || j.retry || ':' || COALESCE(j.worker_id, '-') FROM queue_job j"
        + " WHERE j.args LIKE '%\"" + key + "\"%'");
  }

  static long runs(RunnerFixture f, String key) {
    return f.count("SELECT COUNT(*) FROM runner_run WHERE job_key = '" + key + "'");
  }

  /** PostgreSQL: some session waits for a row lock (the reaper would, without SKIP LOCKED). */
  static boolean someoneWaitsForALock(RunnerFixture f) {
    return f.env.database().dialect() == com.awkhad.connector.base.db.Dialect.POSTGRESQL
        && f.count("SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'") > 0;
  }

  @DbTest
  void theReaperNeverRequeuesAJobWhoseRowALateRunnerStillHolds(TestDb db) throws Exception {
    Blocking.reset();
    ExecutorService reaperThread = Executors.newSingleThreadExecutor();
    try (RunnerFixture f = RunnerTest.fixture(db)) {
      Runner late = Runner.start(f.env, lateOptions("root:1"));
      try {
        f.queue.delay(Blocking.class).run("block");
        assertThat(Blocking.started.await(60, TimeUnit.SECONDS)).as("the job started").isTrue();
        String heldBy = row(f, "block");
        assertThat(heldBy).isEqualTo("started:0:" + late.workerId() + "/0");
        expireLease(f, late.workerId());

        Future<Integer> reaped = reaperThread.submit(() -> otherRunner(f, "reaper").reapExpired());
        // SKIP LOCKED: it returns at once. Without it, it would wait for the row lock (PostgreSQL)
        // or fail on H2's lock timeout; either way the job is released next, and the asserts fail.
        await().atMost(Duration.ofSeconds(60)).until(() -> reaped.isDone() || someoneWaitsForALock(f));
        Blocking.release.countDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> row(f, "block").startsWith("done:"));
        assertThat(reaped.get(60, TimeUnit.SECONDS)).as("jobs the reaper requeued").isZero();
        assertThat(row(f, "block")).isEqualTo("done:1:" + late.workerId() + "/0");
        assertThat(runs(f, "block")).isEqualTo(1);
        // the late runner still held a job: its lease row stays until nothing of it is left
        assertThat(f.count("SELECT COUNT(*) FROM queue_worker WHERE worker_id = '" + late.workerId() + "'")).isEqualTo(1);
        assertThat(late.stats().done()).isEqualTo(1);
      } finally {
        Blocking.release.countDown();
        late.close();
      }
      assertThat(runs(f, "block")).as("never ran again").isEqualTo(1);
    } finally {
      reaperThread.shutdownNow();
    }
  }

  @DbTest
  void aLateRunnerSkipsTheJobsAnotherRunnerClaimedMeanwhile(TestDb db) throws Exception {
    Blocking.reset();
    try (RunnerFixture f = RunnerTest.fixture(db)) {
      Runner late = Runner.start(f.env, lateOptions("root:2"));
      try {
        for (int i = 0; i < 3; i++) {
          f.queue.delay(Blocking.class).run("warm-" + i); // the runner learns that its jobs are short
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> late.stats().done() == 3 && late.shortJobs());
        f.queue.delay(Blocking.class).run("block");
        assertThat(Blocking.started.await(60, TimeUnit.SECONDS)).isTrue();
        // the busy worker holds its next batch: claimed for it, not locked, not started
        f.queue.delay(Blocking.class).run("next");
        await().atMost(Duration.ofSeconds(30))
            .until(() -> ("enqueued:0:" + late.workerId() + "/0").equals(row(f, "next")));

        // the runner is late: another runner finds it dead and takes back what no transaction holds
        expireLease(f, late.workerId());
        Leases other = otherRunner(f, "other");
        other.register();
        assertThat(other.reapExpired()).as("requeued: the prefetched job only").isEqualTo(1);
        assertThat(row(f, "block")).endsWith(":" + late.workerId() + "/0");
        assertThat(row(f, "next")).isEqualTo("pending:1:-");
        // ... and claims it (it will run it later: the late runner must leave it alone)
        Claimer claimer = new Claimer(RunnerSql.of(f.env.database().dialect()),
            new ChannelPlanner(ChannelConfig.parse("root:2")), 1);
        List<Claimer.Batch> claimed = f.env.tx().inNewTransaction(c -> Claims.claim(c, claimer, List.of("other/0")).batches());
        assertThat(claimed).hasSize(1);
        assertThat(row(f, "next")).isEqualTo("enqueued:1:other/0");

        Blocking.release.countDown(); // the late runner finishes its job, then turns to its prefetched batch
        await().atMost(Duration.ofSeconds(30)).until(() -> late.stats().takenBack() > 0 || runs(f, "next") > 0);
        assertThat(runs(f, "next")).as("run by the late runner").isZero();
        assertThat(late.stats().takenBack()).isEqualTo(1);
        assertThat(row(f, "block")).startsWith("done:1:" + late.workerId());
        assertThat(row(f, "next")).as("neither run nor marked done by the late runner").isEqualTo("enqueued:1:other/0");
        assertThat(runs(f, "next")).isZero();
        assertThat(late.stats().done()).isEqualTo(4);
      } finally {
        Blocking.release.countDown();
        late.close();
      }
      assertThat(row(f, "next")).as("the late runner's release leaves another runner's job alone")
          .isEqualTo("enqueued:1:other/0");
    }
  }

  @DbTest
  void aRunnerWhoseLeaseWasReapedRegistersAgainAndGoesOn(TestDb db) throws Exception {
    try (RunnerFixture f = RunnerTest.fixture(db)) {
      Runner late = Runner.start(f.env, lateOptions("root:1"));
      try {
        expireLease(f, late.workerId());
        // H2 allows one runner process: there the reaper is not registered as a second one
        assertThat(otherRunner(f, "reaper").reapExpired()).isZero();
        assertThat(f.count("SELECT COUNT(*) FROM queue_worker WHERE worker_id = '" + late.workerId() + "'"))
            .as("reaped: it held no job").isZero();

        late.heartbeat(); // its next heartbeat, at last
        assertThat(late.stats().leaseLost()).isEqualTo(1);
        assertThat(f.count("SELECT COUNT(*) FROM queue_worker WHERE worker_id = '" + late.workerId() + "'"
            + " AND lease_until > CURRENT_TIMESTAMP")).as("registered again, lease in the future").isEqualTo(1);
        f.queue.delay(Blocking.class).run("after");
        await().atMost(Duration.ofSeconds(30)).until(() -> row(f, "after").startsWith("done:"));
        assertThat(row(f, "after")).isEqualTo("done:1:" + late.workerId() + "/0");
        late.heartbeat();
        assertThat(late.stats().leaseLost()).as("an ordinary heartbeat now").isEqualTo(1);
      } finally {
        late.close();
      }
      assertThat(f.count("SELECT COUNT(*) FROM queue_worker")).as("released on close").isZero();
    }
  }

  @DbTest("postgresql")
  void aRunnerSilentWhileHoldingTheClaimLockLosesItsSessionNotEveryonesClaims(TestDb db) throws Exception {
    ExecutorService other = Executors.newSingleThreadExecutor();
    try (RunnerFixture f = RunnerTest.fixture(db)) {
      java.sql.Connection silent = f.env.database().dataSource().getConnection();
      try {
        silent.setAutoCommit(false);
        RunnerSql.of(f.env.database().dialect()).lockClaimers(silent); // holds the claim lock, then says nothing
        // another runner's reaper takes the claim lock too: it gets it once PostgreSQL has ended
        // the silent session (5 s idle in that transaction), instead of waiting for ever
        Future<Integer> reaped = other.submit(() -> otherRunner(f, "other").reapExpired());
        assertThat(reaped.get(60, TimeUnit.SECONDS)).isZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> silent.createStatement().execute("SELECT 1"))
            .as("the silent session was ended").isInstanceOf(java.sql.SQLException.class);
      } finally {
        try {
          silent.close();
        } catch (java.sql.SQLException ignored) {
          // already broken
        }
      }
    } finally {
      other.shutdownNow();
    }
  }

  /**
   * A runner silent for longer than {@link Leases#SILENT_LEASES} leases whose job transaction is
   * still open (a network cut that closes nothing leaves it "idle in transaction" on the server):
   * the reaper ends that session, so the job is requeued and runs elsewhere, instead of waiting
   * hours for the server's TCP keepalive. The job's effects in the ended transaction are rolled
   * back: it has run once, committed, in the end.
   */
  @DbTest("postgresql")
  void aSilentRunnersOpenJobTransactionIsEndedAndItsJobRunsElsewhere(TestDb db) throws Exception {
    Blocking.reset();
    try (RunnerFixture f = RunnerTest.fixture(db)) {
      Runner silent = Runner.start(f.env, lateOptions("root:1"));
      try {
        f.queue.delay(Blocking.class).run("block");
        assertThat(Blocking.started.await(60, TimeUnit.SECONDS)).as("the job started").isTrue();
        long held = f.count("SELECT COUNT(*) FROM pg_stat_activity WHERE state = 'idle in transaction'");
        assertThat(held).as("the job's transaction is open, its row locked").isPositive();
        // silent for an hour, its lease 1 s: far over SILENT_LEASES leases. Its session is ended
        // once it has also been idle for one lease (a transaction that just locked a row is left)
        Duration lease = Duration.ofSeconds(1);
        expireLease(f, silent.workerId(), Duration.ofHours(1), lease);
        await().atMost(Duration.ofSeconds(30)).until(() -> f.count("SELECT COUNT(*) FROM pg_stat_activity"
            + " WHERE state = 'idle in transaction' AND state_change < clock_timestamp() - interval '1.2 seconds'") > 0);

        Leases reaper = otherRunner(f, "reaper");
        assertThat(reaper.reapExpired()).as("the row is still locked: nothing requeued yet").isZero();
        assertThat(reaper.sessionsEnded()).as("the silent runner's job session was ended").isEqualTo(1);
        // the server ends the session asynchronously: the next reaps requeue the job once it is gone
        await().atMost(Duration.ofSeconds(30)).until(() -> reaper.reapExpired() == 1 || row(f, "block").startsWith("pending"));
        assertThat(row(f, "block")).isEqualTo("pending:1:-");
        assertThat(f.count("SELECT COUNT(*) FROM queue_worker WHERE worker_id = '" + silent.workerId() + "'"))
            .as("nothing of it is left: its lease row went").isZero();
        assertThat(runs(f, "block")).as("the ended transaction's effect was rolled back").isZero();
      } finally {
        Blocking.release.countDown(); // its job body returns; its commit fails on the ended session
        silent.close();
      }
      assertThat(row(f, "block")).as("the silent runner neither ran it to done nor took it back")
          .isEqualTo("pending:1:-");

      Blocking.reset();
      Blocking.release.countDown();
      Runner next = Runner.start(f.env, RunnerOptions.of(ChannelConfig.parse("root:1")).withWorkers(1)
          .withWakeAddress(null));
      try {
        await().atMost(Duration.ofSeconds(30)).until(() -> row(f, "block").startsWith("done:"));
      } finally {
        next.close();
      }
      assertThat(row(f, "block")).isEqualTo("done:2:" + next.workerId() + "/0");
      assertThat(runs(f, "block")).as("committed once").isEqualTo(1);
    }
  }

  /** The same runner, silent for under {@link Leases#SILENT_LEASES} leases: only late, its session stays. */
  @DbTest("postgresql")
  void aRunnerSilentForUnderThreeLeasesKeepsItsSession(TestDb db) throws Exception {
    Blocking.reset();
    try (RunnerFixture f = RunnerTest.fixture(db)) {
      Runner late = Runner.start(f.env, lateOptions("root:1"));
      try {
        f.queue.delay(Blocking.class).run("block");
        assertThat(Blocking.started.await(60, TimeUnit.SECONDS)).as("the job started").isTrue();
        // its job session idle for over one lease (1 s), the runner silent for 2 s: late, not gone
        await().atMost(Duration.ofSeconds(30)).until(() -> f.count("SELECT COUNT(*) FROM pg_stat_activity"
            + " WHERE state = 'idle in transaction' AND state_change < clock_timestamp() - interval '1.2 seconds'") > 0);
        expireLease(f, late.workerId(), Duration.ofSeconds(2), Duration.ofSeconds(1));
        Leases reaper = otherRunner(f, "reaper");
        assertThat(reaper.reapExpired()).isZero();
        assertThat(reaper.sessionsEnded()).isZero();
        Blocking.release.countDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> row(f, "block").startsWith("done:"));
        assertThat(row(f, "block")).isEqualTo("done:1:" + late.workerId() + "/0");
        assertThat(runs(f, "block")).isEqualTo(1);
      } finally {
        Blocking.release.countDown();
        late.close();
      }
    }
  }
}
