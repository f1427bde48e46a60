package com.awkhad.connector.queue.job;

/**
 * Thrown by a job that finds there is nothing to do: the job ends {@code done}, not failed, with
 * this error's message as its result. The work the job did before throwing is rolled back, like
 * for any error; throw it before changing anything.
 *
 * <pre>{@code
 * if (order.isCancelled()) {
 *   throw new NothingToDoJob("Order " + order.name() + " was cancelled: not exported");
 * }
 * }</pre>
 *
 * <p>As the original's {@code NothingToDoJob} (queue_job up to 16.0): a job interrupted this way
 * is done, and its children are released. Without a message the result reads
 * {@value #DEFAULT_MESSAGE}.
 */
public class NothingToDoJob extends JobError {
  /** The result stored when the error has no message. */
  public static final String DEFAULT_MESSAGE = "Job interrupted and set to Done: nothing to do.";

  public NothingToDoJob(String message) {
    super(message == null || message.isBlank() ? DEFAULT_MESSAGE : message);
  }

  public NothingToDoJob() {
    this(null);
  }
}
