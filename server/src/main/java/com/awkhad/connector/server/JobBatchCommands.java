package com.awkhad.connector.server;

import com.awkhad.connector.base.text.ControlChars;
import com.awkhad.connector.queue.admin.JobAdmin;
import com.awkhad.connector.queue.batch.BatchJob;
import com.awkhad.connector.queue.batch.JobBatch;
import com.awkhad.connector.queue.batch.JobBatches;
import com.awkhad.connector.queue.recurring.Autovacuum;
import com.awkhad.connector.queue.recurring.RecurringJob;
import com.awkhad.connector.queue.recurring.RecurringJobs;
import com.awkhad.connector.server.web.api.BatchView;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ./connector jobs batches}, {@code jobs batch NAME-or-ID} and {@code jobs retention}: job
 * batches with their progress, and how long the automatic vacuum keeps finished jobs.
 */
final class JobBatchCommands {
  private JobBatchCommands() {}

  @Command(name = "batches", description = "List job batches (an import run is one), newest first, with their progress and state.",
      mixinStandardHelpOptions = true)
  static final class ListBatches implements Callable<Integer> {
    @ParentCommand JobsCommand jobs;
    @Spec CommandSpec spec;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N batches (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Override
    public Integer call() {
      if (limit < 1) {
        throw new ParameterException(spec.commandLine(), "--limit must be at least 1, got " + limit);
      }
      List<JobBatch> found = jobs.withEnv(env -> JobBatches.of(env).list(limit));
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        JobsCommand.printJson(out, found.stream().map(BatchView::of).toList());
        return 0;
      }
      if (found.isEmpty()) {
        out.println("No job batches. An import run makes one: ./connector import BACKEND MODEL");
        return 0;
      }
      out.printf("%-6s %-9s %-6s %-6s %-6s %-5s %-19s %s%n", "ID", "STATE", "TOTAL", "DONE", "FAILED", "%", "CREATED", "NAME");
      for (JobBatch b : found) {
        out.printf("%-6d %-9s %-6d %-6d %-6d %-5s %-19s %s%n", b.id(), b.state(), b.total(), b.done(), b.failed(),
            b.percentDone() + "%", JobsCommand.time(b.dateCreated()), JobsCommand.clip(b.name(), 70));
      }
      out.println(found.size() + " batch(es)" + (found.size() == limit ? " (limit reached: use --limit N for more)" : "")
          + ". Show one with: ./connector jobs batch ID");
      return 0;
    }
  }

