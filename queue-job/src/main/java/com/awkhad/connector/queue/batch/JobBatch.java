package com.awkhad.connector.queue.batch;

import java.time.Instant;

/**
 * A job batch and its progress, counted from its jobs' states when read.
 *
 * @param id the batch's id ({@code queue_job.batch_id} of its jobs)
 * @param name what the batch is, e.g. {@code Import every coffee.product from backend 'shop'}
 * @param total its jobs
 * @param waiting its jobs not ended yet (waiting for dependencies, pending, enqueued or started)
 * @param done its done jobs
 * @param failed its failed jobs
 * @param cancelled its cancelled jobs
 * @param lastDone when its last job ended done, null when none did
 */
public record JobBatch(long id, String name, Instant dateCreated, long total, long waiting, long done, long failed,
    long cancelled, Instant lastDone) {

  /** No job yet. */
  public static final String EMPTY = "empty";
  /** Jobs, none ended yet. */
  public static final String ENQUEUED = "enqueued";
  /** Some jobs ended, others still to run. */
  public static final String PROGRESS = "progress";
  /** Nothing left to run, and some jobs failed: requeue or cancel them. */
  public static final String FAILED = "failed";
  /** Every job done or cancelled. */
  public static final String FINISHED = "finished";

  /**
   * {@value #EMPTY}, {@value #ENQUEUED}, {@value #PROGRESS}, {@value #FAILED} or
   * {@value #FINISHED}, from the counts (never stored, so never stale).
   */
  public String state() {
    if (total == 0) {
      return EMPTY;
    }
    if (waiting == total) {
      return ENQUEUED;
    }
    if (waiting > 0) {
      return PROGRESS;
    }
    return failed > 0 ? FAILED : FINISHED;
  }

  /** The share of jobs ended done or cancelled, 0 to 100 (the original's completeness). */
  public int percentDone() {
    return total == 0 ? 0 : (int) ((done + cancelled) * 100 / total);
  }
}
