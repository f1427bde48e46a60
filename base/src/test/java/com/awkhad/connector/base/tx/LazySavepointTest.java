package com.awkhad.connector.base.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.base.addon.BaseAddon;
import com.awkhad.connector.base.db.DatabaseConfig;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * {@link Transactions#inLazySavepoint}: the savepoint is set when the work first asks for the
 * connection, so work that never does sets none; work that does and then fails loses its writes
 * and only those, whichever way it reached the connection.
 */
class LazySavepointTest {

  @DbTest
  void workThatNeverUsesTheDatabaseSetsNoSavepointAndFailingLeavesTheTransactionUsable(TestDb db) {
    try (Environment env = start(db)) {
      AtomicInteger savepoints = new AtomicInteger();
      Transactions tx = new Transactions(counting(env.database().dataSource(), savepoints));
      tx.run(c -> {
        insert(c, 1);
        for (int i = 0; i < 10; i++) {
          int n = i;
          assertThat(tx.<Integer>inLazySavepoint(() -> n * 2)).isEqualTo(n * 2);
        }
        assertThatThrownBy(() -> tx.inLazySavepoint(() -> {
          throw new IllegalStateException("computed nothing");
        })).isInstanceOf(IllegalStateException.class).hasMessage("computed nothing");
        insert(c, 2);
      });
      assertThat(savepoints.get()).isZero();
      assertThat(ids(env)).containsExactly(1, 2);
    }
  }

  @DbTest
  void aFailingBlockLosesWhatItWroteThroughEveryWayToTheConnectionAndNothingElse(TestDb db) {
    try (Environment env = start(db)) {
      AtomicInteger savepoints = new AtomicInteger();
      Transactions tx = new Transactions(counting(env.database().dataSource(), savepoints));
      tx.run(c -> {
        insert(c, 1);
        failAfter(tx, () -> tx.run(x -> insert(x, 10)));                          // joined block
        failAfter(tx, () -> tx.inTransaction(x -> insert(x, 11)));                // joined block with a result
        failAfter(tx, () -> insert(tx.current().orElseThrow(), 12));              // the current connection
        failAfter(tx, () -> tx.inSavepoint(x -> insert(x, 13)));                  // a nested savepoint that succeeded
        tx.inLazySavepoint(() -> insert(tx.current().orElseThrow(), 2));          // kept
        insert(c, 3);
      });
      assertThat(ids(env)).containsExactly(1, 2, 3);
      // one per failing block, the nested one's own, and the kept block's
      assertThat(savepoints.get()).isEqualTo(4 + 1 + 1);
    }
  }

  @DbTest
  void nestedLazyBlocksAreSetOutermostFirstAndAFailingInnerOneUndoesItsOwnWritesOnly(TestDb db) {
    try (Environment env = start(db)) {
      AtomicInteger savepoints = new AtomicInteger();
      Transactions tx = new Transactions(counting(env.database().dataSource(), savepoints));
      tx.run(c -> {
        // the outer block writes nothing before the inner one: both savepoints are set at the
        // inner block's first statement, the outer one first, so the inner rollback keeps the
        // outer block's later write
        tx.inLazySavepoint(() -> {
          failAfter(tx, () -> tx.inLazySavepoint(() -> insert(tx.current().orElseThrow(), 20)));
          return insert(tx.current().orElseThrow(), 1);
        });
        // an outer block that fails after its inner block succeeded loses both
        failAfter(tx, () -> tx.inLazySavepoint(() -> tx.inLazySavepoint(() -> insert(tx.current().orElseThrow(), 21))));
      });
      assertThat(ids(env)).containsExactly(1);
      // three levels each time (failAfter's own block is one): set together at the innermost write
      assertThat(savepoints.get()).isEqualTo(6);
    }
  }

  @DbTest
  void deferredReleasesKeepOnlyTheBlocksThatWrote(TestDb db) {
    try (Environment env = start(db)) {
      AtomicInteger savepoints = new AtomicInteger();
      Transactions tx = new Transactions(counting(env.database().dataSource(), savepoints));
      tx.run(c -> {
        tx.deferSavepointRelease();
        for (int i = 1; i <= 150; i++) {
          int id = i;
          try {
            tx.inLazySavepoint(() -> {
              if (id % 2 == 0) {
                insert(tx.current().orElseThrow(), id);
              }
              if (id % 3 == 0) {
                throw new IllegalStateException("block " + id + " fails");
              }
              return null;
            });
          } catch (IllegalStateException expected) {
            // its writes, if any, are undone
          }
        }
        tx.releaseDeferredSavepoints();
      });
      // even ids that are not multiples of 3: 75 - 25
      assertThat(ids(env)).hasSize(50).allMatch(id -> id % 2 == 0 && id % 3 != 0);
      assertThat(savepoints.get()).isEqualTo(75);
    }
  }

  @DbTest
  void outsideATransactionItSaysWhatToDo(TestDb db) {
    try (Environment env = start(db)) {
      assertThatThrownBy(() -> env.tx().inLazySavepoint(() -> 1))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("inLazySavepoint needs an active transaction");
    }
  }

  private static Environment start(TestDb db) {
    Environment env = Environment.start(DatabaseConfig.of(db.url(), db.user(), db.password()), List.of(new BaseAddon()));
    env.tx().run(c -> {
      try (Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS lazy_sp_t");
        s.execute("CREATE TABLE lazy_sp_t (id INT PRIMARY KEY)");
      }
    });
    return env;
  }

  /** Runs {@code work} in a lazy block that then fails, and checks that the failure came out. */
  private static void failAfter(Transactions tx, ThrowingRunnable work) {
    assertThatThrownBy(() -> tx.inLazySavepoint(() -> {
      work.run();
      throw new IllegalStateException("failed after writing");
    })).hasMessageContaining("failed after writing");
  }

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  private static int insert(Connection c, int id) throws java.sql.SQLException {
    try (Statement s = c.createStatement()) {
      return s.executeUpdate("INSERT INTO lazy_sp_t VALUES (" + id + ")");
    }
  }

  private static List<Integer> ids(Environment env) {
    return env.tx().inTransaction(c -> {
      List<Integer> out = new java.util.ArrayList<>();
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM lazy_sp_t ORDER BY id")) {
        while (rs.next()) {
          out.add(rs.getInt(1));
        }
      }
      return out;
    });
  }

  /** {@code ds}, counting the savepoints set on its connections (a test-only proxy). */
  private static DataSource counting(DataSource ds, AtomicInteger savepoints) {
    return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
        (proxy, method, args) -> {
          Object result = call(ds, method, args);
          if (result instanceof Connection c) {
            return countingConnection(c, savepoints);
          }
          return result;
        });
  }

  private static Connection countingConnection(Connection c, AtomicInteger savepoints) {
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          if (method.getName().equals("setSavepoint")) {
            savepoints.incrementAndGet();
          }
          return call(c, method, args);
        });
  }

  private static Object call(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
