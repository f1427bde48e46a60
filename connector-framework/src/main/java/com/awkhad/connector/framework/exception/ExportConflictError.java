package com.awkhad.connector.framework.exception;

import com.awkhad.connector.queue.job.RetryableJobError;

/**
 * An export found the external record changed since the binding's stored version, and its
 * exporter's policy is to wait ({@code RecordExporter.ConflictPolicy.RETRY_LATER}): an import job
 * was queued, and this export runs again once it had time to bring the remote changes in.
 */
public class ExportConflictError extends RetryableJobError {
  public ExportConflictError(String message, Integer seconds) {
    super(message, seconds);
  }
}
