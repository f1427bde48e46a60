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
 * <p>The delay is {@code seconds} when given and above 0, else the job function's retry pattern when one is
 * configured, else the error's {@link #fallbackPattern()} (a subclass's default, such as the
 * connector's network back-off), else 600 s. Each retry counts as a try, and past the job's max
 * retries the job fails with {@code Max. retries (N) reached}, unless {@code ignoreRetry} is set:
 * then the try is not counted (use it for lock contention, or for waiting on something that is not
 * the job's fault). The stored message ends with when the job runs again:
 * {@code not now; retry 3 of 10 at 14:22:05Z (in 30 s)}.
 *
 * <p>A message may say something that only holds while the job will run again ("it asked to come
 * back in 1 s"): pass it as the {@code retryNote}, apart from the reason. The note is shown while
 * the job retries and dropped from the final failure, which must not promise another try:
 *
 * <pre>{@code
 * throw new RetryableJobError("Shop answered 503", ". It asked to come back in 5 s", 5, false);
 * // retrying: "Shop answered 503. It asked to come back in 5 s; retry 2 of 5 at 14:22:05Z (in 5 s)"
 * // last try: "Max. retries (5) reached: Shop answered 503"
 * }</pre>
 */
public class RetryableJobError extends JobError {
  private final Integer seconds;
  private final boolean ignoreRetry;
  private final String reason;

  public RetryableJobError(String message) {
    this(message, null, false);
  }

  public RetryableJobError(String message, Integer seconds) {
    this(message, seconds, false);
  }

  /**
   * @param seconds delay before the next try; {@code null} or 0 uses the retry pattern (0 is
   *     "no delay given", as in the original, not "at once": a job that must run again at once
   *     can use 1)
   * @param ignoreRetry when true this try is not counted against the max retries
   */
  public RetryableJobError(String message, Integer seconds, boolean ignoreRetry) {
    this(message, null, seconds, ignoreRetry);
  }

  /**
   * @param reason what went wrong
   * @param retryNote appended to the reason while the job will run again, dropped from its final
   *     failure (null for none)
   * @param seconds delay before the next try; {@code null} uses the retry pattern
   * @param ignoreRetry when true this try is not counted against the max retries
   */
  public RetryableJobError(String reason, String retryNote, Integer seconds, boolean ignoreRetry) {
    super(retryNote == null ? reason : reason + retryNote);
    this.reason = reason;
    if (seconds != null && seconds < 0) {
      throw new IllegalArgumentException("RetryableJobError seconds must be >= 0, got " + seconds);
    }
    this.seconds = seconds;
    this.ignoreRetry = ignoreRetry;
  }

  /** What went wrong, without the note that only holds while the job retries (see the class comment). */
  public String reason() {
    return reason;
  }

  /** The requested delay in seconds; null or 0 to use the job function's retry pattern. */
  public Integer seconds() {
    return seconds;
  }

  public boolean ignoreRetry() {
    return ignoreRetry;
  }

  /**
   * The delays to use when neither {@link #seconds()} nor the job function's retry pattern gives
   * one; null (the default) for the queue's 600 s. A subclass overrides it for a family of errors
   * with their own default back-off:
   *
   * <pre>{@code
   * public class ShopBusyError extends RetryableJobError {
   *   private static final RetryPattern BACKOFF = RetryPattern.builder().after(1, 5).after(3, 60).build();
   *   public ShopBusyError(String message) { super(message); }
   *   @Override public RetryPattern fallbackPattern() { return BACKOFF; }
   * }
   * }</pre>
   */
  public RetryPattern fallbackPattern() {
    return null;
  }
}
