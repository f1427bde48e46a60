/**
 * Prometheus metrics with Micrometer: queue gauges read through queue-job's
 * {@link com.awkhad.connector.queue.read.QueueStats#gauges} (cached), job outcome
 * meters per function fed by {@link com.awkhad.connector.queue.exec.OutcomeListener}, runner
 * counters and JVM basics. Entry point: {@link com.awkhad.connector.server.web.metrics.Metrics}.
 */
package com.awkhad.connector.server.web.metrics;
