package com.awkhad.connector.queue.delay;

import com.awkhad.connector.queue.job.JobOptions;
import java.time.Instant;

/**
 * A delayed call checked and resolved, ready to store: its arguments serialized, its options
 * resolved against the defaults and the job function's configuration.
 *
 * @param options the options exactly as the caller gave them
 * @param args the arguments as a JSON array
 */
public record PreparedJob(
    Call call,
    JobOptions options,
    String funcName,
    String description,
    String args,
    int priority,
    Instant eta,
    int maxRetries,
    String channel,
    String identityKey) {}
