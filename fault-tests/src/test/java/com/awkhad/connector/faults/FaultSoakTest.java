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
 * terminated sessions, a PostgreSQL restart, a network cut between one runner and PostgreSQL that
 * closes nothing ({@link TcpProxy}), or a PostgreSQL crash. After each round, everything
 * synchronized so far must be there exactly once, each job with one committed execution in the
 * {@link Ledger}; at the end one line ({@code FAULT SOAK SUMMARY}) gives the jobs, the faults
 * injected per kind, the second executions, and what was lost or duplicated. Only with {@code -Pfaults} (JUnit tag {@code soak}):
 *
 * <pre>
 * ./mvnw -B verify -Pfaults -pl fault-tests -am -Dtest=FaultSoakTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dfaults.soak.minutes=5 [-Dfaults.seed=N]
 * </pre>
 */
@Tag("soak")
class FaultSoakTest {
  enum Fault { NETWORK, RUNNER_KILLS, SESSION_KILLS, POSTGRES_RESTART, NETWORK_CUT, POSTGRES_CRASH }

  /** The soak's one summary line: what ran, what was injected, what the checks found. */
  static String summary(long seed, int rounds, CoffeeWorld w, java.util.Map<Fault, Long> injected, List<String> problems) {
    Ledger.Summary ledger = Ledger.read(w);
    long lost = problems.stream().filter(p -> p.contains(" lost") || p.startsWith("job not done")).count();
    long duplicated = problems.stream().filter(p -> p.contains("duplicated") || p.contains("nobody placed")).count();
    return "FAULT SOAK SUMMARY seed " + seed + ": rounds " + rounds + ", jobs " + ledger.jobs() + ", faults injected "
        + injected + ", second executions " + ledger.secondExecutions().size() + ", lost " + lost
        + ", duplicated effects " + duplicated + ", interrupted then committed " + ledger.interruptedThenCommitted()
        + ", other problems " + (problems.size() - lost - duplicated - ledger.secondExecutions().size());
  }

