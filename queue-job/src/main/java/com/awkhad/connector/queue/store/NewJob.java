package com.awkhad.connector.queue.store;

import com.awkhad.connector.queue.job.JobState;
import java.time.Instant;

/** A job about to be stored: every column the store writes on insert. */
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
    Instant dateCreated) {}
