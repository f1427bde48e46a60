package com.awkhad.connector.queue.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The original runner's channel scenarios, replayed time step by time step against the planner.
 * A small in-memory queue stands in for the database: it builds the planner's input the way the
 * claim SQL does and marks the planned jobs running. Where our rules differ from the original's,
 * the test says so.
 */
class ChannelScenariosTest {

  /** In-memory queue: every job runs in its own unit (batch size 1), like the original. */
  static final class Queue {
    final ChannelPlanner planner;
    final Map<String, Job> jobs = new LinkedHashMap<>();
    final Map<String, Instant> lastStarts = new HashMap<>();
    Instant wakeup;

    Queue(String config) {
      planner = new ChannelPlanner(ChannelConfig.parse(config));
    }

    static final class Job {
      final String name;
      final long seq;
      String channel;
      int priority;
      Instant eta;
      String state = "pending";

      Job(String name, long seq, String channel, int priority, Integer eta) {
        this.name = name;
        this.seq = seq;
        this.channel = channel;
        this.priority = priority;
        this.eta = eta == null ? null : t(eta);
      }

      Candidate candidate() {
        return new Candidate(seq, channel, eta, priority, Instant.EPOCH);
      }
    }

    Queue add(String channel, String name, long seq, int priority, Integer eta) {
      jobs.put(name, new Job(name, seq, channel, priority, eta));
      return this;
    }

    Queue set(String name, String state) {
      jobs.get(name).state = state;
      return this;
    }

    Queue pending(String name, int priority, Integer eta) {
      Job j = jobs.get(name);
      j.state = "pending";
      j.priority = priority;
      j.eta = eta == null ? null : t(eta);
      return this;
    }

    List<String> run(int now) {
      Instant at = t(now);
      ChannelConfig config = planner.config();
      List<ChannelState.Running> running = new ArrayList<>();
      Map<String, List<Candidate>> candidates = new HashMap<>();
      Set<String> blocked = new HashSet<>();
      Instant nextEta = null;
      for (Job j : jobs.values()) {
        String channel = config.resolve(j.channel);
        switch (j.state) {
          case "enqueued", "started" -> running.add(new ChannelState.Running(j.channel, j.name));
          case "failed" -> blocked.add(channel);
          case "pending" -> {
            candidates.computeIfAbsent(channel, k -> new ArrayList<>()).add(j.candidate());
            if (j.eta != null && j.eta.isAfter(at) && (nextEta == null || j.eta.isBefore(nextEta))) {
              nextEta = j.eta;
            }
          }
          default -> { }
        }
      }
      Map<String, List<Candidate>> input = new HashMap<>();
      candidates.forEach((channel, list) -> {
        if (config.spec(channel).orElseThrow().sequential()) {
          input.put(channel, List.of(list.stream().min(Candidate.SEQUENTIAL_ORDER).orElseThrow()));
        } else {
          input.put(channel, list.stream().filter(c -> c.dueAt(at)).sorted(Candidate.CLAIM_ORDER).toList());
        }
      });
      Plan plan = planner.plan(new ChannelState(running, input, lastStarts, blocked, nextEta), at, 100, 1);
      List<String> started = new ArrayList<>();
      for (Plan.Assignment a : plan.assignments()) {
        for (Candidate c : a.jobs()) {
          Job j = jobs.values().stream().filter(x -> x.seq == c.id() && x.channel.equals(c.channel())).findFirst().orElseThrow();
          j.state = "started";
          started.add(j.name);
          if (config.spec(a.channel()).orElseThrow().throttleSeconds() > 0) {
            lastStarts.put(a.channel(), at);
          }
        }
      }
      wakeup = plan.wakeup();
      return started;
    }

    Integer wakeup() {
      return wakeup == null ? null : (int) wakeup.getEpochSecond();
    }
  }

  static Instant t(int seconds) {
    return Instant.ofEpochSecond(seconds);
  }

