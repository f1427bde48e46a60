package com.awkhad.connector.base.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Transactions#beforeCommit}: actions that run on the committing thread once the work is
 * done and before the commit is sent, never for a transaction that rolls back, and never able
 * to stop the commit.
 */
class BeforeCommitTest {
  JdbcDataSource ds;
  Transactions tx;
  final List<String> seen = new ArrayList<>();

  @BeforeEach
  void open() throws SQLException {
    ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:before" + System.nanoTime() + ";DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE");
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id INT PRIMARY KEY)");
    }
    tx = new Transactions(ds);
  }

  @AfterEach
  void close() throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
    }
  }

  /** Rows committed, read on a connection of its own. */
  long committedRows() {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static void insert(Connection c, int id) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("INSERT INTO t VALUES (" + id + ")");
    }
  }

  @Test
  void actionsRunInOrderAfterTheWorkAndBeforeTheCommitThenAfterCommitActions() {
    tx.run(c -> {
      tx.beforeCommit(() -> seen.add("first sees " + committedRows() + " committed"));
      tx.afterCommit(() -> seen.add("after sees " + committedRows() + " committed"));
      tx.run(nested -> {
        insert(nested, 1);
        tx.beforeCommit(() -> {
          seen.add("nested's");
          tx.beforeCommit(() -> seen.add("added by an action")); // still before this commit
        });
      });
      seen.add("work done");
    });

    assertThat(seen).containsExactly("work done", "first sees 0 committed", "nested's", "added by an action",
        "after sees 1 committed");
  }

  @Test
  void aTransactionThatRollsBackRunsNone() {
    assertThatThrownBy(() -> tx.run(c -> {
      insert(c, 1);
      tx.beforeCommit(() -> seen.add("before a failure"));
      throw new IllegalStateException("refused");
    })).hasMessage("refused");

    assertThatThrownBy(() -> tx.run(c -> {
      tx.beforeCommit(() -> seen.add("before a rollback-only end"));
      try {
        tx.run(nested -> {
          throw new IllegalStateException("nested refused");
        });
      } catch (IllegalStateException caught) {
        // the transaction is rollback-only all the same
      }
    })).isInstanceOf(TransactionException.class);

    assertThat(seen).isEmpty();
    assertThat(committedRows()).isZero();
  }

  @Test
  void aFailingActionNeitherStopsTheCommitNorTheOtherActions() {
    tx.run(c -> {
      insert(c, 1);
      tx.beforeCommit(() -> {
        throw new IllegalStateException("hint not sent");
      });
      tx.beforeCommit(() -> seen.add("second"));
    });

    assertThat(seen).containsExactly("second");
    assertThat(committedRows()).isEqualTo(1);
  }

  @Test
  void aBlockOfOursThatFailsInAnActionRollsTheTransactionBackAsInTheWork() {
    assertThatThrownBy(() -> tx.run(c -> {
      insert(c, 1);
      tx.beforeCommit(() -> tx.run(nested -> insert(nested, 1))); // a duplicate key: the block fails
      tx.afterCommit(() -> seen.add("committed"));
    })).isInstanceOf(TransactionException.class).hasMessageContaining("rolled back");

    assertThat(committedRows()).isZero();
    assertThat(seen).isEmpty();
  }

  @Test
  void aNewTransactionRunsItsOwnAtItsOwnCommitAndWithoutOneTheActionRunsAtOnce() {
    tx.beforeCommit(() -> seen.add("no transaction"));
    tx.run(c -> {
      tx.beforeCommit(() -> seen.add("outer's"));
      tx.inNewTransaction(inner -> {
        insert(inner, 1);
        tx.beforeCommit(() -> seen.add("inner's, " + committedRows() + " committed"));
        return null;
      });
      seen.add("inner committed");
    });

    assertThat(seen).containsExactly("no transaction", "inner's, 0 committed", "inner committed", "outer's");
  }
}
