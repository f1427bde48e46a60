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
 * @param targetClass the class the job calls (a remote one runs alone, see {@link ChannelPlanner}); null when unknown
 * @param method the method the job calls on it (a repeatable one of a remote class shares batches); null when unknown
 */
public record Candidate(long id, String channel, Instant eta, int priority, Instant dateCreated, String targetClass,
    String method) {

  /** A candidate whose target class is not known (it never counts as remote). */
  public Candidate(long id, String channel, Instant eta, int priority, Instant dateCreated) {
    this(id, channel, eta, priority, dateCreated, null, null);
  }

  /** A candidate whose method is not known: it counts as remote when its class does. */
  public Candidate(long id, String channel, Instant eta, int priority, Instant dateCreated, String targetClass) {
    this(id, channel, eta, priority, dateCreated, targetClass, null);
  }

  /**
   * The claim order among due jobs: priority, then creation date, then sequence. A due eta gives
   * no precedence: as in the original's channels ({@code ChannelQueue.pop} drops the eta of a job
   * once it is due), a retried job, which always comes back with an eta, competes by its priority
   * like any other pending job, and with equal priorities it keeps its place by creation date (so
   * it usually goes before the newer jobs).
   */
  public static final Comparator<Candidate> CLAIM_ORDER =
      Comparator.comparingInt(Candidate::priority)
          .thenComparing(Candidate::dateCreated)
          .thenComparingLong(Candidate::id);

  /**
   * The strict order of a sequential channel, whatever the etas: the same keys as {@link
   * #CLAIM_ORDER}, but a sequential channel waits for its first job in this order when its eta
   * is still in the future instead of starting the next one.
   */
  public static final Comparator<Candidate> SEQUENTIAL_ORDER = CLAIM_ORDER;

  public boolean dueAt(Instant now) {
    return eta == null || !eta.isAfter(now);
  }
}
