/**
 * The job queue addon ({@code queue_job}): {@link com.awkhad.connector.queue.Queue} is the entry
 * point ({@code env.service(Queue.class)}), {@link com.awkhad.connector.queue.QueueJobAddon} the
 * addon. See {@code docs/jobs.md}.
 */
package com.awkhad.connector.queue;
