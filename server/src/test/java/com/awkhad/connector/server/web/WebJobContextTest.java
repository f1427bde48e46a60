package com.awkhad.connector.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.awkhad.connector.queue.job.JobContext;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The job context in the REST API: filters {@code user} and {@code tenant}, and the job's detail. */
class WebJobContextTest {

  private static List<String> uuids(JsonNode reply) {
    List<String> out = new ArrayList<>();
    reply.get("jobs").forEach(n -> out.add(n.get("uuid").asText()));
    return out;
  }

  @DbTest
  void jobsAreFilteredByWhoEnqueuedThemAndTheirTenant(TestDb db) {
    try (WebFixture f = WebFixture.start(db)) {
      String alice;
      String bob;
      try (JobContext.Scope s = JobContext.open(JobContext.builder().user("alice").tenant("acme").build())) {
        alice = f.pending(1);
      }
      try (JobContext.Scope s = JobContext.open(JobContext.builder().user("bob").tenant("acme").build())) {
        bob = f.pending(2);
      }
      String nobody = f.pending(3);

      assertThat(uuids(f.get("/api/jobs?user=alice").json())).containsExactly(alice);
      assertThat(uuids(f.get("/api/jobs?tenant=acme").json())).containsExactly(bob, alice);
      assertThat(uuids(f.get("/api/jobs?tenant=acme&user=bob").json())).containsExactly(bob);
      assertThat(uuids(f.get("/api/jobs").json())).containsExactly(nobody, bob, alice);
      assertThat(f.get("/api/jobs?user=alice").json().get("filter").get("user").asText()).isEqualTo("alice");

      JsonNode detail = f.get("/api/jobs/" + alice).json();
      JsonNode job = detail.has("job") ? detail.get("job") : detail;
      assertThat(job.get("context").get("user").asText()).isEqualTo("alice");
      assertThat(job.get("context").get("tenant").asText()).isEqualTo("acme");
    }
  }
}
