package com.awkhad.connector.queue.exec;

import java.time.Instant;

/**
 * How one execution of a job ended, as returned by {@link JobExecutor#perform} and written by
 * {@link JobExecutor#record}.
 *
 * <ul>
 *   <li>{@link Done}: the job's work is kept; the job becomes done and releases its children.
 *   <li>{@link Retry}: the work is undone; the job goes back to pending, not before {@code eta}.
 *   <li>{@link Failed}: the work is undone; the job stops in failed until someone requeues it.
 * </ul>
 */
public sealed interface Outcome {
  /** The try count to store with the outcome. */
  int retry();

  /** A short line for logs. */
  String summary();

  /** @param result the method's return value as JSON, null for void */
  record Done(String result, int retry, Instant started, Instant finished) implements Outcome {
    @Override
    public String summary() {
      return "done";
    }
  }

  /** @param eta the earliest time of the next try */
  record Retry(Instant eta, int retry, String excName, String message, String trace) implements Outcome {
    @Override
    public String summary() {
      return "retry at " + eta + ": " + message;
    }
  }

  record Failed(String excName, String message, String trace, int retry) implements Outcome {
    @Override
    public String summary() {
      return "failed: " + excName + ": " + message;
    }
  }
}
