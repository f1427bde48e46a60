/**
 * What the queue reads for its onlookers: {@link com.awkhad.connector.queue.read.JobFilter} (the
 * one query model of jobs, for the CLI, the REST API and the dashboard),
 * {@link com.awkhad.connector.queue.read.JobReads} (pages, counts, one job and what is around it,
 * failure groups), {@link com.awkhad.connector.queue.read.QueueStats} (counts, channels, runners'
 * leases, the metrics' gauges) and {@link com.awkhad.connector.queue.read.QueueLoad} (busy worker
 * units, throughput, backend errors). The queue's tables are read here and nowhere outside
 * queue-job: callers turn the records into JSON or text.
 */
package com.awkhad.connector.queue.read;
