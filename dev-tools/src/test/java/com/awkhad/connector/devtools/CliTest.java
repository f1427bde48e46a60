package com.awkhad.connector.devtools;

import static org.assertj.core.api.Assertions.assertThat;

import com.awkhad.connector.testkit.Cli;
import org.junit.jupiter.api.Test;

/** The command line of the ./connector jar: the product's verbs and the development ones. */
class CliTest {

  /** This module's {@code Main.run(args)}, its output captured. */
  static Cli.Result run(String... args) {
    return Cli.run(Main::run, args);
  }

  @Test
  void helpListsTheVerbs() {
    Cli.Result r = run("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("version", "addons", "demo", "--db=JDBC_URL");
    assertThat(r.out()).containsPattern("(?m)^\\s+new\\s").containsPattern("(?m)^\\s+bench\\s")
        .containsPattern("(?m)^\\s+bench-sync\\s").containsPattern("(?m)^\\s+run\\s");
  }

  @Test
  void aFailureOfADevelopmentVerbIsOneLineWithoutAStackTrace() {
    Cli.Result r = run("demo", "--duration", "0");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: --duration must be at least 1 second").doesNotContain("\tat ");
  }
}
