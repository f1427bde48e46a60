package com.awkhad.connector.framework.sync;

import static com.awkhad.connector.framework.testconnector.TestConnectorAddon.PRODUCT;
import static org.assertj.core.api.Assertions.assertThat;

import com.awkhad.connector.base.model.Domain;
import com.awkhad.connector.component.WorkContext;
import com.awkhad.connector.framework.backend.Backend;
import com.awkhad.connector.framework.backend.Backends;
import com.awkhad.connector.framework.binder.Binder;
import com.awkhad.connector.framework.binding.Binding;
import com.awkhad.connector.framework.importer.BatchImporter;
import com.awkhad.connector.framework.importer.RecordImporter;
import com.awkhad.connector.framework.testconnector.ConnectorFixture;
import com.awkhad.connector.framework.testconnector.TestComponents.ProductImporter;
import com.awkhad.connector.queue.testing.JobsTrap;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;

/**
 * Issue #10, point 1: a remote change made while an import runs (after the importer read the
 * record, before it bound it) must be imported by the next import and by the batch importer's next
 * run. Before the fix the binding's sync date, written at the end, was later than the change's
 * remote timestamp, and every later import answered "Already up-to-date".
 */
class RemoteChangeRaceTest {

  @AfterEach
  void resetHook() {
    ProductImporter.afterRead = () -> {};
  }

  private static String importProduct(ConnectorFixture f, Backend backend, String externalId) {
    try (WorkContext work = backend.workOn(PRODUCT)) {
      return work.component(RecordImporter.class, RecordImporter.USAGE).run(externalId, false);
    }
  }

  private static Map<String, Object> localProduct(ConnectorFixture f) {
    return f.env.model("test.product").read(f.env.model("test.product").search(Domain.all()).get(0));
  }

  /** Changes product 42 in the shop once, right after the importer read it (the change the race loses). */
  private static void changeOnceAfterTheRead(ConnectorFixture f, String newName) {
    AtomicBoolean done = new AtomicBoolean();
    ProductImporter.afterRead = () -> {
      if (done.compareAndSet(false, true)) {
        f.shop.put("products", "42", Map.of("name", newName, "price", "2.50", "category", "7"));
      }
    };
  }

  private static void seed(ConnectorFixture f) {
    f.shop.put("categories", "7", Map.of("title", "Coffee"));
    f.shop.put("products", "42", Map.of("name", "Espresso", "price", "2.50", "category", "7"));
  }

