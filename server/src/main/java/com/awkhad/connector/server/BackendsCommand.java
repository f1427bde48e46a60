package com.awkhad.connector.server;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.base.text.ControlChars;
import com.awkhad.connector.base.text.Redact;
import com.awkhad.connector.framework.backend.Backends;
import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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
 * printf '%s\n' "$TOKEN" | ./connector backends create coffee.backend Kitchen --location http://127.0.0.1:8070 --secret-stdin
 * ./connector backends show Kitchen
 * ./connector backends check Kitchen
 * CONNECTOR_SECRET_KEY=... ./connector backends seal-secrets
 * CONNECTOR_SECRET_KEY=... ./connector backends check-secrets
 * </pre>
 */
@Command(
    name = "backends",
    description = "Create, show, update, archive, delete and check the connector backends; schedule their imports;"
        + " encrypt their secrets at rest; check the key opens them.",
    mixinStandardHelpOptions = true,
    subcommands = {BackendsCommand.ListBackends.class, BackendCommands.Create.class, BackendCommands.Show.class,
        BackendCommands.Update.class, BackendCommands.Disable.class, BackendCommands.Enable.class,
        BackendCommands.Delete.class, BackendCommands.Check.class, BackendCommands.ScheduleImports.class,
        BackendsCommand.SealSecrets.class, BackendsCommand.CheckSecrets.class})
final class BackendsCommand implements Runnable {
  @ParentCommand ConnectorCommand root;
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "The backends: id, name, type, location (credentials in it masked), version, active, and how the"
          + " secret is stored (never the secret).")
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
          out.printf("%-5d %-24s %-20s %-36s %-8s %-7s %s%n", b.id(), ControlChars.escape(b.name()),
              ControlChars.escape(b.type()), ControlChars.escape(Redact.url(b.location())),
              b.version() == null ? "-" : ControlChars.escape(b.version()), b.active() ? "yes" : "no",
              b.secret().name().toLowerCase());
        }
        out.printf("%d backend(s)%n", all.size());
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "seal-secrets", mixinStandardHelpOptions = true,
      description = "Encrypts with the key in CONNECTOR_SECRET_KEY the secrets still stored in clear, and those only"
          + " the previous key opens (rotation: the old key in CONNECTOR_SECRET_KEY_PREVIOUS). Fails (exit 1),"
          + " changing nothing, when a secret is opened by neither key, naming its backend.")
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

  @Command(name = "check-secrets", mixinStandardHelpOptions = true,
      description = "Checks that the keys set (CONNECTOR_SECRET_KEY, CONNECTOR_SECRET_KEY_PREVIOUS) open every backend"
          + " secret, without printing any. Exit 0 with the counts; exit 1 naming the backends whose secret no key"
          + " opens.")
  static final class CheckSecrets implements Callable<Integer> {
    @ParentCommand BackendsCommand parent;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Environment env = parent.root.startEnvironment()) {
        Backends backends = Backends.of(env);
        List<Backends.SecretCheck> all = backends.checkSecrets();
        Map<Backends.SecretOpener, Long> counts = new EnumMap<>(Backends.SecretOpener.class);
        all.forEach(c -> counts.merge(c.opener(), 1L, Long::sum));
        List<String> unreadable = all.stream().filter(c -> !c.readable())
            .map(Backends.SecretCheck::label).toList();
        if (!unreadable.isEmpty()) {
          spec.commandLine().getErr().println("error: " + backends.unreadableMessage(unreadable));
          spec.commandLine().getErr().flush();
          return 1;
        }
        out.printf("%d secret(s) checked: %d open with the key, %d with the previous key (run seal-secrets to"
            + " rewrite them), %d in clear%s%n", all.size(), counts.getOrDefault(Backends.SecretOpener.KEY, 0L),
            counts.getOrDefault(Backends.SecretOpener.PREVIOUS_KEY, 0L),
            counts.getOrDefault(Backends.SecretOpener.CLEAR, 0L),
            counts.getOrDefault(Backends.SecretOpener.CLEAR, 0L) > 0 && backends.encryptsSecrets()
                ? " (run seal-secrets to encrypt them)" : "");
      }
      out.flush();
      return 0;
    }
  }
}
