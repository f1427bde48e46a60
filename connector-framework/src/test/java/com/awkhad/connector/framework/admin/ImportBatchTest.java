package com.awkhad.connector.framework.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.awkhad.connector.framework.binding.Bindings;
import com.awkhad.connector.framework.testconnector.ConnectorFixture;
import com.awkhad.connector.framework.testconnector.TestConnectorAddon;
import com.awkhad.connector.queue.batch.JobBatch;
import com.awkhad.connector.queue.batch.JobBatches;
import com.awkhad.connector.queue.job.JobHandle;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.util.List;
import java.util.Map;

/**
 * An import run is a job batch (the original's queue_job_batch): the batch import job and the
 * record imports it delays are counted together, and the batch finishes when they are done.
 */
class ImportBatchTest {

  @DbTest
  void anImportRunIsABatchHoldingTheRecordImportsItDelays(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      f.shop.put("categories", "7", Map.of("title", "Coffee"));
      f.shop.put("products", "42", Map.of("name", "Espresso", "price", "2.50", "category", "7"));
      f.shop.put("products", "43", Map.of("name", "Lungo", "price", "2.80", "category", "7"));
      BackendAdmin admin = BackendAdmin.of(f.env);
      JobBatches batches = JobBatches.of(f.env);

      JobHandle run = admin.importAll("Test shop", TestConnectorAddon.PRODUCT);
      Long batchId = f.queue.job(run.uuid()).orElseThrow().batchId();
      assertThat(batchId).isNotNull();
      assertThat(admin.importAll("Test shop", TestConnectorAddon.PRODUCT).existing()).isTrue();
      assertThat(batches.list(10)).as("no second, empty batch for the existing job").hasSize(1);
      JobBatch started = batches.find(batchId).orElseThrow();
      assertThat(started.name()).isEqualTo("Import every " + TestConnectorAddon.PRODUCT + " from backend 'Test shop'");
      assertThat(started.state()).isEqualTo(JobBatch.ENQUEUED);
      assertThat(started.total()).isEqualTo(1);

      f.queue.executor().runNow(run.uuid());
      JobBatch running = batches.find(batchId).orElseThrow();
      assertThat(running.total()).as("the import job and one record import per product").isEqualTo(3);
      assertThat(running.state()).isEqualTo(JobBatch.PROGRESS);
      assertThat(running.done()).isEqualTo(1);

      for (String state : List.of("pending")) {
        for (String uuid : batches.jobsByState(batchId, 100).getOrDefault(state, List.of())) {
          f.queue.executor().runNow(uuid);
        }
      }
      JobBatch finished = batches.find(batchId).orElseThrow();
      assertThat(finished.state()).isEqualTo(JobBatch.FINISHED);
      assertThat(finished.percentDone()).isEqualTo(100);
      assertThat(Bindings.of(f.env).byExternal(f.backend.id(), TestConnectorAddon.PRODUCT, "43")).isPresent();
    }
  }
}
