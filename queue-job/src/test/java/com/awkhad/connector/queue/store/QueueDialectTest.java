package com.awkhad.connector.queue.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.awkhad.connector.base.addon.BaseAddon;
import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.base.db.Dialect;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.base.jdbc.Jdbc;
import com.awkhad.connector.queue.Queue;
import com.awkhad.connector.queue.QueueJobAddon;
import com.awkhad.connector.queue.job.JobState;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The store's dialect comes from the database (not from the connection's driver) and its bulk
 * paths write what the portable ones write: several jobs at once, then their done states, the
 * jobs not running reported as not written.
 */
class QueueDialectTest {

  @DbTest
  void theBulkPathsOfEachDialectStoreJobsAndTheirDoneStates(TestDb db) {
    try (Environment env = Environment.start(DatabaseConfig.of(db.url(), db.user(), db.password()),
        List.of(new BaseAddon(), new QueueJobAddon()))) {
      JobStore store = env.service(Queue.class).store();
      assertThat(store.dialect().dialect()).isEqualTo(env.database().dialect());
      assertThat(store.dialect().sharesJobsWithOtherProcesses()).isEqualTo(db.isPostgres());
      assertThat(store.dialect()).isInstanceOf(db.isPostgres() ? QueueDialect.Postgres.class : QueueDialect.H2.class);

      Instant now = Instant.parse("2026-12-04T10:00:00.123456Z");
      List<NewJob> jobs = List.of(job("a\ttab", now), job("b\\slash", now), job("c\nline", now));
      env.tx().run(c -> store.insertAll(c, jobs));
      List<String> uuids = jobs.stream().map(NewJob::uuid).toList();
      List<String> descriptions = env.tx().inTransaction(c -> Jdbc.queryList(c,
          "SELECT description FROM queue_job ORDER BY description", rs -> rs.getString(1)));
      assertThat(descriptions).containsExactly("a\ttab", "b\\slash", "c\nline");

      env.tx().run(c -> Jdbc.update(c, "UPDATE queue_job SET state = 'started' WHERE uuid IN (?, ?)",
          uuids.get(0), uuids.get(1)));
      Instant done = now.plusSeconds(2);
      List<String> missed = env.tx().inTransaction(c -> store.markDoneAll(c, List.of(
          new JobStore.DoneState(uuids.get(0), "\"ok\"", 1, now, done),
          new JobStore.DoneState(uuids.get(1), null, 1, null, done),
          new JobStore.DoneState(uuids.get(2), null, 1, now, done))));
      assertThat(missed).as("the pending job is not written").containsExactly(uuids.get(2));
      List<String> rows = env.tx().inTransaction(c -> Jdbc.queryList(c,
          "SELECT state, result, date_done FROM queue_job ORDER BY description",
          rs -> rs.getString(1) + " " + rs.getString(2) + " " + Jdbc.instant(rs, 3)));
      assertThat(rows).containsExactly("done \"ok\" " + done, "done null " + done, "pending null null");
    }
  }

  @DbTest
  void theDialectIsTheDatabases(TestDb db) {
    Dialect dialect = db.isPostgres() ? Dialect.POSTGRESQL : Dialect.H2;
    assertThat(QueueDialect.of(dialect).dialect()).isEqualTo(dialect);
  }

  private static NewJob job(String description, Instant now) {
    return new NewJob(UUID.randomUUID().toString(), null, description, "test.Target.run", "test.Target", "run", "[]",
        JobState.PENDING, 10, null, 5, "root", null, now);
  }
}
