package com.awkhad.connector.queue.store;

import com.awkhad.connector.queue.job.JobState;
import java.time.Instant;

/**
 * A job about to be stored: every column the store writes on insert.
 *
 * @param backendId the connector backend the job works for (column {@code backend_id}), null when
 *     none; the store fills it from the {@link BackendResolver} registered for the job's class
 * @param context the {@link com.awkhad.connector.queue.job.JobContext} as stored JSON, null when
 *     none
 * @param batchId the {@code queue_job_batch} the job belongs to, null when none
 */
public record NewJob(
    String uuid,
    String graphUuid,
    String description,
    String funcName,
    String targetClass,
    String methodName,
    String args,
    JobState state,
    int priority,
    Instant eta,
    int maxRetries,
    String channel,
    String identityKey,
    Instant dateCreated,
    Long backendId,
    String context,
    Long batchId) {

  /** A job without a backend (the store resolves it on insert). */
  public NewJob(String uuid, String graphUuid, String description, String funcName, String targetClass,
      String methodName, String args, JobState state, int priority, Instant eta, int maxRetries, String channel,
      String identityKey, Instant dateCreated) {
    this(uuid, graphUuid, description, funcName, targetClass, methodName, args, state, priority, eta, maxRetries,
        channel, identityKey, dateCreated, null, null, null);
  }

  /** This job with {@code value} as its backend. */
  public NewJob withBackendId(Long value) {
    return new NewJob(uuid, graphUuid, description, funcName, targetClass, methodName, args, state, priority, eta,
        maxRetries, channel, identityKey, dateCreated, value, context, batchId);
  }

  /** This job with {@code json} as its stored context. */
  public NewJob withContext(String json) {
    return new NewJob(uuid, graphUuid, description, funcName, targetClass, methodName, args, state, priority, eta,
        maxRetries, channel, identityKey, dateCreated, backendId, json, batchId);
  }

  /** This job in batch {@code id} (null: none). */
  public NewJob withBatchId(Long id) {
    return new NewJob(uuid, graphUuid, description, funcName, targetClass, methodName, args, state, priority, eta,
        maxRetries, channel, identityKey, dateCreated, backendId, context, id);
  }
}
