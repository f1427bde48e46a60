package com.awkhad.connector.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.Queue;
import com.awkhad.connector.queue.channel.ChannelConfig;
import com.awkhad.connector.queue.job.JobOptions;
import com.awkhad.connector.queue.job.JobState;
import com.awkhad.connector.queue.recurring.RecurringJobs;
import com.awkhad.connector.queue.recurring.Schedule;
import com.awkhad.connector.queue.runner.Runner;
import com.awkhad.connector.queue.runner.RunnerOptions;
import com.awkhad.connector.server.web.WebFixture.Jobs;
import com.awkhad.connector.server.web.WebFixture.Reply;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;

/** Overview, channels, runners, recurring jobs, health and metrics with a runner in the process. */
class WebQueueTest {
  private static final String BOOM = Jobs.class.getName() + ".boom";
  private static final String FINE = Jobs.class.getName() + ".fine";

  private static Runner runner(Environment env) {
    return Runner.start(env, RunnerOptions.of(ChannelConfig.parse("root:2,shop:1"))
        .withLease(Duration.ofMillis(200), Duration.ofSeconds(2)).withPollInterval(Duration.ofMillis(200)));
  }

  private static JsonNode find(JsonNode array, String field, String value) {
    for (JsonNode n : array) {
      if (value.equals(n.get(field).asText())) {
        return n;
      }
    }
    throw new AssertionError("no element with " + field + " = " + value + " in " + array);
  }

  @DbTest
  void overviewShowsCountsFailureGroupsChannelsWithCapacitiesAndTheLiveRunner(TestDb db) {
    Environment env = WebFixture.environment(db);
    try (Runner runner = runner(env); WebFixture f = WebFixture.on(env, WebSettings.loopback(0), runner)) {
      Queue queue = f.queue;
      for (int i = 0; i < 3; i++) {
        queue.delay(Jobs.class).fine(i);
      }
      queue.enqueue(Jobs.class, JobOptions.defaults().channel("root.shop").maxRetries(1), j -> j.boom("pump"));
      await().atMost(Duration.ofSeconds(30)).until(() -> queue.admin().countByState().get(JobState.DONE) == 3
          && queue.admin().countByState().get(JobState.FAILED) == 1);
      RecurringJobs.of(env).define("nightly", Schedule.cron("0 2 * * *"), Jobs.class, j -> j.fine(9));

      JsonNode o = f.get("/api/overview").json();
      assertThat(o.get("counts").get("done").asLong()).isEqualTo(3);
      assertThat(o.get("counts").get("failed").asLong()).isEqualTo(1);
      assertThat(o.get("total").asLong()).isEqualTo(4);
      JsonNode group = o.get("failures").get("groups").get(0);
      assertThat(group.get("function").asText()).isEqualTo(BOOM);
      assertThat(group.get("error").asText()).isEqualTo("Machine on fire: pump");
      JsonNode shop = find(o.get("channels"), "name", "root.shop");
      assertThat(shop.get("configured").asBoolean()).isTrue();
      assertThat(shop.get("capacity").asInt()).isEqualTo(1);
      assertThat(shop.get("failed").asLong()).isEqualTo(1);
      assertThat(find(o.get("channels"), "name", "root").get("capacity").asInt()).isEqualTo(2);
      assertThat(o.get("channelsConfiguredBy").asText()).contains("this process");
      JsonNode me = find(o.get("runners"), "id", runner.workerId());
      assertThat(me.get("alive").asBoolean()).isTrue();
      assertThat(me.get("thisProcess").asBoolean()).isTrue();
      assertThat(me.get("workers").asInt()).isEqualTo(2);
      assertThat(o.get("thisRunner").asText()).isEqualTo(runner.workerId());

      JsonNode counts = f.get("/api/counts").json();
      assertThat(counts.get("byChannel").get("root.shop").get("failed").asLong()).isEqualTo(1);
      assertThat(counts.get("byChannel").get("root").get("done").asLong()).isEqualTo(3);
      assertThat(counts.get("byState").get("done").asLong()).isEqualTo(3);

      assertThat(f.get("/api/channels").json().get("channels").toString()).contains("root.shop");
      assertThat(f.get("/api/runners").json().get("runners").get(0).get("host").asText()).isNotBlank();
      JsonNode recurring = f.get("/api/recurring").json().get("recurring").get(0);
      assertThat(recurring.get("name").asText()).isEqualTo("nightly");
      assertThat(recurring.get("schedule").asText()).isEqualTo("0 2 * * *");
      assertThat(recurring.get("function").asText()).isEqualTo(FINE);
      assertThat(recurring.get("nextRunAt").asText()).endsWith("T02:00:00Z");

      assertThat(f.get("/api/capture").json().get("pending").asLong()).isZero();
      env.tx().run(c -> {
        try (var s = c.createStatement()) {   // a change as a capture trigger writes it
          s.executeUpdate("INSERT INTO record_change (model, record_id, op, fields) VALUES ('app.order', 7, 'write', 'note')");
        }
      });
      JsonNode capture = f.get("/api/capture").json();
      assertThat(capture.get("pending").asLong()).isEqualTo(1);
      assertThat(capture.get("oldestAgeMs").asLong()).isNotNegative();
      assertThat(capture.get("oldestAt").asText()).isNotBlank();
    }
  }

