package com.awkhad.connector.server;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.recurring.RecurringJob;
import com.awkhad.connector.queue.recurring.RecurringJobs;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ./connector jobs recurring}: the recurring job definitions with their next run. */
@Command(name = "recurring", mixinStandardHelpOptions = true,
    description = "List the recurring jobs (cron or interval) with their next and last run. Runners enqueue them.")
final class RecurringCommand implements Callable<Integer> {
  @ParentCommand JobsCommand jobs;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Environment env = jobs.root.startEnvironment()) {
      List<RecurringJob> all = RecurringJobs.of(env).list();
      if (all.isEmpty()) {
        out.println("No recurring jobs. Define them in code with RecurringJobs.of(env).define(...).");
        return 0;
      }
      out.printf("%-44s %-22s %-9s %-19s %-19s %s%n", "NAME", "SCHEDULE", "MISSED", "NEXT RUN", "LAST RUN", "JOB");
      for (RecurringJob r : all) {
        out.printf("%-44s %-22s %-9s %-19s %-19s %s%s%n", JobsCommand.clip(r.name(), 44),
            JobsCommand.clip(r.schedule().describe(), 22), r.missed().name().toLowerCase(java.util.Locale.ROOT),
            JobsCommand.time(r.nextRunAt()), JobsCommand.time(r.lastRunAt()), JobsCommand.clip(r.funcName(), 60),
            r.enabled() ? "" : " (disabled)");
      }
      out.flush();
      return 0;
    }
  }
}
