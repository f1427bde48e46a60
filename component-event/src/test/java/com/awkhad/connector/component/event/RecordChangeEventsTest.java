package com.awkhad.connector.component.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.base.addon.Addon;
import com.awkhad.connector.base.addon.AddonLoader;
import com.awkhad.connector.base.addon.BaseAddon;
import com.awkhad.connector.base.addon.Manifest;
import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.base.event.RecordEvent;
import com.awkhad.connector.base.model.Field;
import com.awkhad.connector.base.model.ModelRegistry;
import com.awkhad.connector.component.AbstractComponent;
import com.awkhad.connector.component.ComponentAddon;
import com.awkhad.connector.component.ComponentProvider;
import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.component.RecordRef;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;

/** Events from real record changes, through base's record layer, on H2 and PostgreSQL. */
class RecordChangeEventsTest {
  static final List<String> CALLS = new CopyOnWriteArrayList<>();

  /** A shop addon: the shop.customer model, a listener, and data loaded at start-up. */
  static final class ShopAddon implements Addon, ComponentProvider {
    @Override
    public Manifest manifest() {
      return Manifest.of("test_shop", "1.0").depends("component_event").build();
    }

    @Override
    public void registerModels(ModelRegistry models) {
      models.define("shop.customer", "shop_customer")
          .field(Field.chars("name").required())
          .field(Field.chars("email"))
          .build();
    }

    @Override
    public List<Class<? extends AbstractComponent>> components() {
      return List.of(CustomerListener.class, CustomerExportListener.class);
    }

    @Override
    public void start(Environment env) {
      // start-up data and events: dropped, as during the original's module installation
      long id = env.model("shop.customer").create(Map.of("name", "Loaded at start-up"));
      env.model("shop.customer").write(id, Map.of("email", "boot@example.com"));
      ComponentEvents.of(env).notify("on_customer_welcome", "shop.customer", new RecordRef("shop.customer", id));
    }
  }

  @ComponentSpec(name = "shop.customer.listener", applyOn = "shop.customer")
  static class CustomerListener extends EventListener {
    @Override
    public void onRecordCreate(RecordRef record, Set<String> fields) {
      // called after the insert, in the same transaction: the row is visible
      Object name = env().model(record.model()).read(record.id()).get("name");
      CALLS.add("created " + name + " " + fields.stream().sorted().toList());
    }

    @Override
    public void onRecordWrite(RecordRef record, Set<String> fields) {
      Map<String, Object> row = env().model(record.model()).read(record.id());
      if ("forbidden".equals(row.get("name"))) {
        throw new IllegalStateException("customer name 'forbidden' is not allowed");
      }
      CALLS.add("wrote " + row.get("name") + " " + fields.stream().sorted().toList());
    }

    @Override
    public void onRecordUnlink(RecordRef record) {
      // called before the delete: the row still exists
      CALLS.add("unlinking " + env().model(record.model()).read(record.id()).get("name"));
    }

    @OnEvent("on_customer_welcome")
    public void welcome(RecordRef customer) {
      CALLS.add("welcome " + customer);
    }
  }

  @ComponentSpec(name = "shop.customer.export.listener", applyOn = "shop.customer")
  static class CustomerExportListener extends EventListener {
    @Override
    @SkipIf(NoExport.class)
    public void onRecordWrite(RecordRef record, Set<String> fields) {
      CALLS.add("export " + record);
    }
  }

  @BeforeEach
  void clear() {
    CALLS.clear();
  }

  static Environment start(TestDb db) {
    List<Addon> addons = AddonLoader.resolve(
        List.of(new BaseAddon(), new ComponentAddon(), new ComponentEventAddon(), new ShopAddon()), List.of("test_shop"));
    return Environment.start(DatabaseConfig.of(db.url(), db.user(), db.password()), addons);
  }

  @DbTest
  void recordChangesReachListenersInsideTheirTransaction(TestDb db) {
    try (Environment env = start(db)) {
      assertThat(CALLS).as("events published during start-up are dropped").isEmpty();
      assertThat(env.model("shop.customer").count(com.awkhad.connector.base.model.Domain.all())).isEqualTo(1);

      var customers = env.model("shop.customer");
      long id = customers.create(Map.of("name", "Ada", "email", "ada@example.com"));
      customers.write(id, Map.of("email", "ada@lovelace.org"));
      try (NoExport.Scope s = NoExport.scope()) {
        customers.write(id, Map.of("name", "Ada L."));   // as an importer would
      }
      ComponentEvents.of(env).notify("on_customer_welcome", "shop.customer", new RecordRef("shop.customer", id));
      customers.unlink(id);
      assertThat(CALLS).containsExactly(
          "created Ada [email, name]",
          "wrote Ada [email]",
          "export shop.customer#" + id,
          "wrote Ada L. [name]",
          "welcome shop.customer#" + id,
          "unlinking Ada L.");
      assertThat(customers.exists(id)).isFalse();

      // a listener that throws aborts the change
      long other = customers.create(Map.of("name", "Bob"));
      assertThatThrownBy(() -> customers.write(other, Map.of("name", "forbidden")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("customer name 'forbidden' is not allowed");
      assertThat(customers.read(other).get("name")).isEqualTo("Bob");

      // events published directly on the bus take the same path
      CALLS.clear();
      env.recordEvents().publish(new RecordEvent(RecordEvent.Kind.WRITE, "shop.customer", other, Set.of("email")));
      assertThat(CALLS).containsExactly("wrote Bob [email]", "export shop.customer#" + other);
    }
  }
}
