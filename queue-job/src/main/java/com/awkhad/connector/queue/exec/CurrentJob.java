package com.awkhad.connector.queue.exec;

import com.awkhad.connector.queue.job.JobRecord;
import java.util.Optional;

/**
 * The job running on this thread, if any.
 *
 * <pre>{@code
 * CurrentJob.get().ifPresent(job -> log.info("running as job {}", job.uuid()));
 * }</pre>
 */
public final class CurrentJob {
  private static final ThreadLocal<JobRecord> CURRENT = new ThreadLocal<>();

  private CurrentJob() {}

  /** The job whose body is running on this thread. */
  public static Optional<JobRecord> get() {
    return Optional.ofNullable(CURRENT.get());
  }

  interface Body<T> {
    T run() throws Throwable;
  }

  static <T> T with(JobRecord job, Body<T> body) throws Throwable {
    JobRecord previous = CURRENT.get();
    CURRENT.set(job);
    try {
      return body.run();
    } finally {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }
}
