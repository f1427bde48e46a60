package com.awkhad.connector.queue.recurring;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.Queue;
import com.awkhad.connector.queue.job.JobOptions;
import java.time.Duration;

/**
 * The built-in recurring job that removes old finished jobs, as the original's daily autovacuum
 * cron: every day it deletes the done and cancelled jobs older than their channel's removal
 * interval ({@link com.awkhad.connector.queue.admin.JobAdmin#setRemovalInterval}, 30 days by
 * default), {@value #BATCH_SIZE} at a time, one transaction per batch. Runners install it when
 * they start; an operator who keeps every job turns it off:
 *
 * <pre>{@code
 * RecurringJobs.of(env).setEnabled(Autovacuum.NAME, false); // stays off across restarts
 * }</pre>
 */
public class Autovacuum {
  /** The recurring job's name. */
  public static final String NAME = "queue_job.autovacuum";
  /** Jobs deleted per transaction, as in the original. */
  public static final int BATCH_SIZE = 1000;
  /** How often it runs. */
  public static final Duration EVERY = Duration.ofDays(1);

  private final Environment env;

  public Autovacuum(Environment env) {
    this.env = env;
  }

  /** Deletes the old finished jobs; returns how many (the job's result). */
  public long run() {
    return env.service(Queue.class).admin().autovacuum(BATCH_SIZE);
  }

  /**
   * Defines the recurring job unless it exists (an existing one is left as it is, disabled or
   * not), and marks its function remote so that a runner runs it alone in its transaction.
   *
   * @return true when this call created the definition
   */
  public static boolean install(Environment env) {
    env.service(Queue.class).declareRemote(Autovacuum.class);
    return RecurringJobs.of(env).defineIfAbsent(NAME, Schedule.every(EVERY), MissedRuns.RUN_ONCE, Autovacuum.class,
        JobOptions.defaults().channel("root").description("Remove done and cancelled jobs older than their channel's"
            + " removal interval"), Autovacuum::run);
  }
}
