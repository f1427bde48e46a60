/**
 * Job batches (the original's {@code queue_job_batch}): a named group of jobs with its progress.
 * Entry point: {@link com.awkhad.connector.queue.batch.JobBatches}.
 */
package com.awkhad.connector.queue.batch;
