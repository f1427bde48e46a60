package com.awkhad.connector.framework.circuit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL of the circuits ({@code connector_circuit}, {@code connector_circuit_wait}): the same on H2 and PostgreSQL. */
final class CircuitStore {
  private static final String COLUMNS = "backend_id, state, failures, reason, opened_at, closed_at, probes, probe_at,"
      + " probing_until, probe_job";
  private static final String WAITING = "(SELECT COUNT(*) FROM connector_circuit_wait w WHERE w.backend_id = c.backend_id)";

  /** The circuit of {@code backendId}, if it has a row; {@code waiting} 0 (not counted). */
  Optional<CircuitState> peek(Connection c, long backendId) throws SQLException {
    List<CircuitState> found = select(c, "SELECT " + COLUMNS + ", 0 FROM connector_circuit c WHERE backend_id = ?", backendId);
    return found.stream().findFirst();
  }

  /** The circuit of {@code backendId} with its waiting jobs counted. */
  Optional<CircuitState> find(Connection c, long backendId) throws SQLException {
    return select(c, "SELECT " + COLUMNS + ", " + WAITING + " FROM connector_circuit c WHERE backend_id = ?", backendId)
        .stream().findFirst();
  }

  List<CircuitState> all(Connection c) throws SQLException {
    return select(c, "SELECT " + COLUMNS + ", " + WAITING + " FROM connector_circuit c ORDER BY backend_id", null);
  }

  /**
   * The circuit of {@code backendId} locked until the transaction ends ({@code FOR UPDATE}),
   * created closed when it has no row yet.
   */
  CircuitState lock(Connection c, long backendId) throws SQLException {
    String sql = "SELECT " + COLUMNS + ", 0 FROM connector_circuit c WHERE backend_id = ? FOR UPDATE";
    List<CircuitState> found = select(c, sql, backendId);
    if (!found.isEmpty()) {
      return found.get(0);
    }
    Savepoint sp = c.setSavepoint();
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO connector_circuit (backend_id, state, failures, probes) VALUES (?, 'closed', 0, 0)")) {
      ps.setLong(1, backendId);
      ps.executeUpdate();
      c.releaseSavepoint(sp);
    } catch (SQLException e) {
      c.rollback(sp);
      if (!"23505".equals(e.getSQLState())) {
        throw e;
      }
      // another runner created it at the same time: lock theirs
    }
    return select(c, sql, backendId).get(0);
  }

  /**
   * Like {@link #lock}, waiting at most {@code boundSql}'s time (the dialect's
   * {@code localLockTimeoutSql}; null: as long as the database's own lock timeout): empty when
   * another transaction held the row that long. Jobs of a backend failing together queue for the
   * row a few milliseconds each; a runner that lost its network in the middle of an update, whose
   * session PostgreSQL keeps with its lock, holds the others only that long.
   */
  Optional<CircuitState> lockWithin(Connection c, long backendId, String boundSql) throws SQLException {
    Savepoint sp = c.setSavepoint();
    try (java.sql.Statement s = c.createStatement()) {
      if (boundSql != null) {
        s.execute(boundSql);
      }
      CircuitState state = lock(c, backendId);
      c.releaseSavepoint(sp);
      return Optional.of(state);
    } catch (SQLException e) {
      c.rollback(sp); // also undoes the bound (SET LOCAL inside a savepoint)
      if ("55P03".equals(e.getSQLState()) || "HYT00".equals(e.getSQLState())) { // PostgreSQL's, H2's lock timeout
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Writes every field of {@code s} (a row {@link #lock} returned). */
  void write(Connection c, CircuitState s) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE connector_circuit SET state = ?, failures = ?, reason = ?,"
        + " opened_at = ?, closed_at = ?, probes = ?, probe_at = ?, probing_until = ?, probe_job = ? WHERE backend_id = ?")) {
      ps.setString(1, s.stateName());
      ps.setInt(2, s.failures());
      ps.setString(3, s.reason());
      setInstant(ps, 4, s.openedAt());
      setInstant(ps, 5, s.closedAt());
      ps.setInt(6, s.probes());
      setInstant(ps, 7, s.nextProbeAt());
      setInstant(ps, 8, s.probingUntil());
      ps.setString(9, s.probeJob());
      ps.setLong(10, s.backendId());
      ps.executeUpdate();
    }
  }

  /** Notes that job {@code uuid} waits for the circuit of {@code backendId} to close. */
  void addWaiter(Connection c, long backendId, String uuid) throws SQLException {
    // a job never runs twice at once, so it cannot race itself here
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO connector_circuit_wait (backend_id, job_uuid) SELECT ?, ?"
        + " WHERE NOT EXISTS (SELECT 1 FROM connector_circuit_wait WHERE backend_id = ? AND job_uuid = ?)")) {
      ps.setLong(1, backendId);
      ps.setString(2, uuid);
      ps.setLong(3, backendId);
      ps.setString(4, uuid);
      ps.executeUpdate();
    }
  }

  /** The jobs waiting for the circuit of {@code backendId}, removed from the list. */
  List<String> takeWaiters(Connection c, long backendId) throws SQLException {
    List<String> uuids = waiters(c, backendId);
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM connector_circuit_wait WHERE backend_id = ?")) {
      ps.setLong(1, backendId);
      ps.executeUpdate();
    }
    return uuids;
  }

  List<String> waiters(Connection c, long backendId) throws SQLException {
    List<String> uuids = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT job_uuid FROM connector_circuit_wait WHERE backend_id = ? ORDER BY job_uuid")) {
      ps.setLong(1, backendId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          uuids.add(rs.getString(1));
        }
      }
    }
    return uuids;
  }

  private static List<CircuitState> select(Connection c, String sql, Long backendId) throws SQLException {
    List<CircuitState> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (backendId != null) {
        ps.setLong(1, backendId);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new CircuitState(rs.getLong(1), "open".equals(rs.getString(2)), rs.getInt(3), rs.getString(4),
              instant(rs, 5), instant(rs, 6), rs.getInt(7), instant(rs, 8), instant(rs, 9), rs.getString(10), rs.getInt(11)));
        }
      }
    }
    return out;
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
    if (instant == null) {
      ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      ps.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
    }
  }
}
