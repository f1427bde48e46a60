package com.awkhad.connector.queue.channel;

import java.time.Instant;
import java.util.Comparator;

/**
 * A pending job as the planner sees it.
 *
 * @param id the job's sequence number ({@code queue_job.id}), the last tie-break
 * @param channel the job's own channel name (resolved by the planner to a configured channel)
 * @param eta when the job may start; {@code null} for as soon as possible
 * @param priority lower runs first
 * @param dateCreated when the job was created
 */
public record Candidate(long id, String channel, Instant eta, int priority, Instant dateCreated) {

  /**
   * The claim order: jobs with an eta (due ones, as only they are candidates) before jobs without,
   * then eta, priority, creation date and sequence.
   */
  public static final Comparator<Candidate> CLAIM_ORDER =
      Comparator.comparing(Candidate::eta, Comparator.nullsLast(Comparator.naturalOrder()))
          .thenComparingInt(Candidate::priority)
          .thenComparing(Candidate::dateCreated)
          .thenComparingLong(Candidate::id);

  /** The strict order of a sequential channel: eta does not count, only priority, date, sequence. */
  public static final Comparator<Candidate> SEQUENTIAL_ORDER =
      Comparator.comparingInt(Candidate::priority)
          .thenComparing(Candidate::dateCreated)
          .thenComparingLong(Candidate::id);

  public boolean dueAt(Instant now) {
    return eta == null || !eta.isAfter(now);
  }
}
