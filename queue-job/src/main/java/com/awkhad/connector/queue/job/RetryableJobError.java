package com.awkhad.connector.queue.job;

/**
 * Thrown by a job to be run again later instead of failing: the job goes back to
 * {@code pending} with a later eta and its database work is rolled back.
 *
 * <pre>{@code
 * if (!machine.isReachable()) {
 *   throw new RetryableJobError("Coffee machine offline", 30); // try again in 30 s
 * }
 * }</pre>
 *
 * <p>The delay is {@code seconds} when given, else the job function's retry pattern. Each retry
 * counts as a try, and past the job's max retries the job fails with
 * {@code Max. retries (N) reached}, unless {@code ignoreRetry} is set: then the try is not
 * counted (use it for lock contention, where waiting is normal).
 */
public class RetryableJobError extends JobError {
  private final Integer seconds;
  private final boolean ignoreRetry;

  public RetryableJobError(String message) {
    this(message, null, false);
  }

  public RetryableJobError(String message, Integer seconds) {
    this(message, seconds, false);
  }

  /**
   * @param seconds delay before the next try; {@code null} uses the retry pattern
   * @param ignoreRetry when true this try is not counted against the max retries
   */
  public RetryableJobError(String message, Integer seconds, boolean ignoreRetry) {
    super(message);
    if (seconds != null && seconds < 0) {
      throw new IllegalArgumentException("RetryableJobError seconds must be >= 0, got " + seconds);
    }
    this.seconds = seconds;
    this.ignoreRetry = ignoreRetry;
  }

  /** The requested delay in seconds, or null to use the job function's retry pattern. */
  public Integer seconds() {
    return seconds;
  }

  public boolean ignoreRetry() {
    return ignoreRetry;
  }
}
