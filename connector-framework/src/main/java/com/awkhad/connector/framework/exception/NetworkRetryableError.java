package com.awkhad.connector.framework.exception;

import com.awkhad.connector.queue.job.RetryPattern;
import com.awkhad.connector.queue.job.RetryableJobError;

/**
 * The external system could not be reached or asked to come back later (connection refused or
 * reset, timeout, HTTP 429, 502, 503, 504). A job failing with it goes back to pending and is tried
 * again after {@code seconds} (the server's {@code Retry-After}, in seconds or as an HTTP date),
 * else after the job function's retry pattern when one is configured, else after the network
 * back-off {@link #BACKOFF}: about 5 s, 15 s, 30 s, 1 min, 2 min, 5 min, then 10 min, each
 * within &plusmn;20% (jitter, so that jobs failing together do not come back together).
 *
 * <pre>{@code
 * throw new NetworkRetryableError("GET /products/42 on backend 'Shop' failed: ConnectException", null);
 * // the job's error: "...; retry 1 of 5 at 14:22:05Z (in 5 s)"
 * }</pre>
 *
 * <p>{@link #unavailable()} tells the backend's circuit breaker whether the error says the system is
 * down (connection refused or reset, timeout, 502, 503, 504: true) or only busy (429: false); see
 * {@link com.awkhad.connector.framework.circuit.Circuits}.
 */
public class NetworkRetryableError extends RetryableJobError {
  /**
   * The network back-off by try: 5 s, 15 s, 30 s, 1 min, 2 min, 5 min, then 10 min, each a random
   * delay within &plusmn;20%.
   */
  public static final RetryPattern BACKOFF = RetryPattern.builder()
      .after(1, 4, 6).after(2, 12, 18).after(3, 24, 36).after(4, 48, 72).after(5, 96, 144).after(6, 240, 360)
      .after(7, 480, 720).build();

  private final boolean unavailable;

  public NetworkRetryableError(String message) {
    this(message, null, true);
  }

  public NetworkRetryableError(String message, Integer seconds) {
    this(message, seconds, true);
  }

  /**
   * @param seconds the delay the server asked for ({@code Retry-After}); null for the back-off
   * @param unavailable true when the system is down or unreachable, false when it answered that it
   *     is busy (429): only the former counts towards opening the backend's circuit
   */
  public NetworkRetryableError(String message, Integer seconds, boolean unavailable) {
    this(message, null, seconds, unavailable);
  }

  /**
   * @param retryNote what only holds while the job retries ("it asked to come back in 5 s"):
   *     dropped from the job's final failure (see {@link RetryableJobError#reason()})
   */
  public NetworkRetryableError(String reason, String retryNote, Integer seconds, boolean unavailable) {
    super(reason, retryNote, seconds, false);
    this.unavailable = unavailable;
  }

  /** True when the error says the system is down or unreachable (it counts for the backend's circuit). */
  public boolean unavailable() {
    return unavailable;
  }

  /** {@link #BACKOFF}, used when the job function has no retry pattern of its own. */
  @Override
  public RetryPattern fallbackPattern() {
    return BACKOFF;
  }
}
