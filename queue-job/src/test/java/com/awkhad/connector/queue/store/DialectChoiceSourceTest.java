package com.awkhad.connector.queue.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The queue learns its dialect from the database and its settings from the environment: no main
 * source asks the driver which database it is, reads the process's environment, or switches on
 * the dialect outside the files allowed here (docs/architecture.md, "Conventions").
 */
class DialectChoiceSourceTest {
  /** The files that may switch on Dialect: the store's dialect class and the runner's. */
  private static final Set<String> SWITCH_ON_DIALECT = Set.of("store/QueueDialect.java", "runner/RunnerSql.java");

  @Test
  void noMainSourceAsksTheDriverOrTheProcessAndOnlyDialectClassesSwitch() throws IOException {
    Path root = Path.of("src/main/java/com/awkhad/connector/queue");
    assertThat(root).isDirectory();
    List<Path> sources;
    try (Stream<Path> walk = Files.walk(root)) {
      sources = walk.filter(p -> p.toString().endsWith(".java")).toList();
    }
    for (Path p : sources) {
      String name = root.relativize(p).toString().replace('\\', '/');
      // code only: a javadoc example may show an application reading its own environment
      String code = Files.readAllLines(p).stream().map(String::strip)
          .filter(l -> !l.startsWith("*") && !l.startsWith("/**") && !l.startsWith("//"))
          .collect(java.util.stream.Collectors.joining("\n"));
      assertThat(code).as(name + " reads the process's environment: read env.settings() at start-up instead")
          .doesNotContain("System.getenv").doesNotContain("System.getProperty(");
      assertThat(code).as(name + " asks the driver which database it is: use the database's Dialect")
          .doesNotContain("isWrapperFor(");
      if (!SWITCH_ON_DIALECT.contains(name)) {
        assertThat(code).as(name + " switches on the dialect: ask the module's dialect object (QueueDialect, RunnerSql)")
            .doesNotContain("Dialect.POSTGRESQL").doesNotContain("Dialect.H2");
      }
    }
  }
}
