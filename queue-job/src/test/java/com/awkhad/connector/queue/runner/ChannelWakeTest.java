package com.awkhad.connector.queue.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.awkhad.connector.queue.channel.ChannelConfig;
import com.awkhad.connector.queue.job.JobHandle;
import com.awkhad.connector.queue.job.JobOptions;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.time.Duration;
import java.util.List;

/**
 * Wake-ups found missing by porting the original's channel scenarios, with the runner's poll 10
 * minutes away so that only a wake-up can run the job within the test's wait: a starting runner
 * runs the jobs already pending at once, and cancelling or setting done the failed job that
 * blocks a sequential channel lets the channel's next job run at once.
 */
class ChannelWakeTest {

  private static RunnerOptions farPoll(String channels) {
    return RunnerOptions.of(ChannelConfig.parse(channels)).withPollInterval(Duration.ofMinutes(10));
  }

  private static String state(RunnerFixture f, JobHandle job) {
    return f.string("SELECT state FROM queue_job WHERE uuid = '" + job.uuid() + "'");
  }

  @DbTest
  void aStartingRunnerRunsTheJobsAlreadyPendingAtOnce(TestDb db) {
    try (RunnerFixture f = RunnerTest.fixture(db)) {
      JobHandle job = f.queue.enqueue(RunnerFixture.Work.class, w -> w.run("waiting before the start", 0));
      try (Runner runner = Runner.start(f.env, farPoll("root:2"))) {
        await().atMost(Duration.ofSeconds(30)).until(() -> "done".equals(state(f, job)));
      }
    }
  }

  @DbTest
  void cancellingTheFailedJobThatBlocksASequentialChannelRunsTheNextJobAtOnce(TestDb db) {
    freeingTheBlockedChannelRunsTheNextJob(db, true);
  }

  @DbTest
  void settingDoneTheFailedJobThatBlocksASequentialChannelRunsTheNextJobAtOnce(TestDb db) {
    freeingTheBlockedChannelRunsTheNextJob(db, false);
  }

  private static void freeingTheBlockedChannelRunsTheNextJob(TestDb db, boolean cancel) {
    try (RunnerFixture f = RunnerTest.fixture(db)) {
      JobOptions s = JobOptions.defaults().channel("root.S");
      JobHandle failed = f.queue.enqueue(RunnerFixture.Work.class, s, w -> w.run("failed", 0));
      f.env.tx().run(c -> {
        try (var ps = c.prepareStatement("UPDATE queue_job SET state = 'failed', exc_name = 'E' WHERE uuid = ?")) {
          ps.setString(1, failed.uuid());
          ps.executeUpdate();
        }
      });
      JobHandle next = f.queue.enqueue(RunnerFixture.Work.class, s, w -> w.run("next", 0));
      try (Runner runner = Runner.start(f.env, farPoll("root:2,S:1:sequential"))) {
        // its first claim, at start, found the channel blocked (read after the start, a count of
        // claims could already include it, and no other claim comes before the far poll)
        await().atMost(Duration.ofSeconds(30)).until(() -> runner.stats().claims() >= 1);
        assertThat(state(f, next)).as("blocked by the failed job").isEqualTo("pending");
        if (cancel) {
          assertThat(f.queue.admin().cancel(List.of(failed.uuid())).get(0).changed()).isTrue();
        } else {
          assertThat(f.queue.admin().setDone(List.of(failed.uuid())).get(0).changed()).isTrue();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "done".equals(state(f, next)));
      }
    }
  }
}
