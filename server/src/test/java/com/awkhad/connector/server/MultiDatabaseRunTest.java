package com.awkhad.connector.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.awkhad.connector.base.addon.AddonLoader;
import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.Queue;
import com.awkhad.connector.testkit.Cli;
import com.awkhad.connector.testkit.TestDatabases;
import com.awkhad.connector.testkit.TestDb;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./connector run --db A --db B}: one process, one runner per database (as the original's
 * runner serves every database of its server). Each database's jobs run, each runner releases
 * its lease when the process stops; other commands refuse several --db.
 */
class MultiDatabaseRunTest {

  /** A job that says which database it ran in. */
  public static class Where {
    public String run(String label) {
      return "ran " + label;
    }
  }

  @Test
  void otherCommandsRefuseSeveralDatabasesAndRunRefusesOneGivenTwice(@TempDir Path dir) {
    String a = "jdbc:h2:file:" + dir.resolve("a");
    String b = "jdbc:h2:file:" + dir.resolve("b");
    Cli.Result list = CliTest.run("--db", a, "--db", b, "jobs", "list");
    assertThat(list.code()).isNotZero();
    assertThat(list.err()).contains("--db was given 2 times: only `run` serves several databases");
    Cli.Result twice = CliTest.run("--db", a, "--db", a, "run", "--no-http", "--wake-address", "off");
    assertThat(twice.code()).isNotZero();
    assertThat(twice.err()).contains("was given twice: give each database once");
  }

  @Test
  void oneProcessRunsTheJobsOfEachDatabaseAndReleasesBothLeasesWhenStopped(@TempDir Path dir) throws Exception {
    TestDb a = TestDatabases.fresh("postgresql");
    TestDb b = TestDatabases.fresh("postgresql");
    Path log = dir.resolve("run.log");
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "--db", a.url(), "--db", b.url(), "run", "--workers", "1", "--no-http", "--wake-address", "off");
    pb.environment().put("CONNECTOR_DB_USER", a.user());
    pb.environment().put("CONNECTOR_DB_PASSWORD", a.password());
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    Process p = pb.start();
    List<Environment> envs = new ArrayList<>();
    try {
      await().atMost(Duration.ofSeconds(120)).until(() -> {
        assertThat(p.isAlive()).as("the run process is alive; its output:\n%s", read(log)).isTrue();
        return read(log).contains("(database 2 of 2). Stop with Ctrl-C.");
      });
      assertThat(read(log)).contains("(database 1 of 2)").contains(safe(a)).contains(safe(b));
      for (TestDb db : List.of(a, b)) {
        envs.add(Environment.start(DatabaseConfig.of(db.url(), db.user(), db.password()),
            AddonLoader.resolve(AddonLoader.discover())));
      }
      envs.get(0).service(Queue.class).delay(Where.class).run("in A");
      envs.get(1).service(Queue.class).delay(Where.class).run("in B");

      await().atMost(Duration.ofSeconds(60)).until(() -> done(envs.get(0)).equals(List.of("\"ran in A\""))
          && done(envs.get(1)).equals(List.of("\"ran in B\"")));
      assertThat(count(envs.get(0), "queue_worker")).as("A's runner").isEqualTo(1);
      assertThat(count(envs.get(1), "queue_worker")).as("B's runner").isEqualTo(1);

      p.destroy(); // SIGTERM: each runner stops and releases its lease
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("stopped; output:\n%s", read(log)).isTrue();
      assertThat(count(envs.get(0), "queue_worker")).as("A's lease released").isZero();
      assertThat(count(envs.get(1), "queue_worker")).as("B's lease released").isZero();
    } finally {
      p.destroyForcibly();
      envs.forEach(Environment::close);
    }
  }

  private static String safe(TestDb db) {
    return DatabaseConfig.of(db.url(), db.user(), db.password()).safeUrl();
  }

  private static List<String> done(Environment env) {
    return env.tx().inNewTransaction(c -> {
      List<String> out = new ArrayList<>();
      try (ResultSet rs = c.createStatement().executeQuery("SELECT result FROM queue_job WHERE state = 'done'")) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    });
  }

  private static long count(Environment env, String table) {
    return env.tx().inNewTransaction(c -> {
      try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  private static String read(Path log) throws java.io.IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }
}
