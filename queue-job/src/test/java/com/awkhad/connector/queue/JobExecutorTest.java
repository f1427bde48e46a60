package com.awkhad.connector.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.queue.QueueFixture.Notes;
import com.awkhad.connector.queue.exec.JobExecutor;
import com.awkhad.connector.queue.exec.Outcome;
import com.awkhad.connector.queue.job.JobFunction;
import com.awkhad.connector.queue.job.JobHandle;
import com.awkhad.connector.queue.job.JobOptions;
import com.awkhad.connector.queue.job.JobRecord;
import com.awkhad.connector.queue.job.JobState;
import com.awkhad.connector.queue.job.RetryPattern;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

class JobExecutorTest {

  @DbTest
  void aDoneJobCommitsItsWorkWithItsState(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      JobHandle h = f.queue.enqueue(Notes.class, n -> n.addAndEcho("a"));
      assertThat(f.job(h.uuid()).state()).isEqualTo(JobState.PENDING);

      Outcome outcome = f.queue.executor().runNow(h.uuid());

      assertThat(outcome).isInstanceOf(Outcome.Done.class);
      JobRecord job = f.job(h.uuid());
      assertThat(job.state()).isEqualTo(JobState.DONE);
      assertThat(job.result()).isEqualTo("\"A\"");
      assertThat(job.retry()).isEqualTo(1);
      assertThat(job.dateStarted()).isNotNull();
      assertThat(job.dateDone()).isAfterOrEqualTo(job.dateStarted());
      assertThat(job.execTime()).isNotNull().isGreaterThanOrEqualTo(0.0);
      assertThat(f.notes()).containsExactly("a");
    }
  }

  @DbTest
  void aFailedJobsWritesAreRolledBackAndItsErrorStored(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      JobHandle h = f.queue.enqueue(Notes.class, n -> n.addThenFail("x"));

      Outcome outcome = f.queue.executor().runNow(h.uuid());

      assertThat(outcome).isInstanceOf(Outcome.Failed.class);
      JobRecord job = f.job(h.uuid());
      assertThat(job.state()).isEqualTo(JobState.FAILED);
      assertThat(job.excName()).isEqualTo("java.lang.IllegalStateException");
      assertThat(job.excMessage()).isEqualTo("boom x");
      assertThat(job.excInfo()).contains("addThenFail");
      assertThat(f.notes()).isEmpty();
    }
  }

  @DbTest
  void aRetryableErrorPostponesTheJobByItsSeconds(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      JobHandle h = f.queue.enqueue(Notes.class, n -> n.addThenRetry("r", 30, false));
      Instant before = Instant.now();

      Outcome outcome = f.queue.executor().runNow(h.uuid());

      assertThat(outcome).isInstanceOf(Outcome.Retry.class);
      JobRecord job = f.job(h.uuid());
      assertThat(job.state()).isEqualTo(JobState.PENDING);
      assertThat(job.retry()).isEqualTo(1);
      assertThat(job.eta()).isBetween(before.plusSeconds(29), Instant.now().plusSeconds(31));
      assertThat(job.excMessage()).matches("not now: r; retry 1 of 5 at \\d\\d:\\d\\d:\\d\\dZ \\(in 30 s\\)");
      assertThat(job.excMessage()).contains(job.eta().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString().substring(11));
      assertThat(job.dateStarted()).isNull();
      assertThat(f.notes()).isEmpty();
    }
  }

  @DbTest
  void withoutSecondsTheFunctionsRetryPatternGivesTheDelay(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      f.queue.define(JobFunction.of(Notes.class, "addThenRetry")
          .withRetryPattern(RetryPattern.of(Map.of(1, 60, 2, 180, 3, 10, 5, 300))));
      JobHandle h = f.queue.enqueue(Notes.class, JobOptions.defaults().maxRetries(0), n -> n.addThenRetry("p", null, false));
      for (int expected : new int[] {60, 180, 10, 10, 300}) {
        Instant before = Instant.now();
        f.queue.executor().runNow(h.uuid());
        JobRecord job = f.job(h.uuid());
        assertThat(job.state()).isEqualTo(JobState.PENDING);
        assertThat(job.eta()).isBetween(before.plusSeconds(expected - 1), Instant.now().plusSeconds(expected + 1));
      }
      assertThat(f.job(h.uuid()).retry()).isEqualTo(5);
    }
  }

  @DbTest
  void anErrorsOwnBackoffAppliesOnlyWhenTheFunctionHasNoPattern(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      JobHandle h = f.queue.enqueue(Notes.class, JobOptions.defaults().maxRetries(10), n -> n.retryWithItsOwnBackoff("a"));
      for (int expected : new int[] {7, 70}) {
        Instant before = Instant.now();
        f.queue.executor().runNow(h.uuid());
        JobRecord job = f.job(h.uuid());
        assertThat(job.eta()).isBetween(before.plusSeconds(expected - 1), Instant.now().plusSeconds(expected + 1));
        assertThat(job.excMessage()).startsWith("busy: a; retry " + job.retry() + " of 10 at ")
            .endsWith("(in " + (expected == 7 ? "7 s" : "1 min 10 s") + ")");
      }

      f.queue.define(JobFunction.of(Notes.class, "retryWithItsOwnBackoff").withRetryPattern(RetryPattern.of(Map.of(1, 2))));
      Instant before = Instant.now();
      f.queue.executor().runNow(h.uuid());
      assertThat(f.job(h.uuid()).eta()).isBetween(before.plusSeconds(1), Instant.now().plusSeconds(3));
    }
  }

  @DbTest
  void aTryThatIsNotCountedSaysSo(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      JobHandle h = f.queue.enqueue(Notes.class, JobOptions.defaults().maxRetries(0), n -> n.addThenRetry("w", 90, true));

      f.queue.executor().runNow(h.uuid());

      JobRecord job = f.job(h.uuid());
      assertThat(job.retry()).isZero();
      assertThat(job.excMessage()).startsWith("not now: w; again at ").endsWith("(in 1 min 30 s), not counted as a try (0 used)");
    }
  }

  @DbTest
  void makeDueNowBringsWaitingJobsForwardWithoutTouchingTheirTries(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      JobHandle waiting = f.queue.enqueue(Notes.class, n -> n.addThenRetry("w", 600, false));
      JobHandle done = f.queue.enqueue(Notes.class, n -> n.add("d"));
      f.queue.executor().runNow(waiting.uuid());
      f.queue.executor().runNow(done.uuid());
      List<String> woken = new java.util.concurrent.CopyOnWriteArrayList<>();
      f.queue.addEnqueueListener(new com.awkhad.connector.queue.store.EnqueueListener() {
        @Override
        public void afterCommit(List<String> uuids) {
          woken.addAll(uuids);
        }
      });

      List<String> due = f.env.tx().inTransaction(c -> f.queue.store().makeDueNow(c, List.of(waiting.uuid(), done.uuid())));

      assertThat(due).containsExactly(waiting.uuid());
      assertThat(woken).containsExactly(waiting.uuid());
      JobRecord job = f.job(waiting.uuid());
      assertThat(job.state()).isEqualTo(JobState.PENDING);
      assertThat(job.retry()).isEqualTo(1);
      assertThat(job.eta()).isBeforeOrEqualTo(Instant.now());
      assertThat(f.job(done.uuid()).state()).isEqualTo(JobState.DONE);
    }
  }

  @DbTest
  void pastMaxRetriesTheJobFails(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      JobHandle h = f.queue.enqueue(Notes.class, JobOptions.defaults().maxRetries(2), n -> n.addThenRetry("m", 1, false));
      f.queue.executor().runNow(h.uuid());
      assertThat(f.job(h.uuid()).state()).isEqualTo(JobState.PENDING);

      Outcome outcome = f.queue.executor().runNow(h.uuid());

      assertThat(outcome).isInstanceOf(Outcome.Failed.class);
      JobRecord job = f.job(h.uuid());
      assertThat(job.state()).isEqualTo(JobState.FAILED);
      assertThat(job.retry()).isEqualTo(2);
      assertThat(job.excName()).isEqualTo(JobExecutor.FAILED_JOB_ERROR);
      assertThat(job.excMessage()).isEqualTo("Max. retries (2) reached: not now: m");
    }
  }

  @DbTest
  void theFinalFailureDropsTheNoteThatOnlyHeldWhileRetrying(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      JobHandle h = f.queue.enqueue(Notes.class, JobOptions.defaults().maxRetries(2), n -> n.retryWithNote("m"));
      f.queue.executor().runNow(h.uuid());
      assertThat(f.job(h.uuid()).excMessage()).startsWith("shop busy: m. It asked to come back in 1 s; retry 1 of 2 at ");

      f.queue.executor().runNow(h.uuid());

      JobRecord job = f.job(h.uuid());
      assertThat(job.state()).isEqualTo(JobState.FAILED);
      assertThat(job.excMessage()).isEqualTo("Max. retries (2) reached: shop busy: m");
    }
  }

  @DbTest
  void zeroMaxRetriesRetriesForeverAndIgnoreRetryDoesNotCount(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      JobHandle forever = f.queue.enqueue(Notes.class, JobOptions.defaults().maxRetries(0), n -> n.addThenRetry("f", 1, false));
      JobHandle ignored = f.queue.enqueue(Notes.class, JobOptions.defaults().maxRetries(1), n -> n.addThenRetry("i", 1, true));
      for (int i = 0; i < 7; i++) {
        f.queue.executor().runNow(forever.uuid());
        f.queue.executor().runNow(ignored.uuid());
      }
      assertThat(f.job(forever.uuid()).state()).isEqualTo(JobState.PENDING);
      assertThat(f.job(forever.uuid()).retry()).isEqualTo(7);
      assertThat(f.job(ignored.uuid()).state()).isEqualTo(JobState.PENDING);
      assertThat(f.job(ignored.uuid()).retry()).isZero();
    }
  }

  @DbTest
  void aFunctionThatNoLongerExistsFailsTheJobWithAClearMessage(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      JobHandle gone = f.queue.enqueue(Notes.class, n -> n.add("g"));
      JobHandle renamed = f.queue.enqueue(Notes.class, n -> n.add("r"));
      f.env.tx().run(c -> {
        c.createStatement().executeUpdate("UPDATE queue_job SET target_class = 'com.example.GoneExporter',"
            + " func_name = 'com.example.GoneExporter.add' WHERE uuid = '" + gone.uuid() + "'");
        c.createStatement().executeUpdate("UPDATE queue_job SET method_name = 'vanished' WHERE uuid = '" + renamed.uuid() + "'");
      });

      assertThat(f.queue.executor().runNow(gone.uuid())).isInstanceOf(Outcome.Failed.class);
      assertThat(f.queue.executor().runNow(renamed.uuid())).isInstanceOf(Outcome.Failed.class);

      JobRecord g = f.job(gone.uuid());
      assertThat(g.state()).isEqualTo(JobState.FAILED);
      assertThat(g.excName()).isEqualTo(JobExecutor.NO_SUCH_JOB_FUNCTION);
      assertThat(g.excMessage()).contains("com.example.GoneExporter.add no longer exists", "class com.example.GoneExporter not found");
      JobRecord r = f.job(renamed.uuid());
      assertThat(r.excName()).isEqualTo(JobExecutor.NO_SUCH_JOB_FUNCTION);
      assertThat(r.excMessage()).contains("No public method " + Notes.class.getName() + ".vanished taking 1 argument(s)");
      assertThat(f.notes()).isEmpty();
    }
  }

  @DbTest
  void inABatchTransactionAFailedJobUndoesOnlyItsOwnWrites(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      JobHandle keep = f.queue.enqueue(Notes.class, n -> n.add("keep"));
      JobHandle drop = f.queue.enqueue(Notes.class, n -> n.addThenFail("drop"));
      JobHandle dropInBlock = f.queue.enqueue(Notes.class, n -> n.failInsideBlock("drop in block"));
      JobHandle keepToo = f.queue.enqueue(Notes.class, n -> n.add("keep too"));
      f.env.tx().run(c -> c.createStatement().executeUpdate("UPDATE queue_job SET state = 'enqueued', worker_id = 'w1'"));
      JobExecutor executor = f.env.service(JobExecutor.class);

      List<Boolean> applied = f.env.tx().inTransaction(c -> List.of(keep, drop, dropInBlock, keepToo).stream()
          .map(h -> f.job(h.uuid()))
          .map(job -> executor.record(job, executor.perform(job)))
          .toList());

      assertThat(applied).containsExactly(true, true, true, true);
      assertThat(f.job(keep.uuid()).state()).isEqualTo(JobState.DONE);
      assertThat(f.job(drop.uuid()).state()).isEqualTo(JobState.FAILED);
      assertThat(f.job(dropInBlock.uuid()).excMessage()).isEqualTo("failed inside its block: drop in block");
      assertThat(f.job(keepToo.uuid()).state()).isEqualTo(JobState.DONE);
      assertThat(f.notes()).containsExactly("keep", "keep too");
      // a second record of the same outcome finds the job no longer running
      JobRecord done = f.job(keep.uuid());
      boolean again = executor.record(done, new Outcome.Done(null, 1, Instant.now(), Instant.now()));
      assertThat(again).isFalse();
    }
  }

  @DbTest
  void aTimeoutIsARetryableFailureUntilTheMaxRetries(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      JobHandle h = f.queue.enqueue(Notes.class, JobOptions.defaults().maxRetries(2), n -> n.add("t"));
      JobExecutor executor = f.queue.executor();
      JobRecord job = f.job(h.uuid());

      Outcome first = executor.timedOut(job, 30);
      assertThat(first).isInstanceOf(Outcome.Retry.class);
      assertThat(first.retry()).isEqualTo(1);
      assertThat(((Outcome.Retry) first).message()).startsWith("Job timed out after 30 s; retry 1 of 2 at ").endsWith("(in 10 min)");
      assertThat(((Outcome.Retry) first).eta()).isAfter(Instant.now().plus(Duration.ofSeconds(590)));

      f.env.tx().run(c -> c.createStatement().executeUpdate("UPDATE queue_job SET retry = 1, state = 'started'"));
      Outcome second = executor.timedOut(f.job(h.uuid()), 30);
      assertThat(second).isInstanceOf(Outcome.Failed.class);
      assertThat(executor.record(f.job(h.uuid()), second)).isTrue();
      assertThat(f.job(h.uuid()).excMessage()).startsWith("Max. retries (2) reached: Job timed out");
    }
  }

  @DbTest
  void anInterruptedJobIsPostponedAndTheThreadLeftClean(TestDb db) throws Exception {
    try (QueueFixture f = QueueFixture.start(db)) {
      JobHandle h = f.queue.enqueue(Notes.class, n -> {
        try {
          n.sleepLong();
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
      });
      java.util.concurrent.atomic.AtomicReference<Outcome> outcome = new java.util.concurrent.atomic.AtomicReference<>();
      java.util.concurrent.atomic.AtomicBoolean interruptedAfter = new java.util.concurrent.atomic.AtomicBoolean(true);
      Thread worker = new Thread(() -> {
        outcome.set(f.queue.executor().runNow(h.uuid()));
        interruptedAfter.set(Thread.currentThread().isInterrupted());
      });
      worker.start();
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> f.job(h.uuid()).state() == JobState.STARTED);
      worker.interrupt();
      worker.join(20_000);

      assertThat(outcome.get()).isInstanceOf(Outcome.Retry.class);
      assertThat(interruptedAfter.get()).isFalse();
      JobRecord job = f.job(h.uuid());
      assertThat(job.state()).isEqualTo(JobState.PENDING);
      assertThat(job.excName()).isEqualTo(JobExecutor.JOB_INTERRUPTED);
    }
  }

  @DbTest
  void aRetryingJobWhoseKeyWasTakenMeanwhileIsCancelledAsSuperseded(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      JobOptions keyed = JobOptions.defaults().identityKey("sync-7");
      JobHandle running = f.queue.enqueue(Notes.class, keyed, n -> n.addThenRetry("old", 5, false));
      f.env.tx().run(c -> c.createStatement().executeUpdate("UPDATE queue_job SET state = 'started' WHERE uuid = '" + running.uuid() + "'"));
      JobHandle newer = f.queue.enqueue(Notes.class, keyed, n -> n.add("new"));
      assertThat(newer.existing()).as("a started job does not block its key").isFalse();

      JobRecord job = f.job(running.uuid());
      Outcome retry = f.env.tx().inTransaction(c -> f.queue.executor().perform(job));
      assertThat(retry).isInstanceOf(Outcome.Retry.class);
      assertThat(f.queue.executor().record(job, retry)).isTrue();

      JobRecord superseded = f.job(running.uuid());
      assertThat(superseded.state()).isEqualTo(JobState.CANCELLED);
      assertThat(superseded.excMessage()).startsWith("Superseded by job " + newer.uuid());
      assertThat(f.job(newer.uuid()).state()).isEqualTo(JobState.PENDING);
    }
  }

  @DbTest
  void performNeedsATransactionAndRunNowAPendingJob(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      JobHandle h = f.queue.enqueue(Notes.class, n -> n.add("once"));
      JobRecord job = f.job(h.uuid());
      assertThatThrownBy(() -> f.queue.executor().perform(job))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("inside a transaction");
      f.queue.executor().runNow(h.uuid());
      assertThatThrownBy(() -> f.queue.executor().runNow(h.uuid()))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("is done: only pending or enqueued jobs can run");
      assertThatThrownBy(() -> f.queue.executor().runNow("nope")).hasMessageContaining("No job nope");
    }
  }

  @DbTest
  void recordDoneWritesTheDoneStatesOfManyJobsAtOnceAndRefusesWhatItCannotWrite(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      JobHandle a = f.queue.enqueue(Notes.class, n -> n.addAndEcho("a"));
      JobHandle b = f.queue.enqueue(Notes.class, n -> n.add("b"));
      JobHandle notStarted = f.queue.enqueue(Notes.class, n -> n.add("c"));
      f.env.tx().run(c -> {
        f.queue.store().markStarted(c, a.uuid(), "w1");
        f.queue.store().markStarted(c, b.uuid(), "w1");
      });
      f.env.tx().run(c -> {
        List<JobRecord> jobs = List.of(f.job(a.uuid()), f.job(b.uuid()));
        List<Outcome.Done> outcomes = jobs.stream().map(j -> (Outcome.Done) f.queue.executor().perform(j)).toList();
        f.queue.executor().recordDone(jobs, outcomes);
      });
      assertThat(f.job(a.uuid()).state()).isEqualTo(JobState.DONE);
      assertThat(f.job(a.uuid()).result()).isEqualTo("\"A\"");
      assertThat(f.job(a.uuid()).retry()).isEqualTo(1);
      assertThat(f.job(b.uuid()).dateDone()).isNotNull();
      assertThat(f.notes()).containsExactly("a", "b");

      Outcome.Done done = new Outcome.Done(null, 1, Instant.now(), Instant.now());
      assertThatThrownBy(() -> f.env.tx().run(c -> f.queue.executor().recordDone(List.of(f.job(notStarted.uuid())),
          List.of(done)))).hasMessageContaining(notStarted.uuid()).hasMessageContaining("no longer enqueued or started");
      assertThat(f.job(notStarted.uuid()).state()).isEqualTo(JobState.PENDING);

      // several at once (one statement on PostgreSQL): the one that was not started is named, and
      // the caller's transaction rolls back the other's done state with it
      JobHandle d = f.queue.enqueue(Notes.class, n -> n.add("d"));
      f.env.tx().run(c -> f.queue.store().markStarted(c, d.uuid(), "w1"));
      assertThatThrownBy(() -> f.env.tx().run(c -> f.queue.executor().recordDone(
          List.of(f.job(d.uuid()), f.job(notStarted.uuid())), List.of(done, done))))
          .hasMessageContaining(notStarted.uuid()).hasMessageNotContaining(d.uuid());
      assertThat(f.job(d.uuid()).state()).isEqualTo(JobState.STARTED);
      assertThat(f.job(notStarted.uuid()).state()).isEqualTo(JobState.PENDING);

      List<JobHandle> graph = f.queue.delayable(Notes.class, n -> n.add("p"))
          .onDone(f.queue.delayable(Notes.class, n -> n.add("q"))).delay();
      assertThatThrownBy(() -> f.queue.executor().recordDone(List.of(f.job(graph.get(0).uuid())), List.of(done)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("releases its children");
    }
  }

  @DbTest
  void zeroSecondsFallsBackToTheRetryPatternAsInTheOriginal(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      JobHandle plain = f.queue.enqueue(Notes.class, n -> n.addThenRetry("z", 0, false));
      Instant before = Instant.now();
      f.queue.executor().runNow(plain.uuid());
      assertThat(f.job(plain.uuid()).eta()).as("no pattern: the default 600 s, not at once")
          .isBetween(before.plusSeconds(599), Instant.now().plusSeconds(601));

      f.queue.define(JobFunction.of(Notes.class, "addThenRetry").withRetryPattern(RetryPattern.of(Map.of(1, 45))));
      JobHandle patterned = f.queue.enqueue(Notes.class, n -> n.addThenRetry("y", 0, false));
      before = Instant.now();
      f.queue.executor().runNow(patterned.uuid());
      JobRecord job = f.job(patterned.uuid());
      assertThat(job.eta()).as("the function's pattern").isBetween(before.plusSeconds(44), Instant.now().plusSeconds(46));
      assertThat(job.excMessage()).endsWith("(in 45 s)");
    }
  }

  @DbTest
  void nothingToDoJobEndsDoneWithItsMessageAsResultAndReleasesTheChildren(TestDb db) {
    try (QueueFixture f = QueueFixture.start(db)) {
      List<JobHandle> graph = f.queue.delayable(Notes.class, n -> n.addThenNothingToDo("skipped", "Order 7 was cancelled"))
          .onDone(f.queue.delayable(Notes.class, n -> n.add("child"))).delay();
      Outcome outcome = f.queue.executor().runNow(graph.get(0).uuid());

      assertThat(outcome).isInstanceOf(Outcome.Done.class);
      JobRecord job = f.job(graph.get(0).uuid());
      assertThat(job.state()).isEqualTo(JobState.DONE);
      assertThat(job.result()).isEqualTo("\"Order 7 was cancelled\"");
      assertThat(job.excName()).isNull();
      assertThat(f.notes()).as("the job's work is rolled back").isEmpty();
      assertThat(f.job(graph.get(1).uuid()).state()).as("its child is released").isEqualTo(JobState.PENDING);

      JobHandle silent = f.queue.enqueue(Notes.class, n -> n.addThenNothingToDo("quiet", null));
      f.queue.executor().runNow(silent.uuid());
      assertThat(f.job(silent.uuid()).result()).isEqualTo("\"" + com.awkhad.connector.queue.job.NothingToDoJob.DEFAULT_MESSAGE + "\"");
    }
  }
}
