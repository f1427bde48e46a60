package com.awkhad.connector.queue.delay;

import com.awkhad.connector.queue.job.JobHandle;
import java.util.List;

/**
 * Receives delayed calls instead of the job table, while installed on a thread with
 * {@link Delayer#capture}: the jobs trap of the tests is one.
 */
public interface Capture {
  /**
   * Takes one job.
   *
   * @param graphUuid the graph's uuid, or null for a lone job
   * @param parents the handles (from this capture) of the jobs it waits for, empty if none
   */
  JobHandle capture(PreparedJob job, String graphUuid, List<JobHandle> parents);
}
