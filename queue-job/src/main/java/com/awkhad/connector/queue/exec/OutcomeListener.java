package com.awkhad.connector.queue.exec;

import com.awkhad.connector.queue.job.JobRecord;
import java.time.Duration;

/**
 * Told about each job outcome the {@link JobExecutor} recorded, once the transaction that wrote
 * it committed (a try whose transaction rolled back is not reported; the job is tried again and
 * reported then). Runs on the thread that committed, usually a runner's worker: keep it short and
 * do not throw (an exception is logged and ignored).
 *
 * <pre>{@code
 * executor.addOutcomeListener((job, outcome, runTime) -> {
 *   if (outcome instanceof Outcome.Failed f) {
 *     failures.increment(job.funcName());
 *   }
 * });
 * }</pre>
 */
@FunctionalInterface
public interface OutcomeListener {
  /**
   * @param job the job as it was read before this try (its state, retry count and worker)
   * @param outcome how the try ended: done, retry (back to pending) or failed
   * @param runTime how long the job's body ran; null when unknown (an outcome recorded without
   *     {@link JobExecutor#perform} on this thread)
   */
  void recorded(JobRecord job, Outcome outcome, Duration runTime);
}
