package com.awkhad.connector.queue;

import static com.awkhad.connector.queue.delay.JobGraph.chain;
import static com.awkhad.connector.queue.delay.JobGraph.group;
import static org.assertj.core.api.Assertions.assertThat;

import com.awkhad.connector.queue.QueueFixture.Notes;
import com.awkhad.connector.queue.delay.Delayable;
import com.awkhad.connector.queue.job.JobHandle;
import com.awkhad.connector.queue.job.JobState;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

class GraphTest {

  private static Delayable note(QueueFixture f, String text) {
    return f.queue.delayable(Notes.class, n -> n.add(text));
  }

  private static JobState state(QueueFixture f, Delayable d) {
    return f.job(d.handle().uuid()).state();
  }

  private static Set<String> parents(QueueFixture f, Delayable d) {
    return Set.copyOf(f.queue.admin().dependencies(d.handle().uuid()).get(0));
  }

  private static Set<String> uuids(Delayable... ds) {
    return java.util.Arrays.stream(ds).map(d -> d.handle().uuid()).collect(Collectors.toSet());
  }

  @DbTest
  void groupThenGroupWaitsForTheWholeFirstGroup(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      Delayable j1 = note(f, "1"), j2 = note(f, "2"), j3 = note(f, "3"), j4 = note(f, "4");
      List<JobHandle> handles = chain(group(j1, j2), group(j3, j4)).delay();

      assertThat(handles).hasSize(4);
      assertThat(handles.stream().map(JobHandle::graphUuid).distinct()).hasSize(1).doesNotContainNull();
      assertThat(parents(f, j3)).isEqualTo(uuids(j1, j2));
      assertThat(parents(f, j4)).isEqualTo(uuids(j1, j2));
      assertThat(List.of(state(f, j1), state(f, j2), state(f, j3), state(f, j4)))
          .containsExactly(JobState.PENDING, JobState.PENDING, JobState.WAIT_DEPENDENCIES, JobState.WAIT_DEPENDENCIES);

      f.queue.executor().runNow(j1.handle().uuid());
      assertThat(state(f, j3)).isEqualTo(JobState.WAIT_DEPENDENCIES);
      f.queue.executor().runNow(j2.handle().uuid());
      assertThat(List.of(state(f, j3), state(f, j4))).containsExactly(JobState.PENDING, JobState.PENDING);
    }
  }

  @DbTest
  void aDiamondRunsTheMiddleInParallelAndTheEndLast(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      Delayable j1 = note(f, "1"), j2 = note(f, "2"), j3 = note(f, "3"), j4 = note(f, "4");
      chain(j1, group(j2, j3), j4).delay();

      assertThat(parents(f, j2)).isEqualTo(uuids(j1));
      assertThat(parents(f, j3)).isEqualTo(uuids(j1));
      assertThat(parents(f, j4)).isEqualTo(uuids(j2, j3));
      f.queue.executor().runNow(j1.handle().uuid());
      assertThat(List.of(state(f, j2), state(f, j3), state(f, j4)))
          .containsExactly(JobState.PENDING, JobState.PENDING, JobState.WAIT_DEPENDENCIES);
      f.queue.executor().runNow(j3.handle().uuid());
      f.queue.executor().runNow(j2.handle().uuid());
      f.queue.executor().runNow(j4.handle().uuid());
      assertThat(f.notes()).containsExactly("1", "3", "2", "4");
    }
  }

  @DbTest
  void nestedGroupsMakeALinearChain(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      Delayable j1 = note(f, "1"), j2 = note(f, "2"), j3 = note(f, "3");
      chain(group(chain(j1, j2)), group(group(j3))).delay();

      assertThat(parents(f, j1)).isEmpty();
      assertThat(parents(f, j2)).isEqualTo(uuids(j1));
      assertThat(parents(f, j3)).isEqualTo(uuids(j2));
    }
  }

  @DbTest
  void aFailedParentBlocksOnlyItsDescendantsUntilSetDone(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      Delayable failing = f.queue.delayable(Notes.class, n -> n.addThenFail("parent"));
      Delayable child = note(f, "child"), grandchild = note(f, "grandchild"), sibling = note(f, "sibling");
      group(chain(failing, child, grandchild), sibling).delay();

      f.queue.executor().runNow(failing.handle().uuid());
      f.queue.executor().runNow(sibling.handle().uuid());
      assertThat(List.of(state(f, failing), state(f, sibling), state(f, child), state(f, grandchild)))
          .containsExactly(JobState.FAILED, JobState.DONE, JobState.WAIT_DEPENDENCIES, JobState.WAIT_DEPENDENCIES);

      assertThat(f.queue.admin().setDone(List.of(failing.handle().uuid())).get(0).changed()).isTrue();
      assertThat(state(f, child)).isEqualTo(JobState.PENDING);
      assertThat(state(f, grandchild)).isEqualTo(JobState.WAIT_DEPENDENCIES);
      f.queue.executor().runNow(child.handle().uuid());
      f.queue.executor().runNow(grandchild.handle().uuid());
      assertThat(f.notes()).containsExactly("sibling", "child", "grandchild");
    }
  }

  @DbTest
  void cancellingPropagatesToChildrenWhoseParentsAreAllCancelled(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      Delayable a = note(f, "a"), b = note(f, "b"), joined = note(f, "joined"), after = note(f, "after");
      chain(group(a, b), joined, after).delay();

      f.queue.admin().cancel(List.of(a.handle().uuid()));
      assertThat(state(f, joined)).as("b is still waiting").isEqualTo(JobState.WAIT_DEPENDENCIES);
      f.queue.admin().cancel(List.of(b.handle().uuid()));
      assertThat(List.of(state(f, a), state(f, b), state(f, joined), state(f, after)))
          .containsOnly(JobState.CANCELLED);
    }
  }

  @DbTest
  void aJobDelayedEarlierCanBecomeAChild(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      Delayable early = note(f, "early");
      early.delay();
      assertThat(state(f, early)).isEqualTo(JobState.PENDING);
      Delayable first = note(f, "first");
      first.onDone(early).delay();
      assertThat(state(f, early)).isEqualTo(JobState.WAIT_DEPENDENCIES);
      f.queue.executor().runNow(first.handle().uuid());
      assertThat(state(f, early)).isEqualTo(JobState.PENDING);
    }
  }

  @DbTest
  void twoParentsFinishingConcurrentlyStillReleaseTheirChild(TestDb db) throws Exception {
    try (QueueFixture f = QueueFixture.start(db)) {
      Delayable p1 = note(f, "p1"), p2 = note(f, "p2"), child = note(f, "child");
      group(p1, p2).onDone(child).delay();
      java.util.concurrent.CyclicBarrier bothDone = new java.util.concurrent.CyclicBarrier(2);
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
      try {
        List<java.util.concurrent.Future<List<String>>> released = new java.util.ArrayList<>();
        for (Delayable parent : List.of(p1, p2)) {
          released.add(pool.submit(() -> f.env.tx().inTransaction(c -> {
            c.createStatement().executeUpdate("UPDATE queue_job SET state = 'done' WHERE uuid = '" + parent.handle().uuid() + "'");
            bothDone.await(20, java.util.concurrent.TimeUnit.SECONDS); // each has set its parent done, neither committed
            return f.queue.store().releaseChildren(c, parent.handle().uuid());
          })));
        }
        List<String> all = new java.util.ArrayList<>();
        for (var r : released) {
          all.addAll(r.get(30, java.util.concurrent.TimeUnit.SECONDS));
        }
        assertThat(all).containsExactly(child.handle().uuid());
        assertThat(state(f, child)).isEqualTo(JobState.PENDING);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @DbTest
  void identityKeysInAGraphReuseOpenJobs(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      com.awkhad.connector.queue.job.JobOptions k1 = com.awkhad.connector.queue.job.JobOptions.defaults().identityKey("k1");
      com.awkhad.connector.queue.job.JobOptions k2 = com.awkhad.connector.queue.job.JobOptions.defaults().identityKey("k2");
      JobHandle open = f.queue.enqueue(Notes.class, k1, n -> n.add("already waiting"));

      // every keyed job of the graph has an open duplicate: nothing is stored
      Delayable dup = f.queue.delayable(Notes.class, k1, n -> n.add("dup"));
      Delayable plain = note(f, "plain");
      chain(dup, plain).delay();
      assertThat(dup.handle().uuid()).isEqualTo(open.uuid());
      assertThat(dup.handle().existing()).isTrue();
      assertThat(plain.handle()).isNull();
      assertThat(f.count("")).isEqualTo(1);

      // otherwise the open job stands in for its vertex and its children wait for it
      Delayable dupAgain = f.queue.delayable(Notes.class, k1, n -> n.add("dup"));
      Delayable fresh = f.queue.delayable(Notes.class, k2, n -> n.add("fresh"));
      chain(dupAgain, fresh).delay();
      assertThat(dupAgain.handle().uuid()).isEqualTo(open.uuid());
      assertThat(parents(f, fresh)).containsExactly(open.uuid());
      assertThat(state(f, fresh)).isEqualTo(JobState.WAIT_DEPENDENCIES);
      f.queue.executor().runNow(open.uuid());
      assertThat(state(f, fresh)).isEqualTo(JobState.PENDING);
    }
  }

  @DbTest
  void inNoDelayModeAGraphRunsInTopologicalOrder(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      Delayable j1 = note(f, "1"), j2 = note(f, "2"), j3 = note(f, "3"), j4 = note(f, "4");
      try (Queue.Scope inline = f.queue.noDelay()) {
        chain(j1, group(j2, j3), j4).delay();
      }
      assertThat(f.notes()).containsExactly("1", "2", "3", "4");
      assertThat(f.count("")).isZero();
    }
  }
}
