package com.awkhad.connector.queue.function;

import com.awkhad.connector.queue.job.JobFunction;
import com.awkhad.connector.queue.job.JobOptions;
import com.awkhad.connector.queue.job.RetryPattern;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A job function's settings as they apply, each with where it came from: the last of default,
 * addon, configuration and database that sets it.
 *
 * <pre>{@code
 * EffectiveFunction f = queue.effectiveFunction("<coffee.beverage.binding>.importRecord");
 * f.settings().maxRetriesOrDefault();   // 10
 * f.sources().get(EffectiveFunction.MAX_RETRIES); // ADDON
 * f.origins().get(EffectiveFunction.MAX_RETRIES); // "connector_coffee"
 * }</pre>
 *
 * @param settings the resolved values: channel never null, max retries never null
 * @param sources the layer of each setting, keyed by {@link #CHANNEL}, {@link #RETRY_PATTERN}, ...
 * @param origins which addon or file set each setting that does not come from the default or the database
 */
public record EffectiveFunction(JobFunction settings, Map<String, FunctionSource> sources, Map<String, String> origins) {
  public static final String CHANNEL = "channel";
  public static final String RETRY_PATTERN = "retry_pattern";
  public static final String MAX_RETRIES = "max_retries";
  public static final String TIMEOUT_SECONDS = "timeout_seconds";
  public static final String RELATED_ACTION = "related_action";

  /** A layer's settings and where they came from (an addon's or a file's name). */
  public record Layer(FunctionSource source, String origin, JobFunction function) {}

  /** Each setting from the last layer that sets it, else the default. */
  public static EffectiveFunction resolve(String name, Layer... layers) {
    Map<String, FunctionSource> sources = new LinkedHashMap<>();
    Map<String, String> origins = new LinkedHashMap<>();
    for (String key : new String[] {CHANNEL, RETRY_PATTERN, MAX_RETRIES, TIMEOUT_SECONDS, RELATED_ACTION}) {
      sources.put(key, FunctionSource.DEFAULT);
    }
    String channel = "root";
    RetryPattern pattern = RetryPattern.none();
    Integer maxRetries = JobOptions.DEFAULT_MAX_RETRIES;
    Integer timeout = null;
    String related = null;
    for (Layer layer : layers) {
      if (layer == null || layer.function() == null) {
        continue;
      }
      JobFunction f = layer.function();
      if (f.channel() != null) {
        channel = f.channel();
        set(sources, origins, CHANNEL, layer);
      }
      if (!f.retryPattern().isEmpty()) {
        pattern = f.retryPattern();
        set(sources, origins, RETRY_PATTERN, layer);
      }
      if (f.maxRetries() != null) {
        maxRetries = f.maxRetries();
        set(sources, origins, MAX_RETRIES, layer);
      }
      if (f.timeoutSeconds() != null) {
        timeout = f.timeoutSeconds() == 0 ? null : f.timeoutSeconds();
        set(sources, origins, TIMEOUT_SECONDS, layer);
      }
      if (f.relatedAction() != null) {
        related = f.relatedAction();
        set(sources, origins, RELATED_ACTION, layer);
      }
    }
    return new EffectiveFunction(new JobFunction(name, channel, pattern, related, timeout, maxRetries), java.util.Collections.unmodifiableMap(sources),
        java.util.Collections.unmodifiableMap(origins));
  }

  private static void set(Map<String, FunctionSource> sources, Map<String, String> origins, String key, Layer layer) {
    sources.put(key, layer.source());
    if (layer.origin() == null) {
      origins.remove(key);
    } else {
      origins.put(key, layer.origin());
    }
  }

  public String name() {
    return settings.name();
  }

  /** "addon connector_coffee", "configuration connector.properties", "database", "default". */
  public String describeSource(String key) {
    FunctionSource s = sources.getOrDefault(key, FunctionSource.DEFAULT);
    String origin = origins.get(key);
    return origin == null ? s.label() : s.label() + " " + origin;
  }
}
