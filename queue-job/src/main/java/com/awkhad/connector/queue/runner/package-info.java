/**
 * The job runner: claims due jobs under global channel capacities, runs them in batches on worker
 * threads, wakes on LISTEN/NOTIFY or in-process signals, holds a heartbeated lease and requeues
 * the jobs of dead runners. Entry point: {@link com.awkhad.connector.queue.runner.Runner}.
 */
package com.awkhad.connector.queue.runner;
