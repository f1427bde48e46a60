package com.awkhad.connector.queue.testing;

import com.awkhad.connector.queue.delay.PreparedJob;
import com.awkhad.connector.queue.job.JobHandle;
import java.util.List;

/**
 * A delayed call captured by a {@link JobsTrap}.
 *
 * @param job the call with its resolved options, as it would have been stored
 * @param handle the handle its caller received (its uuid is not in the database)
 * @param parents the handles of the captured jobs it waits for
 */
public record TrappedJob(PreparedJob job, JobHandle handle, String graphUuid, List<JobHandle> parents, int sequence) {
  /** {@code ProductExporter.exportRecord}. */
  public String name() {
    return job.call().shortName();
  }

  /** The call's arguments as given. */
  public List<Object> args() {
    return job.call().args();
  }
}
