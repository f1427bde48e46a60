package com.awkhad.connector.framework.sync;

import static com.awkhad.connector.framework.testconnector.TestConnectorAddon.PRODUCT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.component.WorkContext;
import com.awkhad.connector.component.event.NoExport;
import com.awkhad.connector.framework.ConnectorJobs;
import com.awkhad.connector.framework.backend.Backend;
import com.awkhad.connector.framework.backend.Backends;
import com.awkhad.connector.framework.binder.Binder;
import com.awkhad.connector.framework.binding.Binding;
import com.awkhad.connector.framework.binding.Bindings;
import com.awkhad.connector.framework.exception.ExportConflictError;
import com.awkhad.connector.framework.exporter.RecordExporter;
import com.awkhad.connector.framework.importer.RecordImporter;
import com.awkhad.connector.framework.testconnector.ConnectorFixture;
import com.awkhad.connector.queue.testing.JobsTrap;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Issue #10, points 4 and 6: what the remote answers to an export comes back; a newer remote copy is not overwritten. */
class ExportReadBackAndConflictTest {

  private static Binding newBoundProduct(ConnectorFixture f) {
    long category = f.env.model("test.category").create(Map.of("name", "Coffee"));
    long product = f.env.model("test.product").create(Map.of("name", "Espresso", "price", 2.5, "category_id", category));
    try (WorkContext work = f.backend.workOn(PRODUCT)) {
      return work.component(Binder.class, Binder.USAGE).bindingFor(product);
    }
  }

  private static String export(Backend backend, long bindingId, List<String> fields) {
    try (WorkContext work = backend.workOn(PRODUCT)) {
      return work.component(RecordExporter.class, RecordExporter.USAGE).run(bindingId, fields);
    }
  }

  private static String importProduct(Backend backend, String externalId) {
    try (WorkContext work = backend.workOn(PRODUCT)) {
      return work.component(RecordImporter.class, RecordImporter.USAGE).run(externalId, false);
    }
  }

