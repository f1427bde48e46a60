package com.awkhad.connector.server;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.framework.admin.BackendAdmin;
import com.awkhad.connector.queue.job.JobHandle;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ./connector import NAME BINDING_MODEL [--since TS | --all | --external-id ID...]}: delays
 * import jobs on a backend and prints their uuids; a runner ({@code ./connector run}) runs them.
 *
 * <pre>
 * ./connector import Kitchen coffee.beverage.binding                  # changed since the last run (all, the first time)
 * ./connector import Kitchen coffee.beverage.binding --since 2026-11-28T10:00:00Z
 * ./connector import Kitchen coffee.beverage.binding --all
 * ./connector import Kitchen coffee.order.binding --external-id 7 --external-id 8
 * </pre>
 */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Queues the import of a backend's records of BINDING_MODEL: those changed since the last run (the"
        + " default; all the first time), since a time, all, or given external ids. Prints the job uuids.")
final class ImportCommand implements Callable<Integer> {
  @ParentCommand ConnectorCommand root;
  @Spec CommandSpec spec;
  @Parameters(index = "0", paramLabel = "NAME", description = "The backend's name (or id).") String name;
  @Parameters(index = "1", paramLabel = "BINDING_MODEL", description = "e.g. coffee.beverage.binding.") String model;
  @ArgGroup(exclusive = true) Which which;
  @Option(names = "--force", description = "With --external-id: import even when the binding is up to date.")
  boolean force;

  static final class Which {
    @Option(names = "--since", paramLabel = "TS", description = "Records changed since TS (2026-11-28T10:00:00Z, or"
        + " a date); the mark of the changed-since imports is left as it is.") String since;
    @Option(names = "--all", description = "Every record.") boolean all;
    @Option(names = "--external-id", paramLabel = "ID", description = "One record (repeat for more).")
    List<String> externalIds = new ArrayList<>();
  }

  @Override
  public Integer call() {
    if (force && (which == null || which.externalIds.isEmpty())) {
      throw new IllegalArgumentException("--force goes with --external-id: a batch import skips up-to-date records by"
          + " their versions");
    }
    var since = which != null && which.since != null ? BackendAdmin.instant(which.since) : null;
    PrintWriter out = spec.commandLine().getOut();
    try (Environment env = root.startEnvironment()) {
      BackendAdmin admin = BackendAdmin.of(env);
      List<JobHandle> jobs = new ArrayList<>();
      if (which == null) {
        jobs.add(admin.importChanged(name, model));
      } else if (since != null) {
        jobs.add(admin.importSince(name, model, since));
      } else if (which.all) {
        jobs.add(admin.importAll(name, model));
      } else {
        env.tx().run(c -> which.externalIds.forEach(id -> jobs.add(admin.importRecord(name, model, id, force))));
      }
      print(out, jobs);
    }
    out.flush();
    return 0;
  }

  static void print(PrintWriter out, List<JobHandle> jobs) {
    for (JobHandle j : jobs) {
      out.println(j.uuid() + (j.existing() ? "  (the same job was queued already)" : ""));
    }
    out.printf("%d job(s) queued: ./connector jobs show UUID follows one; a runner (./connector run) runs them%n",
        jobs.size());
  }
}
