package com.awkhad.connector.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.base.addon.AddonLoader;
import com.awkhad.connector.base.addon.BaseAddon;
import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.component.Binders.CoffeeBinder;
import com.awkhad.connector.component.RegistryBuildTest.CoffeeAddon;
import com.awkhad.connector.component.RegistryBuildTest.CoffeeExtrasAddon;
import com.awkhad.connector.component.RegistryBuildTest.PrefixedCoffeeBinder;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.util.List;

class ComponentAddonTest {

  @DbTest
  void theComponentAddonBuildsTheRegistryOfTheStartedAddons(TestDb db) {
    DatabaseConfig config = DatabaseConfig.of(db.url(), db.user(), db.password());
    var addons = AddonLoader.resolve(
        List.of(new BaseAddon(), new ComponentAddon(), new CoffeeAddon(), new CoffeeExtrasAddon()), null);
    try (Environment env = Environment.start(config, addons)) {
      ComponentRegistry registry = env.service(ComponentRegistry.class);
      assertThat(registry.get("coffee.binder").orElseThrow().type()).isEqualTo(PrefixedCoffeeBinder.class);
      try (WorkContext work = WorkContext.builder(env).collection(new RecordRef("coffee.backend", 1)).model("coffee.category").build()) {
        CoffeeBinder binder = work.component(CoffeeBinder.class, "binder");
        assertThat(binder.env()).isSameAs(env);
        assertThat(binder).isExactlyInstanceOf(PrefixedCoffeeBinder.class);
      }
    }
    try (Environment env = Environment.start(config, List.of(new BaseAddon()))) {
      assertThatThrownBy(() -> WorkContext.builder(env))
          .isInstanceOf(RegistryNotReadyError.class)
          .hasMessageContaining("add the 'component' addon to the depends of your addon");
    }
  }
}
