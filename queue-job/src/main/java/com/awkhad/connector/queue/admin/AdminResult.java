package com.awkhad.connector.queue.admin;

/**
 * What an administrative action did to one job.
 *
 * @param changed true when the job's state changed
 * @param message what happened, or why nothing did (e.g. "is done: only failed or cancelled jobs can be requeued")
 */
public record AdminResult(String uuid, boolean changed, String message) {}
