package com.awkhad.connector.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.awkhad.connector.coffee.simulator.CoffeeMachineSimulator;
import com.awkhad.connector.testkit.TestDatabases;
import com.awkhad.connector.testkit.TestDb;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Scenario 2, runner processes killed: three runner JVMs sync a menu of 1,000 new beverages and
 * 1,000 orders with the coffee machine while, at evenly spread points of progress (plus a
 * random delay), one of them is killed with SIGKILL (mid-job, mid-HTTP-call, mid-commit: wherever
 * it is) and a new one started.
 * PostgreSQL only: H2 allows one runner process.
 */
class RunnerKillTest {
  private static final AtomicInteger dbs = new AtomicInteger();

  static TestDb freshDb(String prefix) {
    return TestDatabases.freshPostgres(prefix + dbs.incrementAndGet() + "_" + ProcessHandle.current().pid());
  }

  /**
   * One run: {@code beverages} + {@code orders} synchronized by 3 runner processes whose main class
   * is {@code runnerMain}, against a machine that takes {@code latency} to answer each request,
   * {@code maxKills} times one killed and replaced.
   */
  static void syncWhileKillingRunners(Class<?> runnerMain, TestDb db, long seed, int beverages, int orders, int maxKills,
      Duration latency, Duration atMost) throws Exception {
    Random random = new Random(seed);
    try (CoffeeMachineSimulator machine = CoffeeMachineSimulator.builder().token(CoffeeWorld.TOKEN)
            .brewTime(Duration.ofHours(1)).latency(latency).start();
        CoffeeWorld w = CoffeeWorld.start(db.url(), db.user(), db.password(), machine, 5);
        RunnerProcesses runners = new RunnerProcesses(runnerMain, db.url(), db.user(), db.password(), "root:8,coffee:8",
            4, 2_000)) {
      w.importMenuNow();
      w.putBeverages(100, beverages);
      w.importMenu();
      w.placeOrders("kill", orders, random);
      for (int i = 0; i < 3; i++) {
        runners.start();
      }
      // kill i happens once i/(maxKills+1) of the work is done, after a random 0-100 ms more: mid-run
      long work = beverages + orders;
      for (int kill = 1; kill <= maxKills; kill++) {
        long mark = work * kill / (maxKills + 1);
        await().atMost(atMost).pollInterval(Duration.ofMillis(50))
            .until(() -> w.count("SELECT COUNT(*) FROM queue_job WHERE state = 'done'") >= mark || w.unfinishedJobs() == 0);
        Thread.sleep(random.nextInt(100)); // a random point, close to the mark: imports run in batches and are quick
        if (w.unfinishedJobs() == 0) {
          break;
        }
        long pid = runners.killOneHolding(w, random);
        System.out.println("seed " + seed + ": SIGKILL runner " + pid + ", " + w.jobsByState());
        runners.start();
      }
      try {
        await().atMost(atMost).pollInterval(Duration.ofMillis(250)).until(() -> w.unfinishedJobs() == 0);
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError("seed " + seed + ": jobs still unfinished " + w.jobsByState() + "\n" + runners.logTails(), e);
      }
      System.out.println("seed " + seed + ": " + runners.kills() + " runners killed; " + w.jobsByState()
          + "; orders the machine answered again for a retried export (idempotency key): " + machine.idempotentReplays());
      SyncCheck.assertNothingLostNothingDuplicated(w, seed, runners.kills() + " runner processes killed");
      // proof that the kills hit jobs in flight: jobs held by a killed runner, put back without
      // committing, then committed once by another runner
      long hit = Ledger.heldByThenCommittedElsewhere(w, runners.killedRunners());
      System.out.println("seed " + seed + ": jobs held by a killed runner and committed by another: " + hit);
      assertThat(hit).as("seed %d: jobs that killed runners %s held, committed later by another runner", seed,
          runners.killedRunners()).isPositive();
    }
  }

  @Test
  void runnersKilledAndRestartedDuringASyncLoseAndDuplicateNothing() throws Exception {
    long seed = Seeds.seed("runner-kill");
    syncWhileKillingRunners(FaultRunnerMain.class, freshDb("kill"), seed, 1_000, 1_000, 4, Duration.ofMillis(2),
        Duration.ofMinutes(4));
  }

  /**
   * The same with exports that share batches (ConnectorJobs.shareExportBatches): a killed runner's
   * batch of exports rolls back after some of its creates reached the machine, and whoever runs
   * them again sends the same idempotency keys, so no order is brewed twice. The machine answers in
   * 25 ms: sharing batches, 2 ms answers let the runners finish the orders before the first kill.
   */
  @Test
  void runnersKilledDuringASyncWhoseExportsShareBatchesLoseAndDuplicateNothing() throws Exception {
    long seed = Seeds.seed("runner-kill-shared-exports");
    syncWhileKillingRunners(SharedExportsRunnerMain.class, freshDb("killshared"), seed, 20, 1_000, 4,
        Duration.ofMillis(25), Duration.ofMinutes(4));
  }
}
