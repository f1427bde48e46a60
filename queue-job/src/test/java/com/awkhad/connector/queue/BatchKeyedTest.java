package com.awkhad.connector.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.queue.QueueFixture.Notes;
import com.awkhad.connector.queue.delay.Delayer;
import com.awkhad.connector.queue.job.JobHandle;
import com.awkhad.connector.queue.job.JobOptions;
import com.awkhad.connector.queue.job.JobRecord;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link Queue#batchKeyed}: keyed jobs stored together, each deduplicated by its identity key as
 * a single delay would be, with exact handles returned in order.
 */
class BatchKeyedTest {

  private static JobOptions key(String k) {
    return JobOptions.defaults().identityKey(k);
  }

  @DbTest
  void keyedJobsAreStoredOncePerOpenKeyAndTheReturnedHandlesSayWhich(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      JobHandle before = f.queue.enqueue(Notes.class, key("k3"), x -> x.add("stored before"));
      int n = Delayer.BATCH_FLUSH_SIZE + 200; // a flush inside the body, several 128-row statements each
      List<JobHandle> provisional = new ArrayList<>();
      List<JobHandle> handles = f.queue.batchKeyed(() -> {
        for (int i = 0; i < n; i++) {
          // every key twice in a row (the second finds the first), k3 held by the job stored before,
          // and a job without key every 7th
          String k = "k" + (i / 2);
          String text = i % 7 == 0 ? "plain " + i : k;
          provisional.add(f.queue.enqueue(Notes.class, i % 7 == 0 ? JobOptions.defaults() : key(k), x -> x.add(text)));
        }
      });

      assertThat(handles).hasSize(n);
      assertThat(provisional).allMatch(h -> !h.existing());
      int plain = 0;
      List<String> firstOfKey = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        JobHandle h = handles.get(i);
        if (i % 7 == 0) {
          plain++;
          assertThat(h).isEqualTo(provisional.get(i));
          continue;
        }
        String k = "k" + (i / 2);
        JobRecord stored = f.job(h.uuid());
        assertThat(stored.identityKey()).isEqualTo(k);
        boolean firstOne = i % 2 == 0 || (i - 1) % 7 == 0; // the pair's first was a plain job: this one is first
        if (k.equals("k3")) {
          assertThat(h).as("job %d, key held before the batch", i).isEqualTo(new JobHandle(before.uuid(), null, true));
        } else if (firstOne) {
          assertThat(h).as("job %d, first of its key", i).isEqualTo(provisional.get(i));
          firstOfKey.add(h.uuid());
        } else {
          assertThat(h).as("job %d, second of its key", i).isEqualTo(new JobHandle(handles.get(i - 1).uuid(), null, true));
        }
      }
      assertThat(f.count("WHERE identity_key IS NULL")).isEqualTo(plain);
      assertThat(f.count("WHERE identity_key IS NOT NULL")).isEqualTo(firstOfKey.size() + 1);
      assertThat(f.count("WHERE identity_key = 'k3'")).isEqualTo(1);
    }
  }

  @DbTest
  void nothingIsStoredWhenTheBodyFailsAndAnOuterBatchGoesOnAround(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      assertThatThrownBy(() -> f.queue.batchKeyed(() -> {
        for (int i = 0; i < Delayer.BATCH_FLUSH_SIZE + 5; i++) { // one flush written, then the failure
          f.queue.enqueue(Notes.class, key("f" + i), x -> x.add("f"));
        }
        throw new IllegalStateException("the listing fails");
      })).hasMessageContaining("the listing fails");
      assertThat(f.count("")).isZero();

      List<JobHandle> inner = new ArrayList<>();
      f.queue.batch(() -> {
        f.queue.enqueue(Notes.class, JobOptions.defaults(), x -> x.add("outer 1"));
        inner.addAll(f.queue.batchKeyed(() -> {
          f.queue.enqueue(Notes.class, key("a"), x -> x.add("a"));
          f.queue.enqueue(Notes.class, key("a"), x -> x.add("a again"));
        }));
        f.queue.enqueue(Notes.class, JobOptions.defaults(), x -> x.add("outer 2"));
      });
      assertThat(inner).extracting(JobHandle::existing).containsExactly(false, true);
      assertThat(inner.get(1).uuid()).isEqualTo(inner.get(0).uuid());
      assertThat(f.count("WHERE identity_key IS NULL")).isEqualTo(2);
      assertThat(f.count("WHERE identity_key = 'a'")).isEqualTo(1);
    }
  }

  @DbTest
  void aKeyWhoseJobIsNoLongerOpenGetsANewJob(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      JobHandle old = f.queue.enqueue(Notes.class, key("done-key"), x -> x.add("old"));
      f.env.tx().run(c -> c.createStatement().executeUpdate("UPDATE queue_job SET state = 'done' WHERE uuid = '" + old.uuid() + "'"));
      List<JobHandle> handles = f.queue.batchKeyed(() -> f.queue.enqueue(Notes.class, key("done-key"), x -> x.add("new")));
      assertThat(handles.get(0).existing()).isFalse();
      assertThat(handles.get(0).uuid()).isNotEqualTo(old.uuid());
      assertThat(f.count("WHERE identity_key = 'done-key'")).isEqualTo(2);
    }
  }
}
