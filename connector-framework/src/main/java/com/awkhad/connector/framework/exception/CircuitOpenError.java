package com.awkhad.connector.framework.exception;

import com.awkhad.connector.queue.job.RetryableJobError;

/**
 * The job's backend is unreachable (its circuit is open): the job goes back to pending without
 * using a try, until the next probe of the backend, and is made due at once when a probe succeeds.
 * Thrown by {@link com.awkhad.connector.framework.circuit.Circuits#guard}; a job never needs to
 * throw it itself.
 */
public class CircuitOpenError extends RetryableJobError {
  private final long backendId;

  public CircuitOpenError(String message, long backendId, int seconds) {
    super(message, seconds, true);
    this.backendId = backendId;
  }

  /** The backend whose circuit is open. */
  public long backendId() {
    return backendId;
  }
}
