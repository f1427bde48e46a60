package com.awkhad.connector.queue.job;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The settings of a job function: its default channel, retry pattern, related action, timeout and
 * max retries. A job function is named {@code <target class>.<method>}, or, for a job delayed on a
 * model ({@link JobOptions#model}), {@code <model>.method} as in the original (for example
 * {@code <coffee.beverage.binding>.importRecord}): each model's jobs then have settings of their own.
 * A setting left null (an empty retry pattern) is not set: the next layer decides (see
 * {@code docs/jobs.md}: default, addon, configuration, database).
 *
 * <pre>{@code
 * // declared by an addon (JobFunctionProvider), or stored with queue.define(...)
 * JobFunction.of("coffee.beverage.binding", "importRecord")
 *     .withChannel("root.coffee")
 *     .withRetryPattern(RetryPattern.builder().after(1, 60).after(5, 600).build())
 *     .withMaxRetries(10);
 * }</pre>
 *
 * @param relatedAction JSON {@code {"enable": bool, "func_name": ..., "kwargs": {...}}} shown
 *     beside the job (for example "open the record"); null for none
 * @param timeoutSeconds per-try timeout enforced by the runner; null when not set, 0 for none
 * @param maxRetries tries allowed to a job of this function when its options set none; 0 retries
 *     forever; null when not set
 */
public record JobFunction(String name, String channel, RetryPattern retryPattern, String relatedAction, Integer timeoutSeconds,
    Integer maxRetries) {
  private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)*");

  public JobFunction {
    Objects.requireNonNull(name, "name");
    retryPattern = retryPattern == null ? RetryPattern.none() : retryPattern;
    if (timeoutSeconds != null && timeoutSeconds < 0) {
      throw new IllegalArgumentException("Timeout of job function " + name + " must be >= 0 seconds (0: none), got "
          + timeoutSeconds);
    }
    if (maxRetries != null && maxRetries < 0) {
      throw new IllegalArgumentException("Max retries of job function " + name + " must be >= 0 (0: retry forever), got "
          + maxRetries);
    }
  }

  /** The function name of {@code target.method}: {@code <target class>.<method>}. */
  public static String nameOf(Class<?> target, String method) {
    return target.getName() + "." + method;
  }

  /**
   * The function name of {@code method} delayed on {@code model}: {@code <model>.method}.
   *
   * @throws IllegalArgumentException when {@code model} is not a dotted name such as {@code coffee.beverage.binding}
   */
  public static String nameOf(String model, String method) {
    if (model == null || !MODEL.matcher(model).matches()) {
      throw new IllegalArgumentException("A job function's model must be a dotted name such as coffee.beverage.binding,"
          + " got '" + model + "'");
    }
    if (method == null || method.isBlank()) {
      throw new IllegalArgumentException("A job function needs a method name, got '" + method + "' for model " + model);
    }
    return "<" + model + ">." + method;
  }

  /** Settings with nothing set, for {@code target.method}. */
  public static JobFunction of(Class<?> target, String method) {
    return defaultsFor(nameOf(target, method));
  }

  /** Settings with nothing set, for {@code method} delayed on {@code model} ({@code <model>.method}). */
  public static JobFunction of(String model, String method) {
    return defaultsFor(nameOf(model, method));
  }

  /** Settings with nothing set, for the function named {@code name}. */
  public static JobFunction defaultsFor(String name) {
    return new JobFunction(name, null, null, null, null, null);
  }

  public JobFunction withChannel(String value) {
    return new JobFunction(name, JobOptions.defaults().channel(value).channel(), retryPattern, relatedAction, timeoutSeconds,
        maxRetries);
  }

  public JobFunction withRetryPattern(RetryPattern value) {
    return new JobFunction(name, channel, value, relatedAction, timeoutSeconds, maxRetries);
  }

  public JobFunction withRelatedAction(String json) {
    return new JobFunction(name, channel, retryPattern, json, timeoutSeconds, maxRetries);
  }

  public JobFunction withTimeoutSeconds(Integer value) {
    return new JobFunction(name, channel, retryPattern, relatedAction, value, maxRetries);
  }

  /** Tries allowed when the job's options set none ({@link JobOptions#maxRetries}); 0 retries forever. */
  public JobFunction withMaxRetries(Integer value) {
    return new JobFunction(name, channel, retryPattern, relatedAction, timeoutSeconds, value);
  }

  /** The same settings under another name. */
  public JobFunction named(String other) {
    return new JobFunction(other, channel, retryPattern, relatedAction, timeoutSeconds, maxRetries);
  }

  /** The channel jobs of this function go to when the caller names none. */
  public String channelOrRoot() {
    return channel == null ? "root" : channel;
  }

  /** The max retries of a job whose options set none. */
  public int maxRetriesOrDefault() {
    return maxRetries == null ? JobOptions.DEFAULT_MAX_RETRIES : maxRetries;
  }
}