  @Test
  void claimOrderIsPriorityDateAndSequenceWhateverTheDueEta() {
    Candidate j1 = new Candidate(1, "root", null, 9, t(1));
    Candidate j2 = new Candidate(2, "root", null, 9, t(2));
    Candidate j3 = new Candidate(3, "root", null, 2, t(3));
    Candidate j4 = new Candidate(4, "root", t(9), 9, t(4));
    Candidate j5 = new Candidate(5, "root", t(9), 9, t(5));
    Candidate j6 = new Candidate(6, "root", t(2), 9, t(6));
    List<Candidate> all = new ArrayList<>(List.of(j1, j2, j3, j4, j5, j6));
    all.sort(Candidate.CLAIM_ORDER);
    // the original's doctest order was j6, j4, j5, j3, j1, j2 for jobs still in its eta heap; a
    // due job loses its eta there, and the planner only ever sees due jobs: priority decides
    assertThat(all).containsExactly(j3, j1, j2, j4, j5, j6);
    assertThat(Candidate.CLAIM_ORDER.compare(j1, new Candidate(1, "root", null, 9, t(1)))).isZero();
    assertThat(all.stream().sorted(Candidate.SEQUENTIAL_ORDER).toList()).containsExactly(j3, j1, j2, j4, j5, j6);
    assertThat(all.stream().sorted(Comparator.comparingLong(Candidate::id)).toList()).containsExactly(j1, j2, j3, j4, j5, j6);
  }

  @Test
  void futureEtaWaitsAndADueEtaCompetesByPriority() {
    Queue q = new Queue("root:4,Q:1").add("Q", "j1", 1, 10, 10).add("Q", "j2", 2, 10, null).add("Q", "j3", 3, 10, null);
    assertThat(q.run(1)).containsExactly("j2");
    assertThat(q.wakeup()).isEqualTo(10);
    q.set("j2", "done");
    assertThat(q.run(11)).containsExactly("j1");
    q.set("j1", "done");
    assertThat(q.wakeup()).isNull();
    assertThat(q.run(12)).containsExactly("j3");
    q.set("j3", "done");
    assertThat(q.run(13)).isEmpty();
    // j4 has an eta, j5 a better priority: once j4 is due it competes by priority, so j5 goes
    // first (the original drops a due job's eta: pop(21) = j5, pop(22) = j4)
    q.add("Q", "j4", 4, 10, 20).add("Q", "j5", 5, 1, null);
    assertThat(q.run(21)).containsExactly("j5");
    q.set("j5", "done");
    assertThat(q.run(22)).containsExactly("j4");
  }

  @Test
  void sequentialQueueWaitsForAnEtaJobThatComesFirstInStrictOrder() {
    Queue q = new Queue("root:4,S:1:sequential")
        .add("S", "j6", 6, 10, null).add("S", "j7", 7, 10, 20).add("S", "j8", 8, 10, null);
    assertThat(q.run(10)).containsExactly("j6");
    q.set("j6", "done");
    assertThat(q.run(15)).isEmpty();
    assertThat(q.wakeup()).isEqualTo(20);
    assertThat(q.run(20)).containsExactly("j7");
    q.set("j7", "done");
    assertThat(q.run(30)).containsExactly("j8");
  }

  @Test
  void capacityWithPriorities() {
    Queue q = new Queue("root:4,A:4,B:1");
    for (int i = 1; i <= 6; i++) {
      q.add("A", "A" + i, i, 10, null);
    }
    q.add("B", "B1", 11, 5, null).add("B", "B2", 12, 5, null);
    assertThat(q.run(100)).containsExactly("B1", "A1", "A2", "A3");
    q.set("A2", "done");
    assertThat(q.run(100)).containsExactly("A4"); // B2 has a better priority but B is full
    q.set("B1", "done");
    assertThat(q.run(100)).containsExactly("B2");
    q.set("A1", "done").pending("A6", 5, null);
    assertThat(q.run(100)).containsExactly("A6");
  }

  @Test
  void throttle() {
    Queue q = new Queue("root:4,A:4:throttle=2").add("A", "A1", 1, 10, null).add("A", "A2", 2, 10, null);
    assertThat(q.run(100)).containsExactly("A1");
    assertThat(q.wakeup()).isEqualTo(102);
    assertThat(q.run(101)).isEmpty();
    assertThat(q.wakeup()).isEqualTo(102);
    assertThat(q.run(102)).containsExactly("A2");
    assertThat(q.wakeup()).as("the original asks for 104; nothing is left to start, so we do not").isNull();
  }

