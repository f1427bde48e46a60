package com.awkhad.connector.queue.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.base.addon.Addon;
import com.awkhad.connector.base.addon.Manifest;
import com.awkhad.connector.base.db.Database;
import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.base.db.Migrations;
import com.awkhad.connector.base.tx.Transactions;
import com.awkhad.connector.queue.channel.ChannelConfig;
import com.awkhad.connector.queue.channel.ChannelPlanner;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

class ClaimerTest {
  static final Addon SCHEMA = () -> Manifest.of("queue_job", "0.1.0").build();

  static Database open(TestDb db) {
    Database database = Database.open(DatabaseConfig.of(db.url(), db.user(), db.password()));
    Migrations.apply(database, SCHEMA.manifest().technicalName(), SCHEMA.getClass().getClassLoader());
    return database;
  }

  static Claimer claimer(Database db, String channels, String worker, int batch) {
    Transactions tx = new Transactions(db.dataSource());
    Leases leases = new Leases(RunnerSql.of(db.dialect()), tx, new ReentrantLock(), worker, Duration.ofSeconds(10),
        "test", 1, channels, 4);
    leases.register();
    return new Claimer(RunnerSql.of(db.dialect()), new ChannelPlanner(ChannelConfig.parse(channels)), batch);
  }

  static List<Claimer.Batch> claim(Transactions tx, Claimer claimer, String worker, int idle) {
    List<String> units = java.util.stream.IntStream.range(0, idle).mapToObj(i -> worker + "/" + i).toList();
    return tx.inNewTransaction(c -> Claims.claim(c, claimer, units)).batches();
  }

  @DbTest
  void capacitiesHoldAcrossTwoRunnersAndOrderIsPriorityDateSequence(TestDb db) {
    try (Database database = open(db)) {
      Transactions tx = new Transactions(database.dataSource());
      Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
      long a1 = Jobs.insert(tx, "root.a", 10, null, t0);
      long a2 = Jobs.insert(tx, "root.a", 10, null, t0);
      long b1 = Jobs.insert(tx, "root.b.x", 5, null, t0.plusSeconds(1));
      long b2 = Jobs.insert(tx, "root.b", 5, null, t0);
      long r1 = Jobs.insert(tx, "root.other", 20, t0, t0.plusSeconds(5)); // due eta: by priority, last
      long future = Jobs.insert(tx, "root", 0, Instant.now().plusSeconds(3600), t0);
      String spec = "root:3,a:1,b:1";
      Claimer one = claimer(database, spec, "one", 1);
      // two runners on PostgreSQL; H2 allows one runner process, so "two" is the same runner there
      String w2 = db.isPostgres() ? "two" : "one";
      Claimer two = db.isPostgres() ? claimer(database, spec, "two", 1) : one;
      List<Claimer.Batch> first = claim(tx, one, "one", 2);
      assertThat(first).extracting(b -> b.ids().get(0)).containsExactly(b2, a1);
      List<Claimer.Batch> second = claim(tx, two, w2, 4);
      assertThat(second).extracting(b -> b.ids().get(0)).containsExactly(r1); // root full: 3 units
      assertThat(claim(tx, one, "one", 4)).isEmpty();
      Jobs.setState(tx, b2, "done");
      assertThat(claim(tx, two, w2, 4)).extracting(b -> b.ids().get(0)).containsExactly(b1);
      Jobs.setState(tx, r1, "done");
      Jobs.setState(tx, a1, "done");
      assertThat(claim(tx, one, "one", 4)).extracting(b -> b.ids().get(0)).containsExactly(a2);
      assertThat(Jobs.state(tx, future)).isEqualTo("pending");
      assertThat(Jobs.column(tx, "SELECT worker_id FROM queue_job WHERE id = " + a2)).containsExactly("one/0");
    }
  }

  /**
   * Jobs of unconfigured channels run in their nearest configured ancestor, in claim order
   * (priority, date, sequence) across those channels, beside a deep backlog of a configured
   * sub-channel that the root must neither take nor walk; eta jobs due or not. On PostgreSQL the
   * root's and the sub-channel's other channels are read by a skip scan over the channel index.
   */
  @DbTest
  void unconfiguredChannelsRunInTheirConfiguredAncestorInClaimOrder(TestDb db) {
    try (Database database = open(db)) {
      Transactions tx = new Transactions(database.dataSource());
      Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
      for (int i = 0; i < 40; i++) {
        Jobs.insert(tx, "root.coffee", 10, null, t0.plusMillis(i)); // the deep backlog
      }
      long beans = Jobs.insert(tx, "root.coffee.beans", 1, null, t0.plusSeconds(9)); // unconfigured, below coffee
      long beansDue = Jobs.insert(tx, "root.coffee.beans", 0, t0, t0.plusSeconds(9)); // due eta, first of all
      long root = Jobs.insert(tx, "root", 10, null, t0.plusSeconds(3));
      long foo = Jobs.insert(tx, "foo", 5, null, t0.plusSeconds(5)); // not under root by name: still the root's
      long tea = Jobs.insert(tx, "root.tea", 10, null, t0.plusSeconds(1));
      long teaDue = Jobs.insert(tx, "root.tea", 10, t0, t0.plusSeconds(2));
      long later = Jobs.insert(tx, "root.tea", 0, Instant.now().plusSeconds(3600), t0);
      long coffeeLike = Jobs.insert(tx, "root.coffeeshop", 10, null, t0.plusSeconds(4)); // a sibling, not below coffee

      Claimer one = claimer(database, "root:5,root.coffee:2", "one", 10);
      java.util.Map<String, List<Long>> byChannel = new java.util.HashMap<>();
      for (Claimer.Batch b : claim(tx, one, "one", 2)) {
        byChannel.put(b.channel(), b.ids());
      }
      assertThat(byChannel.keySet()).containsExactlyInAnyOrder("root", "root.coffee");
      assertThat(byChannel.get("root")).as("the root's jobs, in claim order, no coffee job")
          .containsExactly(foo, tea, teaDue, root, coffeeLike);
      assertThat(Jobs.state(tx, later)).isEqualTo("pending");
      assertThat(byChannel.get("root.coffee").subList(0, 2)).as("the unconfigured channel below coffee, first by priority")
          .containsExactly(beansDue, beans);
      assertThat(byChannel.get("root.coffee")).hasSize(10);
    }
  }

