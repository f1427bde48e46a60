package com.awkhad.connector.server;

import com.awkhad.connector.framework.backend.Secret;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * The options giving a backend's secret without putting it on the command line (where {@code ps}
 * and the shell history would show it): {@code --secret-stdin} reads one line from the standard
 * input, {@code --secret-from-env VAR} reads the environment variable VAR. The secret is never
 * printed.
 *
 * <pre>
 * printf '%s\n' "$TOKEN" | ./connector backends create coffee.backend Kitchen --location URL --secret-stdin
 * COFFEE_TOKEN=... ./connector backends update Kitchen --secret-from-env COFFEE_TOKEN
 * </pre>
 */
final class SecretInput {
  /** Where variables are read; tests replace it. */
  static Function<String, String> environment = System::getenv;
  /** Where {@code --secret-stdin} reads; tests replace it. */
  static java.util.function.Supplier<InputStream> stdin = () -> System.in;

  @Option(names = "--secret-stdin", description = "Read the secret (password, API token) from the first line of the"
      + " standard input; never echoed.")
  boolean fromStdin;

  @Option(names = "--secret-from-env", paramLabel = "VAR", description = "Read the secret from the environment"
      + " variable VAR (its name, not its value).")
  String fromEnv;

  /** Whether a secret was given. */
  boolean given() {
    return fromStdin || fromEnv != null;
  }

  /** The secret given, or null when none was. */
  Secret read() {
    if (fromStdin && fromEnv != null) {
      throw new IllegalArgumentException("Give the secret one way: --secret-stdin or --secret-from-env VAR, not both");
    }
    if (fromEnv != null) {
      String value = environment.apply(fromEnv);
      if (value == null || value.isEmpty()) {
        throw new IllegalArgumentException("The environment variable " + fromEnv + " named by --secret-from-env is "
            + (value == null ? "not set" : "empty") + ": export it with the secret, e.g. export " + fromEnv
            + "=\"$(cat token.txt)\"");
      }
      return Secret.of(value);
    }
    if (fromStdin) {
      try {
        String line = new BufferedReader(new InputStreamReader(stdin.get(), StandardCharsets.UTF_8)).readLine();
        if (line == null || line.strip().isEmpty()) {
          throw new IllegalArgumentException("--secret-stdin read no secret: the standard input was empty. Pipe it"
              + " in, e.g. printf '%s\\n' \"$TOKEN\" | ./connector backends ...");
        }
        return Secret.of(line.strip());
      } catch (IOException e) {
        throw new IllegalArgumentException("--secret-stdin could not read the standard input: " + e.getMessage());
      }
    }
    return null;
  }
}
