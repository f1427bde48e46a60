package com.awkhad.connector.framework.exporter;

import static com.awkhad.connector.framework.testconnector.TestConnectorAddon.CATEGORY;
import static com.awkhad.connector.framework.testconnector.TestConnectorAddon.PRODUCT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.component.WorkContext;
import com.awkhad.connector.component.event.NoExport;
import com.awkhad.connector.framework.ConnectorJobs;
import com.awkhad.connector.framework.binder.Binder;
import com.awkhad.connector.framework.binding.Binding;
import com.awkhad.connector.framework.binding.Bindings;
import com.awkhad.connector.framework.exception.BackendRequestError;
import com.awkhad.connector.framework.exception.MappingError;
import com.awkhad.connector.framework.exception.NoExternalId;
import com.awkhad.connector.framework.lock.Locker;
import com.awkhad.connector.framework.testconnector.ConnectorFixture;
import com.awkhad.connector.queue.job.JobOptions;
import com.awkhad.connector.queue.job.RetryableJobError;
import com.awkhad.connector.queue.testing.JobsTrap;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Exporting local records to the FakeShop, and the export listener, on H2 and PostgreSQL. */
class RecordExporterTest {

  /** A local product in a local category, bound (without external id yet) on the fixture's backend. */
  private static Binding newBoundProduct(ConnectorFixture f) {
    long category = f.env.model("test.category").create(Map.of("name", "Coffee"));
    long product = f.env.model("test.product").create(Map.of("name", "Espresso", "price", 2.5, "category_id", category));
    try (WorkContext work = f.backend.workOn(PRODUCT)) {
      return work.component(Binder.class, Binder.USAGE).bindingFor(product);
    }
  }

  private static String export(ConnectorFixture f, long bindingId, List<String> fields) {
    try (WorkContext work = f.backend.workOn(PRODUCT)) {
      return work.component(RecordExporter.class, RecordExporter.USAGE).run(bindingId, fields);
    }
  }

