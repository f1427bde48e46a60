package com.awkhad.connector.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.awkhad.connector.testkit.Cli;
import org.junit.jupiter.api.Test;

/** The product's command line (server's {@link Main}); {@link #run} is what the other CLI tests of this module call. */
class CliTest {

  /** This module's {@code Main.run(args)}, its output captured. */
  static Cli.Result run(String... args) {
    return Cli.run(Main::run, args);
  }

  @Test
  void helpListsTheVerbs() {
    Cli.Result r = run("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("version", "addons", "jobs", "run", "backends", "--db=JDBC_URL");
  }

  @Test
  void theProductHasNoDevelopmentVerbs() {
    assertThat(run("--help").out()).doesNotContainPattern("(?m)^\\s+(demo|new|bench|bench-sync)\\s");
  }

  @Test
  void addonsListsBaseWithItsVersionInStartOrder() {
    Cli.Result r = run("addons");
    assertThat(r.code()).isZero();
    assertThat(r.out()).containsPattern("(?m)^base\\s+0\\.1\\.0\\s");
  }
}
