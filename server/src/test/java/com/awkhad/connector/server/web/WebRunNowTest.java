package com.awkhad.connector.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.awkhad.connector.framework.ConnectorJobs;
import com.awkhad.connector.framework.backend.Backends;
import com.awkhad.connector.queue.job.JobOptions;
import com.awkhad.connector.server.web.WebFixture.Reply;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** {@code POST /api/jobs/{uuid}/run-now} and {@code POST /api/jobs/run-now} over real HTTP, on H2 and PostgreSQL. */
class WebRunNowTest {
  private static final String ADMIN = "admin-token-0123456789abcdef";
  private static final String READER = "read-token-0123456789abcdef";
  private static final JobOptions IN_AN_HOUR = JobOptions.defaults().eta(Duration.ofHours(1));

  @DbTest
  void runsOneWaitingJobNowAndRefusesAFailedOneSayingToRequeueIt(TestDb db) {
    try (WebFixture f = WebFixture.start(db)) {
      String retrying = f.retrying(1); // pending again, due in 600 s
      String failed = f.failed("pump");
      assertThat(f.get("/api/jobs/" + retrying).json().get("actions").get("run-now").asBoolean()).isTrue();
      assertThat(f.get("/api/jobs/" + failed).json().get("actions").get("run-now").asBoolean()).isFalse();

      Reply ran = f.post("/api/jobs/" + retrying + "/run-now", "{}");
      assertThat(ran.status()).isEqualTo(200);
      assertThat(ran.json().get("changed").asBoolean()).isTrue();
      assertThat(ran.json().get("was").asText()).isEqualTo("retrying");
      assertThat(ran.json().get("message").asText()).startsWith("set to run now (was waiting to retry after try 1 of 5");
      assertThat(f.queue.job(retrying).orElseThrow().eta()).isCloseTo(Instant.now(), within(5, ChronoUnit.SECONDS));
      assertThat(f.queue.job(retrying).orElseThrow().retry()).isEqualTo(1);

      Reply refused = f.post("/api/jobs/" + failed + "/run-now", "{}");
      assertThat(refused.status()).isEqualTo(409);
      assertThat(refused.json().get("message").asText()).isEqualTo("is failed: to run it again, use requeue (its tries start over)");
    }
  }

  @DbTest
  void runsABackendsWaitingJobsNowInBulkWithADryRunFirstAndRefusesWhatItCannotDo(TestDb db) {
    try (WebFixture f = WebFixture.start(db)) {
      Backends backends = Backends.of(f.env);
      long kitchen = backends.newBackend("Kitchen machine", "coffee.backend").location("http://127.0.0.1:8070").create().id();
      long bar = backends.newBackend("Bar machine", "coffee.backend").location("http://127.0.0.1:8071").create().id();
      String k1 = f.queue.enqueue(ConnectorJobs.class, IN_AN_HOUR.model("coffee.product"), j -> j.importBatch(kitchen, "coffee.product", Map.of())).uuid();
      String k2 = f.queue.enqueue(ConnectorJobs.class, IN_AN_HOUR.model("coffee.product"), j -> j.importRecord(kitchen, "coffee.product", "7", false)).uuid();
      String kDue = f.queue.enqueue(ConnectorJobs.class, JobOptions.defaults().model("coffee.product"), j -> j.importRecord(kitchen, "coffee.product", "8", false)).uuid();
      String b1 = f.queue.enqueue(ConnectorJobs.class, IN_AN_HOUR.model("coffee.product"), j -> j.importBatch(bar, "coffee.product", Map.of())).uuid();

      JsonNode listed = f.get("/api/jobs?backend=" + java.net.URLEncoder.encode("Bar machine", java.nio.charset.StandardCharsets.UTF_8)).json();
      assertThat(listed.get("total").asLong()).isEqualTo(1);
      assertThat(listed.get("jobs").get(0).get("uuid").asText()).isEqualTo(b1);

      Reply dry = f.post("/api/jobs/run-now", "{\"filter\": {\"backend\": \"Kitchen machine\"}, \"dryRun\": true}");
      assertThat(dry.status()).isEqualTo(200);
      assertThat(dry.json().get("total").asLong()).as("the due job is not counted: it runs in its turn").isEqualTo(2);

      Reply bulk = f.post("/api/jobs/run-now", "{\"filter\": {\"backend\": \"Kitchen machine\"}}");
      assertThat(bulk.status()).isEqualTo(200);
      assertThat(bulk.json().get("changed").asInt()).isEqualTo(2);
      assertThat(bulk.json().get("summary").asText()).isEqualTo("2 jobs set to run now (2 scheduled)");
      assertThat(bulk.json().get("filter").get("waiting").asBoolean()).isTrue();
      Instant soon = Instant.now().plusSeconds(30);
      assertThat(f.queue.job(k1).orElseThrow().eta()).isBefore(soon);
      assertThat(f.queue.job(k2).orElseThrow().eta()).isBefore(soon);
      assertThat(f.queue.job(kDue).orElseThrow().eta()).isNull();
      assertThat(f.queue.job(b1).orElseThrow().eta()).isAfter(soon);

      Reply byId = f.post("/api/jobs/run-now", "{\"filter\": {\"state\": \"pending\", \"backend\": \"" + bar + "\"}}");
      assertThat(byId.json().get("summary").asText()).isEqualTo("1 job set to run now (1 scheduled)");

      Reply unknown = f.post("/api/jobs/run-now", "{\"filter\": {\"backend\": \"Garage\"}}");
      assertThat(unknown.status()).isEqualTo(400);
      assertThat(unknown.json().get("error").asText()).contains("No backend named 'Garage'", "'Kitchen machine' (id " + kitchen + ")");
      Reply failedState = f.post("/api/jobs/run-now", "{\"filter\": {\"state\": \"failed\"}}");
      assertThat(failedState.status()).isEqualTo(400);
      assertThat(failedState.json().get("error").asText())
          .isEqualTo("run-now takes pending jobs, not failed: to run them again, use POST /api/jobs/requeue");
      assertThat(f.post("/api/jobs/run-now", "{\"filter\": {}}").json().get("error").asText())
          .contains("Refusing to run-now every job: the filter is empty");
    }
  }

  @DbTest("h2")
  void runNowNeedsTheAdminToken(TestDb db) {
    try (WebFixture f = WebFixture.start(db, WebSettings.loopback(0).withToken(ADMIN).withReadToken(READER), null)) {
      String waiting = f.retrying(1);
      assertThat(f.withToken(null).post("/api/jobs/" + waiting + "/run-now", "{}").status()).isEqualTo(401);
      Reply reader = f.withToken(READER).post("/api/jobs/" + waiting + "/run-now", "{}");
      assertThat(reader.status()).isEqualTo(403);
      assertThat(reader.json().get("error").asText()).contains("A read-only token cannot change jobs (run-now,");
      assertThat(f.withToken(ADMIN).post("/api/jobs/" + waiting + "/run-now", "{}").status()).isEqualTo(200);
    }
  }
}
