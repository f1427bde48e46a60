package com.awkhad.connector.queue.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.awkhad.connector.base.db.Database;
import com.awkhad.connector.base.tx.Transactions;
import com.awkhad.connector.queue.channel.ChannelConfig;
import com.awkhad.connector.queue.channel.ChannelPlanner;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * The channel scenarios of {@code ChannelScenariosTest} (the Java planner alone) run through the
 * real claim SQL ({@link Claimer#claim}) on H2 and PostgreSQL: a sequential channel waiting for an
 * eta job that comes first in strict order, a throttled channel, a retried job coming back with
 * an eta. Time is the database's clock: "later" is an eta or a last start moved in the past.
 * And two claims started together behind a barrier: the channel capacity holds and no job is
 * claimed twice, whichever wins the claim lock.
 */
class ClaimSqlScenariosTest {

  static Claimer claimer(Database db, String channels) {
    return new Claimer(RunnerSql.of(db.dialect()), new ChannelPlanner(ChannelConfig.parse(channels)), 1);
  }

  static Claimer.Result claim(Transactions tx, Claimer claimer, String runner, int idle) {
    List<String> units = IntStream.range(0, idle).mapToObj(i -> runner + "/" + i).toList();
    return tx.inNewTransaction(c -> Claims.claim(c, claimer, units));
  }

  static List<Long> claimed(Claimer.Result r) {
    return r.batches().stream().flatMap(b -> b.ids().stream()).toList();
  }

  static void sql(Transactions tx, String sql, Object... params) {
    tx.run(c -> {
      try (var ps = c.prepareStatement(sql)) {
        for (int i = 0; i < params.length; i++) {
          ps.setObject(i + 1, params[i]);
        }
        ps.executeUpdate();
      }
    });
  }

  static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  @DbTest
  void sequentialChannelWaitsForAnEtaJobThatComesFirstInStrictOrder(TestDb db) {
    try (Database database = ClaimerTest.open(db)) {
      Transactions tx = new Transactions(database.dataSource());
      Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
      Instant later = now().plus(1, ChronoUnit.HOURS);
      long j6 = Jobs.insert(tx, "root.S", 10, null, t0);
      long j7 = Jobs.insert(tx, "root.S", 10, later, t0.plusSeconds(1));
      long j8 = Jobs.insert(tx, "root.S", 10, null, t0.plusSeconds(2));
      Claimer claimer = claimer(database, "root:4,S:1:sequential");
      assertThat(claimed(claim(tx, claimer, "one", 4))).containsExactly(j6);
      Jobs.setState(tx, j6, "done");
      Claimer.Result waiting = claim(tx, claimer, "one", 4);
      assertThat(claimed(waiting)).as("j8 is due but j7 comes first in strict order").isEmpty();
      assertThat(waiting.wakeup()).isEqualTo(later);
      sql(tx, "UPDATE queue_job SET eta = ? WHERE id = ?", RunnerSql.ts(now().minusSeconds(1)), j7);
      assertThat(claimed(claim(tx, claimer, "one", 4))).containsExactly(j7);
      assertThat(claimed(claim(tx, claimer, "one", 4))).as("one at a time").isEmpty();
      Jobs.setState(tx, j7, "done");
      assertThat(claimed(claim(tx, claimer, "one", 4))).containsExactly(j8);
    }
  }

  @DbTest
  void throttledChannelStartsOneJobPerPeriod(TestDb db) {
    try (Database database = ClaimerTest.open(db)) {
      Transactions tx = new Transactions(database.dataSource());
      Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
      long a1 = Jobs.insert(tx, "root.A", 10, null, t0);
      long a2 = Jobs.insert(tx, "root.A", 10, null, t0.plusSeconds(1));
      Claimer claimer = claimer(database, "root:4,A:4:throttle=3600");
      Instant before = now().minusSeconds(1);
      Claimer.Result first = claim(tx, claimer, "one", 4);
      assertThat(claimed(first)).as("one start, although A has room for 4").containsExactly(a1);
      assertThat(first.wakeup()).as("the next start, after the throttle").isCloseTo(first.now().plusSeconds(3600), within(1, ChronoUnit.MILLIS));
      assertThat(first.wakeup()).isAfter(before.plusSeconds(3600));
      Claimer.Result throttled = claim(tx, claimer, "one", 4);
      assertThat(claimed(throttled)).isEmpty();
      assertThat(throttled.wakeup()).isCloseTo(first.wakeup(), within(1, ChronoUnit.MILLIS));
      // an hour later (the last start moved back)
      sql(tx, "UPDATE queue_channel_state SET last_start_at = ? WHERE channel = 'root.A'",
          RunnerSql.ts(now().minus(2, ChronoUnit.HOURS)));
      assertThat(claimed(claim(tx, claimer, "one", 4))).containsExactly(a2);
      assertThat(Jobs.state(tx, a1)).as("a1 still runs: the throttle spaces starts, not ends").isEqualTo("enqueued");
    }
  }

  @DbTest
  void aRetriedJobComesBackWithItsEtaAheadOfNewerJobsOfItsPriority(TestDb db) {
    try (Database database = ClaimerTest.open(db)) {
      Transactions tx = new Transactions(database.dataSource());
      Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
      long e1 = Jobs.insert(tx, "root.E", 10, null, t0);
      long e2 = Jobs.insert(tx, "root.E", 10, null, t0.plusSeconds(1));
      long e3 = Jobs.insert(tx, "root.E", 10, null, t0.plusSeconds(2));
      Claimer claimer = claimer(database, "root:4,E:1");
      assertThat(claimed(claim(tx, claimer, "one", 4))).containsExactly(e1);
      assertThat(claimed(claim(tx, claimer, "one", 4))).as("E is full").isEmpty();
      Instant retryAt = now().plus(1, ChronoUnit.HOURS);
      // the try failed with a retryable error: back to pending with an eta
      retry(tx, e1, retryAt);
      Claimer.Result second = claim(tx, claimer, "one", 4);
      assertThat(claimed(second)).containsExactly(e2);
      assertThat(second.wakeup()).as("the retry's eta").isEqualTo(retryAt);
      Jobs.setState(tx, e2, "done");
      sql(tx, "UPDATE queue_job SET eta = ? WHERE id = ?", RunnerSql.ts(now().minusSeconds(1)), e1);
      assertThat(claimed(claim(tx, claimer, "one", 4))).as("same priority: the older job first").containsExactly(e1);
      Jobs.setState(tx, e1, "done");
      assertThat(claimed(claim(tx, claimer, "one", 4))).containsExactly(e3);
    }
  }

  /**
   * The original's order (channels.py drops the eta of a job once it is due): with a capacity of
   * 1, a pending priority-5 job runs before a due retried priority-10 job; with equal priorities
   * the retried job, created first, runs first.
   */
  @DbTest
  void aDueEtaDoesNotBeatPriority(TestDb db) {
    try (Database database = ClaimerTest.open(db)) {
      Transactions tx = new Transactions(database.dataSource());
      Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
      Claimer claimer = claimer(database, "root:1");
      long retried = Jobs.insert(tx, "root", 10, null, t0);
      retry(tx, retried, now().minusSeconds(5)); // retried, and its eta is due
      long urgent = Jobs.insert(tx, "root", 5, null, t0.plusSeconds(1));
      assertThat(claimed(claim(tx, claimer, "one", 1))).as("priority 5 before the due retry of priority 10")
          .containsExactly(urgent);
      assertThat(claimed(claim(tx, claimer, "one", 1))).as("capacity 1").isEmpty();
      Jobs.setState(tx, urgent, "done");
      assertThat(claimed(claim(tx, claimer, "one", 1))).containsExactly(retried);
      Jobs.setState(tx, retried, "done");

      long older = Jobs.insert(tx, "root", 10, null, t0.plusSeconds(2));
      retry(tx, older, now().minusSeconds(5));
      long newer = Jobs.insert(tx, "root", 10, null, t0.plusSeconds(3));
      assertThat(claimed(claim(tx, claimer, "one", 1))).as("equal priorities: the retried job, older, first")
          .containsExactly(older);
      Jobs.setState(tx, older, "done");
      assertThat(claimed(claim(tx, claimer, "one", 1))).containsExactly(newer);
    }
  }

  /** A try ended by a retryable error: back to pending with an eta, as the worker writes it. */
  private static void retry(Transactions tx, long id, Instant eta) {
    sql(tx, "UPDATE queue_job SET state = 'pending', worker_id = NULL, date_enqueued = NULL, retry = 1, eta = ?"
        + " WHERE id = ?", RunnerSql.ts(eta), id);
  }

  // PostgreSQL only: on H2 (one runner process) claims take turns on the runner's own lock, not
  // on one in the database
  @DbTest("postgresql")
  void twoClaimsStartedTogetherHoldTheCapacityAndNeverShareAJob(TestDb db) throws Exception {
    try (Database database = ClaimerTest.open(db)) {
      Transactions tx = new Transactions(database.dataSource());
      Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
      for (int i = 0; i < 12; i++) {
        Jobs.insert(tx, "root", 10, null, t0.plusMillis(i));
      }
      Claimer one = claimer(database, "root:3");
      Claimer two = claimer(database, "root:3");
      ExecutorService threads = Executors.newFixedThreadPool(2);
      try {
        // many rounds: whichever claim wins the lock, the other must see its jobs as running
        for (int round = 0; round < 25; round++) {
          sql(tx, "UPDATE queue_job SET state = 'pending', worker_id = NULL, date_enqueued = NULL");
          CyclicBarrier together = new CyclicBarrier(2);
          Future<List<Long>> a = threads.submit(() -> {
            together.await(30, TimeUnit.SECONDS);
            return claimed(claim(tx, one, "one", 3));
          });
          Future<List<Long>> b = threads.submit(() -> {
            together.await(30, TimeUnit.SECONDS);
            return claimed(claim(tx, two, "two", 3));
          });
          List<Long> byOne = a.get(60, TimeUnit.SECONDS);
          List<Long> byTwo = b.get(60, TimeUnit.SECONDS);
          List<Long> all = new ArrayList<>(byOne);
          all.addAll(byTwo);
          Set<Long> distinct = new HashSet<>(all);
          assertThat(distinct).as("round %d: no job claimed twice (%s, %s)", round, byOne, byTwo).hasSameSizeAs(all);
          assertThat(all).as("round %d: root:3 holds across both claims (%s, %s)", round, byOne, byTwo).hasSize(3);
          assertThat(Jobs.column(tx, "SELECT COUNT(*) FROM queue_job WHERE state = 'enqueued'")).containsExactly("3");
        }
      } finally {
        threads.shutdownNow();
      }
    }
  }
}
