package com.awkhad.connector.devtools.scaffold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generates connectors into a temporary copy of the checkout (its root pom) and proves that what
 * is generated compiles and that its own tests pass, on H2 and PostgreSQL.
 */
class ScaffoldTest {
  private static final Checkout REAL_CHECKOUT = Checkout.find(Path.of("")).orElseThrow();
  private static final Path REAL_ROOT_POM = REAL_CHECKOUT.pom();

  /** A checkout made of copies of the real root and app poms, with an empty connectors/ directory. */
  private static Checkout copyOfCheckout(Path dir) throws Exception {
    Files.createDirectories(dir.resolve("app"));
    Files.copy(REAL_ROOT_POM, dir.resolve("pom.xml"));
    Files.copy(REAL_ROOT_POM.resolveSibling("app").resolve("pom.xml"), dir.resolve("app/pom.xml"));
    Files.createDirectories(dir.resolve("connectors"));
    return Checkout.find(dir).orElseThrow();
  }

  @Test
  void aGeneratedConnectorCompilesAndItsTestsPassOnBothDatabases(@TempDir Path tmp) throws Exception {
    Checkout checkout = copyOfCheckout(tmp.resolve("checkout"));

    ScaffoldResult r = Scaffold.generate(ScaffoldRequest.of("demo_shop").checkout(checkout));

    Path module = checkout.root().resolve("connectors/demo_shop");
    assertThat(r.moduleDir()).isEqualTo(module);
    assertThat(r.javaPackage()).isEqualTo("com.awkhad.connector.demo_shop");
    assertThat(r.files()).contains("pom.xml", "README.md",
        "src/main/java/com/awkhad/connector/demo_shop/DemoShopAddon.java",
        "src/main/java/com/awkhad/connector/demo_shop/component/ItemAdapter.java",
        "src/test/java/com/awkhad/connector/demo_shop/DemoShopConnectorTest.java");
    assertThat(r.files()).as("the model's definition makes its table: no SQL to keep in step").noneMatch(f -> f.endsWith(".sql"));
    assertThat(r.files()).allSatisfy(f -> assertThat(Files.readString(module.resolve(f))).doesNotContain("${"));
    String pom = Files.readString(module.resolve("pom.xml"));
    assertThat(pom).contains("<artifactId>connector-demo_shop</artifactId>", "<relativePath>../../pom.xml</relativePath>",
        "<version>" + checkout.parentVersion() + "</version>");
    assertThat(r.files()).as("the addon and its components are registered by the annotation processor, not by hand")
        .noneMatch(f -> f.contains("META-INF"));
    assertThat(Files.readString(module.resolve("src/main/java/com/awkhad/connector/demo_shop/DemoShopAddon.java")))
        .doesNotContain("components()", "ComponentProvider");
    assertThat(Files.readString(checkout.pom())).contains("<module>connectors/demo_shop</module>");
    assertThat(r.addedToApp()).isEqualTo(checkout.appPom());
    assertThat(Files.readString(checkout.appPom())).contains("<artifactId>connector-demo_shop</artifactId>");
    assertThat(Files.readString(module.resolve("src/main/java/com/awkhad/connector/demo_shop/component/ItemAdapter.java")))
        .as("the adapter sets every hook a real API may need, to its default")
        .contains("protected String idField() {\n    return \"id\";", "protected String recordEnvelope() {\n    return null;",
            "protected String listEnvelope() {\n    return null;", "protected Paging paging() {\n    return Paging.none();",
            "public RemoteClock clock() {\n    return RemoteClock.iso();",
            "protected String updatedAtField() {\n    return \"updated_at\";", "protected String versionField() {",
            "protected String etagField() {\n    return null;", "protected String writeMethod() {\n    return \"PUT\";");
    assertThat(Files.readString(module.resolve("README.md"))).contains("## Fitting a real API", "`recordEnvelope()` returns `\"item\"`",
        "`Paging.link(\"per_page\")`", "`RemoteClock.isoSeconds()`", "`api_key_header`");

    GeneratedModule.Run run = new GeneratedModule(module, tmp.resolve("classes")).compile()
        .runTests("com.awkhad.connector.demo_shop.DemoShopConnectorTest");
    assertThat(Files.readAllLines(tmp.resolve("classes/META-INF/services/com.awkhad.connector.base.addon.Addon")))
        .as("written by the compile").contains("com.awkhad.connector.demo_shop.DemoShopAddon");
    assertThat(Files.readAllLines(tmp.resolve("classes/META-INF/awkhad/components")))
        .contains("com.awkhad.connector.demo_shop.component.DemoShopBinder", "com.awkhad.connector.demo_shop.component.ItemAdapter",
            "com.awkhad.connector.demo_shop.component.ItemExportListener");

    assertThat(run.summary().getTestsFailedCount()).as(run.failures()).isZero();
    assertThat(run.summary().getTestsAbortedCount()).isZero();
    assertThat(run.summary().getTestsFoundCount()).isGreaterThan(0);
    assertThat(run.summary().getTestsSucceededCount()).isEqualTo(run.summary().getTestsFoundCount());
    assertThat(run.succeeded()).contains("[h2]", "[postgresql]");
  }

