package com.awkhad.connector.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.component.event.capture.ChangeCapture;
import com.awkhad.connector.queue.channel.ChannelConfig;
import com.awkhad.connector.queue.runner.Runner;
import com.awkhad.connector.queue.runner.RunnerOptions;
import com.awkhad.connector.testkit.TestDatabases;
import com.awkhad.connector.testkit.TestDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Change capture under runner kills: 1,000 row updates by plain JDBC in 50 transactions (every
 * fifth rolled back) on an application table, while the runner processes that read the changes
 * are SIGKILLed and restarted. Each committed change must enqueue exactly one export job, a
 * rolled-back one none, and the jobs of a record must follow its changes' order. PostgreSQL with
 * runner processes; H2 (one process) with its runner stopped and started again.
 */
class CaptureKillTest {
  static final int ROWS = 100;
  static final int TRANSACTIONS = 50;
  static final int UPDATES_PER_TX = 20;

  /** What the writer did: the updates of committed transactions, per record. */
  record Written(Map<Long, Integer> committedPerRecord, int committed, int rolledBack) {}

  interface Between {
    void afterTransaction(int tx) throws Exception;
  }

  static Written write(DataSource ds, Random random, Between between) throws Exception {
    Map<Long, Integer> perRecord = new HashMap<>();
    int committed = 0;
    int rolledBack = 0;
    for (int tx = 0; tx < TRANSACTIONS; tx++) {
      boolean rollback = tx % 5 == 3;
      List<Long> ids = new ArrayList<>();
      try (Connection c = ds.getConnection()) {
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("UPDATE app_item SET seq = seq + 1 WHERE item_id = ?")) {
          for (int i = 0; i < UPDATES_PER_TX; i++) {
            long id = 1 + random.nextInt(ROWS);
            ps.setLong(1, id);
            assertThat(ps.executeUpdate()).isEqualTo(1);
            ids.add(id);
          }
        }
        if (rollback) {
          c.rollback();
          rolledBack += ids.size();
        } else {
          c.commit();
          committed += ids.size();
          ids.forEach(id -> perRecord.merge(id, 1, Integer::sum));
        }
      }
      between.afterTransaction(tx);
    }
    return new Written(perRecord, committed, rolledBack);
  }

  /** Exactly one job per committed change, none for rolled-back ones, in change order per record. */
  static void assertOneJobPerCommittedChangeInOrder(DataSource ds, Written w, String what) throws Exception {
    Map<Long, List<Long>> changesPerRecord = new HashMap<>();
    int jobs = 0;
    try (Connection c = ds.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT args FROM queue_job WHERE method_name = 'export' ORDER BY id")) {
      while (rs.next()) {
        String[] args = rs.getString(1).replaceAll("[\\[\\] ]", "").split(",");
        changesPerRecord.computeIfAbsent(Long.parseLong(args[0]), k -> new ArrayList<>()).add(Long.parseLong(args[1]));
        jobs++;
      }
    }
    assertThat(jobs).as("%s: one export job per committed change (%d committed, %d rolled back)", what, w.committed(),
        w.rolledBack()).isEqualTo(w.committed());
    Map<Long, Integer> jobsPerRecord = new HashMap<>();
    changesPerRecord.forEach((id, changes) -> jobsPerRecord.put(id, changes.size()));
    assertThat(jobsPerRecord).as("%s: jobs per record = its committed updates", what).isEqualTo(w.committedPerRecord());
    TreeSet<Long> all = new TreeSet<>();
    changesPerRecord.forEach((id, changes) -> {
      assertThat(changes).as("%s: record %d's jobs follow its changes' order", what, id).isSorted();
      all.addAll(changes);
    });
    assertThat(all).as("%s: no change enqueued twice", what).hasSize(jobs);
    try (Connection c = ds.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(CASE WHEN consumed_at IS NULL THEN 1 ELSE 0 END) FROM record_change")) {
      rs.next();
      assertThat(rs.getLong(1)).as("%s: changes captured = committed updates", what).isEqualTo(w.committed());
      assertThat(rs.getLong(2)).as("%s: every change consumed", what).isZero();
    }
  }

  static long ms(long since) {
    return (System.nanoTime() - since) / 1_000_000;
  }

  @Test
  void postgresRunnerProcessesKilledWhileCapturedChangesFlow() throws Exception {
    TestDb db = TestDatabases.freshPostgres("capkill_" + ProcessHandle.current().pid());
    long seed = Seeds.seed("capture-kill");
    Random random = new Random(seed);
    DatabaseConfig config = DatabaseConfig.of(db.url(), db.user(), db.password());
    CaptureWorld.createApplicationTable(config, ROWS);
    try (Environment env = CaptureWorld.start(config);
        RunnerProcesses runners = new RunnerProcesses(CaptureRunnerMain.class, db.url(), db.user(), db.password(),
            "root:2", 2, 2_000)) {
      long t0 = System.nanoTime();
      runners.start();
      runners.start();
      System.out.println("seed " + seed + ": 2 runner processes started in " + ms(t0) + " ms");
      DataSource ds = env.database().dataSource();
      long t1 = System.nanoTime();
      Written w = write(ds, random, tx -> {
        if (tx == 15 || tx == 32) {
          long pid = runners.killOne(random);
          System.out.println("seed " + seed + ": SIGKILL runner " + pid + " after transaction " + tx + ", "
              + ChangeCapture.of(env).backlog());
          long t = System.nanoTime();
          runners.start();
          System.out.println("seed " + seed + ": replacement started in " + ms(t) + " ms");
        }
      });
      System.out.println("seed " + seed + ": writer done in " + ms(t1) + " ms, " + ChangeCapture.of(env).backlog());
      long t2 = System.nanoTime();
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
          .until(() -> ChangeCapture.of(env).backlog().pending() == 0);
      System.out.println("seed " + seed + ": backlog drained " + ms(t2) + " ms after the writer; " + runners.kills() + " runner processes killed; " + w.committed()
          + " committed updates, " + w.rolledBack() + " rolled back");
      assertOneJobPerCommittedChangeInOrder(ds, w, "seed " + seed);
    }
  }

  @Test
  void h2RunnerStoppedAndRestartedWhileCapturedChangesFlow() throws Exception {
    TestDb db = TestDatabases.fresh("h2");
    Random random = new Random(Seeds.seed("capture-kill-h2"));
    DatabaseConfig config = DatabaseConfig.of(db.url(), db.user(), db.password()).withPoolSize(10);
    CaptureWorld.createApplicationTable(config, ROWS);
    try (Environment env = CaptureWorld.start(config)) {
      RunnerOptions options = RunnerOptions.of(ChannelConfig.parse("root:2")).withWorkers(2);
      Runner[] runner = {Runner.start(env, options)};
      try {
        Written w = write(env.database().dataSource(), random, tx -> {
          if (tx == 15 || tx == 32) {
            runner[0].close();
            runner[0] = Runner.start(env, options);
          }
        });
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
            .until(() -> ChangeCapture.of(env).backlog().pending() == 0);
        assertOneJobPerCommittedChangeInOrder(env.database().dataSource(), w, "h2");
      } finally {
        runner[0].close();
      }
    }
  }
}