  @Test
  void aSeededMixOfFaultsForMinutesLosesAndDuplicatesNothing() throws Exception {
    long seed = Seeds.seed("soak");
    Random random = new Random(seed);
    String minutesProperty = System.getProperty("faults.soak.minutes", "5");
    double minutes = Double.parseDouble(minutesProperty.isBlank() ? "5" : minutesProperty);
    long deadline = System.nanoTime() + (long) (minutes * 60e9);
    List<String> history = new ArrayList<>();
    java.util.Map<Fault, Long> injected = new java.util.EnumMap<>(Fault.class);
    for (Fault f : Fault.values()) {
      injected.put(f, 0L);
    }
    try (RestartablePostgres pg = RestartablePostgres.start();
        CoffeeMachineSimulator machine = CoffeeMachineSimulator.builder().token(CoffeeWorld.TOKEN)
            .brewTime(Duration.ofHours(1)).latency(Duration.ofMillis(5)).start()) {
      TestDb db = pg.createDatabase("soak");
      try (CoffeeWorld w = CoffeeWorld.start(db.url(), db.user(), db.password(), machine, 1);
          RunnerProcesses runners = new RunnerProcesses(db.url(), db.user(), db.password(), "root:8,coffee:8", 4, 3_000);
          TcpProxy proxy = TcpProxy.to(pg.port())) {
        w.importMenuNow();
        // the third runner reaches PostgreSQL through a proxy that the NETWORK_CUT rounds cut
        String proxied = PostgresCutAndCrashTest.through(db.url(), proxy);
        runners.start();
        runners.start();
        Process cutOff = runners.start(proxied);
        int nextBeverage = 100;
        for (int round = 1; System.nanoTime() < deadline; round++) {
          Fault fault = Fault.values()[random.nextInt(Fault.values().length)];
          int beverages = 100 + random.nextInt(300);
          int orders = 100 + random.nextInt(300);
          long doneBefore = w.count("SELECT COUNT(*) FROM queue_job WHERE state = 'done'");
          w.putBeverages(nextBeverage, beverages);
          nextBeverage += beverages;
          long networkBefore = machine.faultCounts().values().stream().mapToLong(Long::longValue).sum();
          if (fault == Fault.NETWORK) {
            machine.faults(NetworkFaultsTest.plan(seed + round));
          }
          w.importMenu();
          w.placeOrders("soak" + round, orders, random);
          String what = round + ": " + fault + " over " + beverages + " beverages and " + orders + " orders";
          long work = beverages + orders;
          try {
          switch (fault) {
            case NETWORK -> { }
            case RUNNER_KILLS -> {
              for (int k = 1; k <= 2; k++) {
                DatabaseFaultsTest.awaitProgress(w, doneBefore + work * k / 3);
                Thread.sleep(random.nextInt(500));
                what += "; SIGKILL " + runners.killOneHolding(w, random);
                injected.merge(fault, 1L, Long::sum);
                runners.start();
              }
            }
            case SESSION_KILLS -> {
              for (int k = 1; k <= 2; k++) {
                DatabaseFaultsTest.awaitProgress(w, doneBefore + work * k / 3);
                int terminated = pg.terminateBackends("soak");
                injected.merge(fault, (long) terminated, Long::sum);
                what += "; " + terminated + " sessions terminated";
              }
            }
            case POSTGRES_RESTART -> {
              DatabaseFaultsTest.awaitProgress(w, doneBefore + work / 2);
              pg.stopServer();
              long down = 500 + random.nextInt(2_500);
              Thread.sleep(down);
              pg.startServer();
              injected.merge(fault, 1L, Long::sum);
              what += "; PostgreSQL down " + down + " ms";
            }
            case NETWORK_CUT -> {
              if (!cutOff.isAlive()) { // killed in a RUNNER_KILLS round
                cutOff = runners.start(proxied);
              }
              String id = runners.runnerId(cutOff);
              DatabaseFaultsTest.awaitProgress(w, doneBefore + work / 3);
              PostgresCutAndCrashTest.awaitHolding(w, id);
              proxy.cut();
              injected.merge(fault, 1L, Long::sum);
              PostgresCutAndCrashTest.awaitLeaseExpired(w, id);
              DatabaseFaultsTest.awaitProgress(w, doneBefore + work * 2 / 3);
              if (random.nextBoolean()) {
                proxy.resume();
                what += "; runner " + id + " cut from PostgreSQL past its lease, resumed";
              } else {
                proxy.tearDown();
                what += "; runner " + id + " cut from PostgreSQL past its lease, connections torn down";
              }
            }
            case POSTGRES_CRASH -> {
              DatabaseFaultsTest.awaitProgress(w, doneBefore + work / 2);
              pg.crash();
              long down = 300 + random.nextInt(1_700);
              Thread.sleep(down);
              pg.startServer();
              injected.merge(fault, 1L, Long::sum);
              what += "; PostgreSQL crashed (immediate shutdown), down " + down + " ms";
            }
          }
          } catch (org.awaitility.core.ConditionTimeoutException e) {
            // the work stopped progressing while the fault was on: say where everything stands
            throw new AssertionError("seed " + seed + ", round " + what + ": no progress while injecting the fault "
                + w.jobsByState() + "\nrounds: " + history + "\n" + w.circuits() + w.sessions() + w.unfinishedJobsDetail()
                + runners.threadDumps() + runners.logTails(), e);
          }
          try {
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> w.unfinishedJobs() == 0);
          } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("seed " + seed + ", round " + what + ": jobs still unfinished " + w.jobsByState()
                + "\nrounds: " + history + "\n" + w.circuits() + w.sessions() + w.unfinishedJobsDetail() + runners.threadDumps()
                + runners.logTails(), e);
          }
          machine.faults(null);
          if (fault == Fault.NETWORK) {
            injected.merge(fault, machine.faultCounts().values().stream().mapToLong(Long::longValue).sum() - networkBefore,
                Long::sum);
          }
          history.add(what);
          System.out.println("seed " + seed + ", round " + what + " -> " + w.jobsByState() + ", machine faults "
              + machine.faultCounts() + ", idempotent replays " + machine.idempotentReplays());
          List<String> problems = SyncCheck.problems(w);
          if (!problems.isEmpty()) {
            System.out.println(summary(seed, history.size(), w, injected, problems));
          }
          SyncCheck.assertNothingLostNothingDuplicated(w, seed, "round " + what + "; rounds " + history);
        }
        System.out.println(summary(seed, history.size(), w, injected, SyncCheck.problems(w)));
        assertThat(history).as("seed %d: soak rounds", seed).isNotEmpty();
        // the faults hit jobs in flight: tries put back without committing, committed later
        assertThat(Ledger.read(w).interruptedThenCommitted()).as("seed %d: jobs interrupted by the faults, then committed",
            seed).isPositive();
      }
    }
  }
}
