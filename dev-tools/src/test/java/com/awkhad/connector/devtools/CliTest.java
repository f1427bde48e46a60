package com.awkhad.connector.devtools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The command line of the ./connector jar: the product's verbs and the development ones. */
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
    assertThat(r.out()).contains("version", "addons", "demo", "--db=JDBC_URL");
    assertThat(r.out()).containsPattern("(?m)^\\s+new\\s").containsPattern("(?m)^\\s+bench\\s")
        .containsPattern("(?m)^\\s+bench-sync\\s").containsPattern("(?m)^\\s+run\\s");
  }

  @Test
  void aFailureOfADevelopmentVerbIsOneLineWithoutAStackTrace() {
    Result r = run("demo", "--duration", "0");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: --duration must be at least 1 second").doesNotContain("\tat ");
  }
}
