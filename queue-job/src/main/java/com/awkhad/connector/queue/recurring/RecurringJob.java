package com.awkhad.connector.queue.recurring;

import java.time.Instant;

/**
 * A stored recurring job definition (table {@code queue_job_recurring}).
 *
 * @param name unique name, part of the identity key of the jobs it enqueues
 * @param schedule when it is due
 * @param missed what happens to due times missed during downtime
 * @param funcName the job function, {@code <class>.<method>}
 * @param args the call's arguments as JSON
 * @param channel the jobs' channel
 * @param nextRunAt the next due time
 * @param lastRunAt the last due time a job was enqueued for, or null
 * @param lastJobUuid the job enqueued last, or null
 */
public record RecurringJob(
    String name,
    Schedule schedule,
    MissedRuns missed,
    String funcName,
    String args,
    String channel,
    boolean enabled,
    Instant nextRunAt,
    Instant lastRunAt,
    String lastJobUuid) {}
