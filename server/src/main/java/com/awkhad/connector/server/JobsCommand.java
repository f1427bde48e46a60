package com.awkhad.connector.server;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.base.text.ControlChars;
import com.awkhad.connector.framework.admin.AdminRefusal;
import com.awkhad.connector.framework.admin.BackendAdmin;
import com.awkhad.connector.queue.admin.AdminResult;
import com.awkhad.connector.queue.admin.JobAdmin;
import com.awkhad.connector.queue.admin.RunNowSummary;
import com.awkhad.connector.queue.channel.ChannelConfig;
import com.awkhad.connector.queue.job.JobJson;
import com.awkhad.connector.queue.job.JobRecord;
import com.awkhad.connector.queue.job.JobState;
import com.awkhad.connector.queue.read.JobFilter;
import com.awkhad.connector.queue.read.JobReads;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ./connector jobs ...}: list, show, run now, requeue, cancel and set done jobs of the queue.
 *
 * <pre>
 * ./connector jobs list --state failed
 * ./connector jobs run-now --backend coffee-1
 * ./connector jobs requeue --state failed
 * ./connector --db jdbc:postgresql://db/awkhad jobs show 0b6c...
 * ./connector jobs batches
 * ./connector jobs retention --set root.coffee.import=7
 * </pre>
 */
@Command(
    name = "jobs",
    description = "Inspect and administer the job queue.",
    mixinStandardHelpOptions = true,
    subcommands = {
      JobsCommand.ListJobs.class,
      JobsCommand.ShowJob.class,
      JobsCommand.RunNow.class,
      JobsCommand.Requeue.class,
      JobsCommand.Cancel.class,
      JobsCommand.SetDone.class,
      JobsCommand.Vacuum.class,
      JobBatchCommands.ListBatches.class,
      JobBatchCommands.ShowBatch.class,
      JobBatchCommands.Retention.class
    })
