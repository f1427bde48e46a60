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

  /** A batch for one worker unit. */
  public record Assignment(String channel, List<Candidate> jobs) {
    public Assignment {
      jobs = List.copyOf(jobs);
    }
  }

  /** Every job of every assignment, in assignment order. */
  public List<Candidate> jobs() {
    return assignments.stream().flatMap(a -> a.jobs().stream()).toList();
  }
}
