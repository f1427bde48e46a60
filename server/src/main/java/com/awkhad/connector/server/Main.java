package com.awkhad.connector.server;

import picocli.CommandLine;

/** Entry point of {@code ./connector}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code (used by tests). */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new ConnectorCommand());
    cli.getSubcommands().get("jobs").addSubcommand(new RecurringCommand());
    cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      cmd.getErr().println("error: " + ex.getMessage());
      if (System.getenv("CONNECTOR_DEBUG") != null) {
        ex.printStackTrace(cmd.getErr());
      } else {
        cmd.getErr().println("(set CONNECTOR_DEBUG=1 for the stack trace)");
      }
      return 1;
    });
    return cli.execute(args);
  }
}
