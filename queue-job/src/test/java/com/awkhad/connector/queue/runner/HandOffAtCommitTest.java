package com.awkhad.connector.queue.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

import com.awkhad.connector.base.db.Database;
import com.awkhad.connector.base.tx.TransactionException;
import com.awkhad.connector.base.tx.Transactions;
import com.awkhad.connector.queue.channel.ChannelPlanner;
import com.awkhad.connector.queue.channel.ChannelConfig;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The hand-off at commit ({@link HandOffAtCommit}): an enqueue in the runner's own process is
 * claimed inside its transaction, for an idle worker that starts it once that transaction commits;
 * and when that cannot be done without waiting, the enqueue commits at once and the dispatcher
 * claims after it, as before.
 */
class HandOffAtCommitTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static Runner start(RunnerFixture f, String channels) {
    // no poll and no hints from other processes: only this process's own signals and hand-offs
    return Runner.start(f.env, RunnerOptions.of(ChannelConfig.parse(channels)).withPollInterval(Duration.ofMinutes(10))
        .withWakeAddress("off"));
  }

  private static long ran(RunnerFixture f, String key) {
    return f.count("SELECT COUNT(*) FROM runner_run WHERE job_key = '" + key + "'");
  }

  /** Sessions waiting for an advisory lock (the claim lock) now. */
  private static long waitingForTheClaimLock(RunnerFixture f) {
    return f.count("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
  }

  @DbTest("postgresql")
  void aLoneJobIsClaimedInItsEnqueuesTransactionAndItsWorkerWaitsForTheCommit(TestDb db) {
    handedOverAtCommit(db, 1); // a lone job: marked started first, in a transaction of its own
  }

  @DbTest("postgresql")
  void aBatchIsClaimedInItsEnqueuesTransactionAndItsWorkerWaitsForTheCommit(TestDb db) {
    handedOverAtCommit(db, 3); // one worker, one batch: its lock waits in the same round trip
  }

  /**
   * {@code jobs} jobs enqueued in one transaction, for a runner with one worker: just before the
   * commit the transaction sees them claimed for that worker, other transactions see no job, and
   * a session waits for the commit while none of them has run; then they all run, once.
   */
  private static void handedOverAtCommit(TestDb db, int jobs) {
    try (RunnerFixture f = RunnerTest.fixture(db); Runner runner = start(f, "root:1")) {
      await().atMost(WAIT).until(() -> runner.stats().claims() >= 1); // its first claim, at start
      List<String> seenInTheTransaction = new ArrayList<>();
      long[] visibleOutside = {-1};
      long[] runBeforeTheCommit = {-1};
      f.env.tx().run(c -> {
        for (int i = 0; i < jobs; i++) {
          f.queue.delay(RunnerFixture.Work.class).run("handed over " + i, 0);
        }
        // registered after the enqueues: its own registration, made once the hand-off is registered, comes after it
        f.env.tx().beforeCommit(() -> f.env.tx().beforeCommit(() -> {
          seenInTheTransaction.addAll(strings(c, "SELECT state || ' ' || worker_id FROM queue_job"));
          visibleOutside[0] = f.count("SELECT COUNT(*) FROM queue_job");
          await().atMost(WAIT).until(() -> waitingForTheClaimLock(f) >= 1);
          runBeforeTheCommit[0] = f.count("SELECT COUNT(*) FROM runner_run");
        }));
      });
      assertThat(seenInTheTransaction).as("the jobs as their transaction saw them just before the commit")
          .hasSize(jobs).containsOnly("enqueued " + runner.workerId() + "/0");
      assertThat(visibleOutside[0]).as("jobs other transactions saw then").isZero();
      assertThat(runBeforeTheCommit[0]).as("runs while a session waited for the enqueue's commit").isZero();
      assertThat(runner.stats().atCommitClaims()).isEqualTo(1);
      await().atMost(WAIT).until(() -> f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'done'") == jobs);
      assertThat(f.count("SELECT COUNT(*) FROM runner_run")).isEqualTo(jobs);
      assertThat(f.count("SELECT COUNT(DISTINCT job_key) FROM runner_run")).isEqualTo(jobs);
      assertThat(runner.stats().takenBack()).isZero();
    }
  }

  @DbTest("postgresql")
  void aHandOffWhoseTransactionRollsBackRunsNothingAndFreesItsWorker(TestDb db) {
    try (RunnerFixture f = RunnerTest.fixture(db); Runner runner = start(f, "root:1")) {
      await().atMost(WAIT).until(() -> runner.stats().claims() >= 1);
      assertThatThrownBy(() -> f.env.tx().run(c -> {
        f.queue.delay(RunnerFixture.Work.class).run("rolled back", 0);
        f.env.tx().beforeCommit(() -> f.env.tx().beforeCommit(() -> f.env.tx().run(c2 -> {
          throw new IllegalStateException("a nested block fails after the hand-off");
        })));
      })).isInstanceOf(TransactionException.class).hasMessageContaining("a nested block fails after the hand-off");
      assertThat(runner.stats().atCommitClaims()).isEqualTo(1);
      await().atMost(WAIT).until(() -> runner.stats().takenBack() == 1); // its worker found nothing claimed
      assertThat(f.count("SELECT COUNT(*) FROM queue_job")).isZero();
      // the runner's only worker is free again
      f.queue.delay(RunnerFixture.Work.class).run("after", 0);
      await().atMost(WAIT).until(() -> ran(f, "after") == 1);
      assertThat(ran(f, "rolled back")).isZero();
      assertThat(runner.stats().atCommitClaims()).isEqualTo(2);
    }
  }

  @DbTest("postgresql")
  void anEnqueueNeverWaitsForTheClaimLockAnotherHolds(TestDb db) throws Exception {
    try (RunnerFixture f = RunnerTest.fixture(db); Runner runner = start(f, "root:1");
        Connection holder = DriverManager.getConnection(db.url(), db.user(), db.password())) {
      await().atMost(WAIT).until(() -> runner.stats().claims() >= 1);
      execute(holder, "SELECT pg_advisory_lock(" + RunnerSql.CLAIM_LOCK_KEY + ")");
      CompletableFuture<Void> enqueue = CompletableFuture.runAsync(
          () -> f.queue.delay(RunnerFixture.Work.class).run("lock taken", 0));
      enqueue.get(WAIT.toSeconds(), TimeUnit.SECONDS); // committed while another holds the claim lock
      assertThat(runner.stats().atCommitClaims()).isZero();
      assertThat(f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'pending'")).isEqualTo(1);
      execute(holder, "SELECT pg_advisory_unlock(" + RunnerSql.CLAIM_LOCK_KEY + ")");
      await().atMost(WAIT).until(() -> ran(f, "lock taken") == 1); // the dispatcher's claim, once the lock is free
    }
  }

  /**
   * The claim inside a transaction, driven by hand: it claims only the rows that transaction
   * inserted, never waits for the claim lock, leaves the transaction's commit durable, and is not
   * made above READ COMMITTED.
   */
  @DbTest("postgresql")
  void theClaimInsideTakesOnlyItsOwnJobsAndNeverWaits(TestDb db) throws Exception {
    try (Database database = ClaimerTest.open(db);
        Connection holder = DriverManager.getConnection(db.url(), db.user(), db.password())) {
      Transactions tx = new Transactions(database.dataSource());
      Claimer claimer = ClaimerTest.claimer(database, "root:2", "w", 4);
      RunnerSql sql = RunnerSql.of(database.dialect());
      List<ChannelPlanner.Unit> one = List.of(new ChannelPlanner.Unit("w/0", false));
      long older = Jobs.insert(tx, "root", 10, null, Instant.now().minusSeconds(60));
      // another transaction's job first in the plan: the write counts one row of two, and fails
      inRawTransaction(database, c -> {
        long mine = insertHere(c);
        Claimer.Result r = claimer.planInside(c, one);
        assertThat(r.batches()).singleElement().extracting(Claimer.Batch::ids).isEqualTo(List.of(older, mine));
        assertThatThrownBy(() -> sql.applyWrites(c, r.writes())).hasMessageContaining("changed 1 row(s) instead of 2");
      });
      Jobs.setState(tx, older, "done");
      // its own job only: claimed for the unit, and the commit still durable
      long[] mine = {0};
      inRawTransaction(database, c -> {
        mine[0] = insertHere(c);
        execute(c, "SET LOCAL synchronous_commit = on"); // (the test database's default may be off)
        Claimer.Result r = claimer.planInside(c, one);
        sql.applyWrites(c, r.writes());
        assertThat(strings(c, "SELECT state || ' ' || worker_id FROM queue_job WHERE id = " + mine[0]))
            .containsExactly("enqueued w/0");
        assertThat(strings(c, "SHOW synchronous_commit")).as("the transaction's own setting").containsExactly("on");
        c.commit();
      });
      assertThat(Jobs.state(tx, mine[0])).isEqualTo("enqueued");
      // the claim lock held by another session: no claim, at once
      execute(holder, "SELECT pg_advisory_lock(" + RunnerSql.CLAIM_LOCK_KEY + ")");
      assertTimeoutPreemptively(WAIT, () -> inRawTransaction(database, c -> {
        insertHere(c);
        assertThat(claimer.planInside(c, one)).isNull();
      }));
      execute(holder, "SELECT pg_advisory_unlock(" + RunnerSql.CLAIM_LOCK_KEY + ")");
      // REPEATABLE READ: its reads would not see the claims committed since it began
      inRawTransaction(database, c -> {
        execute(c, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
        insertHere(c);
        assertThat(claimer.planInside(c, one)).isNull();
      });
      // and in READ COMMITTED the same is claimed
      inRawTransaction(database, c -> {
        insertHere(c);
        assertThat(claimer.planInside(c, one)).isNotNull();
      });
    }
  }

  @FunctionalInterface
  private interface RawWork {
    void run(Connection c) throws Exception;
  }

  /** {@code work} on a connection of its own in a transaction, rolled back unless it committed. */
  private static void inRawTransaction(Database database, RawWork work) throws Exception {
    try (Connection c = database.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try {
        work.run(c);
      } finally {
        c.rollback();
        c.setAutoCommit(true);
      }
    }
  }

  /** A pending job inserted by the caller's transaction; its id. */
  private static long insertHere(Connection c) throws java.sql.SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO queue_job (uuid, description, func_name, target_class,"
        + " method_name, args, state, priority, channel, date_created) VALUES (gen_random_uuid()::text, 'test',"
        + " 'T.run', 'T', 'run', '[]', 'pending', 10, 'root', now()) RETURNING id")) {
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @DbTest("postgresql")
  void noHandOffAboveReadCommitted(TestDb db) {
    try (RunnerFixture f = RunnerTest.fixture(db); Runner runner = start(f, "root:1")) {
      await().atMost(WAIT).until(() -> runner.stats().claims() >= 1);
      f.env.tx().run(c -> {
        execute(c, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
        f.queue.delay(RunnerFixture.Work.class).run("repeatable read", 0);
      });
      await().atMost(WAIT).until(() -> ran(f, "repeatable read") == 1);
      assertThat(runner.stats().atCommitClaims()).isZero();
    }
  }

  private static List<String> strings(Connection c, String sql) {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void execute(Connection c, String sql) {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
