package com.awkhad.connector.base.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.base.db.Database;
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
 * Our blocks inside a transaction begun by the application (as Spring's would be): they run on
 * its connection, leave commit and rollback to it, mark it rollback-only when they fail, and defer
 * after-commit actions to its commit.
 */
class OuterTransactionsTest {
  JdbcDataSource ds;
  Connection outerConnection;
  /** What the application's transaction manager was told, in order. */
  final List<String> told = new ArrayList<>();
  final List<Runnable> beforeOuterCommit = new ArrayList<>();
  final List<Runnable> onCommit = new ArrayList<>();
  boolean open;

  final OuterTransactions outer = () -> !open ? null : new OuterTransactions.Outer() {
    @Override
    public Connection connection() {
      told.add("join");
      return outerConnection;
    }

    @Override
    public void release() {
      told.add("release");
    }

    @Override
    public void setRollbackOnly(Throwable cause) {
      told.add("rollback-only: " + cause.getMessage());
    }

    @Override
    public void beforeCommit(Runnable action) {
      beforeOuterCommit.add(action);
    }

    @Override
    public void afterCommit(Runnable action) {
      onCommit.add(action);
    }

    @Override
    public void afterRollback(Runnable action) {}
  };

  @BeforeEach
  void open() throws SQLException {
    ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:outer" + System.nanoTime() + ";DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id INT PRIMARY KEY)");
    }
    outerConnection = ds.getConnection();
    outerConnection.setAutoCommit(false);
  }

  @AfterEach
  void close() throws SQLException {
    outerConnection.close();
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
    }
  }

  long rows() throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void aBlockJoinsTheOuterTransactionWhichDecidesTheOutcome() throws Exception {
    Transactions tx = new Transactions(ds, outer);
    open = true;
    List<String> committed = new ArrayList<>();
    tx.run(c -> {
      assertThat(c).isSameAs(outerConnection);
      tx.run(nested -> nested.createStatement().execute("INSERT INTO t VALUES (1)")); // nested: same join
      tx.afterCommit(() -> committed.add("woken"));
      tx.beforeCommit(() -> committed.add("getting ready"));
    });
    assertThat(told).containsExactly("join", "release");
    assertThat(rows()).as("not committed by our block").isZero();
    assertThat(committed).as("after-commit waits for the outer commit").isEmpty();

    outerConnection.rollback();
    assertThat(rows()).as("the outer rollback undid our write").isZero();

    tx.run(c -> c.createStatement().execute("INSERT INTO t VALUES (2)"));
    assertThat(beforeOuterCommit).as("before-commit left to the outer manager").hasSize(1);
    beforeOuterCommit.forEach(Runnable::run);
    outerConnection.commit();
    onCommit.forEach(Runnable::run);
    assertThat(rows()).isEqualTo(1);
    assertThat(committed).containsExactly("getting ready", "woken");
  }

  @Test
  void aFailingBlockMarksTheOuterTransactionRollbackOnly() {
    Transactions tx = new Transactions(ds, outer);
    open = true;
    assertThatThrownBy(() -> tx.run(c -> {
      throw new IllegalStateException("refused");
    })).hasMessage("refused");
    assertThat(told).containsExactly("join", "rollback-only: refused", "release");

    told.clear();
    assertThatThrownBy(() -> tx.run(c -> {
      try {
        tx.run(nested -> {
          throw new IllegalStateException("nested refused");
        });
      } catch (IllegalStateException swallowed) {
        // caught in between: the transaction is still rollback-only
      }
    })).isInstanceOf(TransactionException.class).hasMessageContaining("nested refused");
    assertThat(told).containsExactly("join", "rollback-only: nested refused", "release");
  }

  @Test
  void withoutAnOuterTransactionABlockCommitsOnItsOwn() throws Exception {
    Transactions tx = new Transactions(ds, outer);
    open = false;
    tx.run(c -> c.createStatement().execute("INSERT INTO t VALUES (3)"));
    assertThat(rows()).isEqualTo(1);
    assertThat(told).isEmpty();
  }

  @Test
  void anApplicationsDataSourceIsCheckedAndLeftOpen() throws Exception {
    Database db = Database.of(ds, 5);
    assertThat(db.dialect().id()).isEqualTo("h2");
    assertThat(db.poolSize()).isEqualTo(5);
    db.close();
    assertThat(rows()).isZero(); // still usable

    JdbcDataSource upper = new JdbcDataSource();
    upper.setURL("jdbc:h2:mem:upper" + System.nanoTime());
    assertThatThrownBy(() -> Database.of(upper, 5)).hasMessageContaining("DATABASE_TO_LOWER=TRUE");
  }
}
