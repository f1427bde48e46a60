package com.awkhad.connector.testkit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs a command line in the test's JVM with {@code System.out} and {@code System.err} captured,
 * and gives back its exit code and both outputs:
 *
 * <pre>{@code
 * Cli.Result r = Cli.run(Main::run, "--db", db.url(), "jobs", "list");
 * assertThat(r.code()).isZero();
 * }</pre>
 *
 * <p>The streams are the process's: a command still printing from another thread after
 * {@code main} returned writes to the real ones again.
 */
public final class Cli {
  private Cli() {}

  /** A command line's entry point, such as {@code Main::run}. */
  @FunctionalInterface
  public interface Main {
    int run(String... args);
  }

  /** What a run gave: its exit code, what it printed on standard output and on standard error. */
  public record Result(int code, String out, String err) {}

  /** Runs {@code main} with {@code args}, its output captured, and restores the streams. */
  public static Result run(Main main, String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = main.run(args);
      return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }
}
