package com.awkhad.connector.server;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.base.text.ControlChars;
import com.awkhad.connector.framework.adapter.ConnectionCheck;
import com.awkhad.connector.framework.admin.BackendAdmin;
import com.awkhad.connector.framework.circuit.CircuitState;
import com.awkhad.connector.framework.admin.ScheduleFile;
import com.awkhad.connector.framework.backend.Backend;
import com.awkhad.connector.framework.backend.Secret;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The {@code ./connector backends} verbs that manage one backend by name, all through
 * {@link BackendAdmin}: {@code create}, {@code show}, {@code update}, {@code disable},
 * {@code enable}, {@code delete}, {@code check}, {@code schedule}.
 *
 * <pre>
 * printf '%s\n' "$TOKEN" | ./connector backends create coffee.backend Kitchen --location http://127.0.0.1:8070 \
 *     --setting username=barista --secret-stdin
 * ./connector backends check Kitchen
 * ./connector backends schedule Kitchen coffee.beverage.binding --every 5m
 * </pre>
 */
final class BackendCommands {
  private BackendCommands() {}

  /** Runs {@code action} on a started environment's {@link BackendAdmin}, flushing the output. */
  static <T> T withAdmin(BackendsCommand parent, CommandSpec spec, Function<BackendAdmin, T> action) {
    try (Environment env = parent.root.startEnvironment()) {
      return action.apply(BackendAdmin.of(env));
    } finally {
      spec.commandLine().getOut().flush();
    }
  }

  /** What {@code show}, {@code create} and {@code update} print: every field but the secret's value. */
  static void print(PrintWriter out, BackendAdmin.Details d) {
    out.printf("backend    %s (id %d)%n", ControlChars.escape(d.name()), d.id());
    out.printf("type       %s%n", d.type());
    out.printf("location   %s%n", d.location() == null ? "-" : ControlChars.escape(d.location()));
    out.printf("version    %s%n", d.version() == null ? "-" : ControlChars.escape(d.version()));
    out.printf("active     %s%n", d.active() ? "yes" : "no (archived: its jobs do nothing)");
    out.printf("secret     %s%n", d.secretSet() ? "set (stored " + ("encrypted".equals(d.secretStorage()) ? "encrypted"
        : "in clear: set CONNECTOR_SECRET_KEY and run backends seal-secrets") + ")" : "not set");
    if (d.settings().isEmpty()) {
      out.println("settings   -");
    } else {
      String label = "settings   ";
      for (Map.Entry<String, Object> e : d.settings().entrySet()) {
        out.printf("%s%s=%s%n", label, ControlChars.escape(e.getKey()), ControlChars.escape(String.valueOf(e.getValue())));
        label = "           ";
      }
    }
    String label = "models     ";
    for (String m : d.models()) {
      out.printf("%s%s (%d binding(s))%n", label, m, d.bindings().getOrDefault(m, 0L));
      label = "           ";
    }
    CircuitState c = d.circuit();
    if (c == null) {
      out.println("circuit    closed (no network error recorded)");
    } else if (c.open()) {
      out.printf("circuit    OPEN since %s: %s%n", JobsCommand.time(c.openedAt()), ControlChars.escape(String.valueOf(c.reason())));
      out.printf("           %d job(s) wait without using tries; %d probe(s) failed; next probe %s%n", c.waiting(),
          c.probes(), JobsCommand.time(c.nextProbeAt()));
    } else {
      out.printf("circuit    closed%s%s%n", c.failures() == 0 ? "" : " (" + c.failures() + " network error(s) in a row)",
          c.closedAt() == null ? "" : "; last closed " + JobsCommand.time(c.closedAt()));
    }
    if (d.schedules().isEmpty()) {
      out.println("schedules  -");
    } else {
      label = "schedules  ";
      for (BackendAdmin.ScheduleView s : d.schedules()) {
        out.printf("%simport %s %s, next %s, last %s%n", label, s.model(), s.schedule(), JobsCommand.time(s.nextRunAt()),
            JobsCommand.time(s.lastRunAt()));
        label = "           ";
      }
    }
  }

