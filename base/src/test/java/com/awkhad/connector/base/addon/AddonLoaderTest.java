package com.awkhad.connector.base.addon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AddonLoaderTest {

  record TestAddon(Manifest manifest) implements Addon {
    static TestAddon of(String name, String... depends) {
      return new TestAddon(Manifest.of(name, "1.0").depends(depends).build());
    }
  }

  private static List<String> names(List<Addon> addons) {
    return addons.stream().map(a -> a.manifest().technicalName()).toList();
  }

  @Test
  void resolvesTransitiveDependenciesInStartOrder() {
    List<Addon> available = List.of(
        TestAddon.of("connector_coffee", "connector"),
        TestAddon.of("connector", "queue_job", "component", "component_event"),
        TestAddon.of("component_event", "component"),
        TestAddon.of("component", "base"),
        TestAddon.of("queue_job", "base"),
        TestAddon.of("unrelated", "base"),
        new BaseAddon());
    List<Addon> ordered = AddonLoader.resolve(available, List.of("connector_coffee"));
    assertThat(names(ordered))
        .containsExactly("base", "component", "component_event", "queue_job", "connector", "connector_coffee");
    assertThat(names(AddonLoader.resolve(available))).contains("unrelated").hasSize(7);
  }

  @Test
  void refusesAMissingDependencyNamingBothAddons() {
    assertThatThrownBy(() -> AddonLoader.resolve(List.of(TestAddon.of("connector_coffee", "connector"))))
        .isInstanceOf(AddonException.class)
        .hasMessageContaining("'connector_coffee' depends on 'connector'")
        .hasMessageContaining("not on the class path");
  }

  @Test
  void refusesACycleShowingIt() {
    List<Addon> available = List.of(TestAddon.of("a", "b"), TestAddon.of("b", "c"), TestAddon.of("c", "a"));
    assertThatThrownBy(() -> AddonLoader.resolve(available))
        .isInstanceOf(AddonException.class)
        .hasMessageContaining("cycle: a -> b -> c -> a");
  }

  @Test
  void skipsNonInstallableAddonsButRefusesToDependOnThem() {
    Addon off = new TestAddon(Manifest.of("off", "1.0").installable(false).build());
    assertThat(names(AddonLoader.resolve(List.of(new BaseAddon(), off)))).containsExactly("base");
    assertThatThrownBy(() -> AddonLoader.resolve(List.of(off, TestAddon.of("user", "off"))))
        .isInstanceOf(AddonException.class)
        .hasMessageContaining("'off' is not installable but 'user' depends on it");
  }

  @Test
  void refusesTwoAddonsWithOneNameAndBadManifests() {
    assertThatThrownBy(() -> AddonLoader.resolve(List.of(new BaseAddon(), TestAddon.of("base"))))
        .isInstanceOf(AddonException.class)
        .hasMessageContaining("Two addons are named 'base'");
    assertThatThrownBy(() -> Manifest.of("Bad-Name", "1.0").build())
        .hasMessageContaining("'Bad-Name' is invalid");
    assertThatThrownBy(() -> Manifest.of("ok", " ").build()).hasMessageContaining("has no version");
  }

  @Test
  void discoversBaseWithServiceLoader() {
    assertThat(names(AddonLoader.discover())).contains("base");
  }
}
