package com.awkhad.connector.server;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.base.text.ControlChars;
import com.awkhad.connector.queue.Queue;
import com.awkhad.connector.queue.function.EffectiveFunction;
import com.awkhad.connector.queue.job.JobFunction;
import com.awkhad.connector.queue.job.RetryPattern;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ./connector jobs functions}: every job function with the settings that apply to it and
 * where each came from (default, addon, configuration file, database).
 */
@Command(name = "functions", mixinStandardHelpOptions = true, description = {
    "List the job functions (<model>.method, or <class>.method) with their channel, retry pattern, max retries,",
    "timeout and related action, and where each value came from: default < addon < configuration (--config file,",
    "job.function.<name>.<setting>) < database (rows written by queue.define); each setting from the last that sets it.",
    "Functions that only open jobs name are listed too."})
final class FunctionsCommand implements Callable<Integer> {
  @ParentCommand JobsCommand jobs;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILTER", arity = "0..1", description = "Only functions whose name contains this text, e.g. coffee.order.")
  String filter;

  @Option(names = "--json", description = "Print JSON for scripts.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<EffectiveFunction> all;
    try (Environment env = jobs.root.startEnvironment()) {
      all = env.service(Queue.class).functions();
    }
    if (filter != null) {
      all = all.stream().filter(f -> f.name().contains(filter)).toList();
    }
    if (json) {
      JobsCommand.printJson(out, all.stream().map(FunctionsCommand::json).toList());
      return 0;
    }
    if (all.isEmpty()) {
      out.println(filter == null ? "No job functions: no addon declares one, no configuration or row sets one, and no"
          + " open job names one." : "No job function name contains '" + ControlChars.escape(filter) + "'.");
      return 0;
    }
    for (EffectiveFunction f : all) {
      out.println(ControlChars.escape(f.name()));
      for (Map.Entry<String, String> row : values(f.settings()).entrySet()) {
        out.printf("  %-15s %-34s %s%n", label(row.getKey()), ControlChars.escape(row.getValue()),
            ControlChars.escape(f.describeSource(row.getKey())));
      }
    }
    out.println(all.size() + " job function(s). Override a setting in the --config file, e.g."
        + " job.function." + all.get(0).name() + ".max_retries=10");
    out.flush();
    return 0;
  }

  /** Each setting as printed, keyed as in {@link EffectiveFunction}. */
  private static Map<String, String> values(JobFunction f) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(EffectiveFunction.CHANNEL, f.channelOrRoot());
    m.put(EffectiveFunction.RETRY_PATTERN, f.retryPattern().isEmpty()
        ? RetryPattern.DEFAULT_SECONDS + " s after every try" : f.retryPattern().toJson());
    int max = f.maxRetriesOrDefault();
    m.put(EffectiveFunction.MAX_RETRIES, max == 0 ? "0 (retry forever)" : String.valueOf(max));
    m.put(EffectiveFunction.TIMEOUT_SECONDS, f.timeoutSeconds() == null ? "none" : f.timeoutSeconds() + " s");
    m.put(EffectiveFunction.RELATED_ACTION, f.relatedAction() == null ? "none" : f.relatedAction());
    return m;
  }

  private static String label(String key) {
    return switch (key) {
      case EffectiveFunction.RETRY_PATTERN -> "retry pattern";
      case EffectiveFunction.MAX_RETRIES -> "max retries";
      case EffectiveFunction.TIMEOUT_SECONDS -> "timeout";
      case EffectiveFunction.RELATED_ACTION -> "related action";
      default -> key;
    };
  }

  private static Map<String, Object> json(EffectiveFunction f) {
    JobFunction s = f.settings();
    Map<String, Object> values = new LinkedHashMap<>();
    values.put(EffectiveFunction.CHANNEL, s.channelOrRoot());
    values.put(EffectiveFunction.RETRY_PATTERN, s.retryPattern().isEmpty() ? null : s.retryPattern().toJson());
    values.put(EffectiveFunction.MAX_RETRIES, s.maxRetriesOrDefault());
    values.put(EffectiveFunction.TIMEOUT_SECONDS, s.timeoutSeconds());
    values.put(EffectiveFunction.RELATED_ACTION, s.relatedAction());
    Map<String, Object> settings = new LinkedHashMap<>();
    values.forEach((key, value) -> {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("value", value);
      one.put("source", f.sources().get(key).label());
      one.put("origin", f.origins().get(key));
      settings.put(key, one);
    });
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("name", f.name());
    doc.put("settings", settings);
    return doc;
  }
}
