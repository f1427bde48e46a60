/**
 * Peer benchmarks: the workload of {@code ./connector bench} run on another job system against
 * the same database, so that both are measured on one machine in one sitting. Entry point:
 * {@link com.awkhad.connector.peers.DbSchedulerBench}.
 */
package com.awkhad.connector.peers;
