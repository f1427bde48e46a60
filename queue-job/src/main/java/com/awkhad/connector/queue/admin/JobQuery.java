package com.awkhad.connector.queue.admin;

import com.awkhad.connector.queue.job.JobContext;
import com.awkhad.connector.queue.job.JobState;
import java.util.Map;
import java.util.TreeMap;

/**
 * A filter for {@link JobAdmin#list}: by state, channel, connector backend (null = any) and job
 * context values (every one given must match), newest first, at most {@code limit} jobs.
 *
 * <pre>{@code
 * admin.list(JobQuery.all().state(JobState.FAILED).limit(20));
 * admin.list(JobQuery.all().backend(backend.id()));
 * admin.list(JobQuery.all().context(JobContext.USER, "alice").context(JobContext.TENANT, "acme"));
 * }</pre>
 *
 * @param backendId the {@code queue_job.backend_id} the jobs record (see {@code Queue.resolveBackends})
 * @param context {@link JobContext} values the jobs must have, by key
 */
public record JobQuery(JobState state, String channel, Long backendId, Map<String, String> context, int limit) {
  public JobQuery {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    context = Map.copyOf(context);
  }

  public JobQuery(JobState state, String channel, Long backendId, int limit) {
    this(state, channel, backendId, Map.of(), limit);
  }

  /** Every job, 50 at most. */
  public static JobQuery all() {
    return new JobQuery(null, null, null, Map.of(), 50);
  }

  public JobQuery state(JobState value) {
    return new JobQuery(value, channel, backendId, context, limit);
  }

  public JobQuery channel(String value) {
    return new JobQuery(state, value, backendId, context, limit);
  }

  public JobQuery backend(Long value) {
    return new JobQuery(state, channel, value, context, limit);
  }

  /** Only jobs whose context has {@code key} = {@code value} (e.g. {@link JobContext#USER}). */
  public JobQuery context(String key, String value) {
    Map<String, String> m = new TreeMap<>(context);
    m.put(key, value);
    return new JobQuery(state, channel, backendId, m, limit);
  }

  public JobQuery limit(int value) {
    return new JobQuery(state, channel, backendId, context, value);
  }
}