  @Test
  void throttleWithAFullChannel() {
    Queue q = new Queue("root:4,T:2:throttle=2");
    q.add("T", "T1", 1, 10, null).add("T", "T2", 2, 10, null).add("T", "T3", 3, 10, null);
    assertThat(q.run(100)).containsExactly("T1");
    assertThat(q.run(102)).containsExactly("T2");
    assertThat(q.run(103)).isEmpty();
    assertThat(q.wakeup()).as("full: a finishing job wakes the runner").isNull();
    assertThat(q.run(104)).isEmpty();
    assertThat(q.wakeup()).isNull();
    q.set("T1", "done");
    assertThat(q.run(105)).containsExactly("T3");
    assertThat(q.wakeup()).isNull();
    q.set("T2", "done");
    assertThat(q.run(105)).isEmpty();
  }

  @Test
  void retryWithEta() {
    Queue q = new Queue("root:4,E:1").add("E", "E1", 1, 10, null).add("E", "E2", 2, 10, null).add("E", "E3", 3, 10, null);
    assertThat(q.run(100)).containsExactly("E1");
    assertThat(q.run(101)).isEmpty();
    q.pending("E1", 10, 105); // retried: back to pending with an eta
    assertThat(q.run(102)).containsExactly("E2");
    assertThat(q.wakeup()).isEqualTo(105);
    assertThat(q.run(106)).isEmpty(); // E is full
    assertThat(q.wakeup()).isNull();
    q.set("E2", "done");
    assertThat(q.run(107)).containsExactly("E1");
    assertThat(q.wakeup()).isNull();
  }

  @Test
  void sequentialWithAFailedJob() {
    Queue q = new Queue("root:4,S:1:sequential").add("S", "S1", 1, 10, null).add("S", "S2", 2, 10, null).add("S", "S3", 3, 10, null);
    assertThat(q.run(100)).containsExactly("S1");
    q.set("S1", "failed");
    assertThat(q.run(101)).isEmpty();
    q.pending("S2", 10, 105);
    assertThat(q.run(102)).isEmpty();
    // The original asks for no wake-up here (the channel is blocked). Our timer follows the earliest
    // future eta of the whole queue, read in one indexed query, so it fires once at 105 for nothing.
    assertThat(q.wakeup()).isEqualTo(105);
    q.pending("S1", 10, null); // requeued
    assertThat(q.run(102)).containsExactly("S1");
    assertThat(q.run(103)).isEmpty();
    q.set("S1", "done");
    assertThat(q.run(103)).isEmpty(); // S2 comes next in strict order and waits for its eta
    assertThat(q.wakeup()).isEqualTo(105);
    assertThat(q.run(105)).containsExactly("S2");
    q.set("S2", "done");
    assertThat(q.run(105)).containsExactly("S3");
    q.set("S3", "done");
    assertThat(q.run(105)).isEmpty();
  }

  @Test
  void ancestorsLimitSubChannelsAndUnconfiguredChannelsShareTheirAncestor() {
    Queue q = new Queue("root:3,coffee:2,coffee.import:1");
    q.add("coffee.import", "I1", 1, 10, null).add("coffee.import.orders", "I2", 2, 10, null)
        .add("coffee.export", "X1", 3, 10, null).add("coffee", "C1", 4, 10, null)
        .add("shop", "S1", 5, 10, null);
    // coffee.import takes 1 unit, coffee's second unit goes to X1; root's third to S1.
    assertThat(q.run(1)).containsExactly("I1", "X1", "S1");
    q.set("I1", "done");
    assertThat(q.run(2)).containsExactly("I2");
    q.set("S1", "done");
    assertThat(q.run(3)).isEmpty(); // coffee is full (I2, X1), root has room but C1 is in coffee
    q.set("X1", "done");
    assertThat(q.run(4)).containsExactly("C1");
  }

