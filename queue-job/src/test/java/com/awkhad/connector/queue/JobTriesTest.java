package com.awkhad.connector.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.awkhad.connector.queue.QueueFixture.Notes;
import com.awkhad.connector.queue.job.JobHandle;
import com.awkhad.connector.queue.job.JobOptions;
import com.awkhad.connector.queue.store.JobTries;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.util.List;

class JobTriesTest {

  @DbTest
  void everyTryThatDidNotSucceedAndEveryActionIsKeptUntilTheAutovacuumRemovesTheJob(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      JobHandle h = f.queue.enqueue(Notes.class, JobOptions.defaults().maxRetries(2), n -> n.retryWithNote("x"));
      f.queue.executor().runNow(h.uuid());
      f.queue.executor().runNow(h.uuid());
      f.queue.admin().by("cli (user ops)").requeue(List.of(h.uuid()));
      f.queue.admin().by("dashboard/API, admin token").setDone(List.of(h.uuid()));

      List<JobTries.Entry> history = f.queue.admin().history(h.uuid());

      assertThat(history).extracting(JobTries.Entry::kind, JobTries.Entry::tryNumber, JobTries.Entry::outcome,
          JobTries.Entry::actor).containsExactly(
              org.assertj.core.groups.Tuple.tuple("try", 1, JobTries.RETRIED, null),
              org.assertj.core.groups.Tuple.tuple("try", 2, JobTries.FAILED, null),
              org.assertj.core.groups.Tuple.tuple("action", null, JobTries.REQUEUED, "cli (user ops)"),
              org.assertj.core.groups.Tuple.tuple("action", null, JobTries.SET_DONE, "dashboard/API, admin token"));
      assertThat(history.get(0).excMessage()).startsWith("shop busy: x. It asked to come back in 1 s; retry 1 of 2");
      assertThat(history.get(0).startedAt()).isNotNull().isBeforeOrEqualTo(history.get(0).endedAt());
      assertThat(history.get(1).excMessage()).isEqualTo("Max. retries (2) reached: shop busy: x");
      assertThat(history.get(1).excInfo()).contains("retryWithNote");
      assertThat(f.job(h.uuid()).setDoneByHand()).isTrue();

      f.env.tx().run(c -> c.createStatement().executeUpdate(
          "UPDATE queue_job SET date_done = CURRENT_TIMESTAMP - INTERVAL '40' DAY WHERE uuid = '" + h.uuid() + "'"));
      assertThat(f.queue.admin().autovacuum(10)).isEqualTo(1);
      assertThat(f.queue.admin().history(h.uuid())).isEmpty();
    }
  }
}
