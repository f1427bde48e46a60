package com.awkhad.connector.framework.lock;

import com.awkhad.connector.base.db.Dialect;
import com.awkhad.connector.base.tx.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;

/** The locking SQL of one dialect: the only place where it differs between H2 and PostgreSQL. */
abstract class LockSql {
  /** Lock-not-available SQL states: PostgreSQL 55P03 (lock not available), 40001 (serialization). */
  private static final Set<String> BUSY = Set.of("55P03", "40001");
  /** H2 error codes: 50200 lock timeout (its NOWAIT failure, SQL state HYT00), 90131 concurrent update. */
  private static final Set<Integer> H2_BUSY = Set.of(50200, 90131);

  static LockSql of(Dialect dialect) {
    return dialect == Dialect.POSTGRESQL ? new Postgres() : new H2();
  }

  /** Takes the transaction-scoped lock {@code key} on {@code c} without waiting; false if someone holds it. */
  abstract boolean tryAdvisoryLock(Transactions tx, Connection c, long key) throws SQLException;

  /** Locks the row {@code id} of {@code table} without waiting; false if locked, empty if absent. */
  final Boolean tryLockRow(Connection c, String table, long id) throws SQLException {
    // table is one of ours (a constant), never user input
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + table + " WHERE id = ? FOR UPDATE NOWAIT")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Boolean.TRUE : null;
      }
    } catch (SQLException e) {
      if (busy(e)) {
        return Boolean.FALSE;
      }
      throw e;
    }
  }

  static boolean busy(SQLException e) {
    return (e.getSQLState() != null && BUSY.contains(e.getSQLState())) || H2_BUSY.contains(e.getErrorCode());
  }

  /** {@code pg_try_advisory_xact_lock}: held until the transaction ends. */
  static final class Postgres extends LockSql {
    @Override
    boolean tryAdvisoryLock(Transactions tx, Connection c, long key) throws SQLException {
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
        ps.setLong(1, key);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getBoolean(1);
        }
      }
    }
  }

  /**
   * H2 has no advisory locks: the lock is the row {@code key} of {@code connector_lock}, inserted
   * once (in its own committed transaction, so that concurrent lockers see it) and then locked with
   * {@code FOR UPDATE NOWAIT} until the transaction ends. Rows stay (one per lock name ever used).
   */
  static final class H2 extends LockSql {
    @Override
    boolean tryAdvisoryLock(Transactions tx, Connection c, long key) throws SQLException {
      tx.inNewTransaction(nc -> {
        try (PreparedStatement ps = nc.prepareStatement(
            "INSERT INTO connector_lock (lock_key) SELECT ? WHERE NOT EXISTS (SELECT 1 FROM connector_lock WHERE lock_key = ?)")) {
          ps.setLong(1, key);
          ps.setLong(2, key);
          ps.executeUpdate();
        } catch (SQLException e) {
          if (!"23505".equals(e.getSQLState()) && !busy(e)) {
            throw e;
          }
          // another locker inserted the row at the same time: it exists now
        }
        return null;
      });
      try (PreparedStatement ps = c.prepareStatement("SELECT lock_key FROM connector_lock WHERE lock_key = ? FOR UPDATE NOWAIT")) {
        ps.setLong(1, key);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next();
        }
      } catch (SQLException e) {
        if (busy(e)) {
          return false;
        }
        throw e;
      }
    }
  }
}
