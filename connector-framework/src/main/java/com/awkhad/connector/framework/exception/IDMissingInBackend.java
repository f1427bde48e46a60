package com.awkhad.connector.framework.exception;

import com.awkhad.connector.queue.job.JobError;

/**
 * The external system has no record with this id (HTTP 404): it was deleted there, or the id is
 * wrong. Not retried: check the id, or remove the binding if the record is gone for good.
 */
public class IDMissingInBackend extends JobError {
  public IDMissingInBackend(String message) {
    super(message);
  }
}
