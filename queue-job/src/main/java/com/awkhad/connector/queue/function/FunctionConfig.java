package com.awkhad.connector.queue.function;

import com.awkhad.connector.queue.job.JobFunction;
import com.awkhad.connector.queue.job.RetryPattern;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Job function settings from a configuration file: one {@code job.function.<name>.<setting>=value}
 * per line, {@code <name>} as {@code ./connector jobs functions} prints it.
 *
 * <pre>
 * job.function.&lt;coffee.beverage.binding&gt;.importRecord.retry_pattern = {"1": 5, "3": 30, "6": 300}
 * job.function.&lt;coffee.beverage.binding&gt;.importRecord.max_retries = 20
 * job.function.&lt;coffee.order.binding&gt;.exportRecord.channel = root.coffee.orders
 * job.function.&lt;coffee.order.binding&gt;.exportRecord.timeout_seconds = 60
 * </pre>
 *
 * <p>Settings: {@code channel}, {@code retry_pattern} (JSON, as stored in {@code queue_job_function}),
 * {@code max_retries} (0: retry forever), {@code timeout_seconds} (0: none), {@code related_action} (JSON).
 */
public final class FunctionConfig {
  /** The prefix of the keys read here. */
  public static final String PREFIX = "job.function.";
  /** The settings a key may end with. */
  public static final List<String> SETTINGS = List.of(EffectiveFunction.CHANNEL, EffectiveFunction.RETRY_PATTERN,
      EffectiveFunction.MAX_RETRIES, EffectiveFunction.TIMEOUT_SECONDS, EffectiveFunction.RELATED_ACTION);

  private FunctionConfig() {}

  /**
   * The job functions {@code props} configures (keys without the prefix are ignored), in key order.
   *
   * @param where the file's name, for error messages
   * @throws IllegalArgumentException naming the key and what to write instead
   */
  public static List<JobFunction> parse(Properties props, String where) {
    Map<String, JobFunction> byName = new LinkedHashMap<>();
    for (String key : new TreeSet<>(props.stringPropertyNames())) {
      if (!key.startsWith(PREFIX)) {
        continue;
      }
      String rest = key.substring(PREFIX.length());
      int dot = rest.lastIndexOf('.');
      String name = dot < 0 ? "" : rest.substring(0, dot).trim();
      String setting = dot < 0 ? rest : rest.substring(dot + 1);
      if (name.isEmpty() || !SETTINGS.contains(setting)) {
        throw new IllegalArgumentException("Key '" + key + "' in " + where + " is not job.function.<name>.<setting>"
            + " with a setting among " + SETTINGS + ", e.g. job.function.<coffee.beverage.binding>.importRecord.max_retries=10"
            + " (the names are those ./connector jobs functions lists)");
      }
      String value = props.getProperty(key).trim();
      JobFunction f = byName.getOrDefault(name, JobFunction.defaultsFor(name));
      try {
        f = switch (setting) {
          case EffectiveFunction.CHANNEL -> f.withChannel(value);
          case EffectiveFunction.RETRY_PATTERN -> {
            RetryPattern p = RetryPattern.parse(value);
            if (p.isEmpty()) {
              throw new IllegalArgumentException("the retry pattern is empty: give at least one {\"<from try>\": seconds}");
            }
            yield f.withRetryPattern(p);
          }
          case EffectiveFunction.MAX_RETRIES -> f.withMaxRetries(integer(value, "max retries (0: retry forever)"));
          case EffectiveFunction.TIMEOUT_SECONDS -> f.withTimeoutSeconds(integer(value, "seconds (0: no timeout)"));
          default -> f.withRelatedAction(json(value));
        };
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Key '" + key + "' in " + where + ": " + e.getMessage(), e);
      }
      byName.put(name, f);
    }
    return new ArrayList<>(byName.values());
  }

  private static int integer(String value, String what) {
    try {
      int n = Integer.parseInt(value);
      if (n < 0) {
        throw new IllegalArgumentException("'" + value + "' is negative: give " + what);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + value + "' is not a whole number: give " + what);
    }
  }

  private static String json(String value) {
    try {
      if (!new com.fasterxml.jackson.databind.ObjectMapper().readTree(value).isObject()) {
        throw new IllegalArgumentException("the related action must be a JSON object such as {\"enable\": false}");
      }
      return value;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("the related action is not valid JSON (" + e.getOriginalMessage() + ")");
    }
  }
}
