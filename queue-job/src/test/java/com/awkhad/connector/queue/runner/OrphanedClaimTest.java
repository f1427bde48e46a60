package com.awkhad.connector.queue.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.awkhad.connector.queue.job.JobOptions;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A job claimed for a unit of a live runner that no worker of it holds (a claim whose commit the
 * runner saw fail though it committed, a worker thread that ended): nobody else releases it while
 * the runner heartbeats, so the runner's own heartbeat puts it back to pending. A job a worker
 * does hold is left alone, however long it runs.
 *
 * <p>No sleeps: the runner's own heartbeat is 10 minutes away; the test calls it.
 */
class OrphanedClaimTest {

  @DbTest
  void aJobClaimedForALiveRunnersUnitThatNoWorkerHoldsGoesBackToPendingAndRuns(TestDb db) throws Exception {
    LateRunnerTest.Blocking.reset();
    try (RunnerFixture f = RunnerTest.fixture(db)) {
      Runner runner = Runner.start(f.env, LateRunnerTest.lateOptions("root:2").withWorkers(2));
      try {
        // held: a worker runs it (blocked on the latch) while the heartbeat sweeps
        f.queue.delay(LateRunnerTest.Blocking.class).run("block");
        assertThat(LateRunnerTest.Blocking.started.await(60, TimeUnit.SECONDS)).as("the held job started").isTrue();
        // orphaned: claimed for unit 1 (idle) without being handed to it
        f.queue.delay(LateRunnerTest.Blocking.class, JobOptions.defaults().eta(Duration.ofDays(1))).run("orphan");
        String unit = runner.workerId() + "/1";
        f.env.tx().run(c -> {
          try (var ps = c.prepareStatement("UPDATE queue_job SET state = 'enqueued', worker_id = ?, eta = NULL,"
              + " date_enqueued = CURRENT_TIMESTAMP WHERE args LIKE '%\"orphan\"%'")) {
            ps.setString(1, unit);
            assertThat(ps.executeUpdate()).isEqualTo(1);
          }
        });
        assertThat(LateRunnerTest.row(f, "orphan")).isEqualTo("enqueued:0:" + unit);

        runner.heartbeat();
        assertThat(LateRunnerTest.row(f, "orphan")).as("one sweep only suspects it").isEqualTo("enqueued:0:" + unit);
        runner.heartbeat(); // the next one finds it still held by nobody

        // back to pending with a try counted for the orphaned claim, then claimed and run like any
        // other job (done counts its own try: 2)
        await().atMost(Duration.ofSeconds(60)).until(() -> LateRunnerTest.row(f, "orphan").startsWith("done:"));
        assertThat(LateRunnerTest.row(f, "orphan")).startsWith("done:2:");
        assertThat(LateRunnerTest.runs(f, "orphan")).isEqualTo(1);
        // the job a worker holds was not touched
        assertThat(LateRunnerTest.row(f, "block")).isEqualTo("started:0:" + runner.workerId() + "/0");
        LateRunnerTest.Blocking.release.countDown();
        await().atMost(Duration.ofSeconds(60)).until(() -> LateRunnerTest.row(f, "block").startsWith("done:"));
        assertThat(LateRunnerTest.row(f, "block")).isEqualTo("done:1:" + runner.workerId() + "/0");
        assertThat(LateRunnerTest.runs(f, "block")).isEqualTo(1);
      } finally {
        LateRunnerTest.Blocking.release.countDown();
        runner.close();
      }
    }
  }

  @DbTest("h2")
  void aBatchRunningLongerThanTheLimitIsReportedOnceWithWhereItsThreadWaits(TestDb db) throws Exception {
    LateRunnerTest.Blocking.reset();
    try (RunnerFixture f = RunnerTest.fixture(db)) {
      Runner runner = Runner.start(f.env, LateRunnerTest.lateOptions("root:1"));
      try {
        assertThat(runner.reportStuckWorkers(Duration.ZERO)).as("nothing runs").isEmpty();
        f.queue.delay(LateRunnerTest.Blocking.class).run("block");
        assertThat(LateRunnerTest.Blocking.started.await(60, TimeUnit.SECONDS)).isTrue();
        long id = f.count("SELECT id FROM queue_job WHERE args LIKE '%\"block\"%'");

        assertThat(runner.reportStuckWorkers(Duration.ofHours(1))).as("not past the limit").isEmpty();
        java.util.List<String> report = runner.reportStuckWorkers(Duration.ZERO);
        assertThat(report).singleElement().asString()
            .contains("worker " + runner.workerId() + "/0 has run jobs [" + id + "]")
            .contains("CountDownLatch.await")
            .contains("LateRunnerTest$Blocking.run");
        assertThat(runner.reportStuckWorkers(Duration.ZERO)).as("once per batch").isEmpty();
      } finally {
        LateRunnerTest.Blocking.release.countDown();
        runner.close();
      }
    }
  }
}