final class JobsCommand implements Runnable {
  private static final DateTimeFormatter SHORT_TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneId.systemDefault());
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  @ParentCommand ConnectorCommand root;
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  <T> T withAdmin(Function<JobAdmin, T> action) {
    try (Environment env = root.startEnvironment()) {
      return action.apply(env.service(JobAdmin.class).by("cli (user " + System.getProperty("user.name") + ")"));
    }
  }

  <T> T withEnv(Function<Environment, T> action) {
    try (Environment env = root.startEnvironment()) {
      return action.apply(env);
    }
  }

  /** The id of the backend named (or numbered) {@code nameOrId}; a usage error naming the backends there are. */
  static long backendId(CommandSpec spec, Environment env, String nameOrId) {
    try {
      return BackendAdmin.of(env).find(nameOrId).id();
    } catch (AdminRefusal e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  static String time(Instant t) {
    return t == null ? "-" : TIME.format(t);
  }

  static void printJson(PrintWriter out, Object value) {
    try {
      out.println(JobJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }

  static JobState parseState(CommandSpec spec, String value) {
    try {
      return JobState.of(value);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** {@code s} on one line of at most {@code width} characters, control characters escaped (\e, \x07, \n). */
  static String clip(String s, int width) {
    if (s == null) {
      return "";
    }
    String one = ControlChars.escape(s).replaceAll("\\s+", " ").trim();
    return one.length() <= width ? one : one.substring(0, Math.max(0, width - 1)) + "…";
  }

  @Command(name = "list", description = "List jobs, newest first.", mixinStandardHelpOptions = true)
  static final class ListJobs implements Callable<Integer> {
    @ParentCommand JobsCommand jobs;
    @Spec CommandSpec spec;

    @Option(names = "--state", paramLabel = "STATE", description = "Only jobs in this state: wait_dependencies, pending, enqueued, started, done, cancelled, failed.")
    String state;

    @Option(names = "--channel", paramLabel = "CHANNEL", description = "Only jobs of this channel, e.g. root.coffee.")
    String channel;

    @Option(names = "--backend", paramLabel = "NAME", description = "Only jobs of this connector backend (its name or id).")
    String backend;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most N jobs (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Override
    public Integer call() {
      if (limit < 1) {
        throw new ParameterException(spec.commandLine(), "--limit must be at least 1, got " + limit);
      }
      JobFilter q = JobFilter.all();
      if (state != null) {
        q = q.state(parseState(spec, state));
      }
      if (channel != null) {
        q = q.channel(channel);
      }
      JobFilter filter = q;
      List<JobRecord> found = jobs.withEnv(env -> new JobReads(env.tx())
          .list(backend == null ? filter : filter.backend(backendId(spec, env, backend)), limit));
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        printJson(out, found);
        return 0;
      }
      if (found.isEmpty()) {
        out.println("No jobs" + (state == null ? "" : " in state " + state) + (channel == null ? "" : " in channel " + channel)
            + (backend == null ? "" : " of backend " + ControlChars.escape(backend)) + ".");
        return 0;
      }
      int width = terminalWidth();
      int rest = Math.max(20, width - (36 + 1 + 17 + 1 + 5 + 1 + 12 + 1 + 11 + 1));
      out.printf("%-36s %-17s %-5s %-12s %-11s %s%n", "UUID", "STATE", "TRY", "CHANNEL", "CREATED", "DESCRIPTION");
      for (JobRecord j : found) {
        String tries = j.retry() + "/" + (j.maxRetries() == 0 ? "∞" : String.valueOf(j.maxRetries()));
        out.printf("%-36s %-17s %-5s %-12s %-11s %s%n", j.uuid(), j.state(), tries, clip(j.channel(), 12),
            j.dateCreated() == null ? "-" : SHORT_TIME.format(j.dateCreated()), clip(j.description(), rest));
        if (j.excMessage() != null && j.state() != JobState.DONE) {
          String error = (j.excName() == null ? "" : simpleName(j.excName()) + ": ") + j.excMessage();
          out.println("    " + clip(error, width - 4));
        }
      }
      out.println(found.size() + " job(s)" + (found.size() == limit ? " (limit reached: use --limit N for more)" : ""));
      return 0;
    }

    private static String simpleName(String className) {
      int dot = className.lastIndexOf('.');
      return dot < 0 ? className : className.substring(dot + 1);
    }

    private static int terminalWidth() {
      try {
        String columns = System.getenv("COLUMNS");
        return columns == null ? 120 : Math.max(80, Integer.parseInt(columns.trim()));
      } catch (NumberFormatException e) {
        return 120;
      }
    }
  }

  @Command(name = "show", description = "Show one job in full: options, dates, error and trace, dependencies.", mixinStandardHelpOptions = true)
  static final class ShowJob implements Callable<Integer> {
    @ParentCommand JobsCommand jobs;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "UUID", description = "The job's uuid.")
    String uuid;

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      Object[] found = jobs.withAdmin(admin -> new Object[] {admin.find(uuid).orElse(null), admin.dependencies(uuid)});
      JobRecord j = (JobRecord) found[0];
      if (j == null) {
        spec.commandLine().getErr().println("No job " + ControlChars.escape(uuid) + ". List jobs with: ./connector jobs list");
        return 1;
      }
      @SuppressWarnings("unchecked")
      List<List<String>> deps = (List<List<String>>) found[1];
      if (json) {
        Map<String, Object> doc = new LinkedHashMap<>(JobJson.mapper().convertValue(j, Map.class));
        doc.put("dependsOn", deps.get(0));
        doc.put("dependents", deps.get(1));
        printJson(out, doc);
        return 0;
      }
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"uuid", j.uuid()});
      rows.add(new String[] {"description", j.description()});
      rows.add(new String[] {"function", j.funcName()});
      rows.add(new String[] {"arguments", j.args()});
      rows.add(new String[] {"state", j.state().toString()});
      rows.add(new String[] {"channel", j.channel()});
      rows.add(new String[] {"priority", String.valueOf(j.priority())});
      rows.add(new String[] {"tries", j.retry() + " of " + (j.maxRetries() == 0 ? "unlimited" : j.maxRetries())});
      rows.add(new String[] {"eta", time(j.eta())});
      rows.add(new String[] {"identity key", j.identityKey() == null ? "-" : j.identityKey()});
      rows.add(new String[] {"graph", j.graphUuid() == null ? "-" : j.graphUuid()});
      rows.add(new String[] {"batch", j.batchId() == null ? "-" : j.batchId() + " (./connector jobs batch " + j.batchId() + ")"});
      rows.add(new String[] {"depends on", deps.get(0).isEmpty() ? "-" : String.join(", ", deps.get(0))});
      rows.add(new String[] {"dependents", deps.get(1).isEmpty() ? "-" : String.join(", ", deps.get(1))});
      rows.add(new String[] {"created", time(j.dateCreated())});
      rows.add(new String[] {"enqueued", time(j.dateEnqueued())});
      rows.add(new String[] {"started", time(j.dateStarted())});
      rows.add(new String[] {"done", time(j.dateDone())});
      rows.add(new String[] {"cancelled", time(j.dateCancelled())});
      rows.add(new String[] {"exec time", j.execTime() == null ? "-" : String.format("%.3f s", j.execTime())});
      rows.add(new String[] {"worker", j.workerId() == null ? "-" : j.workerId()});
      rows.add(new String[] {"result", j.result() == null ? "-" : j.result()});
      rows.add(new String[] {"error", j.excName() == null ? "-" : j.excName() + ": " + j.excMessage()});
      for (String[] r : rows) {
        out.printf("%-13s %s%n", r[0], ControlChars.escape(r[1]));
      }
      if (j.excInfo() != null) {
        // the one multi-line field: real newlines kept, every line indented so none passes for a field
        out.println();
        out.println("trace:");
        for (String line : ControlChars.escapeKeepingNewlines(j.excInfo().stripTrailing()).split("\n", -1)) {
          out.println("  " + line);
        }
      }
      return 0;
    }
  }

  /** Shared shape of the verbs that act on jobs given by uuid. */
  abstract static class Action implements Callable<Integer> {
    @ParentCommand JobsCommand jobs;
    @Spec CommandSpec spec;

    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    int print(List<AdminResult> results, String none) {
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        printJson(out, results);
      } else if (results.isEmpty()) {
        out.println(none);
      } else {
        for (AdminResult r : results) {
          out.println(ControlChars.escape(r.uuid()) + "  " + ControlChars.escape(r.message()));
        }
        long changed = results.stream().filter(AdminResult::changed).count();
        out.println(changed + " of " + results.size() + " job(s) changed");
      }
      return results.stream().allMatch(AdminResult::changed) ? 0 : 1;
    }
  }

  @Command(name = "requeue", description = "Put failed, cancelled or done jobs back to pending, their tries reset (a done job runs"
      + " again; by --state only failed or cancelled). For pending jobs waiting for their eta, use run-now.",
      mixinStandardHelpOptions = true)
  static final class Requeue extends Action {
    @Parameters(paramLabel = "UUID", arity = "0..*", description = "Jobs to requeue.")
    List<String> uuids = new ArrayList<>();

    @Option(names = "--state", paramLabel = "STATE", description = "Requeue every job in this state (failed or cancelled).")
    String state;

    @Override
    public Integer call() {
      if (uuids.isEmpty() == (state == null)) {
        throw new ParameterException(spec.commandLine(), "Give job uuids or --state failed|cancelled (not both)");
      }
      if (state != null) {
        JobState s = parseState(spec, state);
        if (s != JobState.FAILED && s != JobState.CANCELLED) {
          throw new ParameterException(spec.commandLine(), "requeue --state takes failed or cancelled, not " + s
              + (s == JobState.PENDING ? ": to run waiting jobs at once, use: ./connector jobs run-now --state pending"
                  : s == JobState.DONE ? ": requeue done jobs by uuid (each runs again): ./connector jobs requeue UUID..." : ""));
        }
        return print(jobs.withAdmin(admin -> admin.requeueAll(s)), "No " + s + " jobs.");
      }
      return print(jobs.withAdmin(admin -> admin.requeue(uuids)), "Nothing to requeue.");
    }
  }

  @Command(name = "run-now", description = "Run waiting jobs at once: set the eta of pending jobs to now and wake the runners."
      + " Their tries are kept. By uuid, or every pending job with an eta in the future of a channel or backend.",
      mixinStandardHelpOptions = true)
  static final class RunNow extends Action {
    @Parameters(paramLabel = "UUID", arity = "0..*", description = "Jobs to run now (pending ones).")
    List<String> uuids = new ArrayList<>();

    @Option(names = "--state", paramLabel = "STATE", description = "pending: every pending job waiting for its eta (the default with --channel or --backend).")
    String state;

    @Option(names = "--channel", paramLabel = "CHANNEL", description = "Only jobs of this channel (exactly; coffee means root.coffee).")
    String channel;

    @Option(names = "--backend", paramLabel = "NAME", description = "Only jobs of this connector backend (its name or id).")
    String backend;

    @Override
    public Integer call() {
      boolean filtered = state != null || channel != null || backend != null;
      if (uuids.isEmpty() == !filtered) {
        throw new ParameterException(spec.commandLine(), uuids.isEmpty()
            ? "Give job uuids, or a filter: --state pending, --channel CHANNEL, --backend NAME"
            : "Give job uuids or a filter (--state, --channel, --backend), not both");
      }
      if (state != null) {
        JobState s = parseState(spec, state);
        if (s != JobState.PENDING) {
          throw new ParameterException(spec.commandLine(), "run-now takes pending jobs, not " + s
              + (s == JobState.FAILED || s == JobState.CANCELLED ? ": to run them again, use: ./connector jobs requeue --state " + s
                  : s == JobState.DONE ? ": to run a done job again, use: ./connector jobs requeue UUID" : ""));
        }
      }
      String ch = channel == null ? null : ChannelConfig.normalize(channel);
      List<AdminResult> results = jobs.withEnv(env -> {
        JobAdmin admin = env.service(JobAdmin.class);
        if (!filtered) {
          return admin.runNow(uuids);
        }
        return admin.runNowWaiting(ch, backend == null ? null : backendId(spec, env, backend));
      });
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        printJson(out, results);
      } else if (results.isEmpty()) {
        out.println("No waiting job: no pending job with an eta in the future" + (ch == null ? "" : " in channel " + ch)
            + (backend == null ? "" : " of backend " + ControlChars.escape(backend)) + ". Jobs already due run in their turn"
            + " (./connector jobs list --state pending).");
      } else {
        for (AdminResult r : results) {
          out.println(ControlChars.escape(r.uuid()) + "  " + ControlChars.escape(r.message()));
        }
        out.println(RunNowSummary.of(results));
      }
      return results.stream().allMatch(AdminResult::changed) ? 0 : 1;
    }
  }

  @Command(name = "cancel", description = "Cancel jobs that did not run yet; children left without a parent to wait for are cancelled too.", mixinStandardHelpOptions = true)
  static final class Cancel extends Action {
    @Parameters(paramLabel = "UUID", arity = "1..*", description = "Jobs to cancel.")
    List<String> uuids;

    @Override
    public Integer call() {
      return print(jobs.withAdmin(admin -> admin.cancel(uuids)), "Nothing to cancel.");
    }
  }

  @Command(name = "done", description = "Set jobs done by hand, which releases the jobs waiting for them.", mixinStandardHelpOptions = true)
  static final class SetDone extends Action {
    @Parameters(paramLabel = "UUID", arity = "1..*", description = "Jobs to set done.")
    List<String> uuids;

    @Override
    public Integer call() {
      return print(jobs.withAdmin(admin -> admin.setDone(uuids)), "Nothing to set done.");
    }
  }

  @Command(name = "vacuum", description = "Delete done and cancelled jobs older than their channel's removal interval (default 30 days), in batches.", mixinStandardHelpOptions = true)
  static final class Vacuum implements Callable<Integer> {
    @ParentCommand JobsCommand jobs;
    @Spec CommandSpec spec;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1000", description = "Jobs deleted per transaction (default: ${DEFAULT-VALUE}).")
    int batch;

    @Override
    public Integer call() {
      if (batch < 1) {
        throw new ParameterException(spec.commandLine(), "--batch must be at least 1, got " + batch);
      }
      long deleted = jobs.withAdmin(admin -> admin.autovacuum(batch));
      spec.commandLine().getOut().println("Deleted " + deleted + " old done or cancelled job(s).");
      return 0;
    }
  }
}
