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
        // the job counted "started" down just before it waits: let it reach the wait the report shows
        await().atMost(Duration.ofSeconds(10)).until(OrphanedClaimTest::theBlockingJobWaits);

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

  /** Whether a thread runs {@code LateRunnerTest.Blocking} and waits (on its release latch). */
  static boolean theBlockingJobWaits() {
    return Thread.getAllStackTraces().entrySet().stream()
        .filter(e -> e.getKey().getState() == Thread.State.TIMED_WAITING || e.getKey().getState() == Thread.State.WAITING)
        .anyMatch(e -> java.util.Arrays.stream(e.getValue()).anyMatch(frame -> frame.getClassName().endsWith("LateRunnerTest$Blocking")));
  }
}