  @DbTest
  void batchesSplitTheBacklogOverIdleUnits(TestDb db) {
    try (Database database = open(db)) {
      Transactions tx = new Transactions(database.dataSource());
      Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
      for (int i = 0; i < 50; i++) {
        Jobs.insert(tx, "root", 10, null, t0.plusMillis(i));
      }
      Claimer one = claimer(database, "root:4", "one", 10);
      List<Claimer.Batch> batches = claim(tx, one, "one", 4);
      assertThat(batches).hasSize(4).allSatisfy(b -> assertThat(b.ids()).hasSize(10));
      assertThat(Jobs.column(tx, "SELECT COUNT(*) FROM queue_job WHERE state = 'enqueued'")).containsExactly("40");
    }
  }

  @DbTest
  void sequentialChannelStopsOnAFailedJobAndThrottleSpacesStarts(TestDb db) {
    try (Database database = open(db)) {
      Transactions tx = new Transactions(database.dataSource());
      Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
      long s1 = Jobs.insert(tx, "root.s", 10, null, t0);
      long s2 = Jobs.insert(tx, "root.s", 10, null, t0.plusSeconds(1));
      long t1 = Jobs.insert(tx, "root.t", 10, null, t0);
      long t2 = Jobs.insert(tx, "root.t", 10, null, t0.plusSeconds(1));
      Claimer one = claimer(database, "root:4,s:1:sequential,t:2:throttle=3600", "one", 5);
      assertThat(claim(tx, one, "one", 4)).extracting(b -> b.ids()).containsExactlyInAnyOrder(List.of(s1), List.of(t1));
      Jobs.setState(tx, s1, "failed");
      assertThat(claim(tx, one, "one", 4)).isEmpty(); // s blocked by its failed job, t throttled
      Jobs.setState(tx, s1, "pending");
      assertThat(claim(tx, one, "one", 4)).extracting(b -> b.ids()).containsExactly(List.of(s1));
      assertThat(Jobs.state(tx, s2)).isEqualTo("pending");
      assertThat(Jobs.state(tx, t2)).isEqualTo("pending");
    }
  }

  @DbTest
  void deadRunnersJobsGoBackToPendingWithOneMoreTryOrFail(TestDb db) {
    try (Database database = open(db)) {
      Transactions tx = new Transactions(database.dataSource());
      Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
      long j1 = Jobs.insert(tx, "root", 10, null, t0);
      long j2 = Jobs.insert(tx, "root", 10, null, t0);
      tx.run(c -> c.createStatement().executeUpdate("UPDATE queue_job SET max_retries = 1 WHERE id = " + j2));
      Claimer dead = claimer(database, "root:4", "dead", 1);
      assertThat(claim(tx, dead, "dead", 2)).hasSize(2);
      tx.run(c -> c.createStatement().executeUpdate(
          "UPDATE queue_worker SET lease_until = date_created_placeholder WHERE worker_id = 'dead'"
              .replace("date_created_placeholder", "started_at")));
      Leases reaper = new Leases(RunnerSql.of(database.dialect()), tx, new ReentrantLock(), "alive",
          Duration.ofSeconds(10), "test", 2, "root:4", 4);
      reaper.register();
      assertThat(reaper.reapExpired()).isEqualTo(2);
      assertThat(Jobs.column(tx, "SELECT state || ':' || retry FROM queue_job WHERE id = " + j1)).containsExactly("pending:1");
      assertThat(Jobs.column(tx, "SELECT state || ':' || retry || ':' || exc_name FROM queue_job WHERE id = " + j2))
          .containsExactly("failed:1:JobFoundDead");
      assertThat(Jobs.column(tx, "SELECT exc_message FROM queue_job WHERE id = " + j2).get(0)).contains("found dead", "dead");
      assertThat(Jobs.column(tx, "SELECT worker_id FROM queue_worker")).containsExactly("alive");
      // the dead runner comes back and claims before registering again: its jobs are orphans
      assertThat(claim(tx, dead, "dead", 1)).hasSize(1);
      assertThat(reaper.reapExpired()).isEqualTo(1);
      assertThat(Jobs.column(tx, "SELECT state || ':' || retry FROM queue_job WHERE id = " + j1)).containsExactly("pending:2");
    }
  }

  @DbTest("h2")
  void h2RefusesASecondLiveRunner(TestDb db) {
    try (Database database = open(db)) {
      claimer(database, "root:1", "first", 1);
      assertThatThrownBy(() -> claimer(database, "root:1", "second", 1))
          .isInstanceOf(RunnerException.class).hasMessageContaining("H2 cannot coordinate several runner processes");
    }
  }
}
