package com.awkhad.connector.framework.binding;

import static com.awkhad.connector.framework.testconnector.TestConnectorAddon.PRODUCT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.base.model.Domain;
import com.awkhad.connector.framework.testconnector.ConnectorFixture;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/** The generic bindings table: lookups, uniqueness, connector fields in JSON, the external.binding model. */
class BindingsTest {

  @DbTest
  void boundCountsTheBindingsWithAnExternalIdAndTheirLocalRecords(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      Bindings bindings = Bindings.of(f.env);
      long espresso = f.env.model("test.product").create(Map.of("name", "Espresso"));
      long latte = f.env.model("test.product").create(Map.of("name", "Latte"));
      long mocha = f.env.model("test.product").create(Map.of("name", "Mocha"));
      assertThat(bindings.bound(f.backend.id(), PRODUCT)).isEqualTo(new Bindings.Bound(0, 0, null));

      bindings.create(f.backend.id(), PRODUCT, "test.product", latte, "7", Instant.now(), Map.of());
      bindings.create(f.backend.id(), PRODUCT, "test.product", mocha, "8", Instant.now(), Map.of());
      bindings.create(f.backend.id(), PRODUCT, "test.product", espresso, null, null, Map.of()); // not exported yet

      assertThat(bindings.bound(f.backend.id(), PRODUCT)).isEqualTo(new Bindings.Bound(2, 2, Math.min(latte, mocha)));
    }
  }

  @DbTest
  void findLockedReadsTheRowUnderALockThatAnotherTransactionMeets(TestDb db) throws Exception {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      Bindings bindings = Bindings.of(f.env);
      long product = f.env.model("test.product").create(Map.of("name", "Espresso"));
      Binding b = bindings.create(f.backend.id(), PRODUCT, "test.product", product, "42", null, Map.of());

      assertThatThrownBy(() -> bindings.findLocked(b.id())).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("outside a transaction");
      f.env.tx().run(c -> {
        assertThat(bindings.findLocked(b.id())).contains(b);
        assertThat(bindings.findLocked(b.id() + 1000)).isEmpty();
        // another transaction, while this one holds the row: refused at once, not kept waiting
        java.util.concurrent.CompletableFuture<Throwable> other = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
          try {
            f.env.tx().run(c2 -> bindings.findLocked(b.id()));
            return null;
          } catch (Throwable t) {
            return t;
          }
        });
        assertThat(other.get(30, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(BindingConflict.class)
            .hasMessageContaining("Binding " + b.id() + " is locked by another transaction");
      });
      // the lock ended with its transaction
      f.env.tx().run(c -> assertThat(bindings.findLocked(b.id())).contains(b));
    }
  }

  @DbTest
  void bindingsAreFoundByExternalIdAndByLocalRecordAndKeepTheirExtraFields(TestDb db) {
    try (ConnectorFixture f = ConnectorFixture.start(db)) {
      Bindings bindings = Bindings.of(f.env);
      long product = f.env.model("test.product").create(Map.of("name", "Espresso"));
      Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

      Binding b = bindings.create(f.backend.id(), PRODUCT, "test.product", product, "42", now, Map.of("sku", "ESP"));

      assertThat(b).isEqualTo(new Binding(b.id(), f.backend.id(), PRODUCT, "test.product", product, "42", now, Map.of("sku", "ESP")));
      assertThat(bindings.byExternal(f.backend.id(), PRODUCT, "42")).contains(b);
      assertThat(bindings.byLocal(f.backend.id(), PRODUCT, product)).contains(b);
      assertThat(bindings.ofLocal("test.product", product)).containsExactly(b);
      assertThat(bindings.byExternal(f.backend.id(), "test.category.binding", "42")).isEmpty();

      Map<String, Object> changes = new HashMap<>();
      changes.put("sku", null);
      changes.put("stock", 3);
      assertThat(bindings.updateExtra(b.id(), changes).extra()).isEqualTo(Map.of("stock", 3));
      assertThat(f.env.model("external.binding").searchRead(Domain.of("external_id", "=", "42"), java.util.List.of("local_id",
          "binding_model", "extra"), com.awkhad.connector.base.model.Order.byId(), 0))
          .containsExactly(Map.of("id", b.id(), "local_id", product, "binding_model", PRODUCT, "extra", Map.of("stock", 3)));

      long other = f.env.model("test.product").create(Map.of("name", "Latte"));
      assertThatThrownBy(() -> bindings.create(f.backend.id(), PRODUCT, "test.product", other, "42", null, Map.of()))
          .isInstanceOf(BindingConflict.class)
          .hasMessageStartingWith("Cannot bind test.product #" + other + " as test.product.binding '42' on backend "
              + f.backend.id() + ": another binding already holds this external id or local record");
      assertThatThrownBy(() -> bindings.create(f.backend.id(), PRODUCT, "test.product", product, "43", null, Map.of()))
          .isInstanceOf(BindingConflict.class);
      // unbound bindings (no external id yet) do not collide with each other
      long third = f.env.model("test.product").create(Map.of("name", "Mocha"));
      bindings.create(f.backend.id(), PRODUCT, "test.product", other, null, null, Map.of());
      bindings.create(f.backend.id(), PRODUCT, "test.product", third, null, null, Map.of());
      assertThat(bindings.count(f.backend.id(), PRODUCT)).isEqualTo(3);

      assertThat(bindings.delete(b.id())).isTrue();
      assertThat(bindings.delete(b.id())).isFalse();
      assertThat(bindings.find(b.id())).isEmpty();
    }
  }
}
