package com.awkhad.connector.queue.channel;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Decides which pending jobs start now, given the channel tree and the queue's state. Pure: no
 * clock, no database; the runner reads the state in its claim transaction and applies the plan
 * there, so the decisions hold across every runner process on the database.
 *
 * <pre>{@code
 * ChannelPlanner planner = new ChannelPlanner(ChannelConfig.parse("root:4,coffee:1"));
 * Plan plan = planner.plan(state, now, idleWorkers, 32);
 * plan.assignments(); // batches to hand to idle workers
 * plan.wakeup();      // plan again at this time even if nothing changes
 * }</pre>
 *
 * <p>Rules: a job starts only when its configured channel and every ancestor up to {@code root}
 * have a free worker unit (a unit runs one job at a time; capacity counts units); among the heads
 * of the eligible channels the first in {@link Candidate#CLAIM_ORDER} goes first; a throttled
 * channel starts at most one job per throttle period; a sequential channel starts nothing while
 * it has a failed job or while its next job in strict order waits for its eta. A unit may get a
 * batch of several jobs of one channel when there are more due jobs than idle units (never for
 * sequential or throttled channels), which the runner executes in one transaction.
 */
public final class ChannelPlanner {
  private final ChannelConfig config;
  private final Predicate<Candidate> remote;

  public ChannelPlanner(ChannelConfig config) {
    this(config, candidate -> false);
  }

  /**
   * A planner that keeps remote jobs (the candidates {@code remote} accepts: their class is
   * declared remote and their method not repeatable, {@code Queue.remote(targetClass, method)})
   * and local jobs in batches apart: a worker runs a remote batch's jobs each in a transaction of
   * its own, and never holds a local job behind a remote system.
   */
  public ChannelPlanner(ChannelConfig config, Predicate<Candidate> remote) {
    this.config = config;
    this.remote = remote;
  }

  public ChannelConfig config() {
    return config;
  }

  /** A worker unit asking for work: idle, or busy with a batch and asking for its next one. */
  public record Unit(String id, boolean busy) {}

  /**
   * Plans for {@code idleUnits} idle workers, giving each at most {@code maxBatch} jobs.
   */
  public Plan plan(ChannelState state, Instant now, int idleUnits, int maxBatch) {
    List<Unit> units = new ArrayList<>(idleUnits);
    for (int i = 0; i < idleUnits; i++) {
      units.add(new Unit("planned#" + i, false));
    }
    return plan(state, now, units, maxBatch);
  }

  /**
   * Plans for {@code askers}, in order (put idle ones first): assignment {@code i} of the plan is
   * for {@code askers.get(i)}, and planning stops at the first asker it cannot serve. A busy unit
   * already counts in the channels of the
   * jobs it holds, so giving it a next batch in those channels takes no extra slot: it runs one
   * job at a time. Busy units never get jobs of sequential or throttled channels (their order and
   * spacing are decided at start).
   */
  public Plan plan(ChannelState state, Instant now, List<Unit> askers, int maxBatch) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
    }
    Map<String, Set<String>> units = new HashMap<>();
    for (ChannelState.Running r : state.running()) {
      for (String c : config.chain(r.channel())) {
        units.computeIfAbsent(c, k -> new HashSet<>()).add(r.unit());
      }
    }
    Map<String, Deque<Candidate>> queues = new HashMap<>();
    state.candidates().forEach((channel, jobs) -> {
      String resolved = config.resolve(channel);
      List<Candidate> merged = new ArrayList<>(jobs);
      Deque<Candidate> existing = queues.get(resolved);
      if (existing != null) {
        merged.addAll(existing);
        merged.sort(Candidate.CLAIM_ORDER);
      }
      queues.put(resolved, new ArrayDeque<>(merged));
    });
    Map<String, Instant> lastStarts = new HashMap<>(state.lastStarts());
    List<Plan.Assignment> out = new ArrayList<>();
    int idleUnits = askers.size();
    while (out.size() < idleUnits) {
      Unit asker = askers.get(out.size());
      String best = null;
      Candidate bestHead = null;
      for (Map.Entry<String, Deque<Candidate>> e : queues.entrySet()) {
        String channel = e.getKey();
        Candidate head = e.getValue().peek();
        if (head == null || !startable(channel, head, asker, units, lastStarts, state, now)) {
          continue;
        }
        if (bestHead == null || Candidate.CLAIM_ORDER.compare(head, bestHead) < 0) {
          best = channel;
          bestHead = head;
        }
      }
      if (best == null) {
        break;
      }
      ChannelSpec spec = config.spec(best).orElseThrow();
      Deque<Candidate> queue = queues.get(best);
      int batch = 1;
      if (!spec.sequential() && spec.throttleSeconds() == 0) {
        int unitsLeft = Math.max(1, Math.min(idleUnits - out.size(), Math.max(1, free(best, units))));
        batch = (int) Math.max(1, Math.min(maxBatch, Math.ceil(queue.size() / (double) unitsLeft)));
      }
      List<Candidate> jobs = new ArrayList<>(batch);
      boolean remote = remote(queue.peek());
      while (jobs.size() < batch && !queue.isEmpty() && queue.peek().dueAt(now) && remote(queue.peek()) == remote) {
        jobs.add(queue.poll()); // a batch is all remote or all local: it ends where the kind changes
      }
      out.add(new Plan.Assignment(best, jobs, remote));
      for (String c : config.chain(best)) {
        units.computeIfAbsent(c, k -> new HashSet<>()).add(asker.id());
      }
      if (spec.throttleSeconds() > 0) {
        lastStarts.put(best, now);
      }
    }
    return new Plan(out, wakeup(state, now, queues, units, lastStarts));
  }

  private boolean remote(Candidate c) {
    return c.targetClass() != null && remote.test(c);
  }

  private boolean startable(String channel, Candidate head, Unit asker, Map<String, Set<String>> units,
      Map<String, Instant> lastStarts, ChannelState state, Instant now) {
    ChannelSpec spec = config.spec(channel).orElseThrow();
    if (asker.busy() && (spec.sequential() || spec.throttleSeconds() > 0)) {
      return false;
    }
    for (String c : config.chain(channel)) {
      Integer cap = config.spec(c).orElseThrow().capacity();
      Set<String> holding = units.getOrDefault(c, Set.of());
      if (cap != null && !holding.contains(asker.id()) && holding.size() >= cap) {
        return false;
      }
    }
    if (spec.sequential() && state.blockedSequential().contains(channel)) {
      return false;
    }
    Instant pauseEnd = pauseEnd(spec, lastStarts);
    if (pauseEnd != null && now.isBefore(pauseEnd)) {
      return false;
    }
    return head.dueAt(now);
  }

  private Instant wakeup(ChannelState state, Instant now, Map<String, Deque<Candidate>> queues,
      Map<String, Set<String>> units, Map<String, Instant> lastStarts) {
    Instant wakeup = state.nextEta() != null && state.nextEta().isAfter(now) ? state.nextEta() : null;
    for (Map.Entry<String, Deque<Candidate>> e : queues.entrySet()) {
      String channel = e.getKey();
      Candidate head = e.getValue().peek();
      ChannelSpec spec = config.spec(channel).orElseThrow();
      if (head == null || free(channel, units) <= 0
          || (spec.sequential() && state.blockedSequential().contains(channel))) {
        continue; // nothing to start, or only a change in the queue can let it start
      }
      Instant at = pauseEnd(spec, lastStarts);
      if (at == null || !at.isAfter(now)) {
        at = head.dueAt(now) ? null : head.eta();
      }
      if (at != null && (wakeup == null || at.isBefore(wakeup))) {
        wakeup = at;
      }
    }
    return wakeup;
  }

  private static Instant pauseEnd(ChannelSpec spec, Map<String, Instant> lastStarts) {
    Instant last = lastStarts.get(spec.name());
    return spec.throttleSeconds() > 0 && last != null ? last.plusSeconds(spec.throttleSeconds()) : null;
  }

  /**
   * Free worker units per channel of the tree given the running jobs: the smallest room left
   * along each channel's chain up to root ({@link Integer#MAX_VALUE} when nothing limits it).
   */
  public Map<String, Integer> freeUnits(List<ChannelState.Running> running) {
    Map<String, Set<String>> units = new HashMap<>();
    for (ChannelState.Running r : running) {
      for (String c : config.chain(r.channel())) {
        units.computeIfAbsent(c, k -> new HashSet<>()).add(r.unit());
      }
    }
    Map<String, Integer> out = new java.util.LinkedHashMap<>();
    for (ChannelSpec spec : config.channels()) {
      out.put(spec.name(), free(spec.name(), units));
    }
    return out;
  }

  /** Free units of {@code channel}: the smallest room left along its chain up to root. */
  int free(String channel, Map<String, Set<String>> units) {
    int free = Integer.MAX_VALUE;
    for (String c : config.chain(channel)) {
      Integer cap = config.spec(c).orElseThrow().capacity();
      if (cap != null) {
        free = Math.min(free, cap - units.getOrDefault(c, Set.of()).size());
      }
    }
    return free;
  }
}
