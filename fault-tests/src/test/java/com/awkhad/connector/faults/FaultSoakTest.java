package com.awkhad.connector.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.awkhad.connector.coffee.simulator.CoffeeMachineSimulator;
import com.awkhad.connector.testkit.TestDb;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scenario 4, the soak: for {@code -Dfaults.soak.minutes} (5 by default), rounds of work (new
 * beverages on the menu, new orders) on one PostgreSQL server of its own with three runner
 * processes, each round under a fault drawn from the seed: network faults, runner SIGKILLs,
 * terminated sessions, or a PostgreSQL restart. After each round, everything synchronized so far
 * must be there exactly once. Only with {@code -Pfaults} (JUnit tag {@code soak}):
 *
 * <pre>
 * ./mvnw -B verify -Pfaults -pl fault-tests -am -Dtest=FaultSoakTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dfaults.soak.minutes=5 [-Dfaults.seed=N]
 * </pre>
 */
@Tag("soak")
class FaultSoakTest {
  enum Fault { NETWORK, RUNNER_KILLS, SESSION_KILLS, POSTGRES_RESTART }

  @Test
  void aSeededMixOfFaultsForMinutesLosesAndDuplicatesNothing() throws Exception {
    long seed = Seeds.seed("soak");
    Random random = new Random(seed);
    String minutesProperty = System.getProperty("faults.soak.minutes", "5");
    double minutes = Double.parseDouble(minutesProperty.isBlank() ? "5" : minutesProperty);
    long deadline = System.nanoTime() + (long) (minutes * 60e9);
    List<String> history = new ArrayList<>();
    try (RestartablePostgres pg = RestartablePostgres.start();
        CoffeeMachineSimulator machine = CoffeeMachineSimulator.builder().token(CoffeeWorld.TOKEN)
            .brewTime(Duration.ofHours(1)).latency(Duration.ofMillis(5)).start()) {
      TestDb db = pg.createDatabase("soak");
      try (CoffeeWorld w = CoffeeWorld.start(db.url(), db.user(), db.password(), machine, 1);
          RunnerProcesses runners = new RunnerProcesses(db.url(), db.user(), db.password(), "root:8,coffee:8", 4, 3_000)) {
        w.importMenuNow();
        for (int i = 0; i < 3; i++) {
          runners.start();
        }
        int nextBeverage = 100;
        for (int round = 1; System.nanoTime() < deadline; round++) {
          Fault fault = Fault.values()[random.nextInt(Fault.values().length)];
          int beverages = 100 + random.nextInt(300);
          int orders = 100 + random.nextInt(300);
          long doneBefore = w.count("SELECT COUNT(*) FROM queue_job WHERE state = 'done'");
          w.putBeverages(nextBeverage, beverages);
          nextBeverage += beverages;
          if (fault == Fault.NETWORK) {
            machine.faults(NetworkFaultsTest.plan(seed + round));
          }
          w.importMenu();
          w.placeOrders("soak" + round, orders, random);
          String what = round + ": " + fault + " over " + beverages + " beverages and " + orders + " orders";
          long work = beverages + orders;
          switch (fault) {
            case NETWORK -> { }
            case RUNNER_KILLS -> {
              for (int k = 1; k <= 2; k++) {
                DatabaseFaultsTest.awaitProgress(w, doneBefore + work * k / 3);
                Thread.sleep(random.nextInt(500));
                what += "; SIGKILL " + runners.killOne(random);
                runners.start();
              }
            }
            case SESSION_KILLS -> {
              for (int k = 1; k <= 2; k++) {
                DatabaseFaultsTest.awaitProgress(w, doneBefore + work * k / 3);
                what += "; " + pg.terminateBackends("soak") + " sessions terminated";
              }
            }
            case POSTGRES_RESTART -> {
              DatabaseFaultsTest.awaitProgress(w, doneBefore + work / 2);
              pg.stopServer();
              long down = 500 + random.nextInt(2_500);
              Thread.sleep(down);
              pg.startServer();
              what += "; PostgreSQL down " + down + " ms";
            }
          }
          try {
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> w.unfinishedJobs() == 0);
          } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("seed " + seed + ", round " + what + ": jobs still unfinished " + w.jobsByState()
                + "\nrounds: " + history + "\n" + runners.logTails(), e);
          }
          machine.faults(null);
          history.add(what);
          System.out.println("seed " + seed + ", round " + what + " -> " + w.jobsByState() + ", machine faults "
              + machine.faultCounts() + ", idempotent replays " + machine.idempotentReplays());
          SyncCheck.assertNothingLostNothingDuplicated(w, seed, "round " + what + "; rounds " + history);
        }
        assertThat(history).as("seed %d: soak rounds", seed).isNotEmpty();
      }
    }
  }
}
