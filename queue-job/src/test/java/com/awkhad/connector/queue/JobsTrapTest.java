package com.awkhad.connector.queue;

import static com.awkhad.connector.queue.delay.JobGraph.chain;
import static com.awkhad.connector.queue.delay.JobGraph.group;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.queue.QueueFixture.Notes;
import com.awkhad.connector.queue.job.JobHandle;
import com.awkhad.connector.queue.job.JobOptions;
import com.awkhad.connector.queue.testing.JobsTrap;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;

class JobsTrapTest {

  @DbTest
  void trappedJobsAreCountedAssertedAndPerformedByPriority(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db);
        JobsTrap trap = JobsTrap.install(f.queue)) {
      f.queue.delay(Notes.class).add("normal");
      f.queue.delay(Notes.class, JobOptions.defaults().priority(1).channel("root.fast")).add("urgent");
      f.queue.delay(Notes.class).addAndEcho("echo");

      trap.assertJobsCount(3);
      trap.assertJobsCount(2, Notes.class, "add");
      trap.assertEnqueued(Notes.class, n -> n.add("normal"));
      trap.assertEnqueued(Notes.class, JobOptions.defaults().priority(1), n -> n.add("urgent"));
      assertThatThrownBy(() -> trap.assertEnqueued(Notes.class, JobOptions.defaults().priority(1), n -> n.add("normal")))
          .isInstanceOf(AssertionError.class).hasMessageContaining("got priority 10");
      assertThatThrownBy(() -> trap.assertEnqueued(Notes.class, n -> n.add("absent")))
          .isInstanceOf(AssertionError.class).hasMessageContaining("No delayed job Notes.add[\"absent\"]");
      assertThatThrownBy(() -> trap.assertJobsCount(1)).hasMessageContaining("Expected 1 delayed job(s), got 3");
      assertThat(f.count("")).as("nothing stored").isZero();

      trap.performEnqueuedJobs();

      assertThat(f.notes()).containsExactly("urgent", "normal", "echo");
    }
  }

  @DbTest
  void theTrapHonoursIdentityKeysAndGraphOrder(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db);
        JobsTrap trap = JobsTrap.install(f.queue)) {
      JobHandle first = f.queue.enqueue(Notes.class, JobOptions.defaults().identityExact(), n -> n.add("once"));
      JobHandle again = f.queue.enqueue(Notes.class, JobOptions.defaults().identityExact(), n -> n.add("once"));
      assertThat(again.existing()).isTrue();
      assertThat(again.uuid()).isEqualTo(first.uuid());
      trap.assertEnqueued(Notes.class, JobOptions.defaults().identityExact(), n -> n.add("once"));

      var last = f.queue.delayable(Notes.class, JobOptions.defaults().priority(0), n -> n.add("last"));
      chain(f.queue.delayable(Notes.class, n -> n.add("g1")),
          group(f.queue.delayable(Notes.class, n -> n.add("g2")), f.queue.delayable(Notes.class, n -> n.add("g3"))),
          last).delay();
      trap.assertJobsCount(5);

      trap.performEnqueuedJobs();

      assertThat(f.notes()).containsExactly("once", "g1", "g2", "g3", "last");
    }
  }
}
