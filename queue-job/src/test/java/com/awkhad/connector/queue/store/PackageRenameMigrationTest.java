package com.awkhad.connector.queue.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.awkhad.connector.base.addon.BaseAddon;
import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.QueueJobAddon;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;

/**
 * V31: jobs, recurring definitions and function settings stored under the connector framework's
 * old package (com.awkhad.connector.connector) name the renamed package afterwards, so the runner
 * can still load their class; other rows are left alone.
 */
class PackageRenameMigrationTest {

  private static final String OLD = "com.awkhad.connector.connector.ConnectorJobs";
  private static final String NEW = "com.awkhad.connector.framework.ConnectorJobs";

  @DbTest
  void rowsStoredUnderTheOldPackageNameTheNewOne(TestDb db) throws Exception {
    Environment.start(DatabaseConfig.of(db.url(), db.user(), db.password()), List.of(new BaseAddon())).close();
    String dialect = db.isPostgres() ? "postgresql" : "h2";
    Flyway.configure(getClass().getClassLoader())
        .dataSource(db.url(), db.user(), db.password())
        .locations("classpath:db/queue_job/common", "classpath:db/queue_job/" + dialect)
        .table("schema_history_queue_job").baselineOnMigrate(true).baselineVersion("0")
        .target("30").load().migrate();
    try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
        Statement s = c.createStatement()) {
      s.executeUpdate(job("a", OLD + ".importRecord", OLD));
      s.executeUpdate(job("b", "coffee.order.binding.exportRecord", OLD));
      s.executeUpdate(job("c", "com.example.Other.run", "com.example.Other"));
      s.executeUpdate("INSERT INTO queue_job_recurring (name, interval_seconds, func_name, target_class, method_name,"
          + " args, description, channel, priority, max_retries, next_run_at) VALUES ('r', 60, '" + OLD
          + ".importBatch', '" + OLD + "', 'importBatch', '[]', 'd', 'root', 10, 5, CURRENT_TIMESTAMP)");
      s.executeUpdate("INSERT INTO queue_job_function (name, channel) VALUES ('" + OLD + ".importRecord', 'root.old')");
      s.executeUpdate("INSERT INTO queue_job_function (name, channel) VALUES ('" + OLD + ".exportRecord', 'root.old')");
      s.executeUpdate("INSERT INTO queue_job_function (name, channel) VALUES ('" + NEW + ".exportRecord', 'root.new')");
    }

    Environment.start(DatabaseConfig.of(db.url(), db.user(), db.password()),
        List.of(new BaseAddon(), new QueueJobAddon())).close();

    try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
        Statement s = c.createStatement()) {
      assertThat(rows(s, "SELECT uuid, func_name, target_class FROM queue_job ORDER BY uuid")).containsExactly(
          "a|" + NEW + ".importRecord|" + NEW,
          "b|coffee.order.binding.exportRecord|" + NEW,
          "c|com.example.Other.run|com.example.Other");
      assertThat(rows(s, "SELECT func_name, target_class FROM queue_job_recurring"))
          .containsExactly(NEW + ".importBatch|" + NEW);
      assertThat(rows(s, "SELECT name, channel FROM queue_job_function ORDER BY name")).containsExactly(
          NEW + ".exportRecord|root.new",
          NEW + ".importRecord|root.old");
    }
  }

  private static String job(String uuid, String function, String target) {
    return "INSERT INTO queue_job (uuid, description, func_name, target_class, method_name, args, state, date_created)"
        + " VALUES ('" + uuid + "', 'd', '" + function + "', '" + target + "', 'm', '[]', 'pending', CURRENT_TIMESTAMP)";
  }

  private static List<String> rows(Statement s, String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          b.append(i > 1 ? "|" : "").append(rs.getString(i));
        }
        out.add(b.toString());
      }
    }
    return out;
  }
}
