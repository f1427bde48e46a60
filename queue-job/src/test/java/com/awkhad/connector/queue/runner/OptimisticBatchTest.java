package com.awkhad.connector.queue.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.channel.ChannelConfig;
import com.awkhad.connector.queue.job.NothingToDoJob;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;

/**
 * A batch's jobs run without a savepoint each first ({@link OptimisticBatches}); a job that does
 * not end done rolls that pass back, and the batch runs again with a savepoint per job.
 */
class OptimisticBatchTest {

  /**
   * A job body that counts its runs (outside the database, so rolled-back runs count too), writes
   * its run in runner_run, and on PostgreSQL notes whether that row was written by the top
   * transaction itself (no savepoint around it) or by a subtransaction (its own savepoint). Then it
   * ends as {@code mode} says: {@code ok}, {@code fail} or {@code nothing} (a NothingToDoJob).
   */
  public static class Probe {
    static final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    static final Map<String, Boolean> topLevel = new ConcurrentHashMap<>();

    private final Environment env;

    public Probe(Environment env) {
      this.env = env;
    }

    public void run(String key, String mode) {
      runs.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      env.tx().run(c -> {
        boolean pg = "PostgreSQL".equals(c.getMetaData().getDatabaseProductName());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO runner_run (job_key, unit, pid) VALUES (?, ?, ?)"
            + (pg ? " RETURNING xmin = pg_current_xact_id()::xid" : ""))) {
          ps.setString(1, key);
          ps.setString(2, Thread.currentThread().getName());
          ps.setLong(3, ProcessHandle.current().pid());
          if (pg) {
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              topLevel.put(key, rs.getBoolean(1));
            }
          } else {
            ps.executeUpdate();
          }
        }
      });
      if ("killsession".equals(mode) && runs.get(key).get() == 1) {
        // its first run ends the batch's database session, as an operator or a restart would
        env.tx().run(c -> c.createStatement().execute("SELECT pg_terminate_backend(pg_backend_pid())"));
      }
      if ("fail".equals(mode)) {
        throw new IllegalStateException("job " + key + " fails");
      }
      if ("nothing".equals(mode)) {
        throw new NothingToDoJob("nothing to do for " + key);
      }
    }
  }

  @BeforeEach
  void clear() {
    Probe.runs.clear();
    Probe.topLevel.clear();
  }

  private static void enqueue(RunnerFixture f, List<String> keysAndModes) {
    f.env.tx().run(c -> {
      for (int i = 0; i < keysAndModes.size(); i += 2) {
        f.queue.delay(Probe.class).run(keysAndModes.get(i), keysAndModes.get(i + 1));
      }
    });
  }

  private static List<String> okJobs(String prefix, int n) {
    List<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(prefix + i);
      out.add("ok");
    }
    return out;
  }

  private static int runs(String key) {
    AtomicInteger n = Probe.runs.get(key);
    return n == null ? 0 : n.get();
  }

  /** One worker, batches of up to 32 jobs, a budget that no job of these tests reaches. */
  private static Runner oneWorker(RunnerFixture f) {
    return Runner.start(f.env, RunnerOptions.of(ChannelConfig.parse("root:1")).withMaxBatch(32)
        .withBatchBudget(Duration.ofSeconds(60)));
  }

  /** PostgreSQL: the rows of jobs {@code prefix + from .. prefix + (to - 1)} were written (or not) without a savepoint. */
  private static void assertWrittenByTheTopTransaction(boolean top, String prefix, int to, int from) {
    for (int i = from; i < to; i++) {
      assertThat(Probe.topLevel.get(prefix + i)).as(prefix + i + " written by the top transaction").isEqualTo(top);
    }
  }

  private static void assertWrittenByTheTopTransaction(boolean top, String prefix, int to) {
    assertWrittenByTheTopTransaction(top, prefix, to, 0);
  }

  private static void awaitEnded(RunnerFixture f, int n) {
    await().atMost(Duration.ofSeconds(60)).until(() -> f.count("SELECT COUNT(*) FROM queue_job WHERE state IN"
        + " ('done', 'failed')") == n);
  }

  @DbTest
  void aBatchWhoseJobsAllEndDoneRunsEachOnceInTheBatchsOwnTransaction(TestDb db) {
    try (RunnerFixture f = RunnerTest.fixture(db)) {
      enqueue(f, okJobs("a", 12));
      try (Runner runner = oneWorker(f)) {
        awaitEnded(f, 12);
        assertThat(f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'done'")).isEqualTo(12);
        assertThat(f.count("SELECT COUNT(DISTINCT job_key) FROM runner_run")).isEqualTo(12);
        assertThat(f.count("SELECT COUNT(*) FROM runner_run")).isEqualTo(12);
        for (int i = 0; i < 12; i++) {
          assertThat(runs("a" + i)).as("runs of a" + i).isEqualTo(1);
        }
        assertThat(runner.stats().savepointReruns()).isZero();
        assertThat(runner.stats().done()).isEqualTo(12);
        if (db.isPostgres()) {
          // no savepoint: every row was written by its batch's transaction itself
          assertThat(Probe.topLevel).hasSize(12).containsOnlyKeys(Probe.runs.keySet());
          assertWrittenByTheTopTransaction(true, "a", 12);
        }
      }
    }
  }

  @DbTest
  void aJobThatFailsRollsTheFastPassBackAndTheBatchRunsAgainWithASavepointEachItsFailureKept(TestDb db) {
    try (RunnerFixture f = RunnerTest.fixture(db)) {
      List<String> jobs = okJobs("b", 10);
      jobs.set(7, "fail"); // b3
      enqueue(f, jobs);
      try (Runner runner = oneWorker(f)) {
        awaitEnded(f, 10);
        assertThat(f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'done'")).isEqualTo(9);
        assertThat(f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'failed' AND exc_message = 'job b3 fails'"
            + " AND retry = 1")).isEqualTo(1);
        // the others' work committed once; the failed job's was undone
        assertThat(f.count("SELECT COUNT(*) FROM runner_run")).isEqualTo(9);
        assertThat(f.count("SELECT COUNT(DISTINCT job_key) FROM runner_run")).isEqualTo(9);
        assertThat(f.count("SELECT COUNT(*) FROM runner_run WHERE job_key = 'b3'")).isZero();
        // the jobs before it ran twice (the first run rolled back), it and those after it once
        for (int i = 0; i < 10; i++) {
          assertThat(runs("b" + i)).as("runs of b" + i).isEqualTo(i < 3 ? 2 : 1);
        }
        assertThat(runner.stats().savepointReruns()).isEqualTo(1);
        assertThat(runner.stats().done()).isEqualTo(9);
        assertThat(runner.stats().failed()).isEqualTo(1);
        if (db.isPostgres()) {
          // the second run: each job behind its own savepoint (b3 ran once, in the fast pass: its
          // row was undone)
          assertWrittenByTheTopTransaction(false, "b", 3);
          assertWrittenByTheTopTransaction(false, "b", 10, 4);
        }

        // the next batches run with savepoints from the start, without a second run
        enqueue(f, okJobs("c", 5));
        awaitEnded(f, 15);
        for (int i = 0; i < 5; i++) {
          assertThat(runs("c" + i)).as("runs of c" + i).isEqualTo(1);
        }
        assertThat(runner.stats().savepointReruns()).isEqualTo(1);
        if (db.isPostgres()) {
          assertWrittenByTheTopTransaction(false, "c", 5);
        }
      }
    }
  }

  @DbTest
  void aNothingToDoJobInABatchEndsDoneWithItsWorkUndone(TestDb db) {
    try (RunnerFixture f = RunnerTest.fixture(db)) {
      List<String> jobs = okJobs("d", 6);
      jobs.set(5, "nothing"); // d2
      enqueue(f, jobs);
      try (Runner runner = oneWorker(f)) {
        awaitEnded(f, 6);
        assertThat(f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'done'")).isEqualTo(6);
        assertThat(f.string("SELECT result FROM queue_job WHERE args LIKE '%\"d2\"%'")).contains("nothing to do for d2");
        assertThat(f.count("SELECT COUNT(*) FROM runner_run")).isEqualTo(5);
        assertThat(f.count("SELECT COUNT(*) FROM runner_run WHERE job_key = 'd2'")).isZero();
        assertThat(runner.stats().savepointReruns()).isEqualTo(1);
        assertThat(runner.stats().done()).isEqualTo(6);
      }
    }
  }

  @DbTest
  void aNothingToDoJobAloneInItsTransactionEndsDoneWithItsWorkUndone(TestDb db) {
    try (RunnerFixture f = RunnerTest.fixture(db)) {
      enqueue(f, List.of("e0", "ok", "e1", "nothing", "e2", "ok"));
      try (Runner runner = Runner.start(f.env, RunnerOptions.of(ChannelConfig.parse("root:1")).withMaxBatch(1))) {
        awaitEnded(f, 3);
        assertThat(f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'done' AND retry = 1")).isEqualTo(3);
        assertThat(f.string("SELECT result FROM queue_job WHERE args LIKE '%\"e1\"%'")).contains("nothing to do for e1");
        assertThat(f.count("SELECT COUNT(*) FROM runner_run")).isEqualTo(2);
        assertThat(f.count("SELECT COUNT(*) FROM runner_run WHERE job_key = 'e1'")).isZero();
        assertThat(runner.stats().batchFailures()).isZero();
        assertThat(runner.stats().done()).isEqualTo(3);
        // it ran again behind a savepoint, which undid its work alone
        assertThat(runs("e1")).isEqualTo(2);
        assertThat(runner.stats().savepointReruns()).isEqualTo(1);
      }
    }
  }

  @DbTest
  void jobsOfAGraphInAFastPassReleaseTheirChildAtTheBatchsCommit(TestDb db) {
    try (RunnerFixture f = RunnerTest.fixture(db)) {
      List<com.awkhad.connector.queue.delay.Delayable> parents = new java.util.ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String key = "g" + i;
        parents.add(f.queue.delayable(Probe.class, p -> p.run(key, "ok")));
      }
      com.awkhad.connector.queue.delay.Delayable child = f.queue.delayable(Probe.class, p -> p.run("g-child", "ok"));
      com.awkhad.connector.queue.delay.JobGraph.group(parents.toArray(new com.awkhad.connector.queue.delay.Delayable[0]))
          .onDone(child).delay();
      assertThat(f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'wait_dependencies'")).isEqualTo(1);
      try (Runner runner = oneWorker(f)) {
        awaitEnded(f, 7);
        assertThat(f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'done'")).isEqualTo(7);
        assertThat(f.count("SELECT COUNT(*) FROM runner_run")).isEqualTo(7);
        for (int i = 0; i < 6; i++) {
          assertThat(runs("g" + i)).as("runs of g" + i).isEqualTo(1);
        }
        assertThat(runs("g-child")).isEqualTo(1);
        // the child started after its parents' commit: its row's id follows theirs
        assertThat(f.string("SELECT job_key FROM runner_run ORDER BY id DESC LIMIT 1")).isEqualTo("g-child");
        assertThat(runner.stats().savepointReruns()).isZero();
        assertThat(runner.stats().done()).isEqualTo(7);
        if (db.isPostgres()) {
          assertWrittenByTheTopTransaction(true, "g", 6);
        }
      }
    }
  }

  @DbTest("postgresql")
  void aBatchWhoseSessionIsKilledInTheFastPassGoesBackToPendingNotFailed(TestDb db) {
    try (RunnerFixture f = RunnerTest.fixture(db)) {
      List<String> jobs = new java.util.ArrayList<>(okJobs("k", 3));
      jobs.addAll(List.of("k3", "killsession"));
      jobs.addAll(List.of("k4", "ok", "k5", "ok"));
      enqueue(f, jobs);
      try (Runner runner = oneWorker(f)) {
        awaitEnded(f, 6);
        assertThat(f.count("SELECT COUNT(*) FROM queue_job WHERE state = 'done'"))
            .as("the killed session is not k3's failure: all six done").isEqualTo(6);
        assertThat(runner.stats().failed()).isZero();
        assertThat(runner.stats().batchFailures()).as("the batch's transaction failed once").isEqualTo(1);
        assertThat(f.count("SELECT retry FROM queue_job WHERE args LIKE '%\"k3\"%'"))
            .as("k3 ran again after the requeue").isEqualTo(2);
        assertThat(runs("k3")).isEqualTo(2);
        assertThat(f.count("SELECT COUNT(*) FROM runner_run")).as("each job's row committed once").isEqualTo(6);
        assertThat(f.count("SELECT COUNT(DISTINCT job_key) FROM runner_run")).isEqualTo(6);
      }
    }
  }
}
