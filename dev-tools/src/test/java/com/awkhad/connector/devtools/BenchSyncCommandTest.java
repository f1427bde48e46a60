package com.awkhad.connector.devtools;

import static org.assertj.core.api.Assertions.assertThat;

import com.awkhad.connector.testkit.TestDatabases;
import com.awkhad.connector.testkit.TestDb;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BenchSyncCommandTest {
  static final Pattern LINE = Pattern.compile("bench-sync: db=(h2|postgresql) records=(\\d+) workers=(\\d+)"
      + " import_records_per_s=\\d+ export_new_records_per_s=\\d+ export_records_per_s=\\d+ duplicates=(\\d+) lost=(\\d+)");

  @Test
  void importsThenExportsEveryRecordOnceThroughPerRecordJobsAfterAWarmUp() {
    TestDb db = TestDatabases.fresh("h2");
    String out = BenchCommandTest.run("--db", db.url(), "bench-sync", "--records", "120", "--workers", "3",
        "--place-batch", "50", "--warmup", "30");
    // the warm-up ran first, on 30 records of its own, and is not in the measured line
    assertThat(out).contains("bench-sync-warmup: records=30 ").contains("warmup=30").contains("exports_share_batches=false")
        .contains("brew_seconds=2");
    assertThat(out.indexOf("bench-sync-warmup:")).isLessThan(out.indexOf("bench-sync-detail:"));
    // the JVM's CPU per record of each measured phase: some CPU in each (a phase that ran nothing would show 0)
    Matcher cpu = Pattern.compile("jvm_cpu_us_per_record=import:(\\d+),export_new:(\\d+),export_changed:(\\d+)").matcher(out);
    assertThat(cpu.find()).as(out).isTrue();
    for (int phase = 1; phase <= 3; phase++) {
      assertThat(Long.parseLong(cpu.group(phase))).as("phase %d", phase).isPositive();
    }
    Matcher m = LINE.matcher(out);
    assertThat(m.find()).as(out).isTrue();
    assertThat(m.group(2)).isEqualTo("120");
    assertThat(m.group(4)).as("duplicates").isEqualTo("0");
    assertThat(m.group(5)).as("lost").isEqualTo("0");
    // every beverage and order is bound, the warm-up's 30 as well, each order's change reached the machine
    // (counted by the bench itself)
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(db.url(), db.user(), db.password());
        java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT binding_model, COUNT(*) FROM connector_binding"
            + " WHERE external_id IS NOT NULL GROUP BY binding_model ORDER BY binding_model")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("coffee.beverage.binding");
      assertThat(rs.getLong(2)).isEqualTo(150);
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("coffee.order.binding");
      assertThat(rs.getLong(2)).isEqualTo(150);
      assertThat(rs.next()).isFalse();
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
    // the run's done jobs were removed (none failed)
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(db.url(), db.user(), db.password());
        java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM queue_job")) {
      rs.next();
      assertThat(rs.getLong(1)).isZero();
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void exportsThatShareBatchesStillSendEachOrderOnceAndOrdersCanBrewLongerThanTheRun() {
    TestDb db = TestDatabases.fresh("h2");
    String out = BenchCommandTest.run("--db", db.url(), "bench-sync", "--records", "60", "--workers", "3",
        "--place-batch", "30", "--exports-share-batches", "--brew-seconds", "3600");
    assertThat(out).contains("exports_share_batches=true").contains("brew_seconds=3600");
    Matcher m = LINE.matcher(out);
    assertThat(m.find()).as(out).isTrue();
    assertThat(m.group(4)).as("duplicates").isEqualTo("0");
    assertThat(m.group(5)).as("lost").isEqualTo("0");
  }
}
