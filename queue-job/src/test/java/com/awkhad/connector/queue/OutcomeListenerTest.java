package com.awkhad.connector.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.awkhad.connector.queue.QueueFixture.Notes;
import com.awkhad.connector.queue.channel.ChannelConfig;
import com.awkhad.connector.queue.exec.JobExecutor;
import com.awkhad.connector.queue.exec.Outcome;
import com.awkhad.connector.queue.exec.OutcomeListener;
import com.awkhad.connector.queue.job.JobHandle;
import com.awkhad.connector.queue.job.JobOptions;
import com.awkhad.connector.queue.job.JobRecord;
import com.awkhad.connector.queue.runner.Runner;
import com.awkhad.connector.queue.runner.RunnerOptions;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** {@link JobExecutor#addOutcomeListener}: told of each recorded outcome after its commit, never before or on rollback. */
class OutcomeListenerTest {
  private record Seen(String uuid, String function, Class<?> outcome, Duration runTime) {}

  private static OutcomeListener into(List<Seen> seen) {
    return (job, outcome, runTime) -> seen.add(new Seen(job.uuid(), job.funcName(), outcome.getClass(), runTime));
  }

  @DbTest
  void reportsDoneRetriedAndFailedTriesWithTheirFunctionAndRunTime(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      List<Seen> seen = new CopyOnWriteArrayList<>();
      JobExecutor executor = f.queue.executor();
      executor.addOutcomeListener(into(seen));
      JobHandle done = f.queue.enqueue(Notes.class, n -> n.add("ok"));
      JobHandle retried = f.queue.enqueue(Notes.class, n -> n.addThenRetry("later", 60, false));
      JobHandle failed = f.queue.enqueue(Notes.class, n -> n.addThenFail("no"));

      executor.runNow(done.uuid());
      executor.runNow(retried.uuid());
      executor.runNow(failed.uuid());

      String fn = Notes.class.getName();
      assertThat(seen).extracting(Seen::uuid, Seen::function, Seen::outcome).containsExactly(
          org.assertj.core.groups.Tuple.tuple(done.uuid(), fn + ".add", Outcome.Done.class),
          org.assertj.core.groups.Tuple.tuple(retried.uuid(), fn + ".addThenRetry", Outcome.Retry.class),
          org.assertj.core.groups.Tuple.tuple(failed.uuid(), fn + ".addThenFail", Outcome.Failed.class));
      assertThat(seen).allSatisfy(s -> assertThat(s.runTime()).isNotNull().isGreaterThanOrEqualTo(Duration.ZERO));
    }
  }

  @DbTest
  void isToldOnlyAfterTheCommitAndNotAtAllWhenTheTransactionRollsBack(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      List<Seen> seen = new CopyOnWriteArrayList<>();
      JobExecutor executor = f.queue.executor();
      executor.addOutcomeListener(into(seen));
      JobHandle h = f.queue.enqueue(Notes.class, n -> n.add("x"));
      f.env.tx().run(c -> {
        try (PreparedStatement ps = c.prepareStatement("UPDATE queue_job SET state = 'enqueued' WHERE uuid = ?")) {
          ps.setString(1, h.uuid());
          ps.executeUpdate();
        }
      });
      JobRecord job = f.job(h.uuid());

      assertThatThrownBy(() -> f.env.tx().run(c -> {
        assertThat(executor.record(job, executor.perform(job))).isTrue();
        assertThat(seen).as("not before the commit").isEmpty();
        throw new IllegalStateException("roll back");
      })).hasMessageContaining("roll back");
      assertThat(seen).as("a rolled back outcome is not reported").isEmpty();

      f.env.tx().run(c -> executor.record(job, executor.perform(job)));
      assertThat(seen).extracting(Seen::uuid).containsExactly(h.uuid());
    }
  }

  @DbTest
  void reportsTheJobsOfARunnerIncludingThoseDoneTogetherInOneBatch(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      List<Seen> seen = new CopyOnWriteArrayList<>();
      f.queue.executor().addOutcomeListener(into(seen));
      for (int i = 0; i < 20; i++) {
        f.queue.delay(Notes.class).add("n" + i);
      }
      f.queue.enqueue(Notes.class, JobOptions.defaults().maxRetries(1), n -> n.addThenFail("bad"));

      try (Runner runner = Runner.start(f.env, RunnerOptions.of(ChannelConfig.parse("root:2")))) {
        await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == 21);
      }
      assertThat(seen).filteredOn(s -> s.outcome() == Outcome.Done.class).hasSize(20);
      assertThat(seen).filteredOn(s -> s.outcome() == Outcome.Failed.class).extracting(Seen::function)
          .containsExactly(Notes.class.getName() + ".addThenFail");
    }
  }

  @DbTest
  void aListenerThatThrowsDoesNotDisturbTheOthersNorTheJob(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      List<Seen> seen = new CopyOnWriteArrayList<>();
      OutcomeListener broken = (job, outcome, runTime) -> {
        throw new IllegalStateException("listener bug");
      };
      f.queue.executor().addOutcomeListener(broken);
      f.queue.executor().addOutcomeListener(into(seen));
      JobHandle h = f.queue.enqueue(Notes.class, n -> n.add("y"));

      assertThat(f.queue.executor().runNow(h.uuid())).isInstanceOf(Outcome.Done.class);
      assertThat(seen).hasSize(1);
      assertThat(f.notes()).containsExactly("y");

      f.queue.executor().removeOutcomeListener(broken);
      JobHandle next = f.queue.enqueue(Notes.class, n -> n.add("z"));
      f.queue.executor().runNow(next.uuid());
      assertThat(seen).extracting(Seen::uuid).containsExactly(h.uuid(), next.uuid());
    }
  }
}
