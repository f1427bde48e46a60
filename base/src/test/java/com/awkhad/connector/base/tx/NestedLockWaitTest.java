package com.awkhad.connector.base.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.awkhad.connector.base.db.Dialect;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.base.addon.BaseAddon;
import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.sql.Statement;
import java.time.Duration;

/**
 * A transaction begun inside another on the same thread that waits for a lock the outer one
 * holds: the outer session is idle, waiting for its own thread, so no database reports a
 * deadlock. The inner wait is bounded; it fails, and the outer transaction goes on.
 */
class NestedLockWaitTest {

  @DbTest
  void aNestedTransactionWaitingOnItsOuterOneFailsInsteadOfWaitingForever(TestDb db) {
    try (Environment env = Environment.start(DatabaseConfig.of(db.url(), db.user(), db.password()),
        java.util.List.of(new BaseAddon()))) {
      Dialect dialect = env.database().dialect();
      if (dialect == Dialect.POSTGRESQL) {
        env.tx().boundNestedLockWaits(dialect.localLockTimeoutSql(Duration.ofMillis(300)));
      }
      env.tx().run(c -> {
        try (Statement s = c.createStatement()) {
          s.execute("CREATE TABLE nested_lock_t (k VARCHAR(10) PRIMARY KEY)");
        }
      });
      // without a bound, the inner insert waits for the outer transaction, which waits for it
      assertTimeoutPreemptively(Duration.ofSeconds(60), () -> env.tx().run(outer -> {
        insert(outer, "a");
        assertThatThrownBy(() -> env.tx().inNewTransaction(inner -> insert(inner, "a")))
            .isInstanceOf(dialect == Dialect.POSTGRESQL ? NestedLockTimeoutException.class : RuntimeException.class)
            .satisfies(e -> {
              if (dialect == Dialect.POSTGRESQL) {
                assertThat(e).hasMessageContaining("begun inside another one on the same thread")
                    .hasMessageContaining("lock timeout");
              }
            });
        insert(outer, "b"); // the outer transaction is untouched
      }));
      int rows = env.tx().inTransaction(c -> {
        try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM nested_lock_t")) {
          rs.next();
          return rs.getInt(1);
        }
      });
      assertThat(rows).isEqualTo(2);
      // a transaction that is not nested keeps the database's own default (no bound)
      String timeout = env.tx().inTransaction(c -> {
        if (dialect != Dialect.POSTGRESQL) {
          return "n/a";
        }
        try (var rs = c.createStatement().executeQuery("SHOW lock_timeout")) {
          rs.next();
          return rs.getString(1);
        }
      });
      assertThat(timeout).isIn("0", "n/a");
    }
  }

  private static int insert(java.sql.Connection c, String k) throws java.sql.SQLException {
    try (var ps = c.prepareStatement("INSERT INTO nested_lock_t (k) VALUES (?)")) {
      ps.setString(1, k);
      return ps.executeUpdate();
    }
  }
}
