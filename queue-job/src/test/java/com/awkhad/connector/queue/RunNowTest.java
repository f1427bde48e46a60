package com.awkhad.connector.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.awkhad.connector.queue.QueueFixture.Notes;
import com.awkhad.connector.queue.admin.AdminResult;
import com.awkhad.connector.queue.admin.JobAdmin;
import com.awkhad.connector.queue.read.JobFilter;
import com.awkhad.connector.queue.delay.Delayable;
import com.awkhad.connector.queue.job.JobHandle;
import com.awkhad.connector.queue.job.JobOptions;
import com.awkhad.connector.queue.job.JobRecord;
import com.awkhad.connector.queue.job.JobState;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** {@link JobAdmin#runNow}, {@link JobAdmin#runNowWaiting} and requeueing done jobs. */
class RunNowTest {

  private static final JobOptions IN_AN_HOUR = JobOptions.defaults().eta(Duration.ofHours(1));

  @DbTest
  void runNowSetsTheEtaOfPendingJobsToNowKeepsTheirTriesAndRefusesTheOthersSayingWhatToDo(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      JobAdmin admin = f.queue.admin();
      JobHandle scheduled = f.queue.enqueue(Notes.class, IN_AN_HOUR, n -> n.add("scheduled"));
      JobHandle retrying = f.queue.enqueue(Notes.class, n -> n.addThenRetry("retrying", 3600, false));
      f.queue.executor().runNow(retrying.uuid()); // try 1 fails: pending again, due in an hour
      JobHandle due = f.queue.enqueue(Notes.class, n -> n.add("due"));
      JobHandle failed = f.queue.enqueue(Notes.class, n -> n.addThenFail("failed"));
      f.queue.executor().runNow(failed.uuid());
      JobHandle done = f.queue.enqueue(Notes.class, n -> n.add("done"));
      f.queue.executor().runNow(done.uuid());
      Delayable parent = f.queue.delayable(Notes.class, IN_AN_HOUR, n -> n.add("parent"));
      Delayable child = f.queue.delayable(Notes.class, n -> n.add("child"));
      parent.onDone(child);
      parent.delay();
      assertThat(f.job(retrying.uuid()).retry()).isEqualTo(1);
      Instant before = Instant.now();

      List<AdminResult> results = admin.runNow(List.of(scheduled.uuid(), retrying.uuid(), due.uuid(), failed.uuid(),
          done.uuid(), child.handle().uuid(), "no-such-uuid"));

      assertThat(results).extracting(AdminResult::uuid).containsExactly(scheduled.uuid(), retrying.uuid(), due.uuid(),
          failed.uuid(), done.uuid(), child.handle().uuid(), "no-such-uuid");
      assertThat(results).extracting(AdminResult::changed).containsExactly(true, true, true, false, false, false, false);
      assertThat(results).extracting(AdminResult::was).containsExactly(AdminResult.SCHEDULED, AdminResult.RETRYING,
          AdminResult.DUE, "failed", "done", "wait_dependencies", AdminResult.MISSING);
      assertThat(results.get(0).message()).startsWith("set to run now (was scheduled for ").contains(", in ");
      assertThat(results.get(1).message()).startsWith("set to run now (was waiting to retry after try 1 of 5, due at ");
      assertThat(results.get(2).message()).startsWith("set to run now (was already due");
      assertThat(results.get(3).message()).isEqualTo("is failed: to run it again, use requeue (its tries start over)");
      assertThat(results.get(4).message()).isEqualTo("is done: to run it again, use requeue");
      assertThat(results.get(5).message()).startsWith("is wait_dependencies: it waits for the jobs it depends on");
      assertThat(results.get(6).message()).isEqualTo("no such job");

      for (JobHandle h : List.of(scheduled, retrying, due)) {
        JobRecord j = f.job(h.uuid());
        assertThat(j.state()).isEqualTo(JobState.PENDING);
        assertThat(j.eta()).isCloseTo(before, within(5, ChronoUnit.SECONDS));
      }
      assertThat(f.job(retrying.uuid()).retry()).as("run-now keeps the tries made").isEqualTo(1);
      assertThat(f.job(failed.uuid()).state()).isEqualTo(JobState.FAILED);
      assertThat(f.job(child.handle().uuid()).state()).isEqualTo(JobState.WAIT_DEPENDENCIES);

      f.queue.executor().runNow(scheduled.uuid());
      assertThat(f.notes()).contains("scheduled");
    }
  }

  @DbTest
  void countDueByCountsOpenJobsThatCanRunByThenAndNotThoseWaitingLonger(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      JobAdmin admin = f.queue.admin();
      f.queue.enqueue(Notes.class, n -> n.add("due"));
      f.queue.enqueue(Notes.class, JobOptions.defaults().eta(Duration.ofMinutes(1)), n -> n.add("in a minute"));
      f.queue.enqueue(Notes.class, IN_AN_HOUR, n -> n.add("in an hour"));
      JobHandle done = f.queue.enqueue(Notes.class, n -> n.add("done"));
      f.queue.executor().runNow(done.uuid());
      Instant now = Instant.now();

      assertThat(admin.countDueBy(now.plusSeconds(10))).isEqualTo(1);
      assertThat(admin.countDueBy(now.plus(Duration.ofMinutes(2)))).isEqualTo(2);
      assertThat(admin.countDueBy(now.plus(Duration.ofHours(2)))).as("a done job is not open").isEqualTo(3);
    }
  }

  @DbTest
  void runNowWaitingTakesOnlyPendingJobsWithAFutureEtaOfTheChannelAndBackendGiven(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      // jobs whose text starts with "b7" work for backend 7, "b8" for backend 8, the others for none
      f.queue.resolveBackends(Notes.class, (c, method, args) -> {
        String text = args.get(0).asText();
        return text.startsWith("b7") ? Long.valueOf(7) : text.startsWith("b8") ? Long.valueOf(8) : null;
      });
      JobOptions shop = IN_AN_HOUR.channel("root.shop");
      JobHandle b7shop = f.queue.enqueue(Notes.class, shop, n -> n.add("b7 shop"));
      JobHandle b7root = f.queue.enqueue(Notes.class, IN_AN_HOUR, n -> n.add("b7 root"));
      JobHandle b8shop = f.queue.enqueue(Notes.class, shop, n -> n.add("b8 shop"));
      JobHandle b7due = f.queue.enqueue(Notes.class, JobOptions.defaults().channel("root.shop"), n -> n.add("b7 due"));
      JobHandle none = f.queue.enqueue(Notes.class, shop, n -> n.add("no backend"));
      JobAdmin admin = f.queue.admin();
      assertThat(admin.list(JobFilter.all().backend(7L))).extracting(JobRecord::uuid)
          .containsExactlyInAnyOrder(b7shop.uuid(), b7root.uuid(), b7due.uuid());

      assertThat(admin.runNowWaiting("root.shop", 7L)).extracting(AdminResult::uuid).containsExactly(b7shop.uuid());
      assertThat(admin.runNowWaiting(null, 7L)).extracting(AdminResult::uuid).containsExactly(b7root.uuid());
      assertThat(admin.runNowWaiting(null, 7L)).as("nothing left waiting").isEmpty();
      Instant later = Instant.now().plus(Duration.ofMinutes(30));
      assertThat(f.job(b8shop.uuid()).eta()).isAfter(later);
      assertThat(f.job(none.uuid()).eta()).isAfter(later);
      assertThat(f.job(b7due.uuid()).eta()).as("a due job is left as it is").isNull();

      assertThat(admin.runNowWaiting("root.shop", null)).extracting(AdminResult::uuid)
          .containsExactlyInAnyOrder(b8shop.uuid(), none.uuid());
      assertThat(f.count("WHERE eta > ?", java.time.OffsetDateTime.now().plusMinutes(30))).isZero();
    }
  }

  @DbTest
  void theBackendResolverFillsEveryWayOfStoringJobs(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      f.queue.resolveBackends(Notes.class, (c, method, args) -> method.equals("add") ? Long.valueOf(args.get(0).asText().length()) : null);
      f.queue.delay(Notes.class).add("one");                           // one insert
      f.queue.batch(() -> {                                              // COPY on PostgreSQL, multi-row INSERT on H2
        f.queue.delay(Notes.class).add("four");
        f.queue.delay(Notes.class).add("fives");
      });
      Delayable a = f.queue.delayable(Notes.class, n -> n.add("sixsix"));
      a.onDone(f.queue.delayable(Notes.class, n -> n.addAndEcho("not add")));
      a.delay();                                                         // a graph

      assertThat(f.count("WHERE backend_id = 3")).isEqualTo(1);
      assertThat(f.count("WHERE backend_id = 4")).isEqualTo(1);
      assertThat(f.count("WHERE backend_id = 5")).isEqualTo(1);
      assertThat(f.count("WHERE backend_id = 6")).isEqualTo(1);
      assertThat(f.count("WHERE backend_id IS NULL")).as("the resolver said none for addAndEcho").isEqualTo(1);
    }
  }

  @DbTest
  void aDoneJobCanBeRequeuedAndRunsAgainWithoutItsOldResultButAPendingOneIsSentToRunNow(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      JobHandle done = f.queue.enqueue(Notes.class, n -> n.addAndEcho("again"));
      f.queue.executor().runNow(done.uuid());
      assertThat(f.job(done.uuid()).result()).isEqualTo("\"AGAIN\"");
      JobHandle pending = f.queue.enqueue(Notes.class, IN_AN_HOUR, n -> n.add("later"));

      List<AdminResult> results = f.queue.admin().requeue(List.of(done.uuid(), pending.uuid()));

      assertThat(results).containsExactly(new AdminResult(done.uuid(), true, "requeued: it runs again"),
          new AdminResult(pending.uuid(), false,
              "is pending: requeue takes failed, cancelled or done jobs; to run it at once, use run-now"));
      JobRecord requeued = f.job(done.uuid());
      assertThat(requeued.state()).isEqualTo(JobState.PENDING);
      assertThat(requeued.dateDone()).isNull();
      assertThat(requeued.result()).isNull();
      assertThat(requeued.execTime()).isNull();
      assertThat(requeued.retry()).isZero();
      f.queue.executor().runNow(done.uuid());
      assertThat(f.notes()).containsExactly("again", "again");
      assertThat(f.job(done.uuid()).state()).isEqualTo(JobState.DONE);
    }
  }
}
