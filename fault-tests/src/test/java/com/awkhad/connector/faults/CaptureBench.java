package com.awkhad.connector.faults;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.component.event.capture.ChangeCapture;
import com.awkhad.connector.queue.Queue;
import com.awkhad.connector.queue.channel.ChannelConfig;
import com.awkhad.connector.queue.runner.Runner;
import com.awkhad.connector.queue.runner.RunnerOptions;
import com.awkhad.connector.queue.store.EnqueueListener;
import com.awkhad.connector.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The change capture benchmark (docs/benchmarks.md), skipped unless {@code -Dcapture.bench=N}:
 * N single-row updates, each its own transaction, by plain JDBC on a captured table, while a runner
 * in this process reads the changes and its listener enqueues one job per change. Prints the
 * writer's rate (with the trigger, and on an uncaptured twin table for comparison), the rate at
 * which changes become committed jobs, and the delay from each update's commit to the commit of
 * its job (p50/p95/p99).
 *
 * <pre>
 * ./mvnw -B -o verify -pl fault-tests -am -Dtest=CaptureBench -Dsurefire.failIfNoSpecifiedTests=false -Dcapture.bench=10000 [-Dcapture.bench.db=jdbc:postgresql://...] [-Dcapture.bench.h2=true]
 * </pre>
 */
class CaptureBench {
  static final int ROWS = 1_000;

  @Test
  void bench() throws Exception {
    String n = System.getProperty("capture.bench");
    assumeTrue(n != null && !n.isBlank(), "the capture benchmark runs with -Dcapture.bench=N");
    int updates = Integer.parseInt(n);
    String url = System.getProperty("capture.bench.db", "");
    DatabaseConfig config;
    String where;
    if (!url.isBlank()) {
      config = DatabaseConfig.of(url, System.getProperty("capture.bench.user", ""), System.getProperty("capture.bench.password", ""));
      where = url;
    } else if (Boolean.getBoolean("capture.bench.h2")) {
      var db = TestDatabases.fresh("h2");
      config = DatabaseConfig.of(db.url(), db.user(), db.password());
      where = "H2 in memory";
    } else {
      var db = TestDatabases.freshPostgres("capbench_" + ProcessHandle.current().pid());
      config = DatabaseConfig.of(db.url(), db.user(), db.password());
      where = "embedded PostgreSQL 17 (zonky)";
    }
    config = config.withPoolSize(10);
    CaptureWorld.createApplicationTable(config, ROWS);
    try (Environment env = CaptureWorld.start(config)) {
      DataSource ds = env.database().dataSource();
      try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE app_item_plain AS SELECT * FROM app_item");
      }
      Map<String, Long> jobCommitted = new ConcurrentHashMap<>();
      env.service(Queue.class).addEnqueueListener(new EnqueueListener() {
        @Override
        public void afterCommit(List<String> uuids) {
          long now = System.nanoTime();
          uuids.forEach(u -> jobCommitted.put(u, now));
        }
      });
      Random random = new Random(42);
      // the writer without capture, for comparison (warms the JDBC path up too)
      long plainNanos = writeAll(ds, "app_item_plain", updates, random, null);
      try (Runner runner = Runner.start(env, RunnerOptions.of(ChannelConfig.parse("root:2")).withWorkers(2))) {
        Map<Long, List<Long>> commits = new HashMap<>();
        long start = System.nanoTime();
        Map<String, Integer> samples = new ConcurrentHashMap<>();
        Thread sampler = Boolean.getBoolean("capture.bench.sample") ? sampler(samples) : null;
        long writeNanos = writeAll(ds, "app_item", updates, random, commits);
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(20))
            .until(() -> ChangeCapture.of(env).backlog().pending() == 0);
        if (sampler != null) {
          sampler.interrupt();
          samples.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(15)
              .forEach(e -> System.out.println("sample " + e.getValue() + " " + e.getKey()));
        }
        // the k-th job of a record is the k-th committed update of that record (order per record)
        List<Long> delays = new ArrayList<>();
        long lastJob = 0;
        Map<Long, Integer> nth = new HashMap<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT uuid, args FROM queue_job WHERE method_name = 'export' ORDER BY id")) {
          while (rs.next()) {
            long item = Long.parseLong(rs.getString(2).replaceAll("[\\[\\] ]", "").split(",")[0]);
            int k = nth.merge(item, 1, Integer::sum) - 1;
            Long committedAt = jobCommitted.get(rs.getString(1));
            if (committedAt != null) {
              delays.add(committedAt - commits.get(item).get(k));
              lastJob = Math.max(lastJob, committedAt);
            }
          }
        }
        Collections.sort(delays);
        System.out.printf("bench-capture: %s, %d single-row updates on %d rows, 1 writer thread, runner in process (root:2)%n",
            where, updates, ROWS);
        System.out.printf("bench-capture: writer %.0f updates/s with capture, %.0f/s on the uncaptured twin table%n",
            updates / (writeNanos / 1e9), updates / (plainNanos / 1e9));
        System.out.printf("bench-capture: %d jobs; changes turned into committed jobs at %.0f/s (first commit to last job commit: %d ms;"
                + " writer done after %d ms)%n", delays.size(), delays.size() / ((lastJob - start) / 1e9), (lastJob - start) / 1_000_000,
            writeNanos / 1_000_000);
        System.out.printf("bench-capture: commit -> job committed p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms%n",
            pct(delays, 50), pct(delays, 95), pct(delays, 99), delays.get(delays.size() - 1) / 1e6);
        if (delays.size() != updates) {
          throw new AssertionError("expected " + updates + " jobs, found " + delays.size());
        }
      }
    }
  }

  /** With -Dcapture.bench.sample=true: where the reader thread spends its time (its stack every 10 ms). */
  static Thread sampler(Map<String, Integer> samples) {
    Thread t = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        Thread.getAllStackTraces().forEach((thread, stack) -> {
          if (thread.getName().equals("record-change-reader")) {
            StringBuilder b = new StringBuilder();
            int shown = 0;
            for (int i = 0; i < stack.length && shown < 6; i++) {
              if (!stack[i].getClassName().startsWith("com.awkhad") || stack[i].getClassName().contains("$$")) {
                continue;
              }
              shown++;
              b.append(stack[i].getClassName().replaceAll(".*\\.", "")).append('.').append(stack[i].getMethodName()).append(" < ");
            }
            samples.merge(b.toString(), 1, Integer::sum);
          }
        });
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "capture-bench-sampler");
    t.setDaemon(true);
    t.start();
    return t;
  }

  static double pct(List<Long> sorted, int p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1e6;
  }

  /** {@code updates} autocommitted single-row updates; records each commit's time per record. */
  static long writeAll(DataSource ds, String table, int updates, Random random, Map<Long, List<Long>> commits) throws Exception {
    long start = System.nanoTime();
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET seq = seq + 1 WHERE item_id = ?")) {
      c.setAutoCommit(true);
      for (int i = 0; i < updates; i++) {
        long id = 1 + random.nextInt(ROWS);
        ps.setLong(1, id);
        ps.executeUpdate();
        if (commits != null) {
          commits.computeIfAbsent(id, k -> new ArrayList<>()).add(System.nanoTime());
        }
      }
    }
    return System.nanoTime() - start;
  }
}
