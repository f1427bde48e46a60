package com.awkhad.connector.framework.importer;

import static com.awkhad.connector.framework.testconnector.TestConnectorAddon.CATEGORY;
import static com.awkhad.connector.framework.testconnector.TestConnectorAddon.PRODUCT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.base.model.Domain;
import com.awkhad.connector.component.WorkContext;
import com.awkhad.connector.framework.ConnectorJobs;
import com.awkhad.connector.framework.binder.Binder;
import com.awkhad.connector.framework.binding.Binding;
import com.awkhad.connector.framework.binding.Bindings;
import com.awkhad.connector.framework.exception.IDMissingInBackend;
import com.awkhad.connector.framework.exception.InvalidDataError;
import com.awkhad.connector.framework.exception.MappingError;
import com.awkhad.connector.framework.testconnector.ConnectorFixture;
import com.awkhad.connector.framework.testconnector.TestComponents;
import com.awkhad.connector.queue.exec.Outcome;
import com.awkhad.connector.queue.job.JobHandle;
import com.awkhad.connector.queue.job.JobOptions;
import com.awkhad.connector.queue.job.JobRecord;
import com.awkhad.connector.queue.job.JobState;
import com.awkhad.connector.queue.job.RetryableJobError;
import com.awkhad.connector.queue.testing.JobsTrap;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Importing records from the FakeShop, on H2 and PostgreSQL. */
class RecordImporterTest {

  private static String importProduct(ConnectorFixture f, String externalId, boolean force) {
    try (WorkContext work = f.backend.workOn(PRODUCT)) {
      return work.component(RecordImporter.class, RecordImporter.USAGE).run(externalId, force);
    }
  }

  private static void seed(ConnectorFixture f) {
    f.shop.put("categories", "7", Map.of("title", "Coffee"));
    f.shop.put("products", "42", Map.of("name", "Espresso", "price", "2.50", "category", "7"));
  }

