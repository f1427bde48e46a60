package com.awkhad.connector.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No package cycle in the main sources of any module of the checkout (every {@code src/main/java}
 * under the root: the framework, the server, the dev tools, the connectors, the examples, the
 * benches), read by {@link PackageGraph}. A cycle found makes the test fail with the packages and
 * the files that make each dependency of it.
 *
 * <p>{@link #KNOWN} lists the cycles there were when the test was written, each with what breaking
 * it needs (docs/architecture.md, "Package cycles"): they are tolerated as they are, never grown;
 * a cycle that is broken must leave the list (the test fails until it does), so the list only
 * shrinks.
 */
class PackageCycleTest {
  private static final String PREFIX = "com.awkhad.connector";

  /** The cycles tolerated for now; see the class description. */
  static final List<Set<String>> KNOWN = List.of();

  private static Path checkoutRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path pom = dir.resolve("pom.xml");
      try {
        if (Files.isRegularFile(pom) && Files.readString(pom).contains("<artifactId>awkhad-connector-parent</artifactId>")
            && Files.isDirectory(dir.resolve("base"))) {
          return dir;
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    throw new IllegalStateException("No checkout (root pom.xml of awkhad-connector-parent) above "
        + Path.of("").toAbsolutePath() + ": run the test from the app module of the checkout");
  }

  @Test
  void noModuleHasAPackageCycleBeyondTheKnownOnes() {
    PackageGraph graph = PackageGraph.ofMainSources(checkoutRoot(), PREFIX);
    assertThat(graph.packages()).as("packages read").hasSizeGreaterThan(50)
        .contains("com.awkhad.connector.base.env", "com.awkhad.connector.server", "com.awkhad.connector.devtools",
            "com.awkhad.connector.coffee.component", "com.awkhad.connector.coffee.simulator");

    List<Set<String>> cycles = graph.cycles();
    List<String> unknown = new ArrayList<>();
    for (Set<String> cycle : cycles) {
      if (!KNOWN.contains(cycle)) {
        unknown.add(cycle + "\n" + graph.explain(cycle));
      }
    }
    assertThat(unknown).as("package cycles (break each: move the shared type down, or invert the dependency)")
        .isEmpty();
    List<Set<String>> gone = KNOWN.stream().filter(k -> !cycles.contains(k)).collect(Collectors.toList());
    assertThat(gone).as("known cycles that are broken now: take them out of PackageCycleTest.KNOWN").isEmpty();
  }

  @Test
  void aCycleThroughAnImportAQualifiedNameOrAStaticImportIsFound() {
    PackageGraph g = graph(
        "package com.awkhad.connector.a;\nimport com.awkhad.connector.a.b.B;\nclass A { B b; }",
        "package com.awkhad.connector.a.b;\nclass B { Object o = new com.awkhad.connector.a.c.C(); }",
        "package com.awkhad.connector.a.c;\nimport static com.awkhad.connector.a.A.ONE;\nclass C {}",
        "package com.awkhad.connector.d;\nimport com.awkhad.connector.a.A;\nclass D {}");

    assertThat(g.cycles()).containsExactly(
        Set.of("com.awkhad.connector.a", "com.awkhad.connector.a.b", "com.awkhad.connector.a.c"));
    assertThat(g.explain(g.cycles().get(0))).contains("com.awkhad.connector.a.b -> com.awkhad.connector.a.c  (B.java)");
  }

  @Test
  void commentsStringsOtherPrefixesAndOneWayDependenciesMakeNoCycle() {
    PackageGraph g = graph(
        "package com.awkhad.connector.a;\nimport com.awkhad.connector.b.B;\nimport java.util.List;\nclass A {}",
        "package com.awkhad.connector.b;\n/** See {@link com.awkhad.connector.a.A}. */\n"
            + "class B { // com.awkhad.connector.a.A\n String s = \"com.awkhad.connector.a.A\"; }",
        "package org.other;\nimport com.awkhad.connector.a.A;\nclass O {}");

    assertThat(g.cycles()).isEmpty();
    assertThat(g.packages()).containsExactlyInAnyOrder("com.awkhad.connector.a", "com.awkhad.connector.b");
  }

  @Test
  void aWildcardImportDependsOnItsPackage() {
    PackageGraph g = graph("package com.awkhad.connector.a;\nimport com.awkhad.connector.b.*;\nclass A {}",
        "package com.awkhad.connector.b;\nimport com.awkhad.connector.a.*;\nclass B {}");

    assertThat(g.cycles()).containsExactly(Set.of("com.awkhad.connector.a", "com.awkhad.connector.b"));
  }

  @Test
  void onlyMainSourcesOfTheTreeAreRead(@TempDir Path root) throws Exception {
    write(root, "m/src/main/java/x/A.java", "package com.awkhad.connector.a;\nimport com.awkhad.connector.b.B;\nclass A {}");
    write(root, "m/src/test/java/x/B.java", "package com.awkhad.connector.b;\nimport com.awkhad.connector.a.A;\nclass B {}");
    write(root, "m/target/generated/src/main/java/x/B.java",
        "package com.awkhad.connector.b;\nimport com.awkhad.connector.a.A;\nclass B {}");
    assertThat(PackageGraph.ofMainSources(root, PREFIX).cycles()).isEmpty();

    write(root, "n/src/main/java/x/B.java", "package com.awkhad.connector.b;\nimport com.awkhad.connector.a.A;\nclass B {}");
    assertThat(PackageGraph.ofMainSources(root, PREFIX).cycles())
        .containsExactly(Set.of("com.awkhad.connector.a", "com.awkhad.connector.b"));
  }

  private static void write(Path root, String path, String text) throws Exception {
    Path f = root.resolve(path);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text);
  }

  /** A graph of {@code sources}, each named after its class (the last {@code class X}). */
  private static PackageGraph graph(String... sources) {
    PackageGraph g = PackageGraph.forTests();
    for (String s : sources) {
      String name = s.substring(s.lastIndexOf("class ") + 6).split("\\W")[0] + ".java";
      g.add(name, s, PREFIX);
    }
    return g;
  }
}
