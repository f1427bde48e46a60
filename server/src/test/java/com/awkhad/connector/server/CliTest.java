package com.awkhad.connector.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CliTest {

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = Main.run(args);
      return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void helpListsTheVerbs() {
    Result r = run("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("version", "addons", "jobs", "run", "backends", "--db=JDBC_URL");
  }

  @Test
  void theProductHasNoDevelopmentVerbs() {
    assertThat(run("--help").out()).doesNotContainPattern("(?m)^\\s+(demo|new|bench|bench-sync)\\s");
  }

  @Test
  void addonsListsBaseWithItsVersionInStartOrder() {
    Result r = run("addons");
    assertThat(r.code()).isZero();
    assertThat(r.out()).containsPattern("(?m)^base\\s+0\\.1\\.0\\s");
  }
}
