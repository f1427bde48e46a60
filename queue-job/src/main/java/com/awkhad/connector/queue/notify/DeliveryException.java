package com.awkhad.connector.queue.notify;

/**
 * A digest could not be delivered. {@link #retryable()} says whether trying again later can
 * help (a network error, a 5xx or 429 answer), and {@link #retryAfterSeconds()} how long the
 * server asked us to wait, if it did. Its message names the target, never its secret address.
 */
public class DeliveryException extends Exception {
  private final boolean retryable;
  private final Integer retryAfterSeconds;

  public DeliveryException(String message, boolean retryable, Integer retryAfterSeconds, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static DeliveryException retryable(String message, Throwable cause) {
    return new DeliveryException(message, true, null, cause);
  }

  public static DeliveryException permanent(String message) {
    return new DeliveryException(message, false, null, null);
  }

  public boolean retryable() {
    return retryable;
  }

  /** The server's Retry-After in seconds, or null for the delivery job's retry pattern. */
  public Integer retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
