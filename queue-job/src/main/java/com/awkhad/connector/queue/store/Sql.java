package com.awkhad.connector.queue.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** JDBC helpers shared by the store's classes. */
public final class Sql {
  /** SQLState of a unique-constraint violation on both H2 and PostgreSQL. */
  public static final String UNIQUE_VIOLATION = "23505";

  private Sql() {}

  /** Binds an instant to a {@code TIMESTAMP WITH TIME ZONE} parameter (null allowed). */
  public static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
    if (instant == null) {
      ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      ps.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
    }
  }

  /** Binds every value in order; instants become timestamps with time zone. */
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

  /** True when {@code c} is (or wraps) a PostgreSQL connection: the store's bulk paths then apply. */
  static boolean isPostgres(java.sql.Connection c) throws SQLException {
    return c.isWrapperFor(org.postgresql.PGConnection.class);
  }

  /** ISO-8601 text in UTC with microseconds at most, as PostgreSQL stores them (null for null). */
  static String timestampText(Instant t) {
    return t == null ? null : t.truncatedTo(java.time.temporal.ChronoUnit.MICROS).toString();
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
