/**
 * Operator actions: list, run now, requeue, cancel, set done, autovacuum; and the jobs of one
 * measuring run ({@link com.awkhad.connector.queue.admin.RunJobs}), counted and removed for the
 * benches. Reads for onlookers live in {@code com.awkhad.connector.queue.read}.
 */
package com.awkhad.connector.queue.admin;
