package com.awkhad.connector.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.awkhad.connector.coffee.simulator.CoffeeMachineSimulator;
import com.awkhad.connector.testkit.TestDb;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Scenario 3, database faults: two runner processes sync with the coffee machine (each job holds
 * its transaction open across a 20 ms HTTP call, so faults land mid-transaction) on a PostgreSQL
 * server of their own, which, at evenly spread points of progress, has every session terminated
 * ({@code pg_terminate_backend} of all but the test's), twice, and is then stopped and started
 * again on the same data directory and port. The runners are never restarted: they must recover
 * by themselves, retry the jobs whose transaction died, and lose and duplicate nothing.
 * PostgreSQL only: an in-memory H2 has no server to lose.
 */
class DatabaseFaultsTest {

  @Test
  void runnersRecoverByThemselvesFromKilledSessionsAndAPostgresRestart() throws Exception {
    long seed = Seeds.seed("database");
    Random random = new Random(seed);
    try (RestartablePostgres pg = RestartablePostgres.start();
        CoffeeMachineSimulator machine = CoffeeMachineSimulator.builder().token(CoffeeWorld.TOKEN)
            .brewTime(Duration.ofHours(1)).latency(Duration.ofMillis(20)).start()) {
      TestDb db = pg.createDatabase("faults");
      try (CoffeeWorld w = CoffeeWorld.start(db.url(), db.user(), db.password(), machine, 5);
          RunnerProcesses runners = new RunnerProcesses(db.url(), db.user(), db.password(), "root:8,coffee:8", 4, 5_000)) {
        w.importMenuNow();
        w.putBeverages(100, 400);
        w.importMenu();
        w.placeOrders("db", 400, random);
        runners.start();
        runners.start();
        List<Process> processes = runners.live();
        long work = 800;
        StringBuilder faults = new StringBuilder();

        awaitProgress(w, work / 5);
        faults.append("terminated ").append(pg.terminateBackends("faults")).append(" sessions; ");
        awaitProgress(w, work * 2 / 5);
        faults.append("terminated ").append(pg.terminateBackends("faults")).append(" sessions; ");
        awaitProgress(w, work * 3 / 5);
        pg.stopServer();
        long downMillis = 1_000 + random.nextInt(2_000);
        Thread.sleep(downMillis);
        pg.startServer();
        faults.append("PostgreSQL down for ").append(downMillis).append(" ms");
        System.out.println("seed " + seed + ": " + faults);

        try {
          await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
              .until(() -> w.unfinishedJobs() == 0);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
          throw new AssertionError("seed " + seed + ": jobs still unfinished " + w.jobsByState() + " after " + faults
              + "\n" + runners.logTails(), e);
        }
        SyncCheck.assertNothingLostNothingDuplicated(w, seed, faults.toString());
        assertThat(processes).as("the runners recovered without a restart").allMatch(Process::isAlive);
        // proof that the faults hit jobs in flight: tries put back without committing (their
        // transaction died; no runner was killed and the machine injects no fault), then a later
        // try committed (every done job has retry >= 1: that alone proves nothing)
        long hit = Ledger.read(w).interruptedThenCommitted();
        System.out.println("seed " + seed + ": jobs whose try died with the database and committed later: " + hit);
        assertThat(hit).as("seed %d: jobs interrupted by the database faults, then committed (%s)", seed, faults)
            .isPositive();
      }
    }
  }

  /** Waits until {@code done} jobs are done (or none is left), ignoring the errors of a database coming back. */
  static void awaitProgress(CoffeeWorld w, long done) {
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
        .until(() -> w.count("SELECT COUNT(*) FROM queue_job WHERE state = 'done'") >= done || w.unfinishedJobs() == 0);
  }
}
