package com.awkhad.connector.devtools;

import static org.assertj.core.api.Assertions.assertThat;

import com.awkhad.connector.testkit.TestDatabases;
import com.awkhad.connector.testkit.TestDb;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BenchCommandTest {
  static final Pattern LINE = Pattern.compile("bench: db=(h2|postgresql) jobs=(\\d+) workers=(\\d+) processes=(\\d+)"
      + " enqueue_per_s=\\d+ exec_per_s=\\d+ p50_ms=[\\d.]+ p95_ms=[\\d.]+ p99_ms=[\\d.]+ duplicates=(\\d+) lost=(\\d+)");

  static String run(String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      int code = Main.run(args);
      assertThat(code).as("exit code of bench; its output:%n%s", buf).isZero();
    } finally {
      System.setOut(old);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  void benchOnH2RunsEveryJobOnceAndPrintsTheSummaryLine() {
    TestDb db = TestDatabases.fresh("h2");
    String out = run("--db", db.url(), "bench", "--jobs", "400", "--workers", "2", "--idle-probes", "5",
        "--idle-warmup", "3", "--warmup", "300", "--batch-budget-ms", "40", "--exec-warmup", "150");
    Matcher m = LINE.matcher(out);
    assertThat(m.find()).as(out).isTrue();
    assertThat(m.group(1)).isEqualTo("h2");
    assertThat(m.group(2)).isEqualTo("400");
    assertThat(m.group(5)).isEqualTo("0");
    assertThat(m.group(6)).isEqualTo("0");
    // the exec warm-up's jobs (numbered 0..149, as the backlog's first ones) ran first and counted nowhere:
    // counted as the backlog's, they would show as duplicates
    assertThat(out).contains(" warmup=300", " exec_warmup=150", "idle_probes=5", "idle_warmup=3");
    // the budget reached the runner, and the longest batch was measured from the jobs' own timestamps
    Matcher longest = Pattern.compile("batch_budget_ms=40 longest_batch_ms=([0-9.]+) longest_batch_jobs=(\\d+) ")
        .matcher(out);
    assertThat(longest.find()).as(out).isTrue();
    assertThat(Integer.parseInt(longest.group(2))).as("jobs of the longest batch").isBetween(1, 32);
    // the warm-up's jobs were rolled back, and the run's own rows removed at the end, the exec warm-up's too
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(db.url(), db.user(), db.password());
        java.sql.ResultSet rs = c.createStatement().executeQuery(
            "SELECT (SELECT COUNT(*) FROM queue_job), (SELECT COUNT(*) FROM bench_run)")) {
      rs.next();
      assertThat(rs.getLong(1)).isZero();
      assertThat(rs.getLong(2)).isZero();
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void noopWorkIsProvenOnceFromTheJobTableAlone() {
    TestDb db = TestDatabases.fresh("h2");
    String out = run("--db", db.url(), "bench", "--work", "noop", "--jobs", "300", "--workers", "2", "--idle-probes", "3",
        "--idle-warmup", "1", "--warmup", "100", "--exec-warmup", "200");
    Matcher m = LINE.matcher(out);
    assertThat(m.find()).as(out).isTrue();
    assertThat(m.group(2)).isEqualTo("300");
    assertThat(m.group(5)).isEqualTo("0");
    assertThat(m.group(6)).isEqualTo("0");
    assertThat(out).contains("bench-detail: work=noop ");
    // the no-op jobs wrote nothing of their own: only the idle probes (which insert) used bench_run
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(db.url(), db.user(), db.password());
        java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM queue_job")) {
      rs.next();
      assertThat(rs.getLong(1)).as("the run's rows removed").isZero();
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void benchWithTwoRunnerProcessesOnPostgres() {
    TestDb db = TestDatabases.freshPostgres("bench_cli_" + ProcessHandle.current().pid());
    String out = run("--db", db.url(), "bench", "--jobs", "1000", "--workers", "2", "--processes", "2", "--idle-probes", "5",
        "--idle-warmup", "2");
    Matcher m = LINE.matcher(out);
    assertThat(m.find()).as(out).isTrue();
    assertThat(m.group(4)).isEqualTo("2");
    assertThat(m.group(5)).isEqualTo("0");
    assertThat(m.group(6)).isEqualTo("0");
  }

  @Test
  void badChannelsAreRefusedWithTheEntryQuoted() {
    PrintStream old = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      assertThat(Main.run("--db", TestDatabases.fresh("h2").url(), "run", "--channels", "root:4,coffee:x")).isEqualTo(1);
    } finally {
      System.setErr(old);
    }
    assertThat(buf.toString(StandardCharsets.UTF_8)).contains("'coffee:x'", "not an integer");
  }
}
