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
 * Run-now wakes the runners: a job moved from an eta an hour away runs at once, although its
 * state did not change (no trigger fired) and the runner's timer and poll are far away.
 */
class RunNowWakeTest {

  private static RunnerOptions farPoll() {
    return RunnerOptions.of(ChannelConfig.parse("root:2")).withPollInterval(Duration.ofMinutes(10));
  }

  private static JobHandle inAnHour(RunnerFixture f, String key) {
    return f.queue.enqueue(RunnerFixture.Work.class, JobOptions.defaults().eta(Duration.ofHours(1)), w -> w.run(key, 0));
  }

  @DbTest
  void runNowInTheRunnersProcessWakesItAtOnce(TestDb db) {
    try (RunnerFixture f = RunnerTest.fixture(db); Runner runner = Runner.start(f.env, farPoll())) {
      JobHandle job = inAnHour(f, "moved");
      await().atMost(Duration.ofSeconds(10)).until(() -> runner.stats().claims() > 0); // it looked once and saw nothing due
      assertThat(f.queue.admin().runNow(List.of(job.uuid())).get(0).changed()).isTrue();
      await().atMost(Duration.ofSeconds(20)).until(() -> "done".equals(f.string("SELECT state FROM queue_job")));
    }
  }

  /** Another process (the CLI) moves the job: NOTIFY reaches the runner, with the wake hints turned off. */
  @DbTest("postgresql")
  void runNowFromAnotherProcessWakesTheRunnerThroughNotify(TestDb db) {
    try (RunnerFixture f = RunnerTest.fixture(db); Runner runner = Runner.start(f.env, farPoll())) {
      JobHandle job = inAnHour(f, "moved elsewhere");
      await().atMost(Duration.ofSeconds(10)).until(() -> runner.stats().claims() > 0);
      RunnerFixture cli;
      System.setProperty("connector.queue.wakeHints", "off");
      try {
        cli = RunnerTest.fixture(db);
      } finally {
        System.clearProperty("connector.queue.wakeHints");
      }
      try (cli) {
        assertThat(cli.queue.wakeHints()).isEmpty();
        assertThat(cli.queue.admin().runNowWaiting(null, null)).hasSize(1);
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> "done".equals(f.string("SELECT state FROM queue_job")));
      assertThat(f.string("SELECT uuid FROM queue_job")).isEqualTo(job.uuid());
    }
  }
}
