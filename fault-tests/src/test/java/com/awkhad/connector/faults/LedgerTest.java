package com.awkhad.connector.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.awkhad.connector.coffee.simulator.CoffeeMachineSimulator;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.time.Duration;

/**
 * The check of the check: the {@link Ledger} names a job whose work committed twice (as a job
 * requeued while it still ran would, see {@code LateRunnerTest}), and records a try put back
 * without committing.
 */
class LedgerTest {

  @DbTest
  void aJobRunTwiceToTheEndIsNamedAndARequeuedTryIsRecorded(TestDb db) {
    try (CoffeeMachineSimulator machine = CoffeeMachineSimulator.builder().token(CoffeeWorld.TOKEN)
            .brewTime(Duration.ofHours(1)).start();
        CoffeeWorld w = CoffeeWorld.start(db.url(), db.user(), db.password(), machine, 1)) {
      w.importMenuNow();
      Ledger.Summary clean = Ledger.read(w);
      assertThat(clean.jobs()).isPositive();
      assertThat(clean.committed()).isEqualTo(clean.jobs());
      assertThat(clean.secondExecutions()).isEmpty();
      assertThat(SyncCheck.problems(w)).isEmpty();

      String uuid = w.env.tx().inNewTransaction(c -> {
        try (var rs = c.createStatement().executeQuery("SELECT MIN(uuid) FROM queue_job")) {
          rs.next();
          return rs.getString(1);
        }
      });
      // a runner held it, and lost it without committing (found dead); then it ran again
      w.env.tx().run(c -> c.createStatement().executeUpdate(
          "UPDATE queue_job SET state = 'started', worker_id = 'gone-1/0' WHERE uuid = '" + uuid + "'"));
      w.env.tx().run(c -> c.createStatement().executeUpdate(
          "UPDATE queue_job SET state = 'pending', worker_id = NULL, retry = retry + 1 WHERE uuid = '" + uuid + "'"));
      w.queue.executor().runNow(uuid, "other-2/0");

      Ledger.Summary twice = Ledger.read(w);
      assertThat(twice.secondExecutions()).singleElement().asString().startsWith("job executed twice: " + uuid)
          .contains("committed 2 executions");
      assertThat(twice.interruptedThenCommitted()).isEqualTo(1);
      assertThat(Ledger.heldByThenCommittedElsewhere(w, java.util.Set.of("gone-1"))).isEqualTo(1);
      assertThat(Ledger.heldByThenCommittedElsewhere(w, java.util.Set.of("other-2"))).isZero();
      assertThat(SyncCheck.problems(w)).anyMatch(p -> p.startsWith("job executed twice: " + uuid));
    }
  }
}
