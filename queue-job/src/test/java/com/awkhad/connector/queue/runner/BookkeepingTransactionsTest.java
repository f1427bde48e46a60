package com.awkhad.connector.queue.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.awkhad.connector.queue.store.QueueDialect;
import com.awkhad.connector.testkit.DbTest;
import com.awkhad.connector.testkit.TestDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A runner that falls silent inside one of its own bookkeeping transactions (a heartbeat, a
 * "started" mark, a recurring tick: a network cut that closes nothing, a frozen process) must not
 * leave that transaction open on PostgreSQL, with its locks and the snapshot that holds back vacuum,
 * until TCP keepalive notices (hours). Each such transaction's first statement bounds its idle time
 * to 5 s, for that transaction only: the next one, a job's, keeps the server's setting. (Seen in
 * the cut-for-good fault test: a heartbeat cut after its {@code SELECT clock_timestamp()} stayed
 * "idle in transaction" with a snapshot.)
 */
class BookkeepingTransactionsTest {

  interface FirstStatement {
    void run(Connection c) throws SQLException;
  }

  static String idleBound(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_setting('idle_in_transaction_session_timeout')")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** The bound {@code first} sets in its transaction, and the setting of the transaction after it. */
  static String[] boundThenNext(Connection c, FirstStatement first) throws SQLException {
    c.setAutoCommit(false);
    first.run(c);
    String inside = idleBound(c);
    c.commit();
    String next = idleBound(c);
    c.commit();
    return new String[] {inside, next};
  }

  @DbTest("postgresql")
  void everyBookkeepingFirstStatementBoundsItsTransactionOnly(TestDb db) throws Exception {
    try (RunnerFixture f = RunnerTest.fixture(db); Connection c = f.env.database().dataSource().getConnection()) {
      RunnerSql sql = RunnerSql.of(f.env.database().dialect());
      QueueDialect store = QueueDialect.of(f.env.database().dialect());
      String server = idleBound(c);
      assertThat(server).as("the server's own setting, which job transactions keep").isNotEqualTo("5s");
      assertThat(boundThenNext(c, sql::now)).as("heartbeat and registration (their clock read)")
          .containsExactly("5s", server);
      assertThat(boundThenNext(c, sql::shortAsyncTransaction)).as("a job's started mark")
          .containsExactly("5s", server);
      assertThat(boundThenNext(c, sql::boundIdleTime)).as("the lease read").containsExactly("5s", server);
      assertThat(boundThenNext(c, store::boundIdleTime)).as("the recurring jobs' tick").containsExactly("5s", server);
      assertThat(boundThenNext(c, x -> sql.lockClaimers(x))).as("claims, reaps and releases")
          .containsExactly("5s", server);
      assertThat(boundThenNext(c, x -> sql.endSession(x, -1))).as("ending a silent runner's session")
          .containsExactly("5s", server);
    }
  }

  /** The heartbeat's transaction, silent after its first statement: PostgreSQL ends the session. */
  @DbTest("postgresql")
  void aHeartbeatSilentAfterItsClockReadLosesItsSession(TestDb db) throws Exception {
    try (RunnerFixture f = RunnerTest.fixture(db)) {
      Connection silent = f.env.database().dataSource().getConnection();
      try {
        silent.setAutoCommit(false);
        RunnerSql.of(f.env.database().dialect()).now(silent);
        long pid = silent.unwrap(org.postgresql.PGConnection.class).getBackendPID();
        assertThat(f.count("SELECT COUNT(*) FROM pg_stat_activity WHERE pid = " + pid
            + " AND state = 'idle in transaction'")).as("the transaction is open, idle").isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
            .until(() -> f.count("SELECT COUNT(*) FROM pg_stat_activity WHERE pid = " + pid) == 0);
        assertThatThrownBy(() -> silent.createStatement().execute("SELECT 1")).as("the silent session was ended")
            .isInstanceOf(SQLException.class);
      } finally {
        try {
          silent.close();
        } catch (SQLException ignored) {
          // already broken
        }
      }
    }
  }
}
