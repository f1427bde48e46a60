package com.awkhad.connector.peers;

import com.awkhad.connector.peers.PeerBench.Tally;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * The bodies of {@link JobRunrBench}'s jobs. JobRunr stores a job as a call of a public method
 * with its arguments (from the lambda given to {@code enqueue}), so the bodies are static methods
 * and reach the bench's data source and no-op tally through fields set before the server starts.
 */
public final class JobRunrTasks {
  static volatile DataSource dataSource;
  static volatile Tally tally;

  /** The insert workload: one row in peer_run, committed on its own. */
  public static void insert(String run, Integer no) {
    PeerBench.insertRun(dataSource, run, no);
  }

  /** The no-op workload: counted in memory only. */
  public static void noop(String run, Integer no) {
    tally.ran(no, PeerBench.micros(Instant.now()));
  }

  private JobRunrTasks() {}
}
