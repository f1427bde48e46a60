package com.awkhad.connector.queue.admin;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What an administrative action did to one job.
 *
 * @param changed true when the job changed
 * @param message what happened, or why nothing did (e.g. "is pending: requeue takes failed, cancelled
 *     or done jobs; to run it at once, use run-now")
 * @param was what the job was before the action, for summaries: run-now gives {@link #SCHEDULED},
 *     {@link #RETRYING} or {@link #DUE} for the jobs it changed, and the state (or {@link #MISSING})
 *     for those it refused; null for the other actions
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AdminResult(String uuid, boolean changed, String message, String was) {
  /** A pending job whose eta (given when it was delayed) was in the future. */
  public static final String SCHEDULED = "scheduled";
  /** A pending job waiting for its next try after a failed one. */
  public static final String RETRYING = "retrying";
  /** A pending job that was already due (no eta, or one in the past). */
  public static final String DUE = "due";
  /** No job has this uuid. */
  public static final String MISSING = "missing";

  public AdminResult(String uuid, boolean changed, String message) {
    this(uuid, changed, message, null);
  }
}
