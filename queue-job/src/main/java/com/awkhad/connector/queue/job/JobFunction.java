package com.awkhad.connector.queue.job;

import java.util.Objects;

/**
 * Optional configuration of a job function ({@code <target class>.<method>}), stored in
 * {@code queue_job_function}: its default channel, retry pattern, related action, timeout, and
 * whether it is remote. Without a row the defaults apply: channel {@code root}, 600 s between
 * tries, no timeout, not remote.
 *
 * <pre>{@code
 * queue.functions().define(JobFunction.of(ProductExporter.class, "exportRecord")
 *     .withChannel("root.coffee")
 *     .withRetryPattern(RetryPattern.builder().after(1, 60).after(5, 600).build())
 *     .withRemote(true)); // calls an external system: runs alone, never in a batch
 * }</pre>
 *
 * @param relatedAction JSON {@code {"enable": bool, "func_name": ..., "kwargs": {...}}} shown
 *     beside the job (for example "open the record"); null for none
 * @param timeoutSeconds per-try timeout enforced by the runner; null for none
 * @param remote the function is slow or calls a remote system: a runner runs each of its jobs
 *     alone in its transaction, never in a batch with other jobs (see docs/runner.md). Functions
 *     can also be declared remote in code, without a row: {@code Queue.declareRemote}
 */
public record JobFunction(String name, String channel, RetryPattern retryPattern, String relatedAction, Integer timeoutSeconds,
    boolean remote) {
  public JobFunction {
    Objects.requireNonNull(name, "name");
    retryPattern = retryPattern == null ? RetryPattern.none() : retryPattern;
  }

  /** A function that is not remote. */
  public JobFunction(String name, String channel, RetryPattern retryPattern, String relatedAction, Integer timeoutSeconds) {
    this(name, channel, retryPattern, relatedAction, timeoutSeconds, false);
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
    return new JobFunction(name, JobOptions.defaults().channel(value).channel(), retryPattern, relatedAction, timeoutSeconds, remote);
  }

  public JobFunction withRetryPattern(RetryPattern value) {
    return new JobFunction(name, channel, value, relatedAction, timeoutSeconds, remote);
  }

  public JobFunction withRelatedAction(String json) {
    return new JobFunction(name, channel, retryPattern, json, timeoutSeconds, remote);
  }

  public JobFunction withTimeoutSeconds(Integer value) {
    return new JobFunction(name, channel, retryPattern, relatedAction, value, remote);
  }

  /** Whether the function is slow or calls a remote system: its jobs then run alone, never in a batch. */
  public JobFunction withRemote(boolean value) {
    return new JobFunction(name, channel, retryPattern, relatedAction, timeoutSeconds, value);
  }

  /** The channel jobs of this function go to when the caller names none. */
  public String channelOrRoot() {
    return channel == null ? "root" : channel;
  }
}
