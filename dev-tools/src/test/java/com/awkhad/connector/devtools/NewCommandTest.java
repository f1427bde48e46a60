package com.awkhad.connector.devtools;

import static org.assertj.core.api.Assertions.assertThat;

import com.awkhad.connector.testkit.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./connector new} as a user types it; always with --dir, so the checkout is never touched. */
class NewCommandTest {
  private static final Path ROOT_POM = Path.of("").toAbsolutePath().getParent().resolve("pom.xml");

  @Test
  void helpListsTheNewVerbAndItsOptions() {
    assertThat(CliTest.run("--help").out()).contains("new");
    Cli.Result help = CliTest.run("new", "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("NAME", "--dir", "--package", "--model");
  }

  @Test
  void createsTheModuleInDirAndSaysWhatToDoNext(@TempDir Path tmp) throws Exception {
    String rootPom = Files.readString(ROOT_POM);

    Cli.Result r = CliTest.run("new", "shop", "--dir", tmp.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("Created connector shop (artifact connector-shop, addon connector_shop",
        "src/main/java/com/awkhad/connector/shop/ShopAddon.java", "./mvnw -B install -DskipTests", "README.md");
    assertThat(tmp.resolve("shop/src/test/java/com/awkhad/connector/shop/ShopConnectorTest.java")).isRegularFile();
    assertThat(Files.readString(ROOT_POM)).as("a module outside the checkout is not listed in its pom").isEqualTo(rootPom);
  }

  @Test
  void refusesToOverwriteAnExistingDirectoryAndNamesIt(@TempDir Path tmp) throws Exception {
    assertThat(CliTest.run("new", "shop", "--dir", tmp.toString()).code()).isZero();
    String addon = Files.readString(tmp.resolve("shop/src/main/java/com/awkhad/connector/shop/ShopAddon.java"));

    Cli.Result again = CliTest.run("new", "shop", "--dir", tmp.toString(), "--model", "product");

    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains(tmp.resolve("shop") + " already exists", "never overwrites");
    assertThat(Files.readString(tmp.resolve("shop/src/main/java/com/awkhad/connector/shop/ShopAddon.java")))
        .isEqualTo(addon);
  }

  @Test
  void refusesAnInvalidNameSayingWhatIsAllowed(@TempDir Path tmp) throws Exception {
    Cli.Result r = CliTest.run("new", "My Shop", "--dir", tmp.toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("Invalid connector name 'My Shop'", "lower-case letters, digits, underscores or hyphens");
    assertThat(Files.list(tmp)).isEmpty();
  }
}
