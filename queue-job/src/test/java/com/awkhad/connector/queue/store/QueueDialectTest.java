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

  /**
   * Every column the bulk path writes comes back as given: text with characters of one to four
   * UTF-8 bytes and with the characters the text {@code COPY} escapes, nulls and values in each
   * nullable column, timestamps before and after 2000 with their microseconds, and large whole
   * numbers.
   */
  @DbTest
  void theBulkPathStoresEveryColumnAsGiven(TestDb db) {
    try (Environment env = Environment.start(DatabaseConfig.of(db.url(), db.user(), db.password()),
        List.of(new BaseAddon(), new QueueJobAddon()))) {
      JobStore store = env.service(Queue.class).store();
      long batchId = 424_242L;
      env.tx().run(c -> Jdbc.update(c, "INSERT INTO queue_job_batch (id, name, date_created) VALUES (?, ?, ?)",
          batchId, "import", Instant.now()));
      NewJob full = new NewJob(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
          "Caf\u00e9 \u2615 \ud83d\ude00 \\ \t end", "<coffee.order>.export", "com.example.Jobs", "export",
          "[\"\u00fcber\",9007199254740993]", JobState.WAIT_DEPENDENCIES, -7, Instant.parse("1999-12-31T23:59:59.999999Z"),
          0, "root.coffee", "export:\u00e9:1", Instant.parse("2026-12-06T00:45:01.123456Z"), Long.MAX_VALUE,
          "{\"user\":\"ada\"}", batchId);
      NewJob bare = new NewJob(UUID.randomUUID().toString(), null, "bare", "f", "C", "m", "[]", JobState.PENDING, 10,
          null, 5, "root", null, Instant.parse("1970-01-01T00:00:00Z"));
      // the dialect's path itself: the store sends keyed jobs elsewhere, but the COPY has the column
      env.tx().run(c -> store.dialect().insertAll(c, List.of(full, bare)));

      List<String> rows = env.tx().inTransaction(c -> Jdbc.queryList(c,
          "SELECT uuid, graph_uuid, description, func_name, target_class, method_name, args, state, priority, eta,"
              + " retry, max_retries, channel, identity_key, date_created, backend_id, context, batch_id FROM queue_job"
              + " ORDER BY date_created DESC", rs -> {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= 18; i++) {
                  Object value = i == 10 || i == 15 ? Jdbc.instant(rs, i) : rs.getObject(i);
                  row.append(i > 1 ? "|" : "").append(value);
                }
                return row.toString();
              }));
      assertThat(rows).containsExactly(
          full.uuid() + "|" + full.graphUuid() + "|" + full.description() + "|<coffee.order>.export|com.example.Jobs"
              + "|export|" + full.args() + "|wait_dependencies|-7|1999-12-31T23:59:59.999999Z|0|0|root.coffee"
              + "|export:\u00e9:1|2026-12-06T00:45:01.123456Z|" + Long.MAX_VALUE + "|" + full.context() + "|" + batchId,
          bare.uuid() + "|null|bare|f|C|m|[]|pending|10|null|0|5|root|null|1970-01-01T00:00:00Z|null|null|null");
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
