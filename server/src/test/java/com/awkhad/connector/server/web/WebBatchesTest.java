package com.awkhad.connector.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.awkhad.connector.queue.batch.JobBatches;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import com.fasterxml.jackson.databind.JsonNode;

/** Job batches in the REST API: the list with progress, one batch with its jobs, and the errors. */
class WebBatchesTest {

  @DbTest
  void batchesAreListedWithTheirProgressAndShownWithTheirJobs(TestDb db) {
    try (WebFixture f = WebFixture.start(db)) {
      JobBatches batches = JobBatches.of(f.env);
      long id = batches.create("Import every shop.product from backend 'shop'");
      String done;
      String pending;
      try (JobBatches.Scope scope = JobBatches.open(id)) {
        done = f.done(1);
        pending = f.pending(2);
      }

      JsonNode list = f.get("/api/batches").json().get("batches");
      assertThat(list).hasSize(1);
      JsonNode b = list.get(0);
      assertThat(b.get("name").asText()).isEqualTo("Import every shop.product from backend 'shop'");
      assertThat(b.get("state").asText()).isEqualTo("progress");
      assertThat(b.get("total").asInt()).isEqualTo(2);
      assertThat(b.get("done").asInt()).isEqualTo(1);
      assertThat(b.get("percentDone").asInt()).isEqualTo(50);

      JsonNode one = f.get("/api/batches/" + id).json();
      assertThat(one.get("jobs").get("done").get(0).asText()).isEqualTo(done);
      assertThat(one.get("jobs").get("pending").get(0).asText()).isEqualTo(pending);
      assertThat(one.get("jobList")).hasSize(2);
      assertThat(one.get("jobList").get(1).get("uuid").asText()).isEqualTo(pending);
      assertThat(one.get("jobList").get(1).get("state").asText()).isEqualTo("pending");
      assertThat(one.get("jobList").get(1).get("description").asText()).isNotBlank();
      JsonNode job = f.get("/api/jobs/" + pending).json();
      assertThat((job.has("job") ? job.get("job") : job).get("batchId").asLong()).isEqualTo(id);

      assertThat(f.get("/api/batches/999999").status()).isEqualTo(404);
      assertThat(f.get("/api/batches/abc").status()).isEqualTo(400);
      assertThat(f.get("/api/batches?limit=0").status()).isEqualTo(400);
    }
  }
}
