package com.awkhad.connector.peers;

import com.awkhad.connector.bench.BatchThreads;
import com.awkhad.connector.peers.PeerBench.Options;
import com.awkhad.connector.peers.PeerBench.Result;
import com.awkhad.connector.peers.PeerBench.Tally;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * {@link PeerBench}'s workload on db-scheduler (lock-and-fetch polling, immediate execution on, its
 * fastest setup): tasks scheduled with {@code SchedulerClient.scheduleBatch} in batches before the
 * scheduler starts. The scheduler runs in the enqueuing process, where immediate execution wakes it
 * at once: its most favourable setup for the idle latency, to compare with {@code ./connector
 * bench --in-process}. Execution time runs from the first task's start to the last one's end.
 * db-scheduler deletes a one-time task once it succeeded, so exactly-once is checked from the
 * tasks' own records ({@code peer_run}, see {@link PeerBench}).
 *
 * <pre>{@code
 * java -jar peer-bench/target/peer-bench.jar --peer db-scheduler --work insert --db jdbc:postgresql://localhost:5432/bench
 * }</pre>
 */
public final class DbSchedulerBench {
  static final String TASKS = "peer_dbs_tasks";

  static Result run(Options o) throws Exception {
    try (HikariDataSource ds = PeerBench.dataSource(o, "peer-dbs")) {
      createTables(ds);
      String runId = "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
      Tally tally = new Tally(o.jobs());
      // rows committed by the insert task, counted in memory: the wait below looks at this, not at
      // a COUNT over peer_run, so that waiting costs the database nothing (as the no-op's tally,
      // and as ours, which looks at its unfinished jobs through one index probe); the result
      // still counts peer_run
      AtomicLong inserted = new AtomicLong();
      String warmupRun = runId + "x:"; // --exec-warmup's tasks: run first, counted nowhere
      OneTimeTask<Void> insert = Tasks.oneTime("awkhad-bench").execute((instance, context) -> {
        String id = instance.getId();
        int colon = id.lastIndexOf(':');
        PeerBench.insertRun(ds, id.substring(0, colon + 1), Long.parseLong(id.substring(colon + 1)));
        if (!id.startsWith(warmupRun)) {
          inserted.incrementAndGet();
        }
      });
      OneTimeTask<Void> noop = Tasks.oneTime("awkhad-bench-noop").execute((instance, context) -> {
        long started = PeerBench.micros(Instant.now());
        String id = instance.getId();
        if (!id.startsWith(warmupRun)) {
          tally.ran(Integer.parseInt(id.substring(id.lastIndexOf(':') + 1)), started);
        }
      });
      OneTimeTask<Void> task = o.noop() ? noop : insert;
      SchedulerClient client = SchedulerClient.Builder.create(ds, insert, noop).tableName(TASKS).build();
      try {
        // 0. warm the enqueue path up, on the measured enqueue's threads (each on its own connection):
        // tasks far in the future, deleted before measuring
        enqueue(client, task, runId + "w", o.warmup(), Instant.now().plus(Duration.ofDays(365)), o);
        PeerBench.execute(ds, "DELETE FROM " + TASKS);
        // 0b. --exec-warmup: tasks of the same work, due a minute earlier than the backlog, so that the
        // scheduler (which picks by execution time) runs them first; the window and counts skip them
        Instant earlier = Instant.now().minus(Duration.ofMinutes(1));
        for (int from = 0; from < o.execWarmup(); from += o.batch()) {
          List<TaskInstance<?>> chunk = new ArrayList<>();
          for (int i = from; i < Math.min(o.execWarmup(), from + o.batch()); i++) {
            chunk.add(task.instance(warmupRun + i));
          }
          client.scheduleBatch(chunk, earlier);
        }
        // 1. the backlog, before the scheduler starts
        long t0 = System.nanoTime();
        enqueue(client, task, runId, o.jobs(), null, o);
        double enqueueSeconds = (System.nanoTime() - t0) / 1e9;
        // 2. the scheduler drains it
        Scheduler scheduler = Scheduler.create(ds, insert, noop).tableName(TASKS).threads(o.threads())
            .pollUsingLockAndFetch(0.5, 3.0).pollingInterval(Duration.ofMillis(o.pollMillis()))
            .enableImmediateExecution().build();
        scheduler.start();
        try {
          String run = runId + ":";
          if (o.noop()) {
            PeerBench.await(() -> tally.total.get(), o.jobs());
            tally.flush(ds, run);
          } else {
            PeerBench.await(inserted::get, o.jobs());
          }
          // 3. single tasks on the idle scheduler (always the insert task: its start is read from peer_run)
          double[] idle = PeerBench.probe(ds, runId + "i:", o,
              i -> scheduler.scheduleIfNotExists(insert.instance(runId + "i:" + i), Instant.now()));
          return PeerBench.result("db-scheduler", ds, o, run, tally, enqueueSeconds, idle, runId + "i:");
        } finally {
          scheduler.stop();
        }
      } finally {
        PeerBench.execute(ds, "DELETE FROM peer_run WHERE run_id LIKE '" + runId + "%'");
        PeerBench.execute(ds, "DROP TABLE IF EXISTS " + TASKS);
      }
    }
  }

  private static void createTables(DataSource ds) throws SQLException {
    // db-scheduler's PostgreSQL table, as its documentation gives it (without the priority index: priority is
    // off, as in its fastest setup)
    PeerBench.execute(ds, "DROP TABLE IF EXISTS " + TASKS);
    PeerBench.execute(ds, "CREATE TABLE " + TASKS + " (task_name TEXT NOT NULL, task_instance TEXT NOT NULL, task_data BYTEA,"
        + " execution_time TIMESTAMP WITH TIME ZONE NOT NULL, picked BOOLEAN NOT NULL, picked_by TEXT,"
        + " last_success TIMESTAMP WITH TIME ZONE, last_failure TIMESTAMP WITH TIME ZONE, consecutive_failures INT,"
        + " last_heartbeat TIMESTAMP WITH TIME ZONE, version BIGINT NOT NULL, priority SMALLINT,"
        + " PRIMARY KEY (task_name, task_instance))");
    PeerBench.execute(ds, "CREATE INDEX " + TASKS + "_execution_time_idx ON " + TASKS + " (execution_time)");
    PeerBench.execute(ds, "CREATE INDEX " + TASKS + "_last_heartbeat_idx ON " + TASKS + " (last_heartbeat)");
    PeerBench.createRunTable(ds);
  }

  /**
   * Batch b (tasks {@code prefix:b*B .. prefix:b*B+B-1}) on thread b mod T ({@link BatchThreads}),
   * due at {@code at}, or at the time of their batch when null.
   */
  private static void enqueue(SchedulerClient client, OneTimeTask<Void> task, String prefix, int count, Instant at,
      Options o) throws InterruptedException {
    int batches = (count + o.batch() - 1) / o.batch();
    BatchThreads.run("peer-enqueue-", batches, o.enqueueThreads(), b -> {
      List<TaskInstance<?>> chunk = new ArrayList<>();
      for (int i = b * o.batch(); i < Math.min(count, (b + 1) * o.batch()); i++) {
        chunk.add(task.instance(prefix + ":" + i));
      }
      client.scheduleBatch(chunk, at != null ? at : Instant.now());
    });
  }

  private DbSchedulerBench() {}
}
