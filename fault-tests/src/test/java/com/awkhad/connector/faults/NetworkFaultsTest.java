package com.awkhad.connector.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.awkhad.connector.coffee.simulator.CoffeeMachineSimulator;
import com.awkhad.connector.coffee.simulator.FaultPlan;
import com.awkhad.connector.coffee.simulator.NetworkFault;
import com.awkhad.connector.framework.backend.Backends;
import com.awkhad.connector.queue.channel.ChannelConfig;
import com.awkhad.connector.queue.runner.Runner;
import com.awkhad.connector.queue.runner.RunnerOptions;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

/**
 * Scenario 1, network faults toward the external system: the coffee machine answers 503, closes
 * connections without answering, loses answers after applying the write, and answers after the
 * adapter's 1 s timeout (having applied the write meanwhile), while a runner imports its menu and
 * exports orders to it. Every fault is transient (at most two per distinct request), so every job
 * ends within its five tries.
 */
class NetworkFaultsTest {

  static FaultPlan plan(long seed) {
    return FaultPlan.seeded(seed).unavailable(0.06).reset(0.05).lostResponse(0.08).slow(0.02, Duration.ofMillis(1300))
        .maxPerRequest(2);
  }

  /** Runs one sync under {@code plan}: {@code beverages} more on the menu, {@code orders} placed. */
  static void syncUnderNetworkFaults(TestDb db, long seed, int beverages, int orders, FaultPlan plan) {
    Random random = new Random(seed);
    try (CoffeeMachineSimulator machine = CoffeeMachineSimulator.builder().token(CoffeeWorld.TOKEN)
            .brewTime(Duration.ofHours(1)).start();
        CoffeeWorld w = CoffeeWorld.start(db.url(), db.user(), db.password(), machine, 1)) {
      w.importMenuNow();                 // the standard menu, fault-free, so that orders have beverages
      w.putBeverages(100, beverages);
      // three faults in a row open the backend's circuit, as they may under this plan: probes at most
      // 1 s apart instead of 5 - 15 s keep the test's time from following its seed (4.5 - 34 s a database)
      Backends.of(w.env).updateSettings(w.backend.id(), Map.of("circuit_probe_max_seconds", 1));
      machine.faults(plan);
      try (Runner runner = Runner.start(w.env, RunnerOptions.of(ChannelConfig.parse("root:6,coffee:6")).withWorkers(6))) {
        w.importMenu();
        w.placeOrders("net", orders, random);
        w.awaitAllFinished(Duration.ofMinutes(3), seed, runner);
      }
      machine.faults(null);
      String faults = machine.faultCounts() + ", idempotent replays " + machine.idempotentReplays();
      System.out.println("network faults injected (seed " + seed + "): " + faults);
      SyncCheck.assertNothingLostNothingDuplicated(w, seed, faults);
      assertThat(machine.faultCounts().values().stream().mapToLong(Long::longValue).sum())
          .as("faults were injected (seed %d)", seed).isPositive();
    }
  }

  @DbTest
  void aSyncThroughResetsLostAnswersTimeoutsAnd503sLosesAndDuplicatesNothing(TestDb db) {
    long seed = Seeds.seed("network/" + db);
    syncUnderNetworkFaults(db, seed, 60, 120, plan(seed));
  }

  private static final int LOST_ORDERS = 8;

  @DbTest
  void everyFirstOrderAnswerLostStillBrewsEachOrderOnce(TestDb db) {
    // the duplicate trap at its worst: every order's first POST is applied and its answer lost
    long seed = Seeds.seed("lost-answers/" + db);
    try (CoffeeMachineSimulator machine = CoffeeMachineSimulator.builder().token(CoffeeWorld.TOKEN)
            .brewTime(Duration.ofHours(1)).start();
        CoffeeWorld w = CoffeeWorld.start(db.url(), db.user(), db.password(), machine, 1)) {
      w.importMenuNow();
      machine.faults(FaultPlan.seeded(seed).lostResponse(1.0).maxPerRequest(1));
      try (Runner runner = Runner.start(w.env, RunnerOptions.of(ChannelConfig.parse("root:4,coffee:4")).withWorkers(4))) {
        // 8 orders, each first answer lost after the adapter's 1 s timeout, on 4 workers: every
        // worker meets the trap about twice (16 took 21 - 26 s of the default suite, 40 took 30 - 50 s, for no more)
        w.placeOrders("lost", LOST_ORDERS, new Random(seed));
        w.awaitAllFinished(Duration.ofMinutes(2), seed, runner);
      }
      SyncCheck.assertNothingLostNothingDuplicated(w, seed, machine.faultCounts().toString());
      assertThat(machine.faultCount(NetworkFault.LOST_RESPONSE)).isEqualTo(LOST_ORDERS);
      assertThat(machine.idempotentReplays()).isEqualTo(LOST_ORDERS);
    }
  }

  @DbTest
  void theCheckNamesTheDuplicatesOfAMachineThatIgnoresIdempotencyKeys(TestDb db) {
    // the check itself: against a machine without de-duplication, lost answers become duplicates it names
    long seed = Seeds.seed("check/" + db);
    try (CoffeeMachineSimulator machine = CoffeeMachineSimulator.builder().token(CoffeeWorld.TOKEN)
            .brewTime(Duration.ofHours(1)).ignoreIdempotencyKeys().start();
        CoffeeWorld w = CoffeeWorld.start(db.url(), db.user(), db.password(), machine, 1)) {
      w.importMenuNow();
      machine.faults(FaultPlan.seeded(seed).lostResponse(1.0).maxPerRequest(1));
      try (Runner runner = Runner.start(w.env, RunnerOptions.of(ChannelConfig.parse("root:4,coffee:4")).withWorkers(4))) {
        w.placeOrders("dup", 5, new Random(seed));
        w.awaitAllFinished(Duration.ofMinutes(2), seed, runner);
      }

      assertThat(SyncCheck.problems(w)).hasSize(5).allMatch(p -> p.startsWith("order duplicated: local order #"))
          .anyMatch(p -> p.contains("(dup-0) is on the machine 2 times"));
    }
  }
}