  static Map<String, Object> settings(List<String> keyValues) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String kv : keyValues) {
      Map.Entry<String, String> e = BackendAdmin.setting(kv);
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Creates an active backend of a declared TYPE (./connector backends create --help; an unknown type"
          + " lists the known ones). The secret is read from the standard input or an environment variable, never"
          + " from the command line, and never printed.")
  static final class Create implements Callable<Integer> {
    @ParentCommand BackendsCommand parent;
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "TYPE", description = "The backend type, e.g. coffee.backend.") String type;
    @Parameters(index = "1", paramLabel = "NAME", description = "A unique name, e.g. 'Kitchen machine'.") String name;
    @Option(names = "--location", required = true, paramLabel = "URL",
        description = "The external system's base URL, without credentials.") String location;
    @Option(names = "--version", paramLabel = "V", description = "The external system's version, if it matters.")
    String version;
    @Option(names = "--setting", paramLabel = "KEY=VALUE", description = "A connector setting (repeat for more),"
        + " e.g. username=barista, http_timeout_seconds=10.") List<String> settings = new ArrayList<>();
    @Mixin SecretInput secret;

    @Override
    public Integer call() {
      Map<String, Object> values = settings(settings);
      Secret s = secret.read();
      return withAdmin(parent, spec, admin -> {
        Backend b = admin.create(type, name, location, version, values, s == null ? Secret.none() : s);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Created backend '%s' (id %d)%n", ControlChars.escape(b.name()), b.id());
        print(out, admin.details(b));
        if (s == null) {
          out.println("(no secret given: set one with ./connector backends update NAME --secret-stdin)");
        }
        return 0;
      });
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "A backend's type, location (credentials masked), settings, whether a secret is set (never the"
          + " secret), bindings per model and scheduled imports.")
  static final class Show implements Callable<Integer> {
    @ParentCommand BackendsCommand parent;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "NAME", description = "The backend's name (or id).") String name;

    @Override
    public Integer call() {
      return withAdmin(parent, spec, admin -> {
        print(spec.commandLine().getOut(), admin.details(name));
        return 0;
      });
    }
  }

  @Command(name = "update", mixinStandardHelpOptions = true,
      description = "Changes a backend's name, location, version, settings or secret.")
  static final class Update implements Callable<Integer> {
    @ParentCommand BackendsCommand parent;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "NAME", description = "The backend's name (or id).") String name;
    @Option(names = "--name", paramLabel = "NEW", description = "A new name.") String newName;
    @Option(names = "--location", paramLabel = "URL", description = "A new base URL.") String location;
    @Option(names = "--version", paramLabel = "V", description = "A new version ('' clears it).") String version;
    @Option(names = "--setting", paramLabel = "KEY=VALUE", description = "Sets a setting (repeat for more).")
    List<String> settings = new ArrayList<>();
    @Option(names = "--unset-setting", paramLabel = "KEY", description = "Removes a setting (repeat for more).")
    List<String> unset = new ArrayList<>();
    @Option(names = "--clear-secret", description = "Removes the secret.") boolean clearSecret;
    @Mixin SecretInput secret;

    @Override
    public Integer call() {
      if (clearSecret && secret.given()) {
        throw new IllegalArgumentException("Give a new secret or --clear-secret, not both");
      }
      Map<String, Object> changes = settings(settings);
      for (String key : unset) {
        changes.put(BackendAdmin.setting(key + "=").getKey(), null);
      }
      Secret s = clearSecret ? Secret.none() : secret.read();
      BackendAdmin.Changes c = BackendAdmin.Changes.none().withName(newName).withLocation(location).withVersion(version)
          .withSettings(changes).withSecret(s);
      return withAdmin(parent, spec, admin -> {
        Backend b = admin.update(name, c);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Updated backend '%s' (id %d)%s%n", ControlChars.escape(b.name()), b.id(),
            s == null ? "" : s.isEmpty() ? ": secret cleared" : ": secret replaced");
        print(out, admin.details(b));
        return 0;
      });
    }
  }

  @Command(name = "disable", mixinStandardHelpOptions = true,
      description = "Archives a backend (the original's archive): its jobs and scheduled imports then do nothing and"
          + " say so; its bindings stay. Undo with enable.")
  static final class Disable implements Callable<Integer> {
    @ParentCommand BackendsCommand parent;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "NAME", description = "The backend's name (or id).") String name;

    @Override
    public Integer call() {
      return withAdmin(parent, spec, admin -> {
        Backend b = admin.setActive(name, false);
        spec.commandLine().getOut().printf("Backend '%s' (id %d) archived: its jobs and scheduled imports do nothing"
            + " until ./connector backends enable %s%n", ControlChars.escape(b.name()), b.id(), b.id());
        return 0;
      });
    }
  }

  @Command(name = "enable", mixinStandardHelpOptions = true, description = "Restores an archived backend.")
  static final class Enable implements Callable<Integer> {
    @ParentCommand BackendsCommand parent;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "NAME", description = "The backend's name (or id).") String name;

    @Override
    public Integer call() {
      return withAdmin(parent, spec, admin -> {
        Backend b = admin.setActive(name, true);
        spec.commandLine().getOut().printf("Backend '%s' (id %d) active again%n", ControlChars.escape(b.name()), b.id());
        return 0;
      });
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true,
      description = "Deletes a backend and its scheduled imports. Refused when it has bindings (it synchronized"
          + " records): disable it instead, or give --force to delete its bindings too (local records stay, unbound).")
  static final class Delete implements Callable<Integer> {
    @ParentCommand BackendsCommand parent;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "NAME", description = "The backend's name (or id).") String name;
    @Option(names = "--force", description = "Delete its bindings too.") boolean force;

    @Override
    public Integer call() {
      return withAdmin(parent, spec, admin -> {
        BackendAdmin.Deleted d = admin.delete(name, force);
        spec.commandLine().getOut().printf("Deleted backend '%s' (id %d): %d binding(s) and %d schedule(s) removed%n",
            ControlChars.escape(d.name()), d.id(), d.bindings(), d.schedules());
        return 0;
      });
    }
  }

  @Command(name = "check", mixinStandardHelpOptions = true,
      description = "Checks the connection of each binding model's adapter (HTTP connectors: GET on the resource with"
          + " the secret) and says what failed: DNS, REFUSED, TLS, TIMEOUT, UNAUTHORIZED (401/403), HTTP_ERROR."
          + " Exit 0 when every check passed, 1 otherwise.")
  static final class Check implements Callable<Integer> {
    @ParentCommand BackendsCommand parent;
    @Spec CommandSpec spec;
    @Parameters(paramLabel = "NAME", description = "The backend's name (or id).") String name;
    @Option(names = "--model", paramLabel = "MODEL", description = "Check this binding model's adapter only.")
    String model;

    @Override
    public Integer call() {
      return withAdmin(parent, spec, admin -> {
        List<BackendAdmin.ModelCheck> checks = admin.check(name, model);
        PrintWriter out = spec.commandLine().getOut();
        int failed = 0;
        int ok = 0;
        for (BackendAdmin.ModelCheck c : checks) {
          ConnectionCheck r = c.check();
          out.printf("%-28s %-14s %s%n", c.model(), r.outcome(), ControlChars.escape(r.message()));
          if (r.ok()) {
            ok++;
          } else if (r.outcome() != ConnectionCheck.Outcome.UNSUPPORTED) {
            failed++;
          }
        }
        if (failed > 0 || ok == 0) {
          spec.commandLine().getErr().printf("error: %d of %d check(s) failed%n", checks.size() - ok, checks.size());
          spec.commandLine().getErr().flush();
          return 1;
        }
        return 0;
      });
    }
  }

  @Command(name = "schedule", mixinStandardHelpOptions = true,
      description = "Imports a binding model's changed records on a schedule (a recurring job that runners enqueue;"
          + " ./connector jobs recurring lists it), or applies every schedule of a properties file (--file).")
  static final class ScheduleImports implements Callable<Integer> {
    @ParentCommand BackendsCommand parent;
    @Spec CommandSpec spec;
    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The backend's name (or id).")
    String name;
    @Parameters(index = "1", arity = "0..1", paramLabel = "MODEL", description = "The binding model to import.")
    String model;
    @ArgGroup(exclusive = true) When when;
    @Option(names = "--zone", paramLabel = "ZONE", description = "The time zone of --cron (default UTC).") String zone;
    @Option(names = "--file", paramLabel = "FILE", description = "Apply the schedules of a properties file"
        + " (schedule.<label>.backend/.model/.every/.cron/.zone).") Path file;

    static final class When {
      @Option(names = "--every", paramLabel = "INTERVAL", description = "e.g. 30s, 5m, 2h, 1d.") String every;
      @Option(names = "--cron", paramLabel = "EXPR", description = "Five fields, e.g. '*/15 * * * *'.") String cron;
      @Option(names = "--remove", description = "Remove the schedule.") boolean remove;
    }

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      if (file != null) {
        if (name != null || when != null || zone != null) {
          throw new IllegalArgumentException("--file takes the schedules from the file: give no NAME, MODEL, --every,"
              + " --cron or --zone with it");
        }
        List<ScheduleFile.Entry> entries = ScheduleFile.read(file);
        return withAdmin(parent, spec, admin -> {
          for (BackendAdmin.ScheduleView s : admin.apply(entries)) {
            out.printf("%s: import %s %s, next %s%n", s.name(), s.model(), s.schedule(), JobsCommand.time(s.nextRunAt()));
          }
          out.printf("%d schedule(s) applied from %s%n", entries.size(), file);
          return 0;
        });
      }
      if (name == null || model == null) {
        throw new IllegalArgumentException("Give the backend and the binding model: backends schedule NAME MODEL"
            + " --every 5m | --cron EXPR | --remove (or --file FILE)");
      }
      if (when == null) {
        throw new IllegalArgumentException("Give --every INTERVAL, --cron EXPR or --remove");
      }
      if (when.remove) {
        return withAdmin(parent, spec, admin -> {
          boolean removed = admin.unschedule(name, model);
          out.println(removed ? "Removed the scheduled import of " + model : "No scheduled import of " + model
              + " on this backend: nothing removed");
          return 0;
        });
      }
      var schedule = BackendAdmin.schedule(when.every, when.cron, zone);
      return withAdmin(parent, spec, admin -> {
        BackendAdmin.ScheduleView s = admin.schedule(name, model, schedule);
        out.printf("Scheduled: import %s changed records %s, next %s (recurring job %s; a runner, ./connector run,"
            + " enqueues it)%n", s.model(), s.schedule(), JobsCommand.time(s.nextRunAt()), s.name());
        return 0;
      });
    }
  }
}
