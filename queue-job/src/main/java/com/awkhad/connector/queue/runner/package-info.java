/**
 * The job runner: claims due jobs under global channel capacities, runs them in batches on worker
 * threads, wakes on wake hints, LISTEN/NOTIFY or in-process signals, holds a heartbeated lease and
 * requeues the jobs of dead runners. An idle runner of short jobs claims on the thread that
 * received the hint and runs the first job there, in the transaction begun with the claim's
 * commit. Entry point: {@link com.awkhad.connector.queue.runner.Runner}.
 */
package com.awkhad.connector.queue.runner;
