package com.awkhad.connector.connector.exception;

import com.awkhad.connector.queue.job.RetryableJobError;

/**
 * The external system could not be reached or asked to come back later (connection refused,
 * timeout, HTTP 429, 502, 503, 504). A job failing with it goes back to pending and is tried
 * again after {@code seconds} (when the server sent {@code Retry-After}) or the job function's
 * retry pattern.
 */
public class NetworkRetryableError extends RetryableJobError {
  public NetworkRetryableError(String message) {
    super(message);
  }

  public NetworkRetryableError(String message, Integer seconds) {
    super(message, seconds);
  }
}
