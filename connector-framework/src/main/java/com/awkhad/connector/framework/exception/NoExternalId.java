package com.awkhad.connector.framework.exception;

import com.awkhad.connector.queue.job.RetryableJobError;

/**
 * A record needed by a synchronization has no external id yet (typically a related record whose
 * export has not run). Retryable: once the related record is exported, the job succeeds.
 */
public class NoExternalId extends RetryableJobError {
  public NoExternalId(String message) {
    super(message);
  }
}