  @Command(name = "batch", description = "Show one job batch: its progress, state and jobs.", mixinStandardHelpOptions = true)
  static final class ShowBatch implements Callable<Integer> {
    @ParentCommand JobsCommand jobs;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "ID-or-NAME", description = "The batch's id, or its name (the newest batch of that name).")
    String idOrName;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most N of its jobs (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Override
    public Integer call() {
      if (limit < 1) {
        throw new ParameterException(spec.commandLine(), "--limit must be at least 1, got " + limit);
      }
      Object[] found = jobs.withEnv(env -> {
        JobBatches batches = JobBatches.of(env);
        Optional<JobBatch> b = idOrName.strip().matches("\\d{1,18}") ? batches.find(Long.parseLong(idOrName.strip()))
            : batches.findNamed(idOrName);
        return new Object[] {b.orElse(null), b.map(x -> batches.jobs(x.id(), limit)).orElse(List.of())};
      });
      JobBatch b = (JobBatch) found[0];
      if (b == null) {
        spec.commandLine().getErr().println("No job batch " + ControlChars.escape(idOrName)
            + " (it may have been removed). List them with: ./connector jobs batches");
        return 1;
      }
      @SuppressWarnings("unchecked")
      List<BatchJob> batchJobs = (List<BatchJob>) found[1];
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        Map<String, Object> doc = BatchView.of(b);
        doc.put("jobs", batchJobs);
        JobsCommand.printJson(out, doc);
        return 0;
      }
      out.printf("%-10s %d%n", "id", b.id());
      out.printf("%-10s %s%n", "name", ControlChars.escape(b.name()));
      out.printf("%-10s %s%n", "state", b.state());
      out.printf("%-10s %d to run, %d done, %d failed, %d cancelled, %d total (%d%% ended)%n", "progress", b.waiting(), b.done(),
          b.failed(), b.cancelled(), b.total(), b.percentDone());
      out.printf("%-10s %s%n", "created", JobsCommand.time(b.dateCreated()));
      out.printf("%-10s %s%n", "last done", JobsCommand.time(b.lastDone()));
      if (!batchJobs.isEmpty()) {
        out.println();
        out.printf("%-36s %-17s %s%n", "UUID", "STATE", "DESCRIPTION");
        for (BatchJob j : batchJobs) {
          out.printf("%-36s %-17s %s%n", j.uuid(), j.state(), JobsCommand.clip(j.description(), 70)
              + (j.excName() == null ? "" : " (" + JobsCommand.clip(j.excName(), 60) + ")"));
        }
        if (batchJobs.size() < b.total()) {
          out.println("The first " + batchJobs.size() + " of " + b.total() + " jobs: use --limit N for more.");
        }
      }
      if (b.failed() > 0) {
        out.println("Requeue the failed ones with: ./connector jobs requeue UUID...");
      }
      return 0;
    }
  }

  @Command(name = "retention", description = "Show how many days the automatic vacuum keeps done and cancelled jobs, per channel,"
      + " and when it runs next; --set CHANNEL=DAYS changes a channel's.", mixinStandardHelpOptions = true)
  static final class Retention implements Callable<Integer> {
    @ParentCommand JobsCommand jobs;
    @Spec CommandSpec spec;

    @Option(names = "--set", paramLabel = "CHANNEL=DAYS", description = "Keep the finished jobs of CHANNEL (and of its sub-channels"
        + " that set none) DAYS days, e.g. --set root.coffee.import=7. Repeatable.")
    Map<String, String> set = new LinkedHashMap<>();

    @Override
    public Integer call() {
      Map<String, Integer> changes = new LinkedHashMap<>();
      set.forEach((channel, days) -> {
        int n;
        try {
          n = Integer.parseInt(days.strip());
        } catch (NumberFormatException e) {
          throw new ParameterException(spec.commandLine(), "--set " + channel + "=" + days + ": DAYS must be a whole number of days");
        }
        if (n < 1) {
          throw new ParameterException(spec.commandLine(), "--set " + channel + "=" + days + ": keep the jobs at least 1 day;"
              + " to keep every job, disable the recurring job " + Autovacuum.NAME + " (docs/runner.md, the built-in autovacuum)");
        }
        changes.put(channel.strip(), n);
      });
      Object[] found = jobs.withEnv(env -> {
        JobAdmin admin = env.service(JobAdmin.class);
        changes.forEach(admin::setRemovalInterval);
        RecurringJob vacuum = RecurringJobs.of(env).list().stream().filter(r -> r.name().equals(Autovacuum.NAME)).findFirst()
            .orElse(null);
        return new Object[] {admin.removalIntervals(), vacuum};
      });
      @SuppressWarnings("unchecked")
      Map<String, Integer> intervals = (Map<String, Integer>) found[0];
      RecurringJob vacuum = (RecurringJob) found[1];
      PrintWriter out = spec.commandLine().getOut();
      changes.forEach((c, d) -> out.println("Set: the finished jobs of " + c + " are kept " + d + " day(s)."));
      out.printf("%-40s %s%n", "CHANNEL", "KEPT (DAYS)");
      if (!intervals.containsKey("root")) {
        out.printf("%-40s %d (default)%n", "root", JobAdmin.DEFAULT_REMOVAL_DAYS);
      }
      intervals.forEach((c, d) -> out.printf("%-40s %d%n", JobsCommand.clip(c, 40), d));
      out.println("A channel that sets none keeps its nearest ancestor's.");
      if (vacuum == null) {
        out.println("Automatic vacuum: not defined yet (a runner defines " + Autovacuum.NAME + " when it starts);"
            + " run it by hand with: ./connector jobs vacuum");
      } else if (!vacuum.enabled()) {
        out.println("Automatic vacuum: disabled (recurring job " + Autovacuum.NAME + "): finished jobs stay until"
            + " ./connector jobs vacuum");
      } else {
        out.println("Automatic vacuum: " + Autovacuum.NAME + " (" + vacuum.schedule().describe() + "), next run "
            + JobsCommand.time(vacuum.nextRunAt()) + ", last " + JobsCommand.time(vacuum.lastRunAt()));
      }
      return 0;
    }
  }
}
