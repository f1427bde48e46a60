package com.awkhad.connector.faults;

import com.awkhad.connector.framework.ConnectorJobs;
import com.awkhad.connector.queue.Queue;

/**
 * {@link FaultRunnerMain} in a process whose exports share batches
 * ({@link ConnectorJobs#shareExportBatches}), as a process whose adapters honour idempotency keys
 * may choose: same arguments.
 */
public final class SharedExportsRunnerMain {
  private SharedExportsRunnerMain() {}

  public static void main(String[] args) throws Exception {
    FaultRunnerMain.run(args, env -> ConnectorJobs.shareExportBatches(env.service(Queue.class)));
  }
}