  @DbTest
  void healthIsUpWithALiveRunnerAndDownSayingWhyWhenTheRunnerOrTheDatabaseStops(TestDb db) {
    Environment env = WebFixture.environment(db);
    Runner runner = runner(env);
    try (WebFixture f = WebFixture.on(env, WebSettings.loopback(0), runner)) {
      Reply up = f.get("/health");
      assertThat(up.status()).isEqualTo(200);
      assertThat(up.json().get("status").asText()).isEqualTo("up");
      assertThat(up.json().get("database").get("status").asText()).isEqualTo("up");
      assertThat(up.json().get("runner").get("id").asText()).isEqualTo(runner.workerId());

      runner.close();
      Reply noRunner = f.get("/health");
      assertThat(noRunner.status()).isEqualTo(503);
      assertThat(noRunner.json().get("runner").get("status").asText()).isEqualTo("down");
      assertThat(noRunner.json().get("runner").get("error").asText()).contains("no lease");

      env.database().close();
      Reply noDatabase = f.get("/health");
      assertThat(noDatabase.status()).isEqualTo(503);
      assertThat(noDatabase.json().get("database").get("status").asText()).isEqualTo("down");
      assertThat(noDatabase.json().get("database").get("error").asText()).isNotBlank();
    } finally {
      runner.close();
    }
  }

  @DbTest
  void healthWithoutARunnerChecksTheDatabaseOnly(TestDb db) {
    try (WebFixture f = WebFixture.start(db)) {
      Reply up = f.get("/health");
      assertThat(up.status()).isEqualTo(200);
      assertThat(up.json().has("runner")).isFalse();
    }
  }

