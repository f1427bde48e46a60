package com.awkhad.connector.queue.job;

import java.util.Objects;

/**
 * Optional configuration of a job function ({@code <target class>.<method>}), stored in
 * {@code queue_job_function}: its default channel, retry pattern, related action and timeout.
 * Without a row the defaults apply: channel {@code root}, 600 s between tries, no timeout.
 *
 * <pre>{@code
 * queue.functions().define(JobFunction.of(ProductExporter.class, "exportRecord")
 *     .withChannel("root.coffee")
 *     .withRetryPattern(RetryPattern.builder().after(1, 60).after(5, 600).build()));
 * }</pre>
 *
 * @param relatedAction JSON {@code {"enable": bool, "func_name": ..., "kwargs": {...}}} shown
 *     beside the job (for example "open the record"); null for none
 * @param timeoutSeconds per-try timeout enforced by the runner; null for none
 */
public record JobFunction(String name, String channel, RetryPattern retryPattern, String relatedAction, Integer timeoutSeconds) {
  public JobFunction {
    Objects.requireNonNull(name, "name");
    retryPattern = retryPattern == null ? RetryPattern.none() : retryPattern;
  }

  /** The function name of {@code target.method}. */
  public static String nameOf(Class<?> target, String method) {
    return target.getName() + "." + method;
  }

  /** A configuration with every default, for {@code target.method}. */
  public static JobFunction of(Class<?> target, String method) {
    return new JobFunction(nameOf(target, method), null, null, null, null);
  }

  /** The defaults for a function without configuration. */
  public static JobFunction defaultsFor(String name) {
    return new JobFunction(name, null, null, null, null);
  }

  public JobFunction withChannel(String value) {
    return new JobFunction(name, JobOptions.defaults().channel(value).channel(), retryPattern, relatedAction, timeoutSeconds);
  }

  public JobFunction withRetryPattern(RetryPattern value) {
    return new JobFunction(name, channel, value, relatedAction, timeoutSeconds);
  }

  public JobFunction withRelatedAction(String json) {
    return new JobFunction(name, channel, retryPattern, json, timeoutSeconds);
  }

  public JobFunction withTimeoutSeconds(Integer value) {
    return new JobFunction(name, channel, retryPattern, relatedAction, value);
  }

  /** The channel jobs of this function go to when the caller names none. */
  public String channelOrRoot() {
    return channel == null ? "root" : channel;
  }
}
