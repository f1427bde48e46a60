package com.awkhad.connector.queue.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.awkhad.connector.base.addon.BaseAddon;
import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.Queue;
import com.awkhad.connector.queue.QueueJobAddon;
import com.awkhad.connector.queue.channel.ChannelConfig;
import com.awkhad.connector.queue.exec.Outcome;
import com.awkhad.connector.queue.job.JobJson;
import com.awkhad.connector.queue.job.JobOptions;
import com.awkhad.connector.queue.runner.Runner;
import com.awkhad.connector.queue.runner.RunnerOptions;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Notifications end to end: real jobs, a real runner, a real webhook receiver on 127.0.0.1. */
class WebhookNotificationsTest {
  static final String DELIVER = "com.awkhad.connector.queue.notify.NotifyJobs.deliver";

  /** A job that fails with a credential in its message; its argument must never reach a notification. */
  public static class Failing {
    public void run(String secretArg) {
      throw new IllegalStateException("Remote refused the login: password=hunter2\n  second line of the message");
    }
  }

  static Environment env(TestDb db) {
    return Environment.start(DatabaseConfig.of(db.url(), db.user(), db.password()).withPoolSize(12),
        List.of(new BaseAddon(), new QueueJobAddon()));
  }

  static long count(Environment env, String sql) {
    return env.tx().inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  static String deliveryUuid(Environment env) {
    return env.tx().inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT uuid FROM queue_job WHERE func_name = ?")) {
        ps.setString(1, DELIVER);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          String uuid = rs.getString(1);
          assertThat(rs.next()).as("one delivery job").isFalse();
          return uuid;
        }
      }
    });
  }

  static void failJobs(Environment env, int n) {
    env.tx().run(c -> {
      for (int i = 0; i < n; i++) {
        env.service(Queue.class).delay(Failing.class, JobOptions.defaults().maxRetries(1)).run("ARG-SECRET-" + i);
      }
    });
  }

  @DbTest
  void aFinalFailureSendsOneWebhookPostWithTheFunctionUuidAndRedactedErrorButNoArguments(TestDb db) throws Exception {
    try (LoopbackHook hook = new LoopbackHook(); Environment env = env(db)) {
      Notifier notifier = Notifications.start(env, List.of(new WebhookTarget("ops", hook.url(), WebhookTarget.Format.JSON)),
          Duration.ofHours(1), 5, "runner-test");
      failJobs(env, 1);
      try (Runner runner = Runner.start(env, RunnerOptions.of(ChannelConfig.parse("root:2")))) {
        await().atMost(Duration.ofSeconds(60)).until(() -> notifier.openWindows() == 1);
        notifier.flush();
        JsonNode body = JobJson.mapper().readTree(hook.next());
        String failedUuid = env.tx().inTransaction(c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT uuid FROM queue_job WHERE state = 'failed'");
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
          }
        });
        assertThat(body.get("source").asText()).isEqualTo("runner-test");
        assertThat(body.get("kind").asText()).isEqualTo("job.failed");
        assertThat(body.get("group").asText()).isEqualTo("job.failed root");
        assertThat(body.get("count").asInt()).isEqualTo(1);
        assertThat(body.get("title").asText()).isEqualTo("Job failed on root: WebhookNotificationsTest$Failing.run");
        JsonNode sample = body.get("samples").get(0);
        assertThat(sample.get("text").asText())
            .isEqualTo("java.lang.IllegalStateException: Remote refused the login: password=***");
        assertThat(sample.get("fields").get("uuid").asText()).isEqualTo(failedUuid);
        assertThat(sample.get("fields").get("function").asText())
            .isEqualTo("com.awkhad.connector.queue.notify.WebhookNotificationsTest$Failing.run");
        assertThat(sample.get("fields").get("channel").asText()).isEqualTo("root");
        assertThat(sample.get("fields").get("tries").asText()).isEqualTo("1 of 1");
        assertThat(body.toString()).doesNotContain("hunter2").doesNotContain("ARG-SECRET").doesNotContain("second line");
        await().atMost(Duration.ofSeconds(60))
            .until(() -> count(env, "SELECT COUNT(*) FROM queue_job WHERE func_name = '" + DELIVER + "' AND state = 'done'") == 1);
        assertThat(hook.posts.get()).isEqualTo(1);
        assertThat(count(env, "SELECT COUNT(*) FROM queue_job WHERE func_name = '" + DELIVER + "' AND channel = 'root.notify'"))
            .isEqualTo(1);
      }
    }
  }

  @DbTest
  void fiftyFailuresWithinTheWindowSendOneMessageSayingFifty(TestDb db) throws Exception {
    try (LoopbackHook hook = new LoopbackHook(); Environment env = env(db)) {
      Notifier notifier = Notifications.start(env, List.of(new WebhookTarget("ops", hook.url(), WebhookTarget.Format.JSON)),
          Duration.ofHours(1), 5, "runner-test");
      AtomicInteger failures = new AtomicInteger();
      env.service(Queue.class).executor().addOutcomeListener((job, outcome, t) -> {
        if (outcome instanceof Outcome.Failed) {
          failures.incrementAndGet(); // told after the notifier's listener, in the same callback
        }
      });
      failJobs(env, 50);
      try (Runner runner = Runner.start(env, RunnerOptions.of(ChannelConfig.parse("root:2")))) {
        await().atMost(Duration.ofSeconds(120)).until(() -> failures.get() == 50);
        notifier.flush();
        JsonNode body = JobJson.mapper().readTree(hook.next());
        assertThat(body.get("count").asInt()).isEqualTo(50);
        assertThat(body.get("samples")).hasSize(5);
        assertThat(body.get("title").asText()).startsWith("Job failed on root: WebhookNotificationsTest$Failing.run (and 49 more");
        assertThat(body.get("text").asText()).startsWith("50 notices of group 'job.failed root'")
            .endsWith("... and 45 more not listed here.");
        await().atMost(Duration.ofSeconds(60))
            .until(() -> count(env, "SELECT COUNT(*) FROM queue_job WHERE func_name = '" + DELIVER + "' AND state = 'done'") == 1);
        assertThat(count(env, "SELECT COUNT(*) FROM queue_job WHERE func_name = '" + DELIVER + "'")).isEqualTo(1);
        assertThat(hook.posts.get()).isEqualTo(1);
      }
    }
  }

  @DbTest
  void aWebhookThatIsDownIsRetriedAfterItsRetryAfterAndDeliveredOnceUp(TestDb db) throws Exception {
    try (LoopbackHook hook = new LoopbackHook(); Environment env = env(db)) {
      Notifier notifier = Notifications.start(env, List.of(new WebhookTarget("ops", hook.url(), WebhookTarget.Format.JSON)),
          Duration.ofHours(1), 5, "runner-test");
      hook.status.set(503);
      notifier.post(NotifierTest.failure(1, "root.coffee"));
      notifier.flush();
      String uuid = deliveryUuid(env);
      Instant before = Instant.now();
      Outcome first = env.service(Queue.class).executor().runNow(uuid);
      assertThat(first).isInstanceOf(Outcome.Retry.class);
      Outcome.Retry retry = (Outcome.Retry) first;
      assertThat(retry.message()).startsWith("webhook 'ops' (json, http://127.0.0.1:").contains("answered 503")
          .contains("Retry-After 7 s").doesNotContain("SECRETPATH");
      assertThat(retry.eta()).isBetween(before.plusSeconds(6), Instant.now().plusSeconds(8));
      assertThat(hook.bodies).isEmpty();

      hook.status.set(200);
      assertThat(env.service(Queue.class).executor().runNow(uuid)).isInstanceOf(Outcome.Done.class);
      JsonNode body = JobJson.mapper().readTree(hook.next());
      assertThat(body.get("title").asText()).isEqualTo("Job failed on root.coffee: Jobs.run");
      assertThat(hook.posts.get()).isEqualTo(2);
    }
  }

  @DbTest
  void theSlackFormatPostsOnlyATextField(TestDb db) throws Exception {
    try (LoopbackHook hook = new LoopbackHook(); Environment env = env(db)) {
      Notifier notifier = Notifications.start(env, List.of(new WebhookTarget("chat", hook.url(), WebhookTarget.Format.SLACK)),
          Duration.ofHours(1), 5, null);
      notifier.post(Notice.of("job.failed", "Job failed on root: A<B>.run").withText("IOException: refused & reset")
          .withField("uuid", "u-1"));
      notifier.flush();
      assertThat(env.service(Queue.class).executor().runNow(deliveryUuid(env))).isInstanceOf(Outcome.Done.class);
      assertThat(hook.next()).isEqualTo("{\"text\":\"*Job failed on root: A&lt;B&gt;.run*\\n```IOException: refused &amp; reset"
          + "\\nuuid: u-1```\"}");
    }
  }

  @DbTest
  void aRefusedDeliveryFailsWithoutRetryAndIsNotItselfNotified(TestDb db) throws Exception {
    try (LoopbackHook hook = new LoopbackHook(); Environment env = env(db)) {
      Notifier notifier = Notifications.start(env, List.of(new WebhookTarget("ops", hook.url(), WebhookTarget.Format.JSON)),
          Duration.ofHours(1), 5, null);
      hook.status.set(404);
      notifier.post(NotifierTest.failure(1, "root"));
      notifier.flush();
      Outcome o = env.service(Queue.class).executor().runNow(deliveryUuid(env));
      assertThat(o).isInstanceOf(Outcome.Failed.class);
      assertThat(((Outcome.Failed) o).message()).contains("answered 404").contains("Not retried");
      assertThat(notifier.openWindows()).isZero();
    }
  }
}
