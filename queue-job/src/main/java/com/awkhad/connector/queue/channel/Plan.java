package com.awkhad.connector.queue.channel;

import java.time.Instant;
import java.util.List;

/**
 * What to start now, and when to look again.
 *
 * @param assignments one per worker unit to use, each a batch of jobs of one configured channel to
 *     run one after the other
 * @param wakeup when planning again could start something that cannot start now (an eta, the end
 *     of a throttle pause), or {@code null} when only a change in the queue can (a new job, a job
 *     finishing)
 */
public record Plan(List<Assignment> assignments, Instant wakeup) {
  public Plan {
    assignments = List.copyOf(assignments);
  }

  /**
   * A batch for one worker unit.
   *
   * @param remote whether its jobs are remote ({@code Queue.declareRemote}): a batch is all remote
   *     or all local, and the worker runs a remote batch's jobs each in a transaction of its own
   */
  public record Assignment(String channel, List<Candidate> jobs, boolean remote) {
    public Assignment {
      jobs = List.copyOf(jobs);
    }

    /** A batch of local jobs. */
    public Assignment(String channel, List<Candidate> jobs) {
      this(channel, jobs, false);
    }
  }

  /** Every job of every assignment, in assignment order. */
  public List<Candidate> jobs() {
    return assignments.stream().flatMap(a -> a.jobs().stream()).toList();
  }
}
