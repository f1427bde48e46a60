package com.awkhad.connector.devtools.scaffold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AggregatorTest {

  @Test
  void addsTheModuleAfterTheLastConnectorOfACopyOfOurRootPom(@TempDir Path tmp) throws Exception {
    Path pom = tmp.resolve("pom.xml");
    Files.copy(Checkout.find(Path.of("")).orElseThrow().pom(), pom);
    String before = Files.readString(pom);

    assertThat(Aggregator.addModule(pom, "connectors/shop")).isTrue();

    String after = Files.readString(pom);
    assertThat(after).contains("    <module>connectors/coffee</module>\n    <module>connectors/shop</module>\n");
    assertThat(after.replace("    <module>connectors/shop</module>\n", "")).isEqualTo(before);
    assertThat(after.indexOf("connectors/shop")).isLessThan(after.indexOf("<module>server</module>"));
  }

  @Test
  void addingTwiceListsTheModuleOnce(@TempDir Path tmp) throws Exception {
    Path pom = tmp.resolve("pom.xml");
    Files.writeString(pom, "<project>\n  <modules>\n    <module>base</module>\n  </modules>\n</project>\n");

    assertThat(Aggregator.addModule(pom, "connectors/shop")).isTrue();
    assertThat(Aggregator.addModule(pom, "connectors/shop")).isFalse();

    assertThat(Files.readString(pom)).isEqualTo(
        "<project>\n  <modules>\n    <module>base</module>\n    <module>connectors/shop</module>\n  </modules>\n</project>\n");
  }

  @Test
  void theModuleGoesAfterTheLastConnectorElseLast() {
    String pom = "<project><modules>\n\t<module>a</module>\n\t<module>connectors/one</module>\n\t<module>z</module>\n"
        + "</modules></project>";

    assertThat(Aggregator.withModule(pom, "connectors/two", Path.of("pom.xml"))).isEqualTo(
        "<project><modules>\n\t<module>a</module>\n\t<module>connectors/one</module>\n\t<module>connectors/two</module>\n"
            + "\t<module>z</module>\n</modules></project>");
    assertThat(Aggregator.withModule("<project><modules><module>a</module></modules></project>", "connectors/two",
        Path.of("pom.xml"))).isEqualTo("<project><modules><module>a</module>\n<module>connectors/two</module>\n</modules></project>");
  }

  @Test
  void aPomWithoutModulesIsRefusedWithWhatToDo() {
    assertThatThrownBy(() -> Aggregator.withModule("<project></project>", "connectors/shop", Path.of("/x/pom.xml")))
        .hasMessageContaining("/x/pom.xml has no <modules> section")
        .hasMessageContaining("<module>connectors/shop</module>");
  }

  @Test
  void addsTheConnectorAfterTheLastConnectorDependencyOfACopyOfOurAppPom(@TempDir Path tmp) throws Exception {
    Path pom = tmp.resolve("pom.xml");
    Files.copy(Checkout.find(Path.of("")).orElseThrow().appPom(), pom);
    String before = Files.readString(pom);

    assertThat(Aggregator.addDependency(pom, "connector-shop")).isTrue();
    assertThat(Aggregator.addDependency(pom, "connector-shop")).as("already there").isFalse();

    String added = "    <dependency><groupId>com.awkhad.connector</groupId><artifactId>connector-shop</artifactId>"
        + "<version>${project.version}</version></dependency>\n";
    String after = Files.readString(pom);
    assertThat(after).contains("<artifactId>connector-coffee</artifactId></dependency>\n" + added);
    assertThat(after.replace(added, "")).isEqualTo(before);
  }

  @Test
  void anAppPomWithoutConnectorDependenciesIsRefusedWithWhatToDo() {
    assertThatThrownBy(() -> Aggregator.withDependency("<project><dependencies></dependencies></project>",
        "connector-shop", Path.of("/x/app/pom.xml")))
        .hasMessageContaining("/x/app/pom.xml has no one-line com.awkhad.connector:connector-* dependency")
        .hasMessageContaining("<artifactId>connector-shop</artifactId><version>${project.version}</version>");
  }
}
