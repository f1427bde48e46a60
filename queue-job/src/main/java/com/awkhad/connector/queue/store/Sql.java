package com.awkhad.connector.queue.store;

import com.awkhad.connector.base.jdbc.Jdbc;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The store's JDBC helpers: those of base's {@link Jdbc}, which new code uses directly, and the
 * timestamp text of PostgreSQL's bulk paths.
 */
public final class Sql {
  /** SQLState of a unique-constraint violation on both H2 and PostgreSQL. */
  public static final String UNIQUE_VIOLATION = Jdbc.UNIQUE_VIOLATION;

  private Sql() {}

  /** {@link Jdbc#setInstant}. */
  public static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
    Jdbc.setInstant(ps, index, instant);
  }

  /** {@link Jdbc#bind}. */
  public static PreparedStatement bind(PreparedStatement ps, Object... values) throws SQLException {
    return Jdbc.bind(ps, values);
  }

  /** {@link Jdbc#bindFrom}. */
  public static PreparedStatement bindFrom(PreparedStatement ps, int offset, Object... values) throws SQLException {
    return Jdbc.bindFrom(ps, offset, values);
  }

  /** ISO-8601 text in UTC with microseconds at most, as PostgreSQL stores them (null for null). */
  static String timestampText(Instant t) {
    return t == null ? null : t.truncatedTo(java.time.temporal.ChronoUnit.MICROS).toString();
  }

  /** {@link Jdbc#isUniqueViolation}. */
  public static boolean isUniqueViolation(Throwable e) {
    return Jdbc.isUniqueViolation(e);
  }
}
