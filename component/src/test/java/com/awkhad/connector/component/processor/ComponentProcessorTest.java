package com.awkhad.connector.component.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.awkhad.connector.component.ComponentIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link ComponentProcessor} writes and refuses, on sources compiled in the test. */
class ComponentProcessorTest {
  private static final String ADDON = """
      package shop;
      import com.awkhad.connector.base.addon.*;
      public final class ShopAddon implements Addon {
        public Manifest manifest() { return Manifest.of("shop", "1.0").depends("component").build(); }
      }
      """;

  @TempDir Path dir;

  @Test
  void indexesEveryAnnotatedClassOfTheCompileSortedNestedByBinaryName() {
    Compilation c = Compilation.of(dir, Map.of(
        "shop/ShopAddon.java", ADDON,
        "shop/component/Binder.java", """
            package shop.component;
            import com.awkhad.connector.component.*;
            @ComponentSpec(name = "shop.binder", usage = "binder")
            public class Binder extends AbstractComponent {
              @ComponentSpec(name = "shop.nested") public static class Nested extends AbstractComponent {}
            }
            """,
        "shop/component/Base.java", """
            package shop.component;
            import com.awkhad.connector.component.*;
            @ComponentSpec(name = "shop.base")
            public abstract class Base extends AbstractComponent {}
            """,
        "shop/component/Helper.java", """
            package shop.component;
            public class Helper {}
            """));

    assertThat(c.errors()).isEmpty();
    assertThat(c.resource(ComponentIndex.RESOURCE))
        .containsExactly("shop.component.Base", "shop.component.Binder", "shop.component.Binder$Nested");
  }

  @Test
  void writesTheServiceLoaderFileOfThePublicConcreteAddonsOnly() {
    Compilation c = Compilation.of(dir, Map.of(
        "shop/ShopAddon.java", ADDON,
        "shop/more/Holder.java", """
            package shop.more;
            import com.awkhad.connector.base.addon.*;
            public class Holder {
              public static final class PublicNested implements Addon {
                public Manifest manifest() { return Manifest.of("nested", "1.0").build(); }
              }
              static final class Hidden implements Addon {
                public Manifest manifest() { return Manifest.of("hidden", "1.0").build(); }
              }
              public abstract static class Abstract implements Addon {}
            }
            """));

    assertThat(c.errors()).isEmpty();
    assertThat(c.resource(ComponentIndex.ADDON_SERVICES)).containsExactly("shop.ShopAddon", "shop.more.Holder$PublicNested");
  }

  @Test
  void theOptionTurnsTheServiceLoaderFileOffForTestSources() {
    Compilation c = Compilation.of(dir, Map.of("shop/ShopAddon.java", ADDON), "-Aawkhad.addonServices=false");

    assertThat(c.errors()).isEmpty();
    assertThat(c.classes().resolve(ComponentIndex.ADDON_SERVICES)).doesNotExist();
  }

  @Test
  void aHandWrittenServicesFileListingOtherClassesFailsTheCompileSayingToDeleteIt() throws Exception {
    Path services = dir.resolve("classes").resolve(ComponentIndex.ADDON_SERVICES);
    Files.createDirectories(services.getParent());
    Files.writeString(services, "shop.ShopAddon\nelsewhere.OtherAddon\n"); // what the resources plugin copies

    Compilation c = Compilation.of(dir, Map.of("shop/ShopAddon.java", ADDON));

    assertThat(c.success()).isFalse();
    assertThat(c.errors()).singleElement().asString()
        .contains("also lists elsewhere.OtherAddon", "delete src/main/resources/" + ComponentIndex.ADDON_SERVICES);
  }

