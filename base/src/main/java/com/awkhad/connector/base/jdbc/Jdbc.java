package com.awkhad.connector.base.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Binds, queries and updates with plain SQL on a connection the caller holds (inside its
 * transaction: nothing here commits), the same on H2 and PostgreSQL.
 *
 * <pre>{@code
 * int n = Jdbc.update(c, "UPDATE queue_job SET eta = ? WHERE uuid = ?", Instant.now(), uuid);
 * Optional<String> state = Jdbc.queryOne(c, "SELECT state FROM queue_job WHERE uuid = ?", rs -> rs.getString(1), uuid);
 * List<Instant> etas = Jdbc.queryList(c, "SELECT eta FROM queue_job WHERE channel = ?", rs -> Jdbc.instant(rs, 1), "root");
 * }</pre>
 *
 * <p>Parameters are bound in order with {@link PreparedStatement#setObject}, except instants (and
 * {@link Timestamp}s), which are bound as {@code TIMESTAMP WITH TIME ZONE} in UTC; a null instant
 * cannot be told from another null, so bind it with {@link #setInstant} when its column type matters.
 */
public final class Jdbc {
  /** SQLState of a unique-constraint violation on both H2 and PostgreSQL. */
  public static final String UNIQUE_VIOLATION = "23505";

  private Jdbc() {}

  /** Reads one row of a result set (do not call {@code next()} in it). */
  @FunctionalInterface
  public interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** Binds every value in order; instants become timestamps with time zone. Returns {@code ps}. */
  public static PreparedStatement bind(PreparedStatement ps, Object... values) throws SQLException {
    return bindFrom(ps, 0, values);
  }

  /** Like {@link #bind}, starting after parameter {@code offset} (for multi-row statements). */
  public static PreparedStatement bindFrom(PreparedStatement ps, int offset, Object... values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      Object v = values[i];
      int index = offset + i + 1;
      if (v instanceof Instant t) {
        setInstant(ps, index, t);
      } else if (v instanceof Timestamp t) {
        setInstant(ps, index, t.toInstant());
      } else {
        ps.setObject(index, v);
      }
    }
    return ps;
  }

  /** Binds an instant to a {@code TIMESTAMP WITH TIME ZONE} parameter (null allowed). */
  public static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
    if (instant == null) {
      ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      ps.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
    }
  }

  /** The instant in a {@code TIMESTAMP WITH TIME ZONE} column, null for SQL NULL. */
  public static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  /** The instant in the {@code column}-th column (from 1), null for SQL NULL. */
  public static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  /** Runs an {@code INSERT}, {@code UPDATE} or {@code DELETE}; returns the rows it changed. */
  public static int update(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      return bind(ps, params).executeUpdate();
    }
  }

  /** Every row of a query, read by {@code row}, in the query's order. */
  public static <T> List<T> queryList(Connection c, String sql, Row<T> row, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      try (ResultSet rs = ps.executeQuery()) {
        List<T> out = new ArrayList<>();
        while (rs.next()) {
          out.add(row.read(rs));
        }
        return out;
      }
    }
  }

  /**
   * The first row of a query, read by {@code row}; empty when there is none or {@code row} read
   * null (other rows are ignored: give the query an {@code ORDER BY}/{@code LIMIT} or a unique key).
   */
  public static <T> Optional<T> queryOne(Connection c, String sql, Row<T> row, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.ofNullable(row.read(rs)) : Optional.empty();
      }
    }
  }

  /** True when {@code e} (or a cause) is a unique-constraint violation. */
  public static boolean isUniqueViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException se && UNIQUE_VIOLATION.equals(se.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
