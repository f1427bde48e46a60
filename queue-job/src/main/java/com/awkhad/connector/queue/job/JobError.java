package com.awkhad.connector.queue.job;

/** Base of the errors a job raises to tell the queue how its execution ended. */
public class JobError extends RuntimeException {
  public JobError(String message) {
    super(message);
  }

  public JobError(String message, Throwable cause) {
    super(message, cause);
  }
}
