package com.awkhad.connector.queue.recurring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.Queue;
import com.awkhad.connector.queue.channel.ChannelConfig;
import com.awkhad.connector.queue.exec.Outcome;
import com.awkhad.connector.queue.job.JobHandle;
import com.awkhad.connector.queue.job.JobOptions;
import com.awkhad.connector.queue.runner.Runner;
import com.awkhad.connector.queue.runner.RunnerOptions;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in autovacuum: a runner installs it as a daily recurring job (once: a disabled one
 * stays disabled), and its job deletes the done and cancelled jobs older than their channel's
 * removal interval (the channel's own, its nearest ancestor's, else 30 days), keeping the rest.
 */
class AutovacuumTest {

  private static List<String> remaining(Environment env) {
    return env.tx().inNewTransaction(c -> {
      List<String> out = new ArrayList<>();
      try (ResultSet rs = c.createStatement().executeQuery(
          "SELECT args FROM queue_job WHERE func_name NOT LIKE '%Autovacuum%' ORDER BY id")) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    });
  }

  private static void finishedDaysAgo(Environment env, String state, int days, String args) {
    String column = state.equals("done") ? "date_done" : "date_cancelled";
    env.tx().run(c -> c.createStatement().executeUpdate("UPDATE queue_job SET state = '" + state + "', " + column
        + " = CURRENT_TIMESTAMP - INTERVAL '" + days + "' DAY WHERE args = '[\"" + args + "\"]'"));
  }

  @DbTest
  void aRunnerInstallsTheDailyAutovacuumWhoseJobDeletesOldFinishedJobsPerChannel(TestDb db) {
    try (Environment env = RecurringJobsTest.start(db)) {
      Queue queue = env.service(Queue.class);
      try (Runner runner = Runner.start(env, RunnerOptions.of(ChannelConfig.parse("root:1"))
          .withPollInterval(Duration.ofMinutes(10)))) {
        assertThat(RecurringJobs.of(env).list()).extracting(RecurringJob::name).contains(Autovacuum.NAME);
      }
      RecurringJob def = RecurringJobs.of(env).list().stream().filter(r -> r.name().equals(Autovacuum.NAME)).findFirst()
          .orElseThrow();
      assertThat(def.schedule()).isEqualTo(Schedule.every(Duration.ofDays(1)));
      assertThat(def.enabled()).isTrue();

      queue.admin().setRemovalInterval("imports", 7);
      for (String name : List.of("old root", "recent root", "old import", "recent import", "old import child",
          "old cancelled", "pending")) {
        String channel = name.contains("import") ? (name.contains("child") ? "root.imports.orders" : "root.imports")
            : "root";
        queue.enqueue(RecurringJobsTest.Ping.class, JobOptions.defaults().channel(channel), p -> p.ping(name));
      }
      finishedDaysAgo(env, "done", 31, "old root");
      finishedDaysAgo(env, "done", 20, "recent root");
      finishedDaysAgo(env, "done", 8, "old import");
      finishedDaysAgo(env, "done", 6, "recent import");
      finishedDaysAgo(env, "done", 8, "old import child"); // no interval of its own: root.imports's
      finishedDaysAgo(env, "cancelled", 31, "old cancelled");

      // the definition falls due; a heartbeat enqueues its job, which a runner runs
      env.tx().run(c -> c.createStatement().executeUpdate(
          "UPDATE queue_job_recurring SET next_run_at = CURRENT_TIMESTAMP - INTERVAL '1' MINUTE WHERE name = '"
              + Autovacuum.NAME + "'"));
      assertThat(RecurringJobs.of(env).enqueueDue()).isEqualTo(1);
      String uuid = RecurringJobs.of(env).list().stream().filter(r -> r.name().equals(Autovacuum.NAME)).findFirst()
          .orElseThrow().lastJobUuid();
      Outcome outcome = queue.executor().runNow(uuid);

      assertThat(outcome).isInstanceOf(Outcome.Done.class);
      assertThat(((Outcome.Done) outcome).result()).isEqualTo("4");
      assertThat(remaining(env)).containsExactly("[\"recent root\"]", "[\"recent import\"]", "[\"pending\"]");
      assertThat(queue.admin().removalIntervals()).containsEntry("root", 30).containsEntry("root.imports", 7);
    }
  }

  @DbTest
  void aDisabledAutovacuumStaysDisabledAcrossRunnerStarts(TestDb db) {
    try (Environment env = RecurringJobsTest.start(db)) {
      assertThat(Autovacuum.install(env)).isTrue();
      RecurringJobs.of(env).setEnabled(Autovacuum.NAME, false);
      try (Runner runner = Runner.start(env, RunnerOptions.of(ChannelConfig.parse("root:1")))) {
        assertThat(Autovacuum.install(env)).isFalse();
      }
      assertThat(RecurringJobs.of(env).list()).filteredOn(r -> r.name().equals(Autovacuum.NAME))
          .extracting(RecurringJob::enabled).containsExactly(false);
      assertThatThrownBy(() -> env.service(Queue.class).admin().setRemovalInterval("root", 0))
          .hasMessageContaining("at least 1 day").hasMessageContaining("disable the autovacuum");
      assertThatThrownBy(() -> RecurringJobs.of(env).setEnabled("nope", true)).hasMessageContaining("No recurring job named 'nope'");
    }
  }
}