  @DbTest
  void exportCreatesTheRemoteRecordAfterItsDependencyThenBinds(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      Binding binding = newBoundProduct(f);
      assertThat(binding.isBound()).isFalse();

      String result = export(f, binding.id(), null);

      Binding bound = Bindings.of(f.env).find(binding.id()).orElseThrow();
      assertThat(bound.externalId()).isNotNull();
      assertThat(bound.syncDate()).isNotNull();
      assertThat(result).isEqualTo("Created test.product.binding '" + bound.externalId() + "' from test.product #" + bound.localId());
      Map<String, Object> remote = f.shop.get("products", bound.externalId());
      String categoryId = (String) remote.get("category");
      assertThat(remote).containsEntry("name", "Espresso").containsEntry("price", "2.50");
      assertThat(f.shop.get("categories", categoryId)).containsEntry("title", "Coffee");
      try (WorkContext work = f.backend.workOn(CATEGORY)) {
        Binder categories = work.component(Binder.class, Binder.USAGE);
        assertThat(categories.toInternal(categoryId)).isPresent();
      }
    }
  }

  @DbTest
  void aSecondExportWritesOnlyTheChangedFields(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      Binding binding = newBoundProduct(f);
      export(f, binding.id(), null);
      String external = Bindings.of(f.env).find(binding.id()).orElseThrow().externalId();
      try (NoExport.Scope s = NoExport.scope()) {
        f.env.model("test.product").write(binding.localId(), Map.of("price", 3.0, "note", "local only"));
      }

      assertThat(export(f, binding.id(), List.of("price"))).isEqualTo("Updated test.product.binding '" + external
          + "' from test.product #" + binding.localId());
      assertThat(f.shop.requests()).filteredOn(r -> r.method().equals("PUT")).last()
          .satisfies(r -> assertThat(r.body()).isEqualTo("{\"price\":\"3.00\"}"));
      assertThat(f.shop.get("products", external)).containsEntry("price", "3.00").containsEntry("name", "Espresso");

      assertThat(export(f, binding.id(), List.of("note"))).isEqualTo("Nothing to export for test.product #"
          + binding.localId() + ": no mapped field among [note]");
      assertThat(f.shop.all("products")).hasSize(1);
    }
  }

  @DbTest
  void writingABoundRecordEnqueuesAnExportOfTheMappedFieldsThatChanged(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      Binding binding = newBoundProduct(f);
      export(f, binding.id(), null);
      try (JobsTrap trap = JobsTrap.install(f.queue)) {
        f.env.model("test.product").write(binding.localId(), Map.of("name", "Ristretto", "note", "not exported"));

        trap.assertJobsCount(1);
        trap.assertEnqueued(ConnectorJobs.class, JobOptions.defaults().identityExact(),
            j -> j.exportRecord(binding.id(), List.of("name")));

        f.env.model("test.product").write(binding.localId(), Map.of("note", "not exported"));   // no mapped field
        try (NoExport.Scope s = NoExport.scope()) {
          f.env.model("test.product").write(binding.localId(), Map.of("name", "Silent"));      // as an import writes
        }
        long unbound = f.env.model("test.product").create(Map.of("name", "Unbound"));
        f.env.model("test.product").write(unbound, Map.of("name", "Still unbound"));
        trap.assertJobsCount(1);

        f.env.model("test.product").write(binding.localId(), Map.of("name", "Ristretto"));
        trap.performEnqueuedJobs();
      }
      String external = Bindings.of(f.env).find(binding.id()).orElseThrow().externalId();
      assertThat(f.shop.get("products", external)).containsEntry("name", "Ristretto");
    }
  }

  @DbTest
  void deletingABoundRecordDropsItsBindingAndDeletesTheRemoteRecord(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      Binding binding = newBoundProduct(f);
      export(f, binding.id(), null);
      String external = Bindings.of(f.env).find(binding.id()).orElseThrow().externalId();
      try (JobsTrap trap = JobsTrap.install(f.queue)) {
        f.env.model("test.product").unlink(binding.localId());

        assertThat(Bindings.of(f.env).find(binding.id())).isEmpty();
        trap.assertEnqueued(ConnectorJobs.class, j -> j.deleteRecord(f.backend.id(), PRODUCT, external));
        trap.performEnqueuedJobs();
      }
      assertThat(f.shop.get("products", external)).isNull();
      try (WorkContext work = f.backend.workOn(PRODUCT)) {
        assertThat(work.component(Deleter.class, Deleter.USAGE).run(external))
            .isEqualTo("Already deleted: test.product.binding '" + external + "' on backend 'Test shop'");
      }
    }
  }

  @DbTest
  void exportJobsOfGoneBindingsOrRecordsDoNothingAndSaySo(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      Binding binding = newBoundProduct(f);
      ConnectorJobs jobs = new ConnectorJobs(f.env);
      f.env.tx().run(c -> {
        try (java.sql.PreparedStatement ps = c.prepareStatement("DELETE FROM test_product WHERE id = ?")) {
          ps.setLong(1, binding.localId()); // deleted without the record layer: the binding stays
          ps.executeUpdate();
        }
      });
      assertThat(jobs.exportRecord(binding.id(), null)).isEqualTo("The local record test.product #" + binding.localId()
          + " of binding " + binding.id() + " no longer exists: nothing to export");
      Bindings.of(f.env).delete(binding.id());
      assertThat(jobs.exportRecord(binding.id(), null)).isEqualTo("Binding " + binding.id() + " no longer exists: nothing to export");
      assertThat(f.shop.requests()).isEmpty();
    }
  }

  @DbTest
  void anExportOfABindingLockedByAnotherJobIsRetried(TestDb db) throws Exception {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      Binding binding = newBoundProduct(f);
      CountDownLatch locked = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> f.env.tx().run(c -> {
        Locker.of(f.env).lockRowOrRetry("connector_binding", binding.id(), 1);
        locked.countDown();
        assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
      }));
      assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();

      assertThatThrownBy(() -> export(f, binding.id(), null))
          .isInstanceOfSatisfying(RetryableJobError.class, e -> {
            assertThat(e.ignoreRetry()).isTrue();
            assertThat(e.getMessage()).isEqualTo("Record connector_binding #" + binding.id() + " is locked by another job (an"
                + " export or import of the same record is running): retrying in 2 s");
          });
      assertThat(f.shop.all("products")).isEmpty();

      release.countDown();
      holder.get(30, TimeUnit.SECONDS);
      assertThat(export(f, binding.id(), null)).startsWith("Created");
    }
  }

  @DbTest
  void refusedRequestsAndUnexportedRelationsAreClearErrors(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      Binding binding = newBoundProduct(f);
      f.shop.failNext(1, 422, "{\"error\":\"price must be positive\",\"token\":\"" + ConnectorFixture.TOKEN + "\"}", null);
      assertThatThrownBy(() -> export(f, binding.id(), null))
          .isInstanceOfSatisfying(BackendRequestError.class, e -> {
            assertThat(e.status()).isEqualTo(422);
            assertThat(e.getMessage()).isEqualTo("POST /categories on backend 'Test shop' was refused with HTTP 422:"
                + " {\"error\":\"price must be positive\",\"token\":\"***\"}. Check the data sent, then requeue the job");
          });
      assertThat(Bindings.of(f.env).find(binding.id()).orElseThrow().isBound()).isFalse();

      // the generic exporter (on categories) does not export dependencies: the product mapper says what to do
      long category = f.env.model("test.category").create(Map.of("name", "Tea"));
      long product = f.env.model("test.product").create(Map.of("name", "Chai", "category_id", category));
      try (WorkContext work = f.backend.workOn(PRODUCT)) {
        Binder binder = work.component(Binder.class, Binder.USAGE);
        com.awkhad.connector.framework.mapper.ExportMapper mapper =
            work.component(com.awkhad.connector.framework.mapper.ExportMapper.class, "export.mapper");
        Map<String, Object> record = f.env.model("test.product").read(product);
        assertThatThrownBy(() -> mapper.mapRecord(record).values(true, null))
            .isInstanceOf(MappingError.class)
            .hasMessage("Mapper test.product.export.mapper (ProductExportMapper) on test.product.binding: field 'category_id'"
                + " refers to test.category #" + category + ", which has no external id on backend 'Test shop' (id "
                + f.backend.id() + "). Export it first (exportDependency in the exporter)");
        assertThat(binder.bindingOf(product)).isEmpty();

        // a category whose binding waits for its export: retry later rather than fail
        Binding pending = work.component(Binder.class, Binder.USAGE, CATEGORY).bindingFor(category);
        assertThatThrownBy(() -> mapper.mapRecord(record).values(true, null))
            .isInstanceOfSatisfying(NoExternalId.class, e -> assertThat(e.getMessage())
                .isEqualTo("Mapper test.product.export.mapper (ProductExportMapper) on test.product.binding: field 'category_id'"
                    + " refers to test.category #" + category + ", whose export to backend 'Test shop' has not run yet (binding "
                    + pending.id() + " has no external id). The job will retry once it has run"));
      }
    }
  }
}
