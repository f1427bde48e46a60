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

  /**
   * ISO-8601 text in UTC with microseconds, as PostgreSQL stores them (null for null), e.g.
   * {@code 2026-12-04T16:57:02.123456Z}: written by hand for years 1 to 9999, where
   * {@code Instant.toString} went through a {@code DateTimeFormatter} (4% of an enqueuing
   * thread's time, twice per job in a {@code COPY}); other years take that way.
   */
  static String timestampText(Instant t) {
    if (t == null) {
      return null;
    }
    long seconds = t.getEpochSecond();
    long day = Math.floorDiv(seconds, 86_400);
    int secondOfDay = (int) Math.floorMod(seconds, 86_400);
    java.time.LocalDate date = java.time.LocalDate.ofEpochDay(day);
    if (date.getYear() < 1 || date.getYear() > 9999) {
      return t.truncatedTo(java.time.temporal.ChronoUnit.MICROS).toString();
    }
    char[] out = new char[27];
    digits(out, 0, date.getYear(), 4);
    out[4] = '-';
    digits(out, 5, date.getMonthValue(), 2);
    out[7] = '-';
    digits(out, 8, date.getDayOfMonth(), 2);
    out[10] = 'T';
    digits(out, 11, secondOfDay / 3600, 2);
    out[13] = ':';
    digits(out, 14, secondOfDay / 60 % 60, 2);
    out[16] = ':';
    digits(out, 17, secondOfDay % 60, 2);
    out[19] = '.';
    digits(out, 20, t.getNano() / 1000, 6);
    out[26] = 'Z';
    return new String(out);
  }

  private static void digits(char[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /** {@link Jdbc#isUniqueViolation}. */
  public static boolean isUniqueViolation(Throwable e) {
    return Jdbc.isUniqueViolation(e);
  }
}