  @Test
  void batchesSpreadDueJobsOverIdleUnitsAndNeverExceedCapacity() {
    ChannelPlanner planner = new ChannelPlanner(ChannelConfig.parse("root:8,slow:1"));
    List<Candidate> root = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      root.add(new Candidate(i, "root", null, 10, t(0)));
    }
    List<Candidate> slow = List.of(new Candidate(200, "slow", null, 1, t(0)), new Candidate(201, "slow", null, 1, t(0)));
    ChannelState state = new ChannelState(List.of(new ChannelState.Running("root", "busy")),
        Map.of("root", root, "root.slow", slow), Map.of(), Set.of(), null);
    Plan plan = planner.plan(state, t(1), 4, 16);
    assertThat(plan.assignments()).hasSize(4);
    assertThat(plan.assignments().get(0).channel()).isEqualTo("root.slow");
    assertThat(plan.assignments().get(0).jobs()).extracting(Candidate::id).containsExactly(200L, 201L);
    assertThat(plan.assignments().subList(1, 4)).allSatisfy(a -> assertThat(a.jobs()).hasSize(16));
    // root:8 with one busy unit: 7 idle units at most, whatever the number of idle workers
    assertThat(planner.plan(state, t(1), 20, 1).assignments()).hasSize(7);
  }

  @Test
  void remoteAndLocalJobsNeverShareABatch() {
    ChannelPlanner planner = new ChannelPlanner(ChannelConfig.parse("root:8"), c -> "Remote".equals(c.targetClass()));
    List<Candidate> root = List.of(new Candidate(1, "root", null, 1, t(0), "Local"),
        new Candidate(2, "root", null, 2, t(0), "Local"), new Candidate(3, "root", null, 3, t(0), "Remote"),
        new Candidate(4, "root", null, 4, t(0), "Remote"), new Candidate(5, "root", null, 5, t(0), "Local"),
        new Candidate(6, "root", null, 6, t(0), "Local"));
    ChannelState state = new ChannelState(List.of(), Map.of("root", root), Map.of(), Set.of(), null);
    // two idle units, batches up to 8: without remote jobs they would get [1, 2, 3] and [4, 5, 6]
    assertThat(planner.plan(state, t(1), 2, 8).assignments())
        .extracting(a -> a.jobs().stream().map(Candidate::id).toList(), Plan.Assignment::remote)
        .containsExactly(tuple(List.of(1L, 2L), false), tuple(List.of(3L, 4L), true));
    assertThat(planner.plan(state, t(1), 3, 8).assignments())
        .extracting(a -> a.jobs().stream().map(Candidate::id).toList(), Plan.Assignment::remote)
        .containsExactly(tuple(List.of(1L, 2L), false), tuple(List.of(3L, 4L), true), tuple(List.of(5L, 6L), false));
    // a planner that knows no remote class batches them like the others
    assertThat(new ChannelPlanner(ChannelConfig.parse("root:8")).plan(state, t(1), 2, 8).assignments())
        .extracting(a -> a.jobs().stream().map(Candidate::id).toList(), Plan.Assignment::remote)
        .containsExactly(tuple(List.of(1L, 2L, 3L), false), tuple(List.of(4L, 5L, 6L), false));
  }

  @Test
  void aBusyUnitMayHoldItsNextBatchWithoutTakingAnotherSlot() {
    ChannelPlanner planner = new ChannelPlanner(ChannelConfig.parse("root:2,coffee:1,seq:1:sequential"));
    List<Candidate> coffee = List.of(new Candidate(1, "root.coffee", null, 10, t(0)), new Candidate(2, "root.coffee", null, 10, t(0)));
    List<Candidate> seq = List.of(new Candidate(3, "root.seq", null, 1, t(0)));
    ChannelState state = new ChannelState(List.of(new ChannelState.Running("root.coffee", "A"), new ChannelState.Running("root", "B")),
        Map.of("root.coffee", coffee, "root.seq", seq), Map.of(), Set.of(), null);
    // root is full (A and B): only A, already counted in coffee and root, may get more coffee
    Plan forB = planner.plan(state, t(1), List.of(new ChannelPlanner.Unit("B", true)), 8);
    assertThat(forB.assignments()).isEmpty();
    Plan forA = planner.plan(state, t(1), List.of(new ChannelPlanner.Unit("A", true)), 8);
    assertThat(forA.assignments()).hasSize(1);
    assertThat(forA.assignments().get(0).jobs()).extracting(Candidate::id).containsExactly(1L, 2L);
    // a busy unit never gets a sequential job, even with room
    ChannelState roomy = new ChannelState(List.of(new ChannelState.Running("root", "A")), Map.of("root.seq", seq),
        Map.of(), Set.of(), null);
    assertThat(planner.plan(roomy, t(1), List.of(new ChannelPlanner.Unit("A", true)), 8).assignments()).isEmpty();
    assertThat(planner.plan(roomy, t(1), List.of(new ChannelPlanner.Unit("C", false)), 8).assignments()).hasSize(1);
  }
}
