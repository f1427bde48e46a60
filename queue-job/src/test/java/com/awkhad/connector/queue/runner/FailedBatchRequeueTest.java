package com.awkhad.connector.queue.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.awkhad.connector.base.db.Dialect;
import com.awkhad.connector.queue.job.JobOptions;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A worker whose batch transaction failed puts its jobs back, even when the claim that gave them
 * is still committing (PostgreSQL hands a batch over before its claim commits, and the batch's
 * own session can be killed first): the requeue waits for the claim, then judges the rows as the
 * claim left them. Before, it skipped the rows the claim still held, found nothing to do, and the
 * claim's commit then left the jobs claimed by a live unit that no worker held, for good.
 */
class FailedBatchRequeueTest {

  private static final String UNIT = "test-runner/0";

  @DbTest("postgresql")
  void aRequeueWaitsForTheClaimStillCommittingAndPutsItsJobsBack(TestDb db) throws Exception {
    assertThat(requeueDuringClaim(db, true)).isEqualTo(
        new Outcome(1, "pending|null|1"));
  }

  @DbTest("postgresql")
  void aRequeueAfterAClaimThatRolledBackLeavesThePendingJobAsItWas(TestDb db) throws Exception {
    assertThat(requeueDuringClaim(db, false)).isEqualTo(
        new Outcome(0, "pending|null|0"));
  }

  record Outcome(int requeued, String row) {}

  /** A claim's writes left uncommitted while the unit's requeue runs, then committed or rolled back. */
  private static Outcome requeueDuringClaim(TestDb db, boolean commitClaim) throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (RunnerFixture f = new RunnerFixture(db.url(), db.user(), db.password());
        Connection claim = DriverManager.getConnection(db.url(), db.user(), db.password())) {
      f.queue.delay(RunnerFixture.Work.class, JobOptions.defaults()).run("job", 0);
      long id = f.count("SELECT MAX(id) FROM queue_job");
      Leases leases = new Leases(RunnerSql.of(Dialect.POSTGRESQL), f.env.tx(), new ReentrantLock(), "test-runner",
          Duration.ofMinutes(1), "test-host", 1, "root:1", 1);

      claim.setAutoCommit(false);
      try (PreparedStatement ps = claim.prepareStatement("UPDATE queue_job SET state = 'enqueued', worker_id = ?,"
          + " date_enqueued = CURRENT_TIMESTAMP WHERE id = ?")) {
        ps.setString(1, UNIT);
        ps.setLong(2, id);
        assertThat(ps.executeUpdate()).isEqualTo(1);
      }
      Future<Integer> requeue = pool.submit(() -> leases.requeueBatch(UNIT, List.of(id), "its session was killed"));
      // the requeue either waits for the claim's row lock, or (the bug) has already given up
      await().atMost(Duration.ofSeconds(30)).until(() -> requeue.isDone()
          || f.count("SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
              + " AND query LIKE 'SELECT id FROM queue_job WHERE id IN%'") == 1);
      if (commitClaim) {
        claim.commit();
      } else {
        claim.rollback();
      }
      int requeued = requeue.get(30, TimeUnit.SECONDS);
      return new Outcome(requeued, f.string("SELECT state || '|' || COALESCE(worker_id, 'null') || '|' || retry"
          + " FROM queue_job WHERE id = " + id));
    } finally {
      pool.shutdownNow();
    }
  }
}