  @Test
  void namesModelAndPackageShapeTheGeneratedCodeWhichStillCompiles(@TempDir Path tmp) throws Exception {
    Checkout checkout = copyOfCheckout(tmp.resolve("checkout"));
    Path elsewhere = tmp.resolve("elsewhere");

    ScaffoldResult r = Scaffold.generate(ScaffoldRequest.of("acme-erp").dir(elsewhere).javaPackage("com.example.acme")
        .model("category").checkout(checkout));

    Path module = elsewhere.resolve("acme-erp");
    assertThat(r.registeredIn()).as("outside the checkout: not listed in its pom").isNull();
    assertThat(r.addedToApp()).isNull();
    assertThat(Files.readString(checkout.appPom())).doesNotContain("acme");
    assertThat(Files.readString(checkout.pom())).doesNotContain("acme-erp");
    assertThat(Files.readString(module.resolve("pom.xml")))
        .contains("<artifactId>connector-acme-erp</artifactId>", "<relativePath/>");
    assertThat(r.files()).contains("src/main/java/com/example/acme/AcmeErpAddon.java",
        "src/main/java/com/example/acme/component/CategoryExportListener.java");
    String addon = Files.readString(module.resolve("src/main/java/com/example/acme/AcmeErpAddon.java"));
    assertThat(addon).contains("Manifest.of(\"connector_acme_erp\"", "CATEGORY = AcmeErpNames.CATEGORY;",
        "CATEGORY_BINDING = AcmeErpNames.CATEGORY_BINDING;", "CHANNEL = AcmeErpNames.CHANNEL;");
    assertThat(Files.readString(module.resolve("src/main/java/com/example/acme/component/AcmeErpNames.java")))
        .as("the names live beside the components, which never import the addon's package")
        .contains("CATEGORY = \"acme_erp.category\"", "CATEGORY_BINDING = \"acme_erp.category.binding\"",
            "CHANNEL = \"root.acme_erp\"");
    assertThat(Files.readString(module.resolve("src/main/java/com/example/acme/component/CategoryExportListener.java")))
        .doesNotContain("import com.example.acme.AcmeErpAddon", "AcmeErpAddon.");
    assertThat(Files.readString(module.resolve("src/main/java/com/example/acme/component/CategoryAdapter.java")))
        .contains("return \"/categories\";");
    assertThat(addon).contains("models.define(CATEGORY, \"acme_erp_category\")");
    assertThat(module.resolve("src/main/resources/db")).doesNotExist();

    new GeneratedModule(module, tmp.resolve("classes")).compile();
  }

  @Test
  void anExistingDirectoryIsNeverOverwritten(@TempDir Path tmp) throws Exception {
    Checkout checkout = copyOfCheckout(tmp.resolve("checkout"));
    Path existing = checkout.connectorsDir().resolve("shop");
    Files.createDirectories(existing);
    Files.writeString(existing.resolve("notes.txt"), "mine", StandardCharsets.UTF_8);
    String pomBefore = Files.readString(checkout.pom());

    assertThatThrownBy(() -> Scaffold.generate(ScaffoldRequest.of("shop").checkout(checkout)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(existing.toString())
        .hasMessageContaining("already exists")
        .hasMessageContaining("never overwrites");
    assertThat(Files.readString(existing.resolve("notes.txt"))).isEqualTo("mine");
    assertThat(Files.list(existing)).hasSize(1);
    assertThat(Files.readString(checkout.pom())).isEqualTo(pomBefore);
  }

  @Test
  void invalidOptionsAreRefusedBeforeAnythingIsWritten(@TempDir Path tmp) throws Exception {
    Checkout checkout = copyOfCheckout(tmp.resolve("checkout"));

    assertThatThrownBy(() -> Scaffold.generate(ScaffoldRequest.of("shop").javaPackage("com.example.class")
        .checkout(checkout))).hasMessageContaining("Invalid --package 'com.example.class'");
    assertThatThrownBy(() -> Scaffold.generate(ScaffoldRequest.of("shop").model("Items").checkout(checkout)))
        .hasMessageContaining("Invalid --model 'Items'").hasMessageContaining("singular");
    assertThatThrownBy(() -> Scaffold.generate(ScaffoldRequest.of("shop").dir(tmp.resolve("x"))))
        .hasMessageContaining("checkout");
    assertThat(checkout.connectorsDir()).isEmptyDirectory();
    assertThat(tmp.resolve("x")).doesNotExist();
  }

  @Test
  void namesClashingWithTheFrameworkOrAnExistingAddonAreRefused(@TempDir Path tmp) {
    assertThatThrownBy(() -> Scaffold.generate(ScaffoldRequest.of("coffee").dir(tmp).checkout(REAL_CHECKOUT)))
        .hasMessageContaining("An addon named connector_coffee already exists");
    assertThatThrownBy(() -> Scaffold.generate(ScaffoldRequest.of("queue").dir(tmp).checkout(REAL_CHECKOUT)))
        .hasMessageContaining("com.awkhad.connector.queue would mix with com.awkhad.connector.queue")
        .hasMessageContaining("--package com.example.queue");
    assertThatThrownBy(() -> Scaffold.generate(ScaffoldRequest.of("shop").javaPackage("com.awkhad.connector")
        .dir(tmp).checkout(REAL_CHECKOUT))).hasMessageContaining("com.awkhad.connector.component would mix with");
    assertThat(tmp).isEmptyDirectory();
  }
}
