package com.awkhad.connector.queue.recurring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.awkhad.connector.base.addon.BaseAddon;
import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.QueueJobAddon;
import com.awkhad.connector.queue.channel.ChannelConfig;
import com.awkhad.connector.queue.runner.Runner;
import com.awkhad.connector.queue.runner.RunnerOptions;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RecurringJobsTest {

  /** The recurring job target of these tests. */
  public static class Ping {
    public void ping(String who) {
      // the job's effect is its done state
    }
  }

  static Environment start(TestDb db) {
    return Environment.start(DatabaseConfig.of(db.url(), db.user(), db.password()).withPoolSize(12),
        List.of(new BaseAddon(), new QueueJobAddon()));
  }

  static List<String> keys(Environment env) {
    return env.tx().inNewTransaction(c -> {
      List<String> out = new ArrayList<>();
      try (ResultSet rs = c.createStatement().executeQuery("SELECT identity_key FROM queue_job ORDER BY id")) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    });
  }

  @Test
  void cronAndIntervalSchedules() {
    Instant t = Instant.parse("2026-03-01T10:07:30Z");
    assertThat(Schedule.cron("*/15 * * * *").next(t)).isEqualTo(Instant.parse("2026-03-01T10:15:00Z"));
    assertThat(Schedule.cron("0 2 * * *", ZoneId.of("Europe/Paris")).next(t)).isEqualTo(Instant.parse("2026-03-02T01:00:00Z"));
    assertThat(Schedule.every(Duration.ofMinutes(5)).next(t)).isEqualTo(Instant.parse("2026-03-01T10:12:30Z"));
    assertThat(((Schedule.Every) Schedule.every(Duration.ofMinutes(5))).nextFrom(t, t.plusSeconds(901)))
        .isEqualTo(t.plusSeconds(1200));
    assertThatThrownBy(() -> Schedule.cron("every monday")).hasMessageContaining("Invalid cron expression 'every monday'");
    assertThatThrownBy(() -> Schedule.every(Duration.ofMillis(10))).hasMessageContaining("at least 1 second");
  }

  @DbTest
  void eachDueTimeIsEnqueuedOnceEvenWithConcurrentSchedulers(TestDb db) throws Exception {
    try (Environment env = start(db)) {
      RecurringJobs recurring = RecurringJobs.of(env);
      recurring.define("ping", Schedule.every(Duration.ofSeconds(60)), Ping.class, p -> p.ping("a"));
      Instant next = recurring.list().get(0).nextRunAt();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          calls.add(() -> recurring.enqueueDue(next.plusSeconds(1)));
        }
        int total = 0;
        for (Future<Integer> f : pool.invokeAll(calls)) {
          total += f.get();
        }
        assertThat(total).isEqualTo(1);
      } finally {
        pool.shutdown();
      }
      assertThat(keys(env)).containsExactly("recurring:ping:" + next);
      assertThat(recurring.list().get(0).nextRunAt()).isEqualTo(next.plusSeconds(60));
      assertThat(recurring.list().get(0).lastRunAt()).isEqualTo(next);
      assertThat(recurring.enqueueDue(next.plusSeconds(59))).isZero();
    }
  }

  @DbTest
  void missedRunsAfterDowntimeRunOnceOrAreSkipped(TestDb db) {
    try (Environment env = start(db)) {
      RecurringJobs recurring = RecurringJobs.of(env);
      recurring.define("once", Schedule.every(Duration.ofSeconds(60)), MissedRuns.RUN_ONCE, Ping.class, p -> p.ping("o"));
      recurring.define("skip", Schedule.every(Duration.ofSeconds(60)), MissedRuns.SKIP, Ping.class, p -> p.ping("s"));
      Instant due = recurring.list().get(0).nextRunAt();
      Instant afterDowntime = due.plusSeconds(600 + 30); // ten periods missed
      assertThat(recurring.enqueueDue(afterDowntime)).isEqualTo(1);
      assertThat(keys(env)).containsExactly("recurring:once:" + recurring.list().stream()
          .filter(r -> r.name().equals("once")).findFirst().orElseThrow().lastRunAt());
      assertThat(recurring.list()).allSatisfy(r -> assertThat(r.nextRunAt()).isAfter(afterDowntime));
      assertThat(recurring.list().stream().filter(r -> r.name().equals("skip")).findFirst().orElseThrow().lastRunAt()).isNull();
    }
  }

  @DbTest
  void redefiningKeepsTheNextRunUnlessTheScheduleChanged(TestDb db) {
    try (Environment env = start(db)) {
      RecurringJobs recurring = RecurringJobs.of(env);
      recurring.define("r", Schedule.cron("0 3 * * *"), Ping.class, p -> p.ping("1"));
      Instant first = recurring.list().get(0).nextRunAt();
      recurring.define("r", Schedule.cron("0 3 * * *"), Ping.class, p -> p.ping("2"));
      assertThat(recurring.list()).hasSize(1);
      assertThat(recurring.list().get(0).nextRunAt()).isEqualTo(first);
      assertThat(recurring.list().get(0).args()).contains("2");
      recurring.define("r", Schedule.every(Duration.ofHours(1)), Ping.class, p -> p.ping("3"));
      assertThat(recurring.list().get(0).schedule().describe()).isEqualTo("every 3600s");
      assertThat(recurring.remove("r")).isTrue();
      assertThat(recurring.list()).isEmpty();
    }
  }

  @DbTest
  void runnersEnqueueAndRunDueRecurringJobs(TestDb db) {
    try (Environment env = start(db)) {
      RecurringJobs.of(env).define("tick", Schedule.every(Duration.ofSeconds(1)), Ping.class, p -> p.ping("t"));
      try (Runner runner = Runner.start(env, RunnerOptions.of(ChannelConfig.parse("root:2"))
          .withLease(Duration.ofMillis(200), Duration.ofSeconds(2)))) {
        await().atMost(Duration.ofSeconds(20)).until(() -> env.tx().inNewTransaction(c -> {
          try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM queue_job WHERE state = 'done'")) {
            rs.next();
            return rs.getInt(1);
          }
        }) >= 2);
        // a worker counts its jobs once its commit returned, a moment after others can see them
        await().atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(runner.stats().done()).isGreaterThanOrEqualTo(2));
      }
    }
  }
}
