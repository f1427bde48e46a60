package com.awkhad.connector.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.base.addon.Addon;
import com.awkhad.connector.component.processor.Compilation;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An addon's components are the indexed classes of its module in its package or below, and no
 * other addon's: sources compiled with the processor in the test, loaded by a class loader of their
 * own as a module's jar would be.
 */
class ComponentIndexTest {
  private static String addon(String pkg, String cls, String name, String extra) {
    return "package " + pkg + ";\n"
        + "import com.awkhad.connector.base.addon.*;\nimport com.awkhad.connector.component.*;\nimport java.util.List;\n"
        + "public final class " + cls + " implements Addon" + extra + " {\n"
        + "  public Manifest manifest() { return Manifest.of(\"" + name + "\", \"1.0\").build(); }\n"
        + (extra.isEmpty() ? "" : "  public List<Class<? extends AbstractComponent>> components() {"
            + " return List.of(shop.component.ShopBinder.class); }\n")
        + "}\n";
  }

  private static String component(String pkg, String cls, String name, String spec, String parent) {
    return "package " + pkg + ";\nimport com.awkhad.connector.component.*;\n"
        + "@ComponentSpec(name = \"" + name + "\"" + spec + ")\n"
        + "public " + (cls.endsWith("Base") ? "abstract " : "") + "class " + cls + " extends " + parent + " {}\n";
  }

  @TempDir Path dir;
  private URLClassLoader loader;

  @BeforeEach
  void compileTwoAddonsOfOneJarAndAThird() throws Exception {
    Compilation c = Compilation.of(dir, Map.of(
        "shop/ShopAddon.java", addon("shop", "ShopAddon", "shop", ""),
        "shop/component/ShopBinder.java",
        component("shop.component", "ShopBinder", "shop.binder", ", collection = \"shop.backend\", usage = \"binder\"", "AbstractComponent"),
        "shop/component/ZBase.java", component("shop.component", "ZBase", "shop.base", ", usage = \"record.importer\"", "AbstractComponent"),
        "shop/component/AImporter.java", component("shop.component", "AImporter", "shop.importer", "", "ZBase"),
        "shop/b2b/B2bAddon.java", addon("shop.b2b", "B2bAddon", "shop_b2b", ""),
        "shop/b2b/B2bBinder.java", component("shop.b2b", "B2bBinder", "b2b.binder", ", usage = \"binder\"", "AbstractComponent"),
        "listed/ListedAddon.java", addon("listed", "ListedAddon", "listed", ", ComponentProvider"),
        "other/OtherBinder.java", component("other", "OtherBinder", "other.binder", ", usage = \"binder\"", "AbstractComponent")));
    assertThat(c.errors()).isEmpty();
    loader = new URLClassLoader(new URL[] {c.classes().toUri().toURL()}, getClass().getClassLoader());
  }

  @AfterEach
  void close() throws Exception {
    loader.close();
  }

  private Addon load(String name) throws Exception {
    return (Addon) loader.loadClass(name).getConstructor().newInstance();
  }

  private static java.util.List<String> names(ComponentRegistry r) {
    return r.all().stream().map(ComponentDescriptor::name).toList();
  }

  @Test
  void aComponentRegisteredOnlyByItsAnnotationIsFoundAndLookedUp() throws Exception {
    ComponentRegistry registry = ComponentRegistry.fromAddons(java.util.List.of(load("shop.ShopAddon")));

    assertThat(registry.lookup("shop.backend", "binder", "shop.order")).singleElement()
        .satisfies(d -> assertThat(d.type().getName()).isEqualTo("shop.component.ShopBinder"));
    assertThat(registry.get("shop.importer")).get().satisfies(d -> {
      assertThat(d.addons()).containsExactly("shop");
      assertThat(d.usage()).as("inherited from its parent").isEqualTo("record.importer");
    });
  }

  @Test
  void theComponentsOfAnotherAddonsPackageAreNotItsOwnEvenBelowIt() throws Exception {
    assertThat(names(ComponentRegistry.fromAddons(java.util.List.of(load("shop.ShopAddon")))))
        .containsExactlyInAnyOrder("shop.binder", "shop.base", "shop.importer")
        .doesNotContain("b2b.binder", "other.binder");
    assertThat(names(ComponentRegistry.fromAddons(java.util.List.of(load("shop.b2b.B2bAddon")))))
        .containsExactly("b2b.binder");
  }

  @Test
  void parentsComeBeforeTheirChildrenWhateverTheirNames() throws Exception {
    assertThat(ComponentIndex.componentsOf(load("shop.ShopAddon"))).extracting(Class::getSimpleName)
        .as("by name, but the parent ZBase before AImporter").containsExactly("ZBase", "AImporter", "ShopBinder");
  }

  @Test
  void anAddonListingItsComponentsGetsItsListOnly() throws Exception {
    assertThat(names(ComponentRegistry.fromAddons(java.util.List.of(load("listed.ListedAddon")))))
        .containsExactly("shop.binder");
  }

  @Test
  void anAddonTheModuleDoesNotRegisterGetsNoIndexedComponents() throws Exception {
    Path services = Path.of(loader.getURLs()[0].toURI()).resolve(ComponentIndex.ADDON_SERVICES);
    Files.writeString(services, "shop.b2b.B2bAddon\n"); // as test sources: no ServiceLoader file for ShopAddon

    assertThat(ComponentIndex.componentsOf(load("shop.ShopAddon"))).isEmpty();
    assertThat(ComponentIndex.componentsOf(load("shop.b2b.B2bAddon"))).extracting(Class::getName).containsExactly("shop.b2b.B2bBinder");
  }

  @Test
  void anIndexOlderThanTheClassesSaysToRebuild() throws Exception {
    Path index = Path.of(loader.getURLs()[0].toURI()).resolve(ComponentIndex.RESOURCE);
    Files.writeString(index, Files.readString(index) + "shop.component.Deleted\n");

    assertThatThrownBy(() -> ComponentIndex.componentsOf(load("shop.ShopAddon")))
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("lists shop.component.Deleted, which cannot be loaded")
        .hasMessageContaining("rebuild the module");
  }
}
