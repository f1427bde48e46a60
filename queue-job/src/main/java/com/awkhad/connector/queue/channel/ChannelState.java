package com.awkhad.connector.queue.channel;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the planner needs to know about the queue at one instant, read in the claim transaction.
 *
 * @param running jobs currently enqueued or started, with the worker unit holding them; a unit
 *     runs one job at a time, so a channel's load is its number of distinct units
 * @param candidates pending jobs per configured channel (see {@link ChannelConfig#resolve}), in
 *     {@link Candidate#CLAIM_ORDER}, due ones only; for a sequential channel, its first job in
 *     {@link Candidate#SEQUENTIAL_ORDER} whatever its eta, followed by nothing else
 * @param lastStarts last start time per throttled configured channel
 * @param blockedSequential sequential configured channels that have a failed job
 * @param nextEta the earliest eta in the future among pending jobs, or {@code null}
 */
public record ChannelState(
    List<Running> running,
    Map<String, List<Candidate>> candidates,
    Map<String, Instant> lastStarts,
    Set<String> blockedSequential,
    Instant nextEta) {

  public ChannelState {
    running = List.copyOf(running);
    candidates = Map.copyOf(candidates);
    lastStarts = Map.copyOf(lastStarts);
    blockedSequential = Set.copyOf(blockedSequential);
  }

  /** A job that holds a worker unit: {@code channel} is the job's own channel. */
  public record Running(String channel, String unit) {}
}
