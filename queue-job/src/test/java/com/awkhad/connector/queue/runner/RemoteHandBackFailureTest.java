package com.awkhad.connector.queue.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.channel.ChannelConfig;
import com.awkhad.connector.queue.job.JobOptions;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * When a remote job starts on a unit that already holds its next batch, that batch goes back to
 * pending in a transaction of its own. If that hand-back fails (the database restarting, the
 * session killed), the batch stays the unit's and runs after the remote job. Before, it was
 * dropped: its jobs stayed claimed by a live runner, run by nobody until the runner stopped.
 *
 * <p>The claim gives no next batch to a unit holding a remote batch, so the case arises when the
 * claim took the job for a local one: here its class is declared remote after the claim (as a
 * process that declares its remote classes late would).
 */
class RemoteHandBackFailureTest {

  /** Blocks its unit until the test releases it. */
  public static class Gate {
    static volatile CountDownLatch started;
    static volatile CountDownLatch release;

    public Gate(Environment env) {}

    public void run() throws InterruptedException {
      started.countDown();
      release.await();
    }
  }

  /** A remote job: says it started (its unit's hand-back was tried by then), waits for the test. */
  public static class Remote {
    static volatile CountDownLatch started;
    static volatile CountDownLatch release;

    public Remote(Environment env) {}

    public void run() throws InterruptedException {
      started.countDown();
      release.await();
    }
  }

  @DbTest("postgresql")
  void aBatchThatCannotBeHandedBackWhenARemoteJobStartsRunsAfterIt(TestDb db) throws Exception {
    Gate.started = new CountDownLatch(1);
    Gate.release = new CountDownLatch(1);
    Remote.started = new CountDownLatch(1);
    Remote.release = new CountDownLatch(1);
    try (RunnerFixture f = new RunnerFixture(db.url(), db.user(), db.password());
        Connection test = DriverManager.getConnection(db.url(), db.user(), db.password())) {
      try (Statement s = test.createStatement()) {
        // a hand-back fails while the table fail_hand_back has a row
        // (a sequence counts the refusals: nextval is not rolled back with the refused update)
        s.execute("CREATE TABLE fail_hand_back (x INT)");
        s.execute("CREATE SEQUENCE hand_backs_refused");
        s.execute("CREATE FUNCTION fail_hand_back() RETURNS trigger AS $$ BEGIN"
            + " IF NEW.state = 'pending' AND OLD.state = 'enqueued' AND EXISTS (SELECT 1 FROM fail_hand_back) THEN"
            + " PERFORM nextval('hand_backs_refused');"
            + " RAISE EXCEPTION 'hand-back refused by the test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql");
        s.execute("CREATE TRIGGER fail_hand_back BEFORE UPDATE ON queue_job FOR EACH ROW"
            + " EXECUTE FUNCTION fail_hand_back()");
      }
      try (Runner runner = Runner.start(f.env, RunnerOptions.of(ChannelConfig.parse("root:1")).withMaxBatch(1))) {
        String unit = runner.workerId() + "/0";
        // a quick job first: the runner's jobs count as short, so a busy unit gets its next batch
        int quick = 0;
        while (!runner.shortJobs()) {
          assertThat(quick).as("quick jobs run before the runner counts its jobs as short").isLessThan(200);
          f.queue.delay(RunnerFixture.Work.class, JobOptions.defaults()).run("quick-" + quick++, 0);
          int done = quick;
          await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
              .until(() -> f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'done'") == done);
        }

        f.queue.delay(Gate.class, JobOptions.defaults()).run();
        assertThat(Gate.started.await(30, TimeUnit.SECONDS)).isTrue();
        f.queue.delay(Remote.class, JobOptions.defaults()).run(); // not declared remote yet: claimed as a local job
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() -> f.count(
            "SELECT COUNT(*) FROM queue_job WHERE func_name LIKE '%Remote.run' AND state = 'enqueued'") == 1);
        // the remote job's row locked by the test: its unit, once the gate opens, waits to lock it
        test.setAutoCommit(false);
        try (Statement s = test.createStatement()) {
          s.executeQuery("SELECT id FROM queue_job WHERE func_name LIKE '%Remote.run' FOR UPDATE").close();
        }
        f.queue.delay(RunnerFixture.Work.class, JobOptions.defaults()).run("next", 0);
        Gate.release.countDown();
        // the unit, waiting for the remote job's row, is given its next batch
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() -> f.count(
            "SELECT COUNT(*) FROM queue_job WHERE func_name LIKE '%Work.run' AND state = 'enqueued' AND worker_id = '"
                + unit + "'") == 1);
        f.queue.declareRemote(Remote.class); // the job starts as a remote one: its unit hands the next batch back
        try (Statement s = test.createStatement()) {
          s.execute("INSERT INTO fail_hand_back VALUES (1)");
        }
        test.commit(); // the remote job starts: the hand-back of the next batch fails
        assertThat(Remote.started.await(30, TimeUnit.SECONDS)).isTrue();
        try (PreparedStatement ps = test.prepareStatement("DELETE FROM fail_hand_back")) {
          ps.executeUpdate();
        }
        test.commit();
        Remote.release.countDown();
        int total = quick + 3;

        await().atMost(Duration.ofSeconds(30)).until(() -> f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'done'") == total);
        assertThat(f.string("SELECT job_key FROM runner_run WHERE job_key = 'next'")).isEqualTo("next");
        assertThat(f.count("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM hand_backs_refused"))
            .as("the unit tried to hand its next batch back when the remote job started").isEqualTo(1);
        assertThat(runner.stats().handedBack()).as("the hand-back failed; the unit ran the batch instead").isZero();
      }
    }
  }
}