  @Test
  void aHandWrittenServicesFileListingThisModulesAddonsIsReplaced() throws Exception {
    Path services = dir.resolve("classes").resolve(ComponentIndex.ADDON_SERVICES);
    Files.createDirectories(services.getParent());
    Files.writeString(services, "# mine\nshop.ShopAddon\n");

    Compilation c = Compilation.of(dir, Map.of("shop/ShopAddon.java", ADDON));

    assertThat(c.errors()).isEmpty();
    assertThat(Files.readAllLines(services)).containsExactly(ComponentIndex.GENERATED_HEADER, "shop.ShopAddon");
  }

  @Test
  void theFileOfAnEarlierBuildIsRewrittenNotMerged() throws Exception {
    Path services = dir.resolve("classes").resolve(ComponentIndex.ADDON_SERVICES);
    Files.createDirectories(services.getParent());
    Files.writeString(services, ComponentIndex.GENERATED_HEADER + "\nshop.GoneAddon\n");

    Compilation c = Compilation.of(dir, Map.of("shop/ShopAddon.java", ADDON));

    assertThat(c.errors()).isEmpty();
    assertThat(c.resource(ComponentIndex.ADDON_SERVICES)).containsExactly("shop.ShopAddon");
  }

  @Test
  void aClassThatIsNotAComponentIsACompileErrorNamingItAndTheFix() {
    Compilation c = Compilation.of(dir, Map.of("shop/NotOne.java", """
        package shop;
        @com.awkhad.connector.component.ComponentSpec(name = "shop.not.one")
        public class NotOne {}
        """));

    assertThat(c.success()).isFalse();
    assertThat(c.errors()).singleElement().asString()
        .contains("shop.NotOne", "is not a component", "make it extend AbstractComponent");
  }

  @Test
  void anInterfaceIsACompileError() {
    Compilation c = Compilation.of(dir, Map.of("shop/Kind.java", """
        package shop;
        @com.awkhad.connector.component.ComponentSpec(name = "shop.kind")
        public interface Kind {}
        """));

    assertThat(c.errors()).singleElement().asString().contains("shop.Kind", "an interface", "put it on a class extending AbstractComponent");
  }

  @Test
  void aConcreteComponentWithoutAConstructorWithoutParametersIsACompileError() {
    Compilation c = Compilation.of(dir, Map.of("shop/NeedsArgs.java", """
        package shop;
        import com.awkhad.connector.component.*;
        @ComponentSpec(name = "shop.needs.args")
        public class NeedsArgs extends AbstractComponent {
          public NeedsArgs(String s) {}
        }
        """));

    assertThat(c.errors()).singleElement().asString()
        .contains("shop.NeedsArgs has no constructor without parameters", "add 'public NeedsArgs() {}'");
  }

  @Test
  void anAbstractComponentNeedsNoConstructorWithoutParameters() {
    Compilation c = Compilation.of(dir, Map.of("shop/Base.java", """
        package shop;
        import com.awkhad.connector.component.*;
        @ComponentSpec(name = "shop.base")
        public abstract class Base extends AbstractComponent {
          protected Base(String s) {}
        }
        """));

    assertThat(c.errors()).isEmpty();
    assertThat(c.resource(ComponentIndex.RESOURCE)).containsExactly("shop.Base");
  }

  @Test
  void anInnerClassAndABlankNameAreCompileErrors() {
    Compilation c = Compilation.of(dir, Map.of("shop/Outer.java", """
        package shop;
        import com.awkhad.connector.component.*;
        public class Outer {
          @ComponentSpec(name = "shop.inner") public class Inner extends AbstractComponent {}
          @ComponentSpec(name = " ") public static class Blank extends AbstractComponent {}
        }
        """));

    assertThat(c.errors()).hasSize(2);
    assertThat(c.errors()).anySatisfy(e -> assertThat(e).contains("shop.Outer.Inner is an inner class", "declare it static"));
    assertThat(c.errors()).anySatisfy(e -> assertThat(e).contains("shop.Outer.Blank has a blank @ComponentSpec name"));
    assertThat(c.classes().resolve(ComponentIndex.RESOURCE)).as("no index of a failed compile").doesNotExist();
  }
}