  @DbTest
  void metricsGiveJobsByStateAndChannelOutcomesPerFunctionRunnersAndTheJvm(TestDb db) {
    Environment env = WebFixture.environment(db);
    try (Runner runner = runner(env); WebFixture f = WebFixture.on(env, WebSettings.loopback(0), runner)) {
      f.queue.delay(Jobs.class).fine(1);
      f.queue.delay(Jobs.class).fine(2);
      f.queue.enqueue(Jobs.class, JobOptions.defaults().channel("root.shop").maxRetries(1), j -> j.boom("pump"));
      await().atMost(Duration.ofSeconds(30)).until(() -> f.queue.admin().countByState().get(JobState.DONE) == 2
          && f.queue.admin().countByState().get(JobState.FAILED) == 1);
      f.queue.delay(Jobs.class, JobOptions.defaults().etaSeconds(3600)).fine(3); // pending, not due

      Reply r = f.get("/metrics");

      assertThat(r.status()).isEqualTo(200);
      assertThat(r.raw().headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
      String text = r.body();
      assertThat(text).containsPattern("connector_jobs\\{channel=\"root.shop\",state=\"failed\"} 1(\\.0)?\\n");
      assertThat(text).containsPattern("connector_jobs\\{channel=\"root\",state=\"done\"} 2(\\.0)?\\n");
      assertThat(text).containsPattern("connector_jobs\\{channel=\"root\",state=\"pending\"} 1(\\.0)?\\n");
      assertThat(text).containsPattern("connector_jobs_executed_total\\{function=\"" + FINE.replace("$", "\\$") + "\"} 2(\\.0)?\\n");
      assertThat(text).containsPattern("connector_jobs_done_total\\{function=\"" + FINE.replace("$", "\\$") + "\"} 2(\\.0)?\\n");
      assertThat(text).containsPattern("connector_jobs_failed_total\\{function=\"" + BOOM.replace("$", "\\$") + "\"} 1(\\.0)?\\n");
      assertThat(text).containsPattern("connector_job_duration_seconds_count\\{function=\"" + BOOM.replace("$", "\\$")
          + "\",outcome=\"failed\"} 1(\\.0)?\\n");
      assertThat(text).contains("connector_job_duration_seconds_bucket{");
      assertThat(text).containsPattern("connector_runners\\{status=\"alive\"} 1(\\.0)?\\n");
      assertThat(text).containsPattern("connector_runner_claimed_total 3(\\.0)?\\n");
      // the runner is in this process: no hint from it, and its one-trip starts depend on timing
      assertThat(text).containsPattern("connector_runner_wake_hints_total 0(\\.0)?\\n");
      assertThat(text).contains("connector_runner_one_trip_starts_total ");
      assertThat(text).contains("connector_runner_at_commit_claims_total ");
      assertThat(text).contains("connector_runner_savepoint_reruns_total ");
      assertThat(text).contains("jvm_memory_used_bytes{", "jvm_threads_live_threads", "process_uptime_seconds");

      assertThat(text).containsPattern("connector_jobs_oldest_due_seconds 0(\\.0)?\n"); // the pending job is not due

      // the queue's gauges are cached: a scrape right after reads the same counts without asking the database
      f.queue.delay(Jobs.class, JobOptions.defaults().etaSeconds(3600)).fine(4);
      assertThat(f.get("/metrics").body()).containsPattern("connector_jobs\\{channel=\"root\",state=\"pending\"} 1(\\.0)?\\n");
    }
  }

  @DbTest
  void metricsTellHowLongTheOldestDueJobHasBeenWaiting(TestDb db) {
    try (WebFixture f = WebFixture.start(db)) {
      String uuid = f.pending(1);
      f.env.tx().run(c -> {
        try (java.sql.PreparedStatement ps = c.prepareStatement("UPDATE queue_job SET date_created = ? WHERE uuid = ?")) {
          ps.setObject(1, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusHours(1));
          ps.setString(2, uuid);
          ps.executeUpdate();
        }
      });

      java.util.regex.Matcher m = java.util.regex.Pattern.compile("connector_jobs_oldest_due_seconds ([0-9.E]+)\n")
          .matcher(f.get("/metrics").body());

      assertThat(m.find()).isTrue();
      assertThat(Double.parseDouble(m.group(1))).isBetween(3600.0, 3700.0);
    }
  }

  @DbTest
  void backendsShowNameTypeAndLocationButNeverTheSecret(TestDb db) {
    try (WebFixture f = WebFixture.start(db)) {
      com.awkhad.connector.coffee.CoffeeBackends.create(f.env, "Kitchen", "http://127.0.0.1:9/", "demo",
          com.awkhad.connector.framework.backend.Secret.of("tok-Secret-4711"));

      JsonNode b = f.get("/api/backends").json().get("backends").get(0);

      assertThat(b.get("name").asText()).isEqualTo("Kitchen");
      assertThat(b.get("type").asText()).isEqualTo("coffee.backend");
      assertThat(b.get("location").asText()).isEqualTo("http://127.0.0.1:9/");
      assertThat(b.get("active").asBoolean()).isTrue();
      assertThat(b.has("secret")).isFalse();
      assertThat(b.toString()).doesNotContain("tok-Secret-4711");
      assertThat(Map.of("settings", b.get("settings").isArray())).containsEntry("settings", true);
    }
  }
}
