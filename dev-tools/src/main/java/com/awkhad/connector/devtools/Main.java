package com.awkhad.connector.devtools;

import java.util.List;

/**
 * Entry point of the {@code ./connector} jar (module app): the product's verbs
 * ({@link com.awkhad.connector.server.Main}) plus the development ones of this module: {@code demo},
 * {@code new}, {@code bench} and {@code bench-sync}.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code (used by tests). */
  public static int run(String... args) {
    return com.awkhad.connector.server.Main.commandLine(List.of(new DemoCommand(), new NewCommand(),
        new BenchCommand(), new BenchSyncCommand())).execute(args);
  }
}
