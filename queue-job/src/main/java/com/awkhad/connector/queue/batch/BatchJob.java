package com.awkhad.connector.queue.batch;

import java.time.Instant;

/**
 * One job of a batch, as a batch's detail view lists it.
 *
 * @param excName the exception class of a failed job, else null
 */
public record BatchJob(String uuid, String state, String description, String excName, Instant dateCreated) {}
