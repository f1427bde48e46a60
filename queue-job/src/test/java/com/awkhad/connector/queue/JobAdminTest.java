package com.awkhad.connector.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.awkhad.connector.queue.QueueFixture.Notes;
import com.awkhad.connector.queue.admin.AdminResult;
import com.awkhad.connector.queue.admin.JobAdmin;
import com.awkhad.connector.queue.read.JobFilter;
import com.awkhad.connector.queue.job.JobHandle;
import com.awkhad.connector.queue.job.JobOptions;
import com.awkhad.connector.queue.job.JobRecord;
import com.awkhad.connector.queue.job.JobState;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.util.List;

class JobAdminTest {

  @DbTest
  void failedJobsAreListedAndRequeuedWithTheirTriesReset(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      JobHandle bad = f.queue.enqueue(Notes.class, n -> n.addThenFail("x"));
      JobHandle good = f.queue.enqueue(Notes.class, JobOptions.defaults().channel("root.other"), n -> n.add("y"));
      f.queue.executor().runNow(bad.uuid());
      JobAdmin admin = f.env.service(JobAdmin.class);

      assertThat(admin.list(JobFilter.all().state(JobState.FAILED))).extracting(JobRecord::uuid).containsExactly(bad.uuid());
      assertThat(admin.list(JobFilter.all().channel("root.other"))).extracting(JobRecord::uuid).containsExactly(good.uuid());
      assertThat(admin.list(JobFilter.all(), 1)).hasSize(1);
      assertThat(admin.countByState()).containsEntry(JobState.FAILED, 1L).containsEntry(JobState.PENDING, 1L);

      List<AdminResult> results = admin.requeueAll(JobState.FAILED);
      assertThat(results).containsExactly(new AdminResult(bad.uuid(), true, "requeued"));
      JobRecord requeued = f.job(bad.uuid());
      assertThat(requeued.state()).isEqualTo(JobState.PENDING);
      assertThat(requeued.retry()).isZero();

      assertThat(admin.requeue(List.of(good.uuid(), "missing")))
          .containsExactly(new AdminResult(good.uuid(), false,
              "is pending: requeue takes failed, cancelled or done jobs; to run it at once, use run-now"),
              new AdminResult("missing", false, "no such job"));
    }
  }

  @DbTest
  void requeueingDoesNotDuplicateAnOpenJobWithTheSameIdentityKey(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      JobOptions keyed = JobOptions.defaults().identityKey("k");
      JobHandle first = f.queue.enqueue(Notes.class, keyed, n -> n.addThenFail("1"));
      f.queue.executor().runNow(first.uuid());
      JobHandle second = f.queue.enqueue(Notes.class, keyed, n -> n.add("2"));
      assertThat(second.existing()).isFalse();

      AdminResult r = f.queue.admin().requeue(List.of(first.uuid())).get(0);
      assertThat(r.changed()).isFalse();
      assertThat(r.message()).contains("job " + second.uuid() + " with the same identity key is already waiting");
      assertThat(f.job(first.uuid()).state()).isEqualTo(JobState.FAILED);
    }
  }

  @DbTest
  void cancelAndSetDoneRefuseRunningJobs(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      JobHandle a = f.queue.enqueue(Notes.class, n -> n.add("a"));
      JobHandle b = f.queue.enqueue(Notes.class, n -> n.add("b"));
      f.env.tx().run(c -> c.createStatement().executeUpdate("UPDATE queue_job SET state = 'started' WHERE uuid = '" + b.uuid() + "'"));

      assertThat(f.queue.admin().cancel(List.of(a.uuid(), b.uuid())))
          .containsExactly(new AdminResult(a.uuid(), true, "cancelled"),
              new AdminResult(b.uuid(), false, "is started: it is running; wait for it to end"));
      assertThat(f.job(a.uuid()).dateCancelled()).isNotNull();
      assertThat(f.queue.admin().setDone(List.of(a.uuid(), b.uuid())))
          .containsExactly(new AdminResult(a.uuid(), true, "set done"),
              new AdminResult(b.uuid(), false, "is started: it is running"));
      assertThat(f.job(a.uuid()).state()).isEqualTo(JobState.DONE);
      assertThat(f.job(a.uuid()).result()).isEqualTo("Manually set to done");
    }
  }

  @DbTest
  void autovacuumDeletesOldDoneAndCancelledJobsInBatchesPerChannelInterval(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      f.env.tx().run(c -> c.createStatement().executeUpdate(
          "INSERT INTO queue_job_channel (name, removal_interval_days) VALUES ('root.short', 1)"));
      for (int i = 0; i < 7; i++) {
        f.queue.delay(Notes.class).add("old " + i);
      }
      f.queue.delay(Notes.class, JobOptions.defaults().channel("root.short")).add("short");
      f.queue.delay(Notes.class).add("recent");
      f.queue.delay(Notes.class).add("still pending");
      f.env.tx().run(c -> {
        c.createStatement().executeUpdate("UPDATE queue_job SET state = 'done', date_done = CURRENT_TIMESTAMP - INTERVAL '40' DAY"
            + " WHERE description = 'Notes.add' AND args LIKE '[\"old%'");
        c.createStatement().executeUpdate("UPDATE queue_job SET state = 'cancelled', date_cancelled = CURRENT_TIMESTAMP - INTERVAL '2' DAY"
            + " WHERE channel = 'root.short'");
        c.createStatement().executeUpdate("UPDATE queue_job SET state = 'done', date_done = CURRENT_TIMESTAMP - INTERVAL '2' DAY"
            + " WHERE args = '[\"recent\"]'");
      });

      long deleted = f.queue.admin().autovacuum(3);

      assertThat(deleted).isEqualTo(8);
      assertThat(f.queue.admin().list(JobFilter.all())).extracting(JobRecord::args)
          .containsExactlyInAnyOrder("[\"recent\"]", "[\"still pending\"]");
    }
  }
}
