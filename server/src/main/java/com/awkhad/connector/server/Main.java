package com.awkhad.connector.server;

import com.awkhad.connector.base.text.ControlChars;
import java.util.List;
import picocli.CommandLine;

/**
 * Entry point of the product's command line: {@code run}, {@code jobs}, {@code backends} and the
 * other production verbs. The {@code ./connector} jar adds the development verbs ({@code demo},
 * {@code new}, {@code bench}) through {@link #commandLine(List)}, from the module dev-tools.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code (used by tests). */
  public static int run(String... args) {
    return commandLine(List.of()).execute(args);
  }

  /**
   * The command line with the production verbs and {@code extraVerbs} (picocli commands whose
   * {@code @ParentCommand}, if any, is a {@link ConnectorCommand}), failures reported as one line.
   */
  public static CommandLine commandLine(List<Object> extraVerbs) {
    CommandLine cli = new CommandLine(new ConnectorCommand());
    cli.getSubcommands().get("jobs").addSubcommand(new RecurringCommand());
    cli.getSubcommands().get("jobs").addSubcommand(new FunctionsCommand());
    extraVerbs.forEach(cli::addSubcommand);
    cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      cmd.getErr().println("error: " + message(ex));
      if (System.getenv("CONNECTOR_DEBUG") != null) {
        ex.printStackTrace(cmd.getErr());
      } else {
        cmd.getErr().println("(set CONNECTOR_DEBUG=1 for the stack trace)");
      }
      return 1;
    });
    return cli;
  }

  /**
   * What the user reads of a failure: its message, control characters escaped; never "null" (an
   * exception without a message is named, with the first message found among its causes).
   */
  static String message(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        String text = ControlChars.escapeKeepingNewlines(t.getMessage());
        return t == ex ? text : ex.getClass().getSimpleName() + ": " + text;
      }
    }
    return ex.getClass().getName() + " (no message: this is a bug, please report it with the stack trace from"
        + " CONNECTOR_DEBUG=1)";
  }
}
