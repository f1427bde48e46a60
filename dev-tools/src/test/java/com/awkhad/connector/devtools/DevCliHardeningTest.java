package com.awkhad.connector.devtools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.devtools.scaffold.Checkout;
import com.awkhad.connector.devtools.scaffold.Scaffold;
import com.awkhad.connector.devtools.scaffold.ScaffoldRequest;
import com.awkhad.connector.testkit.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The development verbs' answers to hostile or mistaken input (docs/security.md, "CLI,
 * configuration and secrets"; the product's verbs are in server's CliHardeningTest).
 */
class DevCliHardeningTest {

  @Test
  void newRefusesNamesGitIgnoresOrReserves(@TempDir Path dir) throws Exception {
    for (String name : new String[] {"var", "target"}) {
      Cli.Result r = CliTest.run("new", name, "--dir", dir.toString());
      assertThat(r.code()).as(name).isNotZero();
      assertThat(r.err()).contains("Invalid connector name '" + name + "'", "git ignores it");
      assertThat(dir.resolve(name)).doesNotExist();
    }
    Path checkout = dir.resolve("checkout");
    Files.createDirectories(checkout);
    Files.writeString(checkout.resolve("pom.xml"), "<project><artifactId>" + Checkout.PARENT_ARTIFACT
        + "</artifactId><version>0.1.0-SNAPSHOT</version></project>");
    Files.writeString(checkout.resolve(".gitignore"), "target/\n# generated code\ngenerated*/\n");
    assertThatThrownBy(() -> Scaffold.generate(ScaffoldRequest.of("generated_shop").checkout(new Checkout(checkout))))
        .hasMessageContaining("Git ignores").hasMessageContaining("rule 'generated*/'");
    assertThat(checkout.resolve("connectors")).doesNotExist();
  }

  @Test
  void aSecondDemoNeverDeletesTheDatabaseOfARunningOne(@TempDir Path dir) throws Exception {
    Path db = dir.resolve("demo.mv.db");
    Files.writeString(db, "the running demo's data");
    try (var channel = java.nio.channels.FileChannel.open(dir.resolve("demo.lock"),
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
        var held = channel.lock()) {
      Cli.Result second = CliTest.run("demo", "--dir", dir.toString(), "--duration", "1", "--no-http");
      assertThat(second.code()).isEqualTo(1);
      assertThat(second.err()).contains("Another demo is running on");
    }
    assertThat(db).hasContent("the running demo's data");

    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Cli.Result busy = CliTest.run("demo", "--dir", dir.toString(), "--duration", "1", "--http-port",
          String.valueOf(taken.getLocalPort()));
      assertThat(busy.code()).isEqualTo(1);
      assertThat(busy.err()).contains("Port " + taken.getLocalPort() + " on 127.0.0.1 is in use (--http-port)");
    }
    assertThat(db).hasContent("the running demo's data");
  }
}
