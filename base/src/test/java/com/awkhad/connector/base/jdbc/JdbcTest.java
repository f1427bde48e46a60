package com.awkhad.connector.base.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.base.addon.BaseAddon;
import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The JDBC helper on both databases: instants round-trip in UTC, lists keep the query's order. */
class JdbcTest {

  private static Environment env(TestDb db) {
    return Environment.start(DatabaseConfig.of(db.url(), db.user(), db.password()), List.of(new BaseAddon()));
  }

  @DbTest
  void bindsQueriesAndUpdatesWithInstantsAsTimestampsWithTimeZone(TestDb db) {
    try (Environment env = env(db)) {
      Instant at = Instant.parse("2026-03-29T01:30:00.123456Z");
      env.tx().run(c -> {
        Jdbc.update(c, "CREATE TABLE jdbc_t (k VARCHAR(10) PRIMARY KEY, n INT, at TIMESTAMP WITH TIME ZONE)");
        assertThat(Jdbc.update(c, "INSERT INTO jdbc_t (k, n, at) VALUES (?, ?, ?), (?, ?, ?)",
            "b", 2, at, "a", 1, null)).isEqualTo(2);
      });
      env.tx().run(c -> {
        assertThat(Jdbc.queryList(c, "SELECT k FROM jdbc_t ORDER BY k", rs -> rs.getString(1))).containsExactly("a", "b");
        assertThat(Jdbc.queryOne(c, "SELECT at FROM jdbc_t WHERE k = ?", rs -> Jdbc.instant(rs, "at"), "b"))
            .contains(at);
        assertThat(Jdbc.queryOne(c, "SELECT at FROM jdbc_t WHERE k = ?", rs -> Jdbc.instant(rs, 1), "a"))
            .as("a NULL timestamp reads as null, an empty optional here").isEmpty();
        assertThat(Jdbc.queryOne(c, "SELECT k FROM jdbc_t WHERE k = ?", rs -> rs.getString(1), "zz")).isEmpty();
        assertThat(Jdbc.queryOne(c, "SELECT k FROM jdbc_t WHERE at = ?", rs -> rs.getString(1), at)).contains("b");
        assertThat(Jdbc.update(c, "UPDATE jdbc_t SET n = n + 1 WHERE n > ?", 0)).isEqualTo(2);
        assertThat(Jdbc.queryOne(c, "SELECT SUM(n) FROM jdbc_t", rs -> rs.getInt(1))).isEqualTo(Optional.of(5));
      });
    }
  }

  @DbTest
  void recognizesAUniqueViolationThroughItsCauses(TestDb db) {
    try (Environment env = env(db)) {
      env.tx().run(c -> Jdbc.update(c, "CREATE TABLE jdbc_u (k VARCHAR(10) PRIMARY KEY)"));
      env.tx().run(c -> Jdbc.update(c, "INSERT INTO jdbc_u (k) VALUES (?)", "a"));
      assertThatThrownBy(() -> env.tx().run(c -> Jdbc.update(c, "INSERT INTO jdbc_u (k) VALUES (?)", "a")))
          .satisfies(e -> assertThat(Jdbc.isUniqueViolation(e)).isTrue());
      assertThat(Jdbc.isUniqueViolation(new RuntimeException(new SQLException("other", "23503")))).isFalse();
    }
  }
}
