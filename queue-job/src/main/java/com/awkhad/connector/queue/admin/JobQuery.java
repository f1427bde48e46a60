package com.awkhad.connector.queue.admin;

import com.awkhad.connector.queue.job.JobState;

/**
 * A filter for {@link JobAdmin#list}: by state, channel and connector backend (null = any),
 * newest first, at most {@code limit} jobs.
 *
 * <pre>{@code
 * admin.list(JobQuery.all().state(JobState.FAILED).limit(20));
 * admin.list(JobQuery.all().backend(backend.id()));
 * }</pre>
 *
 * @param backendId the {@code queue_job.backend_id} the jobs record (see {@code Queue.resolveBackends})
 */
public record JobQuery(JobState state, String channel, Long backendId, int limit) {
  public JobQuery {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
  }

  /** Every job, 50 at most. */
  public static JobQuery all() {
    return new JobQuery(null, null, null, 50);
  }

  public JobQuery state(JobState value) {
    return new JobQuery(value, channel, backendId, limit);
  }

  public JobQuery channel(String value) {
    return new JobQuery(state, value, backendId, limit);
  }

  public JobQuery backend(Long value) {
    return new JobQuery(state, channel, value, limit);
  }

  public JobQuery limit(int value) {
    return new JobQuery(state, channel, backendId, value);
  }
}