  @DbTest
  void importCreatesTheLocalRecordAndItsBindingAfterItsDependency(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      seed(f);

      String result = importProduct(f, "42", false);

      List<Long> products = f.env.model("test.product").search(Domain.all());
      assertThat(result).isEqualTo("Created test.product #" + products.get(0) + " from test.product.binding '42' of backend 'Test shop'");
      Map<String, Object> product = f.env.model("test.product").read(products.get(0));
      assertThat(product).containsEntry("name", "Espresso").containsEntry("price", 2.5).containsEntry("origin", "shop");
      long categoryId = (Long) product.get("category_id");
      assertThat(f.env.model("test.category").read(categoryId)).containsEntry("name", "Coffee");
      try (WorkContext work = f.backend.workOn(PRODUCT)) {
        Binder binder = work.component(Binder.class, Binder.USAGE);
        assertThat(binder).isInstanceOf(TestComponents.TestBinder.class);
        Binding binding = binder.toInternal("42").orElseThrow();
        assertThat(binding.localId()).isEqualTo(products.get(0));
        assertThat(binding.localModel()).isEqualTo("test.product");
        assertThat(binding.syncDate()).isNotNull();
        assertThat(binder.toExternal(products.get(0))).contains("42");
        assertThat(work.component(Binder.class, Binder.USAGE, CATEGORY).toLocalId("7")).contains(categoryId);
      }
      // the shop saw the token in a header, never in a URL
      assertThat(f.shop.requests()).allSatisfy(r -> {
        assertThat(r.authorization()).isEqualTo("Bearer " + ConnectorFixture.TOKEN);
        assertThat(r.uri()).doesNotContain(ConnectorFixture.TOKEN);
      });
    }
  }

  @DbTest
  void reimportUpdatesWithoutDuplicatingAndSkipsWhatIsUpToDate(TestDb db) throws Exception {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      seed(f);
      importProduct(f, "42", false);
      long id = f.env.model("test.product").search(Domain.all()).get(0);

      assertThat(importProduct(f, "42", false)).startsWith("Already up-to-date: test.product.binding '42'");

      Thread.sleep(5); // the shop's updated_at must be after the sync date
      f.shop.put("products", "42", Map.of("name", "Double espresso", "price", "3.10", "category", "7"));
      assertThat(importProduct(f, "42", false)).isEqualTo("Updated test.product #" + id + " from test.product.binding '42' of backend 'Test shop'");
      assertThat(importProduct(f, "42", true)).startsWith("Updated test.product #" + id);

      assertThat(f.env.model("test.product").search(Domain.all())).containsExactly(id);
      assertThat(f.env.model("test.product").read(id)).containsEntry("name", "Double espresso").containsEntry("price", 3.1);
      assertThat(Bindings.of(f.env).count(f.backend.id(), PRODUCT)).isEqualTo(1);
      assertThat(Bindings.of(f.env).count(f.backend.id(), CATEGORY)).isEqualTo(1);
    }
  }

  @DbTest
  void importKeepingOnAKnownBindingWritesTheRemoteCopyExceptTheKeptFieldsAndRefusesAnUnboundOne(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      seed(f);
      importProduct(f, "42", false);
      long product = f.env.model("test.product").search(Domain.all()).get(0);
      f.env.model("test.product").write(product, Map.of("name", "Espresso (local)"));
      Map<String, Object> remote = Map.of("name", "Ristretto", "price", "3.10", "category", "7");
      try (WorkContext work = f.backend.workOn(PRODUCT)) {
        Binding binding = work.component(Binder.class, Binder.USAGE).toInternal("42").orElseThrow();
        String result = f.env.tx().inTransaction(c ->
            work.component(RecordImporter.class, RecordImporter.USAGE).importKeeping(binding, remote, List.of("name")));

        assertThat(result).startsWith("Updated test.product #" + product + " from test.product.binding '42'");
        // the remote's price came in; the name, kept, stays the local one
        assertThat(f.env.model("test.product").read(product)).containsEntry("price", 3.1)
            .containsEntry("name", "Espresso (local)");
        assertThat(f.env.model("test.product").search(Domain.all())).as("no second record").hasSize(1);

        Binding unbound = Bindings.of(f.env).create(f.backend.id(), PRODUCT, "test.product", product + 1000, null, null, Map.of());
        assertThatThrownBy(() -> work.component(RecordImporter.class, RecordImporter.USAGE).importKeeping(unbound, remote, List.of()))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("Binding " + unbound.id() + " has no external id: there is no remote record to import");
      }
    }
  }

  @DbTest
  void aLocalRecordDeletedSinceItsImportIsImportedAgain(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      seed(f);
      importProduct(f, "42", false);
      long first = f.env.model("test.product").search(Domain.all()).get(0);
      f.env.model("test.product").unlink(first); // the export listener drops its bindings

      assertThat(importProduct(f, "42", false)).startsWith("Created test.product #");
      assertThat(f.env.model("test.product").search(Domain.all())).hasSize(1).doesNotContain(first);
    }
  }

  @DbTest
  void aConcurrentImportOfTheSameRecordRetriesInsteadOfDuplicating(TestDb db) throws Exception {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      seed(f);
      CountDownLatch imported = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> f.env.tx().inTransaction(c -> {
        String r = importProduct(f, "42", false);
        imported.countDown();
        assertThat(release.await(30, TimeUnit.SECONDS)).isTrue(); // holds the lock (and the uncommitted binding)
        return r;
      }));
      assertThat(imported.await(30, TimeUnit.SECONDS)).isTrue();

      assertThatThrownBy(() -> f.env.tx().run(c -> importProduct(f, "42", false)))
          .isInstanceOfSatisfying(RetryableJobError.class, e -> {
            assertThat(e.ignoreRetry()).isTrue();
            assertThat(e.seconds()).isEqualTo(2);
            assertThat(e.getMessage()).contains("import(" + f.backend.id() + ", test.product.binding, 42)")
                .contains("held by another job");
          });

      release.countDown();
      assertThat(first.get(30, TimeUnit.SECONDS)).startsWith("Created");
      assertThat(importProduct(f, "42", true)).startsWith("Updated"); // the retry finds the binding
      assertThat(f.env.model("test.product").count(Domain.all())).isEqualTo(1);
      assertThat(Bindings.of(f.env).count(f.backend.id(), PRODUCT)).isEqualTo(1);
    }
  }

  @DbTest
  void parallelImportsOfTheSameRecordEndWithOneRecordAndOneBinding(TestDb db) throws Exception {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      seed(f);
      CountDownLatch start = new CountDownLatch(1);
      List<CompletableFuture<String>> workers = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        workers.add(CompletableFuture.supplyAsync(() -> {
          try {
            assertThat(start.await(30, TimeUnit.SECONDS)).isTrue();
            while (true) { // as the queue would: run again after a retryable error
              try {
                return f.env.tx().inTransaction(c -> importProduct(f, "42", true));
              } catch (RetryableJobError e) {
                Thread.sleep(20);
              }
            }
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        }));
      }
      start.countDown();
      List<String> results = new java.util.ArrayList<>();
      for (CompletableFuture<String> w : workers) {
        results.add(w.get(60, TimeUnit.SECONDS));
      }

      assertThat(results).filteredOn(r -> r.startsWith("Created")).hasSize(1);
      assertThat(results).filteredOn(r -> r.startsWith("Updated")).hasSize(3);
      assertThat(f.env.model("test.product").count(Domain.all())).isEqualTo(1);
      assertThat(f.env.model("test.category").count(Domain.all())).isEqualTo(1);
      assertThat(Bindings.of(f.env).count(f.backend.id(), PRODUCT)).isEqualTo(1);
      assertThat(Bindings.of(f.env).count(f.backend.id(), CATEGORY)).isEqualTo(1);
    }
  }

  @DbTest
  void bindingAnExternalIdThatIsAlreadyBoundIsRetried(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      seed(f);
      importProduct(f, "42", false);
      long other = f.env.model("test.product").create(Map.of("name", "Other"));

      try (WorkContext work = f.backend.workOn(PRODUCT)) {
        Binder binder = work.component(Binder.class, Binder.USAGE);
        assertThatThrownBy(() -> f.env.tx().run(c -> binder.bind("42", other)))
            .isInstanceOfSatisfying(RetryableJobError.class, e -> assertThat(e.getMessage())
                .contains("another binding already holds this external id or local record")
                .contains("this job will run again"));
      }
      assertThat(Bindings.of(f.env).count(f.backend.id(), PRODUCT)).isEqualTo(1);
    }
  }

  @DbTest
  void aRecordMissingInTheShopRaisesIdMissingInBackend(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      assertThatThrownBy(() -> importProduct(f, "404", false))
          .isInstanceOf(IDMissingInBackend.class)
          .hasMessage("GET /products/404 on backend 'Test shop' answered HTTP 404: the record does not exist there"
              + " (deleted, or a wrong id): {\"error\":\"not found\"}");
    }
  }

  @DbTest
  void missingRequiredValuesAndUnknownRelationsAreClearErrors(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      f.shop.put("products", "1", Map.of("price", "1.00"));
      assertThatThrownBy(() -> importProduct(f, "1", false))
          .isInstanceOf(InvalidDataError.class)
          .hasMessage("Cannot import test.product.binding '1' from backend 'Test shop': required field test.product.name has no"
              + " value after mapping. Fill it in the external system, or map it in ProductImportMapper, then requeue the job");

      f.shop.put("products", "2", Map.of("name", "Mocha", "price", "a lot"));
      assertThatThrownBy(() -> importProduct(f, "2", false))
          .isInstanceOf(MappingError.class)
          .hasMessageStartingWith("Mapper test.product.import.mapper (ProductImportMapper) on test.product.binding: cannot convert"
              + " field 'price' value 'a lot' (String) to Double");
      assertThat(f.env.model("test.product").count(Domain.all())).isZero();
    }
  }

  @DbTest
  void anImportDoesNotEchoAnExport(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db); JobsTrap trap = JobsTrap.install(f.queue)) {
      seed(f);
      importProduct(f, "42", false);
      f.shop.put("products", "42", Map.of("name", "Lungo", "price", "2.80", "category", "7"));
      importProduct(f, "42", true);

      trap.assertJobsCount(0);
    }
  }

  @DbTest
  void anImportJobIsRetriedOn503AndSucceedsLater(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      seed(f);
      f.shop.failNext(1, 503, "{\"error\":\"maintenance\"}", "30");
      JobHandle job = f.queue.enqueue(ConnectorJobs.class, JobOptions.defaults().model(PRODUCT), j -> j.importRecord(f.backend.id(), PRODUCT, "42", false));

      Outcome first = f.queue.executor().runNow(job.uuid());

      assertThat(first).isInstanceOfSatisfying(Outcome.Retry.class, r -> {
        assertThat(r.excName()).endsWith("NetworkRetryableError");
        assertThat(r.message()).startsWith("GET /products/42 on backend 'Test shop' answered HTTP 503 (the system is busy or"
            + " unavailable): {\"error\":\"maintenance\"}. It asked to come back in 30 s (Retry-After); retry 1 of 5 at ")
            .endsWith("(in 30 s)");
      });
      JobRecord pending = f.queue.job(job.uuid()).orElseThrow();
      assertThat(pending.state()).isEqualTo(JobState.PENDING);
      assertThat(pending.retry()).isEqualTo(1);
      assertThat(f.env.model("test.product").count(Domain.all())).isZero();

      Outcome second = f.queue.executor().runNow(job.uuid());
      assertThat(second).isInstanceOf(Outcome.Done.class);
      assertThat(f.env.model("test.product").count(Domain.all())).isEqualTo(1);
    }
  }

  @DbTest
  void anImportJobOfAMissingRecordFails(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      JobHandle job = f.queue.enqueue(ConnectorJobs.class, JobOptions.defaults().model(PRODUCT), j -> j.importRecord(f.backend.id(), PRODUCT, "404", false));
      Outcome outcome = f.queue.executor().runNow(job.uuid());
      assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class,
          r -> assertThat(r.excName()).isEqualTo(IDMissingInBackend.class.getName()));
      assertThat(f.queue.job(job.uuid()).orElseThrow().state()).isEqualTo(JobState.FAILED);
    }
  }

  @DbTest
  void aBatchImportJobImportsTheRecordsItFinds(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      seed(f);
      f.shop.put("categories", "8", Map.of("title", "Tea"));
      JobHandle job = f.queue.enqueue(ConnectorJobs.class, JobOptions.defaults().model(CATEGORY), j -> j.importBatch(f.backend.id(), CATEGORY, Map.of()));

      assertThat(f.queue.executor().runNow(job.uuid())).isInstanceOf(Outcome.Done.class);

      assertThat(f.queue.job(job.uuid()).orElseThrow().result())
          .isEqualTo("\"2 test.category.binding record(s) found on backend 'Test shop'\"");
      assertThat(f.env.model("test.category").count(Domain.all())).isEqualTo(2);
    }
  }

  @DbTest
  void importSinceKeepsAHighWaterMarkOnTheBackend(TestDb db) throws Exception {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      f.shop.put("categories", "7", Map.of("title", "Coffee"));
      f.shop.put("categories", "8", Map.of("title", "Tea"));
      java.time.Instant before = java.time.Instant.now();

      JobHandle first = f.queue.enqueue(ConnectorJobs.class, JobOptions.defaults().model(CATEGORY), j -> j.importSince(f.backend.id(), CATEGORY, "import_categories_from"));
      assertThat(f.queue.executor().runNow(first.uuid())).isInstanceOf(Outcome.Done.class);

      assertThat(f.queue.job(first.uuid()).orElseThrow().result())
          .isEqualTo("\"2 test.category.binding record(s) changed on backend 'Test shop' since the last run\"");
      String mark = com.awkhad.connector.framework.backend.Backends.of(f.env).get(f.backend.id())
          .setting("import_categories_from", String.class).orElseThrow();
      assertThat(java.time.Instant.parse(mark)).isBetween(before.minusSeconds(31), java.time.Instant.now().minusSeconds(29));
      assertThat(f.shop.requests().get(0).uri()).isEqualTo("/categories");

      f.shop.put("categories", "8", Map.of("title", "Green tea"));
      JobHandle second = f.queue.enqueue(ConnectorJobs.class, JobOptions.defaults().model(CATEGORY), j -> j.importSince(f.backend.id(), CATEGORY, "import_categories_from"));
      assertThat(f.queue.executor().runNow(second.uuid())).isInstanceOf(Outcome.Done.class);

      assertThat(f.shop.requests()).anySatisfy(r -> assertThat(r.uri())
          .isEqualTo("/categories?updated_since=" + java.net.URLEncoder.encode(mark, java.nio.charset.StandardCharsets.UTF_8)));
      assertThat(f.env.model("test.category").searchRead(Domain.all(), List.of("name"),
          com.awkhad.connector.base.model.Order.byId(), 0)).extracting(r -> r.get("name")).containsExactly("Coffee", "Green tea");
    }
  }

  @DbTest
  void aDelayedBatchQueuesOneImportPerRecordAndADirectBatchImportsInline(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db); JobsTrap trap = JobsTrap.install(f.queue)) {
      seed(f);
      f.shop.put("products", "43", Map.of("name", "Latte", "price", "3.00", "category", "7"));
      f.shop.put("categories", "8", Map.of("title", "Tea"));

      try (WorkContext work = f.backend.workOn(CATEGORY)) {
        assertThat(work.component(BatchImporter.class, BatchImporter.USAGE).run(Map.of())).isEqualTo(2);
      }
      assertThat(f.env.model("test.category").count(Domain.all())).isEqualTo(2);
      trap.assertJobsCount(0);

      try (WorkContext work = f.backend.workOn(PRODUCT)) {
        assertThat(work.component(BatchImporter.class, BatchImporter.USAGE).run(Map.of())).isEqualTo(2);
      }
      trap.assertJobsCount(2, ConnectorJobs.class, "importRecord");
      trap.assertEnqueued(ConnectorJobs.class, j -> j.importRecord(f.backend.id(), PRODUCT, "42", false));
      trap.assertEnqueued(ConnectorJobs.class, j -> j.importRecord(f.backend.id(), PRODUCT, "43", false));
      trap.performEnqueuedJobs();
      assertThat(f.env.model("test.product").count(Domain.all())).isEqualTo(2);
    }
  }
}
