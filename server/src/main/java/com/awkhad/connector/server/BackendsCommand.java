package com.awkhad.connector.server;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.connector.backend.Backends;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ./connector backends ...}: the configured backends, and how their secrets are stored.
 *
 * <pre>
 * ./connector backends list
 * CONNECTOR_SECRET_KEY=... ./connector backends seal-secrets
 * </pre>
 */
@Command(
    name = "backends",
    description = "List the connector backends; encrypt their secrets at rest.",
    mixinStandardHelpOptions = true,
    subcommands = {BackendsCommand.ListBackends.class, BackendsCommand.SealSecrets.class})
final class BackendsCommand implements Runnable {
  @ParentCommand ConnectorCommand root;
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "The backends: id, name, type, location, version, active, and how the secret is stored (never"
          + " the secret).")
  static final class ListBackends implements Callable<Integer> {
    @ParentCommand BackendsCommand parent;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Environment env = parent.root.startEnvironment()) {
        List<Backends.Summary> all = Backends.of(env).summaries();
        out.printf("%-5s %-24s %-20s %-36s %-8s %-7s %s%n", "ID", "NAME", "TYPE", "LOCATION", "VERSION", "ACTIVE",
            "SECRET");
        for (Backends.Summary b : all) {
          out.printf("%-5d %-24s %-20s %-36s %-8s %-7s %s%n", b.id(), b.name(), b.type(), b.location(),
              b.version() == null ? "-" : b.version(), b.active() ? "yes" : "no", b.secret().name().toLowerCase());
        }
        out.printf("%d backend(s)%n", all.size());
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "seal-secrets", mixinStandardHelpOptions = true,
      description = "Encrypts with the key in CONNECTOR_SECRET_KEY the secrets still stored in clear, and those only"
          + " the previous key opens (rotation: the old key in CONNECTOR_SECRET_KEY_PREVIOUS).")
  static final class SealSecrets implements Callable<Integer> {
    @ParentCommand BackendsCommand parent;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Environment env = parent.root.startEnvironment()) {
        int n = Backends.of(env).sealSecrets();
        out.printf("%d secret(s) encrypted%n", n);
      }
      out.flush();
      return 0;
    }
  }
}