  private static List<String> pendingMethods(ConnectorFixture f) {
    return f.env.tx().inTransaction(c -> {
      List<String> out = new java.util.ArrayList<>();
      try (var ps = c.prepareStatement("SELECT method_name FROM queue_job WHERE state = 'pending'"); var rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    });
  }

  @DbTest
  void aCreateReadsBackWhatTheRemoteSetWithoutEchoingAnExport(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db); JobsTrap trap = JobsTrap.install(f.queue)) {
      Binding binding = newBoundProduct(f);

      export(f.backend, binding.id(), null);

      Binding bound = Bindings.of(f.env).find(binding.id()).orElseThrow();
      Map<String, Object> remote = f.shop.get("products", bound.externalId());
      assertThat(f.env.model("test.product").read(binding.localId())).containsEntry("sku", "SKU-" + bound.externalId())
          .containsEntry("name", "Espresso").containsEntry("price", 2.5);
      assertThat(bound.remoteVersion().updatedAt()).isEqualTo(Instant.parse((String) remote.get("updated_at")).truncatedTo(java.time.temporal.ChronoUnit.MICROS));
      trap.assertJobsCount(0); // the read-back wrote the local record without an export
      // the binding holds the version the remote answered: importing now finds it up to date (no echo import)
      assertThat(importProduct(f.backend, bound.externalId())).startsWith("Already up-to-date");
    }
  }

  @DbTest
  void anUpdateOfARecordChangedRemotelyImportsItFirstAndKeepsBothChanges(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      Binding binding = newBoundProduct(f);
      export(f.backend, binding.id(), null);
      String external = Bindings.of(f.env).find(binding.id()).orElseThrow().externalId();
      Map<String, Object> remoteNow = new java.util.LinkedHashMap<>(f.shop.get("products", external));
      remoteNow.put("name", "Espresso (renamed in the shop)");
      remoteNow.put("price", "2.70");
      f.shop.put("products", external, remoteNow); // a newer remote copy
      try (NoExport.Scope s = NoExport.scope()) {
        f.env.model("test.product").write(binding.localId(), Map.of("price", 3.0));
      }

      String result = export(f.backend, binding.id(), List.of("price"));

      assertThat(result).startsWith("Updated test.product.binding '" + external + "'").contains("imported first");
      assertThat(f.shop.get("products", external)).containsEntry("name", "Espresso (renamed in the shop)")
          .containsEntry("price", "3.00"); // the exported field: the local change wins
      assertThat(f.env.model("test.product").read(binding.localId()))
          .containsEntry("name", "Espresso (renamed in the shop)").containsEntry("price", 3.0);
      assertThat(importProduct(f.backend, external)).startsWith("Already up-to-date");
    }
  }

  @DbTest
  void withRetryLaterAConflictQueuesAnImportAndFailsRetryably(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      Binding binding = newBoundProduct(f);
      export(f.backend, binding.id(), null);
      Backends.of(f.env).updateSettings(f.backend.id(), Map.of("conflict_policy", "RETRY_LATER"));
      Backend backend = Backends.of(f.env).get(f.backend.id());
      String external = Bindings.of(f.env).find(binding.id()).orElseThrow().externalId();
      Map<String, Object> remoteNow = new java.util.LinkedHashMap<>(f.shop.get("products", external));
      remoteNow.put("name", "Renamed in the shop");
      f.shop.put("products", external, remoteNow);
      try (NoExport.Scope s = NoExport.scope()) {
        f.env.model("test.product").write(binding.localId(), Map.of("price", 3.0));
      }
      int puts = (int) f.shop.requests().stream().filter(r -> r.method().equals("PUT")).count();

      assertThatThrownBy(() -> f.env.tx().run(c -> export(backend, binding.id(), List.of("price"))))
          .isInstanceOfSatisfying(ExportConflictError.class, e -> {
            assertThat(e.getMessage()).contains("changed on backend 'Test shop' since it was last synchronized")
                .contains("an import of it was queued");
            assertThat(e.seconds()).isEqualTo(5);
          });
      assertThat(f.shop.requests().stream().filter(r -> r.method().equals("PUT")).count()).isEqualTo(puts); // nothing written
      assertThat(pendingMethods(f)).containsExactly("importRecord"); // committed despite the export's rollback
    }
  }

  @DbTest
  void overwriteWritesWithoutReadingFirst(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      Binding binding = newBoundProduct(f);
      export(f.backend, binding.id(), null);
      Backends.of(f.env).updateSettings(f.backend.id(), Map.of("conflict_policy", "OVERWRITE"));
      Backend backend = Backends.of(f.env).get(f.backend.id());
      String external = Bindings.of(f.env).find(binding.id()).orElseThrow().externalId();
      try (NoExport.Scope s = NoExport.scope()) {
        f.env.model("test.product").write(binding.localId(), Map.of("price", 3.0));
      }
      int before = f.shop.requests().size();

      export(backend, binding.id(), List.of("price"));

      assertThat(f.shop.requests().subList(before, f.shop.requests().size())).first()
          .satisfies(r -> assertThat(r.method() + " " + r.uri()).isEqualTo("PUT /products/" + external));
    }
  }

  /** The backend, told that its shop checks {@code If-Match} (the shop answering with ETags from now on). */
  private static Backend withIfMatch(ConnectorFixture f) {
    f.shop.etags();
    Backends.of(f.env).updateSettings(f.backend.id(), Map.of("if_match", true));
    return Backends.of(f.env).get(f.backend.id());
  }

  /** A product created in the shop through {@code backend} (its first export): its binding, with the create's version. */
  private static Binding exportedProduct(ConnectorFixture f, Backend backend) {
    Binding binding = newBoundProduct(f);
    export(backend, binding.id(), null);
    return Bindings.of(f.env).find(binding.id()).orElseThrow();
  }

  private static List<String> requestsSince(ConnectorFixture f, int from) {
    return f.shop.requests().subList(from, f.shop.requests().size()).stream()
        .map(r -> r.method() + " " + r.uri() + (r.ifMatch() == null ? "" : " If-Match " + r.ifMatch())).toList();
  }

  @DbTest
  void whereTheRemoteChecksVersionsAnUpdateIsOneConditionalWriteWithoutARead(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      Backend backend = withIfMatch(f);
      Binding created = exportedProduct(f, backend);
      String external = created.externalId();
      assertThat(created.remoteVersion().tag()).as("the create's ETag").isEqualTo(f.shop.etag("products", external));
      try (NoExport.Scope s = NoExport.scope()) {
        f.env.model("test.product").write(created.localId(), Map.of("price", 3.0));
      }
      int before = f.shop.requests().size();

      String result = export(backend, created.id(), List.of("price"));

      assertThat(result).isEqualTo("Updated test.product.binding '" + external + "' from test.product #" + created.localId());
      assertThat(requestsSince(f, before)).as("one request: the write, checked against the stored ETag")
          .containsExactly("PUT /products/" + external + " If-Match " + created.remoteVersion().tag());
      assertThat(f.shop.get("products", external)).containsEntry("price", "3.00");
      assertThat(Bindings.of(f.env).find(created.id()).orElseThrow().remoteVersion().tag())
          .as("the write's ETag, read back").isEqualTo(f.shop.etag("products", external))
          .isNotEqualTo(created.remoteVersion().tag());
      assertThat(importProduct(backend, external)).startsWith("Already up-to-date");
    }
  }

  @DbTest
  void aConditionalWriteTheRemoteRefusesReadsImportsFirstAndKeepsBothChanges(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      Backend backend = withIfMatch(f);
      Binding created = exportedProduct(f, backend);
      String external = created.externalId();
      Map<String, Object> remoteNow = new java.util.LinkedHashMap<>(f.shop.get("products", external));
      remoteNow.put("name", "Espresso (renamed in the shop)");
      f.shop.put("products", external, remoteNow); // a newer remote copy: another ETag
      try (NoExport.Scope s = NoExport.scope()) {
        f.env.model("test.product").write(created.localId(), Map.of("price", 3.0));
      }
      int before = f.shop.requests().size();

      String result = export(backend, created.id(), List.of("price"));

      assertThat(result).startsWith("Updated test.product.binding '" + external + "'").contains("imported first");
      assertThat(requestsSince(f, before)).as("refused, then read, then written").containsExactly(
          "PUT /products/" + external + " If-Match " + created.remoteVersion().tag(),
          "GET /products/" + external,
          "PUT /products/" + external);
      assertThat(f.shop.get("products", external)).containsEntry("name", "Espresso (renamed in the shop)")
          .containsEntry("price", "3.00");
      assertThat(f.env.model("test.product").read(created.localId()))
          .containsEntry("name", "Espresso (renamed in the shop)").containsEntry("price", 3.0);
      assertThat(importProduct(backend, external)).startsWith("Already up-to-date");
    }
  }
}
