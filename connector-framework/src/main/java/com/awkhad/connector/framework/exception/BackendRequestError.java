package com.awkhad.connector.framework.exception;

import com.awkhad.connector.queue.job.JobError;

/**
 * The external system refused a request for a reason that waiting will not fix (HTTP 400, 401,
 * 403, 409, 422, or an unexpected 5xx): the message gives the method, the path, the status and a
 * summary of the response body. Not retried: fix the data or the credentials, then requeue.
 */
public class BackendRequestError extends JobError {
  private final int status;

  public BackendRequestError(String message, int status) {
    super(message);
    this.status = status;
  }

  /** The HTTP status the external system answered with. */
  public int status() {
    return status;
  }
}