  @DbTest
  void aChangeMadeBetweenTheReadAndTheBindIsImportedByTheNextImport(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      seed(f);
      changeOnceAfterTheRead(f, "Ristretto");

      assertThat(importProduct(f, f.backend, "42")).startsWith("Created test.product #");
      assertThat(localProduct(f)).containsEntry("name", "Espresso"); // what was read

      assertThat(importProduct(f, f.backend, "42")).startsWith("Updated test.product #");
      assertThat(localProduct(f)).containsEntry("name", "Ristretto");
      assertThat(importProduct(f, f.backend, "42")).startsWith("Already up-to-date");
    }
  }

  @DbTest
  void atWholeSecondsAChangeWithinTheSameSecondIsStillImported(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      f.shop.wholeSeconds();
      Backends.of(f.env).updateSettings(f.backend.id(), Map.of("whole_seconds", true));
      Backend backend = Backends.of(f.env).get(f.backend.id());
      seed(f);
      changeOnceAfterTheRead(f, "Ristretto");

      importProduct(f, backend, "42");
      // the change may carry the same whole-second stamp as the copy imported: equal is not "up to date" at seconds
      assertThat(importProduct(f, backend, "42")).startsWith("Updated test.product #");
      assertThat(localProduct(f)).containsEntry("name", "Ristretto");
    }
  }

  @DbTest
  void theBindingStoresTheRemoteVersionThatWasRead(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      seed(f);
      String servedStamp = (String) f.shop.get("products", "42").get("updated_at");
      changeOnceAfterTheRead(f, "Ristretto");

      importProduct(f, f.backend, "42");

      try (WorkContext work = f.backend.workOn(PRODUCT)) {
        Binding b = work.component(Binder.class, Binder.USAGE).toInternal("42").orElseThrow();
        assertThat(b.remoteVersion().updatedAt()).isEqualTo(Instant.parse(servedStamp).truncatedTo(ChronoUnit.MICROS));
        assertThat(b.remoteVersion().updatedAt()).isBefore(Instant.parse((String) f.shop.get("products", "42").get("updated_at")));
      }
    }
  }

  @DbTest
  void withoutARemoteVersionTheSyncDateIsTakenBeforeTheReadAndTheRecordIsAlwaysImported(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      seed(f);
      f.shop.get("products", "42").remove("updated_at");
      AtomicReference<Instant> afterRead = new AtomicReference<>();
      ProductImporter.afterRead = () -> afterRead.compareAndSet(null, Instant.now());

      importProduct(f, f.backend, "42");

      try (WorkContext work = f.backend.workOn(PRODUCT)) {
        Binding b = work.component(Binder.class, Binder.USAGE).toInternal("42").orElseThrow();
        assertThat(b.remoteVersion().isKnown()).isFalse();
        assertThat(b.syncDate()).isBefore(afterRead.get());
      }
      assertThat(importProduct(f, f.backend, "42")).startsWith("Updated"); // nothing to compare: imported again
    }
  }

  @DbTest
  void theBatchImportersNextRunImportsAChangeMadeDuringAnImport(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db); JobsTrap trap = JobsTrap.install(f.queue)) {
      seed(f);
      try (WorkContext work = f.backend.workOn(PRODUCT)) {
        assertThat(work.component(BatchImporter.class, BatchImporter.USAGE).runSince("import_products_from")).isEqualTo(1);
      }
      changeOnceAfterTheRead(f, "Ristretto");
      trap.performEnqueuedJobs(); // the import job races with the change
      assertThat(localProduct(f)).containsEntry("name", "Espresso");

      Backend backend = Backends.of(f.env).get(f.backend.id());
      try (WorkContext work = backend.workOn(PRODUCT)) {
        assertThat(work.component(BatchImporter.class, BatchImporter.USAGE).runSince("import_products_from")).isEqualTo(1);
      }
      trap.performEnqueuedJobs();
      assertThat(localProduct(f)).containsEntry("name", "Ristretto");
    }
  }

  @DbTest
  void marksAreSentInTheRemotesFormatRoundedDown(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db); JobsTrap trap = JobsTrap.install(f.queue)) {
      f.shop.wholeSeconds();
      Backends.of(f.env).updateSettings(f.backend.id(), Map.of("whole_seconds", true,
          "import_products_from", "2026-01-01T10:00:00.987654321Z")); // a mark an older version stored
      seed(f);
      Instant before = Instant.now();

      Backend backend = Backends.of(f.env).get(f.backend.id());
      try (WorkContext work = backend.workOn(PRODUCT)) {
        assertThat(work.component(BatchImporter.class, BatchImporter.USAGE).runSince("import_products_from")).isEqualTo(1);
      }
      Instant after = Instant.now();
      String mark = Backends.of(f.env).get(f.backend.id()).setting("import_products_from", String.class).orElseThrow();
      try (WorkContext work = Backends.of(f.env).get(f.backend.id()).workOn(PRODUCT)) {
        work.component(BatchImporter.class, BatchImporter.USAGE).runSince("import_products_from");
      }

      assertThat(f.shop.requests()).filteredOn(r -> r.uri().startsWith("/products?"))
          .extracting(r -> r.uri())
          .containsExactly("/products?updated_since=2026-01-01T10%3A00%3A00Z", "/products?updated_since=" + mark.replace(":", "%3A"));
      assertThat(mark).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
      // the listing's start on the shop's clock (its Date header), minus the safety margin, rounded down
      assertThat(Instant.parse(mark)).isBeforeOrEqualTo(after.minusSeconds(30)).isAfter(before.minusSeconds(32));
    }
  }
}
