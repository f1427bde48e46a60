package com.awkhad.connector.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.awkhad.connector.queue.delay.Delayable;
import com.awkhad.connector.queue.job.JobHandle;
import com.awkhad.connector.queue.job.JobState;
import com.awkhad.connector.server.web.WebFixture.Jobs;
import com.awkhad.connector.server.web.WebFixture.Reply;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The REST API over real HTTP on loopback, on H2 and PostgreSQL. */
class WebApiTest {
  private static final String BOOM = Jobs.class.getName() + ".boom";

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.get(field).isNull() ? null : n.get(field).asText()));
    return out;
  }

  @DbTest
  void listsJobsNewestFirstWithFiltersCountsAndPages(TestDb db) {
    try (WebFixture f = WebFixture.start(db)) {
      String done = f.done(1);
      String fire1 = f.failed("pump");
      String fire2 = f.failed("grinder");
      String refused = f.failedRefuse(42);
      String pending = f.pending(7);

      JsonNode all = f.get("/api/jobs").json();
      assertThat(texts(all.get("jobs"), "uuid")).containsExactly(pending, refused, fire2, fire1, done);
      assertThat(all.get("total").asLong()).isEqualTo(5);
      assertThat(all.get("countsByState").get("failed").asLong()).isEqualTo(3);
      assertThat(all.get("countsByState").get("done").asLong()).isEqualTo(1);

      JsonNode failed = f.get("/api/jobs?state=failed").json();
      assertThat(texts(failed.get("jobs"), "uuid")).containsExactly(refused, fire2, fire1);
      assertThat(failed.get("total").asLong()).isEqualTo(3);
      JsonNode row = failed.get("jobs").get(1);
      assertThat(row.get("error").asText()).isEqualTo("Machine on fire: grinder");
      assertThat(row.get("excName").asText()).isEqualTo("java.lang.IllegalStateException");
      assertThat(row.get("function").asText()).isEqualTo(BOOM);
      assertThat(row.get("channel").asText()).isEqualTo("root.shop");

      assertThat(texts(f.get("/api/jobs?state=failed,done").json().get("jobs"), "uuid")).hasSize(4);
      assertThat(texts(f.get("/api/jobs?function=boom").json().get("jobs"), "uuid")).containsExactly(fire2, fire1);
      assertThat(texts(f.get("/api/jobs?function=" + enc(BOOM)).json().get("jobs"), "uuid")).containsExactly(fire2, fire1);
      assertThat(texts(f.get("/api/jobs?channel=shop").json().get("jobs"), "uuid")).containsExactly(fire2, fire1);
      assertThat(texts(f.get("/api/jobs?q=GRINDER").json().get("jobs"), "uuid")).containsExactly(fire2);
      assertThat(texts(f.get("/api/jobs?q=" + enc("order 42")).json().get("jobs"), "uuid")).containsExactly(refused);
      assertThat(texts(f.get("/api/jobs?q=" + pending.substring(0, 8)).json().get("jobs"), "uuid")).containsExactly(pending);
      assertThat(texts(f.get("/api/jobs?q=50%25_off").json().get("jobs"), "uuid")).isEmpty();
      assertThat(texts(f.get("/api/jobs?exc=java.lang.IllegalArgumentException").json().get("jobs"), "uuid"))
          .containsExactly(refused);
      JsonNode group = f.get("/api/jobs?state=failed&function=boom&error=" + enc("Machine on fire: pump")).json();
      assertThat(texts(group.get("jobs"), "uuid")).containsExactly(fire1);

      JsonNode page = f.get("/api/jobs?limit=2&offset=1").json();
      assertThat(texts(page.get("jobs"), "uuid")).containsExactly(refused, fire2);
      assertThat(page.get("total").asLong()).isEqualTo(5);
      assertThat(page.get("limit").asInt()).isEqualTo(2);
      assertThat(page.get("offset").asInt()).isEqualTo(1);
    }
  }

  @DbTest
  void showsOneJobInFullWithItsTracebackAndWhatCanBeDoneWithIt(TestDb db) {
    try (WebFixture f = WebFixture.start(db)) {
      String uuid = f.failed("pump");

      JsonNode j = f.get("/api/jobs/" + uuid).json();

      assertThat(j.get("uuid").asText()).isEqualTo(uuid);
      assertThat(j.get("state").asText()).isEqualTo("failed");
      assertThat(j.get("function").asText()).isEqualTo(BOOM);
      assertThat(j.get("arguments").isArray()).isTrue();
      assertThat(j.get("arguments").get(0).asText()).isEqualTo("pump");
      assertThat(j.get("retry").asInt()).isEqualTo(1);
      assertThat(j.get("maxRetries").asInt()).isEqualTo(5);
      assertThat(j.get("channel").asText()).isEqualTo("root.shop");
      assertThat(j.get("dateCreated").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
      JsonNode error = j.get("error");
      assertThat(error.get("excName").asText()).isEqualTo("java.lang.IllegalStateException");
      assertThat(error.get("firstLine").asText()).isEqualTo("Machine on fire: pump");
      assertThat(error.get("message").asText()).contains("second line of the message");
      assertThat(error.get("traceback").asText()).contains("java.lang.IllegalStateException: Machine on fire: pump",
          "at " + Jobs.class.getName() + ".boom(");
      assertThat(j.get("actions").get("requeue").asBoolean()).isTrue();
      assertThat(j.get("actions").get("cancel").asBoolean()).isTrue();
      assertThat(j.get("actions").get("done").asBoolean()).isTrue();
      assertThat(j.get("dependsOn").isEmpty()).isTrue();
      assertThat(j.get("graph").isNull()).isTrue();
    }
  }

  @DbTest
  void showsTheGraphAndDependenciesOfAJob(TestDb db) {
    try (WebFixture f = WebFixture.start(db)) {
      Delayable first = f.queue.delayable(Jobs.class, j -> j.fine(1));
      Delayable second = f.queue.delayable(Jobs.class, j -> j.fine(2));
      List<JobHandle> jobs = com.awkhad.connector.queue.delay.JobGraph.chain(first, second).delay();

      JsonNode child = f.get("/api/jobs/" + jobs.get(1).uuid()).json();

      assertThat(child.get("state").asText()).isEqualTo(JobState.WAIT_DEPENDENCIES.dbValue());
      assertThat(texts(child.get("dependsOn"), "uuid")).containsExactly(jobs.get(0).uuid());
      assertThat(child.get("graph").get("size").asLong()).isEqualTo(2);
      assertThat(child.get("graph").get("edges").get(0).get(0).asText()).isEqualTo(jobs.get(0).uuid());
      assertThat(texts(f.get("/api/jobs/" + jobs.get(0).uuid()).json().get("dependents"), "uuid"))
          .containsExactly(jobs.get(1).uuid());
    }
  }

  @DbTest
  void requeuesCancelsAndSetsDoneOneJobSayingWhyWhenItCannot(TestDb db) {
    try (WebFixture f = WebFixture.start(db)) {
      String failed = f.failed("pump");
      String done = f.done(1);
      String pending = f.pending(2);

      Reply requeued = f.post("/api/jobs/" + failed + "/requeue", "{}");
      assertThat(requeued.status()).isEqualTo(200);
      assertThat(requeued.json().get("changed").asBoolean()).isTrue();
      assertThat(requeued.json().get("job").get("state").asText()).isEqualTo("pending");
      assertThat(f.queue.job(failed).orElseThrow().retry()).isZero();

      Reply notPending = f.post("/api/jobs/" + pending + "/requeue", "{}");
      assertThat(notPending.status()).isEqualTo(409);
      assertThat(notPending.json().get("message").asText())
          .isEqualTo("is pending: requeue takes failed, cancelled or done jobs; to run it at once, use run-now");
      Reply again = f.post("/api/jobs/" + done + "/requeue", "{}");
      assertThat(again.status()).as("a done job is requeued and runs again").isEqualTo(200);
      assertThat(again.json().get("message").asText()).isEqualTo("requeued: it runs again");
      assertThat(f.queue.job(done).orElseThrow().dateDone()).isNull();

      assertThat(f.post("/api/jobs/" + pending + "/cancel", "{}").status()).isEqualTo(200);
      assertThat(f.queue.job(pending).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
      assertThat(f.post("/api/jobs/" + pending + "/done", "").status()).isEqualTo(200);
      assertThat(f.queue.job(pending).orElseThrow().state()).isEqualTo(JobState.DONE);
    }
  }

  @DbTest
  void requeuesAFailureGroupInBulkAndRefusesAnEmptyFilter(TestDb db) {
    try (WebFixture f = WebFixture.start(db)) {
      String pump1 = f.failed("pump");
      String pump2 = f.failed("pump");
      String grinder = f.failed("grinder");
      String refused = f.failedRefuse(3);

      JsonNode failures = f.get("/api/failures").json();
      JsonNode groups = failures.get("groups");
      assertThat(groups).hasSize(3);
      assertThat(groups.get(0).get("count").asLong()).isEqualTo(2);
      assertThat(groups.get(0).get("error").asText()).isEqualTo("Machine on fire: pump");
      assertThat(groups.get(0).get("function").asText()).isEqualTo(BOOM);
      assertThat(groups.get(0).get("newestUuid").asText()).isEqualTo(pump2);
      assertThat(failures.get("complete").asBoolean()).isTrue();

      Reply bulk = f.post("/api/jobs/requeue", "{\"filter\": " + groups.get(0).get("filter") + "}");
      assertThat(bulk.status()).isEqualTo(200);
      assertThat(bulk.json().get("matched").asInt()).isEqualTo(2);
      assertThat(bulk.json().get("changed").asInt()).isEqualTo(2);
      assertThat(f.queue.job(pump1).orElseThrow().state()).isEqualTo(JobState.PENDING);
      assertThat(f.queue.job(pump2).orElseThrow().state()).isEqualTo(JobState.PENDING);
      assertThat(f.queue.job(grinder).orElseThrow().state()).isEqualTo(JobState.FAILED);

      Reply byFunction = f.post("/api/jobs/requeue", "{\"filter\": {\"state\": \"failed\", \"function\": \"refuse\"}}");
      assertThat(byFunction.json().get("changed").asInt()).isEqualTo(1);
      assertThat(f.queue.job(refused).orElseThrow().state()).isEqualTo(JobState.PENDING);

      String body = "{\"uuids\": [\"" + grinder + "\", \"" + pump1 + "\"]}";
      Reply byUuid = f.post("/api/jobs/cancel", body);
      assertThat(byUuid.json().get("changed").asInt()).isEqualTo(2);
      Reply twice = f.post("/api/jobs/cancel", body);
      assertThat(twice.json().get("changed").asInt()).isZero();
      assertThat(twice.json().get("unchanged").asInt()).isEqualTo(2);
      assertThat(texts(twice.json().get("results"), "message")).containsOnly("is cancelled: nothing to cancel");

      String retrying = f.retrying(1);
      JsonNode retryGroup = f.get("/api/failures").json().get("retrying").get(0);
      assertThat(retryGroup.get("error").asText()).isEqualTo("Shop offline, try again later");
      assertThat(retryGroup.get("count").asLong()).isEqualTo(1);
      assertThat(retryGroup.get("filter").get("state").asText()).isEqualTo("pending");
      assertThat(texts(f.get("/api/jobs?state=pending&function=later&error=" + enc("Shop offline, try again later"))
          .json().get("jobs"), "uuid")).containsExactly(retrying);

      Reply empty = f.post("/api/jobs/requeue", "{\"filter\": {}}");
      assertThat(empty.status()).isEqualTo(400);
      assertThat(empty.json().get("error").asText()).contains("Refusing to requeue every job");
    }
  }

  @DbTest
  void refusesBadInputWith400AndUnknownJobsWith404(TestDb db) {
    try (WebFixture f = WebFixture.start(db)) {
      Reply state = f.get("/api/jobs?state=exploded");
      assertThat(state.status()).isEqualTo(400);
      assertThat(state.json().get("error").asText()).isEqualTo("Unknown job state 'exploded'");
      assertThat(state.json().get("allowed").toString()).contains("failed", "wait_dependencies");

      Reply limit = f.get("/api/jobs?limit=-1");
      assertThat(limit.status()).isEqualTo(400);
      assertThat(limit.json().get("error").asText()).isEqualTo("'limit' must be between 1 and 500, got -1");
      assertThat(f.get("/api/jobs?limit=many").json().get("error").asText()).contains("whole number");
      assertThat(f.get("/api/jobs?offset=-5").status()).isEqualTo(400);

      Reply param = f.get("/api/jobs?colour=red");
      assertThat(param.status()).isEqualTo(400);
      assertThat(param.json().get("error").asText()).contains("Unknown query parameter 'colour'");
      assertThat(param.json().get("allowed").toString()).contains("state", "channel", "function", "q", "limit");

      Reply uuid = f.get("/api/jobs/not-a-uuid");
      assertThat(uuid.status()).isEqualTo(400);
      assertThat(uuid.json().get("error").asText()).contains("'not-a-uuid' is not a job uuid");

      Reply missing = f.get("/api/jobs/0b6c2f1e-8d4a-4f3e-9c1a-2b7d5e6f8a90");
      assertThat(missing.status()).isEqualTo(404);
      assertThat(missing.json().get("error").asText()).startsWith("No job 0b6c2f1e-8d4a-4f3e-9c1a-2b7d5e6f8a90");
      assertThat(f.post("/api/jobs/0b6c2f1e-8d4a-4f3e-9c1a-2b7d5e6f8a90/requeue", "{}").status()).isEqualTo(404);

      Reply action = f.post("/api/jobs/0b6c2f1e-8d4a-4f3e-9c1a-2b7d5e6f8a90/explode", "{}");
      assertThat(action.status()).isEqualTo(400);
      assertThat(action.json().get("allowed").toString()).contains("requeue", "cancel", "done");

      assertThat(f.post("/api/jobs/requeue", "{not json").json().get("error").asText()).contains("not valid JSON");
      assertThat(f.post("/api/jobs/requeue", "{\"filter\": {\"colour\": \"red\"}}").json().get("error").asText())
          .contains("Unknown filter key 'colour'");
      assertThat(f.post("/api/jobs/requeue", "{\"uuids\": [\"x\"]}").status()).isEqualTo(400);
      assertThat(f.post("/api/jobs/requeue", "{\"uuids\": []}").status()).isEqualTo(400);
      assertThat(f.post("/api/jobs/requeue", "{\"filter\": {\"state\": \"nope\"}}").status()).isEqualTo(400);

      Reply endpoint = f.get("/api/nothing-here");
      assertThat(endpoint.status()).isEqualTo(404);
      assertThat(endpoint.json().get("allowed").toString()).contains("GET /api/jobs");
    }
  }
}
