package com.awkhad.connector.base.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.base.addon.Addon;
import com.awkhad.connector.base.addon.BaseAddon;
import com.awkhad.connector.base.addon.Manifest;
import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.base.db.DatabaseException;
import com.awkhad.connector.base.db.Dialect;
import com.awkhad.connector.base.tx.TransactionException;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvironmentTest {

  static DatabaseConfig config(TestDb db) {
    return DatabaseConfig.of(db.url(), db.user(), db.password());
  }

  static final class WidgetsAddon implements Addon {
    final List<String> calls = new ArrayList<>();

    @Override
    public Manifest manifest() {
      return Manifest.of("test_widgets", "1.0").depends("base").build();
    }

    @Override
    public void start(Environment env) {
      calls.add("start");
      env.settings().get("WIDGETS_COLOR", "widgets.color").ifPresent(color -> calls.add("color " + color));
    }
  }

  static final class BrokenAddon implements Addon {
    @Override
    public Manifest manifest() {
      return Manifest.of("test_broken", "1.0").depends("base").build();
    }
  }

  @DbTest
  void addonsReadTheSettingsTheEnvironmentWasGiven(TestDb db) {
    WidgetsAddon widgets = new WidgetsAddon();
    List<Addon> addons = List.of(new BaseAddon(), widgets);
    try (Environment env = Environment.start(com.awkhad.connector.base.db.Database.open(config(db)), addons,
        com.awkhad.connector.base.tx.OuterTransactions.NONE,
        com.awkhad.connector.base.settings.Settings.of(java.util.Map.of("WIDGETS_COLOR", "teal")))) {
      assertThat(widgets.calls).containsExactly("start", "color teal");
      assertThat(env.settings().get("WIDGETS_COLOR", null)).contains("teal");
    }
  }

  @DbTest
  void appliesEachAddonsMigrationsAndStartsThem(TestDb db) throws Exception {
    WidgetsAddon widgets = new WidgetsAddon();
    try (Environment env = Environment.start(config(db), List.of(new BaseAddon(), widgets))) {
      assertThat(env.database().dialect()).isEqualTo(db.isH2() ? Dialect.H2 : Dialect.POSTGRESQL);
      assertThat(widgets.calls).containsExactly("start");
      int rows = env.tx().inTransaction(c -> c.createStatement().executeUpdate("INSERT INTO test_widget VALUES (1, 'a')"));
      assertThat(rows).isEqualTo(1);
      int versions = env.tx().inTransaction(c -> {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM schema_history_test_widgets WHERE success")) {
          rs.next();
          return rs.getInt(1);
        }
      });
      assertThat(versions).isGreaterThanOrEqualTo(1);
    }
    // a second start on the same database applies nothing new and keeps the data
    try (Environment env = Environment.start(config(db), List.of(new BaseAddon(), new WidgetsAddon()))) {
      long count = env.tx().inTransaction(c -> {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM test_widget")) {
          rs.next();
          return rs.getLong(1);
        }
      });
      assertThat(count).isEqualTo(1);
    }
  }

  @DbTest
  void nestedBlocksJoinAndRollBackTogether(TestDb db) {
    try (Environment env = Environment.start(config(db), List.of(new BaseAddon(), new WidgetsAddon()))) {
      assertThatThrownBy(() -> env.tx().run(c -> {
        c.createStatement().executeUpdate("INSERT INTO test_widget VALUES (1, 'outer')");
        try {
          env.tx().run(inner -> {
            assertThat(inner).isSameAs(c);
            inner.createStatement().executeUpdate("INSERT INTO test_widget VALUES (2, 'inner')");
            throw new IllegalStateException("boom");
          });
        } catch (IllegalStateException expected) {
          // swallowed: the transaction is rollback-only all the same
        }
      })).isInstanceOf(TransactionException.class).hasMessageContaining("boom");
      assertThat(count(env)).isZero();

      env.tx().run(c -> {
        c.createStatement().executeUpdate("INSERT INTO test_widget VALUES (1, 'kept')");
        try {
          env.tx().inSavepoint(s -> s.createStatement().executeUpdate("INSERT INTO test_widget VALUES (2, 'undone')") / 0);
        } catch (ArithmeticException expected) {
          // only the savepoint's work is undone
        }
      });
      assertThat(count(env)).isEqualTo(1);

      // a nested block failing inside a savepoint is undone with the savepoint alone
      env.tx().run(c -> {
        try {
          env.tx().inSavepoint(s -> env.tx().inTransaction(inner -> {
            inner.createStatement().executeUpdate("INSERT INTO test_widget VALUES (3, 'undone')");
            throw new IllegalStateException("nested failure");
          }));
        } catch (IllegalStateException expected) {
          // the outer transaction still commits
        }
        c.createStatement().executeUpdate("INSERT INTO test_widget VALUES (4, 'kept')");
      });
      assertThat(count(env)).isEqualTo(2);

      List<String> callbacks = new ArrayList<>();
      env.tx().run(c -> {
        env.tx().afterCommit(() -> callbacks.add("committed"));
        env.tx().inNewTransaction(other -> {
          assertThat(other).isNotSameAs(c);
          return null;
        });
      });
      assertThat(callbacks).containsExactly("committed");
    }
  }

  @DbTest
  void manySavepointsInOneTransactionUndoOnlyTheFailedBlocks(TestDb db) {
    try (Environment env = Environment.start(config(db), List.of(new BaseAddon(), new WidgetsAddon()))) {
      // deferred releases: more outermost savepoints than a transaction leaves open, some failing, some nested
      env.tx().run(c -> {
        env.tx().deferSavepointRelease();
        for (int i = 1; i <= 150; i++) {
          if (i == 100) {
            env.tx().releaseDeferredSavepoints();
          }
          int id = i;
          try {
            env.tx().inSavepoint(s -> {
              s.createStatement().executeUpdate("INSERT INTO test_widget VALUES (" + id + ", 'w')");
              if (id % 10 == 0) {
                try {
                  env.tx().inSavepoint(n -> n.createStatement().executeUpdate(
                      "INSERT INTO test_widget VALUES (" + (1000 + id) + ", 'nested undone')") / 0);
                } catch (ArithmeticException expected) {
                  // the nested block alone is undone
                }
                env.tx().inSavepoint(n -> n.createStatement().executeUpdate(
                    "INSERT INTO test_widget VALUES (" + (2000 + id) + ", 'nested kept')"));
              }
              if (id % 3 == 0) {
                throw new IllegalStateException("block " + id + " fails");
              }
              return null;
            });
          } catch (IllegalStateException expected) {
            // that block's writes are undone, the earlier blocks' are kept
          }
        }
      });
      // 150 blocks, 50 failing; of the 15 with nested blocks, 10 kept theirs (ids 10, 20, 40, ...)
      assertThat(count(env)).isEqualTo(100 + 10);
    }
  }

  @DbTest
  void failedMigrationNamesTheAddon(TestDb db) {
    assertThatThrownBy(() -> Environment.start(config(db), List.of(new BaseAddon(), new BrokenAddon())))
        .isInstanceOf(DatabaseException.class)
        .hasMessageContaining("addon 'test_broken'")
        .hasMessageContaining("V1__broken.sql");
  }

  @Test
  void unknownSchemeAndUnreachableDatabaseSayWhatToDo() {
    assertThatThrownBy(() -> DatabaseConfig.of("jdbc:mysql://localhost/x", "u", "p"))
        .isInstanceOf(DatabaseException.class)
        .hasMessageContaining("Unsupported database URL scheme 'jdbc:mysql'")
        .hasMessageContaining("jdbc:postgresql://");
    DatabaseConfig unreachable = DatabaseConfig.of("jdbc:postgresql://127.0.0.1:1/nowhere", "bob", "s3cret-pw");
    assertThatThrownBy(() -> Environment.start(unreachable, List.of(new BaseAddon())))
        .isInstanceOf(DatabaseException.class)
        .hasMessageContaining("Cannot connect to jdbc:postgresql://127.0.0.1:1/nowhere")
        .hasMessageNotContaining("s3cret-pw");
    assertThat(unreachable.toString()).doesNotContain("s3cret-pw");
  }

  private static long count(Environment env) {
    return env.tx().inTransaction(c -> {
      try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM test_widget")) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }
}
