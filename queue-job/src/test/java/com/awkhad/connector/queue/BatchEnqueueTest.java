package com.awkhad.connector.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.queue.QueueFixture.Notes;
import com.awkhad.connector.queue.delay.Delayer;
import com.awkhad.connector.queue.exec.Outcome;
import com.awkhad.connector.queue.job.JobHandle;
import com.awkhad.connector.queue.job.JobOptions;
import com.awkhad.connector.queue.job.JobRecord;
import com.awkhad.connector.queue.job.JobState;
import com.awkhad.connector.queue.store.EnqueueListener;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** {@link Queue#batch}: many jobs in multi-row inserts, with the semantics of single delays. */
class BatchEnqueueTest {

  @DbTest
  void aBatchStoresEveryJobWithTheSameColumnsAsASingleDelay(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      int n = Delayer.BATCH_FLUSH_SIZE * 2 + 300; // several flushes, several multi-row statements each
      List<JobHandle> handles = new ArrayList<>();
      Instant before = Instant.now();
      f.queue.batch(() -> {
        for (int i = 0; i < n; i++) {
          handles.add(f.queue.enqueue(Notes.class, JobOptions.defaults().priority(3).etaSeconds(60), n2 -> n2.add("x")));
        }
      });
      JobHandle single = f.queue.enqueue(Notes.class, JobOptions.defaults().priority(3).etaSeconds(60), x -> x.add("x"));

      assertThat(new HashSet<>(handles.stream().map(JobHandle::uuid).toList())).hasSize(n);
      assertThat(f.count("WHERE state = 'pending'")).isEqualTo(n + 1);
      JobRecord batched = f.job(handles.get(n - 1).uuid());
      JobRecord alone = f.job(single.uuid());
      assertThat(List.of(batched.funcName(), batched.targetClass(), batched.methodName(), batched.args(),
          batched.channel(), batched.description(), batched.priority(), batched.maxRetries(), batched.retry()))
          .isEqualTo(List.of(alone.funcName(), alone.targetClass(), alone.methodName(), alone.args(), alone.channel(),
              alone.description(), alone.priority(), alone.maxRetries(), alone.retry()));
      assertThat(batched.eta()).isAfter(before.plusSeconds(59));
      assertThat(batched.identityKey()).isNull();
      assertThat(batched.graphUuid()).isNull();
      assertThat(batched.dateCreated()).isNotNull();
    }
  }

  @DbTest
  void aBatchCommitsWithTheCallersWorkAndRollsBackWithIt(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      assertThatThrownBy(() -> f.queue.batch(() -> {
        for (int i = 0; i < Delayer.BATCH_FLUSH_SIZE + 5; i++) { // one flush already written, then the failure
          f.queue.delay(Notes.class).add("a" + i);
        }
        throw new IllegalStateException("the caller fails");
      })).hasMessageContaining("the caller fails");
      assertThat(f.count("")).isZero();

      assertThatThrownBy(() -> f.env.tx().run(c -> {
        f.queue.batch(() -> f.queue.delay(Notes.class).add("b"));
        new Notes(f.env).add("business write");
        throw new IllegalStateException("after the batch");
      })).hasMessageContaining("after the batch");
      assertThat(f.count("")).isZero();
      assertThat(f.notes()).isEmpty();

      f.env.tx().run(c -> {
        new Notes(f.env).add("business write");
        f.queue.batch(() -> {
          f.queue.delay(Notes.class).add("c");
          f.queue.delay(Notes.class).add("d");
        });
        // written in the caller's transaction, not visible to others before its commit
        long seenByOthers = f.env.tx().inNewTransaction(other -> f.count(""));
        assertThat(seenByOthers).isZero();
        assertThat(f.count("")).isEqualTo(2);
      });
      assertThat(f.count("")).isEqualTo(2);
      assertThat(f.notes()).containsExactly("business write");
    }
  }

  @DbTest
  void identityKeysStillDeduplicateWithinAndAcrossBatches(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      JobOptions keyed = JobOptions.defaults().identityKey("import-42");
      JobHandle before = f.queue.enqueue(Notes.class, keyed, n -> n.add("first"));
      List<JobHandle> inBatch = new ArrayList<>();
      f.queue.batch(() -> {
        inBatch.add(f.queue.enqueue(Notes.class, keyed, n -> n.add("again")));
        inBatch.add(f.queue.enqueue(Notes.class, JobOptions.defaults().identityKey("import-43"), n -> n.add("new")));
        inBatch.add(f.queue.enqueue(Notes.class, JobOptions.defaults().identityKey("import-43"), n -> n.add("new")));
        inBatch.add(f.queue.enqueue(Notes.class, JobOptions.defaults().identityExact(), n -> n.add("exact")));
        inBatch.add(f.queue.enqueue(Notes.class, JobOptions.defaults().identityExact(), n -> n.add("exact")));
      });
      f.queue.batch(() -> inBatch.add(f.queue.enqueue(Notes.class, JobOptions.defaults().identityKey("import-43"),
          n -> n.add("next batch"))));

      assertThat(inBatch.get(0).existing()).isTrue();
      assertThat(inBatch.get(0).uuid()).isEqualTo(before.uuid());
      assertThat(inBatch.get(1).existing()).isFalse();
      assertThat(inBatch.get(2).existing()).isTrue();
      assertThat(inBatch.get(2).uuid()).isEqualTo(inBatch.get(1).uuid());
      assertThat(inBatch.get(4).uuid()).isEqualTo(inBatch.get(3).uuid());
      assertThat(inBatch.get(5).uuid()).isEqualTo(inBatch.get(1).uuid());
      assertThat(f.count("")).isEqualTo(3);
    }
  }

  @DbTest
  void listenersHearOncePerFlushInTheTransactionAndAfterCommit(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      List<String> heard = new CopyOnWriteArrayList<>();
      f.queue.addEnqueueListener(new EnqueueListener() {
        @Override
        public void inTransaction(Connection connection, List<String> uuids) {
          heard.add("tx " + uuids.size());
        }

        @Override
        public void afterCommit(List<String> uuids) {
          heard.add("committed " + uuids.size());
        }
      });
      f.queue.batch(() -> {
        for (int i = 0; i < 10; i++) {
          f.queue.delay(Notes.class).add("n" + i);
        }
        assertThat(heard).isEmpty(); // nothing written yet
      });
      assertThat(heard).containsExactly("tx 10", "committed 10");

      heard.clear();
      f.queue.batch(() -> {
        for (int i = 0; i < Delayer.BATCH_FLUSH_SIZE + 1; i++) {
          f.queue.delay(Notes.class).add("m" + i);
        }
      });
      assertThat(heard).containsExactly("tx " + Delayer.BATCH_FLUSH_SIZE, "tx 1", "committed " + Delayer.BATCH_FLUSH_SIZE,
          "committed 1");

      heard.clear();
      assertThatThrownBy(() -> f.queue.batch(() -> {
        f.queue.delay(Notes.class).add("rolled back");
        throw new IllegalStateException("no");
      })).isInstanceOf(IllegalStateException.class);
      assertThat(heard).isEmpty();
    }
  }

  @DbTest
  void mixedBatchesOfPlainKeyedDelayedAndGraphJobsRunAsUsual(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      List<JobHandle> handles = new ArrayList<>();
      List<JobHandle> graph = new ArrayList<>();
      f.queue.batch(() -> {
        handles.add(f.queue.enqueue(Notes.class, n -> n.add("plain")));
        handles.add(f.queue.enqueue(Notes.class, JobOptions.defaults().identityKey("k"), n -> n.add("keyed")));
        f.queue.batch(() -> handles.add(f.queue.enqueue(Notes.class, n -> n.add("nested")))); // joins the batch
        handles.add(f.queue.enqueue(Notes.class, n -> n.addAndEcho("echo")));
        graph.addAll(f.queue.delayable(Notes.class, n -> n.add("parent"))
            .onDone(f.queue.delayable(Notes.class, n -> n.add("child"))).delay());
      });

      assertThat(f.count("WHERE state = 'pending'")).isEqualTo(5);
      assertThat(f.count("WHERE state = 'wait_dependencies'")).isEqualTo(1);
      for (JobHandle h : handles) {
        assertThat(f.queue.executor().runNow(h.uuid())).isInstanceOf(Outcome.Done.class);
      }
      for (JobHandle h : graph) {
        assertThat(f.queue.executor().runNow(h.uuid())).isInstanceOf(Outcome.Done.class);
      }
      assertThat(f.notes()).containsExactly("plain", "keyed", "nested", "echo", "parent", "child");
      assertThat(f.job(handles.get(3).uuid()).result()).isEqualTo("\"ECHO\"");
      assertThat(f.count("WHERE state = 'done'")).isEqualTo(6);
    }
  }

  @DbTest
  void jobsDelayedInAnotherTransactionInsideTheBatchAreStoredThere(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      assertThatThrownBy(() -> f.queue.batch(() -> {
        f.queue.delay(Notes.class).add("in the batch");
        f.env.tx().inNewTransaction(c -> f.queue.enqueue(Notes.class, n -> n.add("committed on its own")));
        throw new IllegalStateException("the batch fails");
      })).isInstanceOf(IllegalStateException.class);
      assertThat(f.count("")).isEqualTo(1);
      assertThat(f.count("WHERE state = ?", JobState.PENDING.dbValue())).isEqualTo(1);
    }
  }

  @DbTest
  void textWithControlCharactersAndBackslashesSurvivesTheBulkPath(TestDb db) {
    // PostgreSQL stores batches with COPY, whose text format escapes these characters
    List<String> texts = List.of("tab\there", "line\nbreak", "carriage\rreturn", "back\\slash", "\\N",
        "quote ' and \" and ; DROP", "unicode \u00e9\u00e8 \u20ac \ud83d\ude00", "", "trailing\\");
    try (QueueFixture f = QueueFixture.start(db)) {
      List<JobHandle> handles = new ArrayList<>();
      f.queue.batch(() -> {
        for (String t : texts) {
          handles.add(f.queue.enqueue(Notes.class, JobOptions.defaults().description("about " + t), n -> n.add(t)));
        }
      });
      for (int i = 0; i < texts.size(); i++) {
        assertThat(f.job(handles.get(i).uuid()).description()).isEqualTo("about " + texts.get(i));
        assertThat(f.queue.executor().runNow(handles.get(i).uuid())).isInstanceOf(Outcome.Done.class);
      }
      assertThat(f.notes()).containsExactlyElementsOf(texts);
    }
  }
}
