package com.awkhad.connector.framework.adapter;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * How an external system writes its timestamps: the format, the precision and, for date-times
 * written without an offset, the time zone. A {@link BackendAdapter} declares it
 * ({@link BackendAdapter#clock()}); the importer reads record versions with it and the batch
 * importer writes its "changed since" mark with it, rounded <em>down</em> to the precision so that
 * no change is skipped.
 *
 * <pre>{@code
 * RemoteClock.iso()                        // 2026-12-03T10:15:30.123456Z, microseconds (the default)
 * RemoteClock.isoSeconds()                 // 2026-12-03T10:15:30Z: whole seconds, no fraction
 * RemoteClock.isoSeconds().inZone(ZoneId.of("Europe/Paris"))   // 2026-12-03T11:15:30, no offset
 * RemoteClock.epochSeconds()               // 1796292930
 * RemoteClock.epochMillis()                // 1796292930123
 * RemoteClock.iso().precision(ChronoUnit.MILLIS)               // 2026-12-03T10:15:30.123Z
 * }</pre>
 *
 * <p>Parsing is lenient about what a remote writes (an offset or {@code Z}, a fraction or not,
 * a number or a string of digits); formatting writes exactly the declared format.
 */
public final class RemoteClock {
  /** How timestamps are written. */
  public enum Format {
    /** ISO-8601 date-time: {@code 2026-12-03T10:15:30Z}, with a fraction when the precision is finer than a second. */
    ISO,
    /** Seconds since 1970-01-01T00:00:00Z, as a number. */
    EPOCH_SECONDS,
    /** Milliseconds since 1970-01-01T00:00:00Z, as a number. */
    EPOCH_MILLIS
  }

  private static final DateTimeFormatter SECONDS_LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

  private final Format format;
  private final ChronoUnit precision;
  private final ZoneId zone;

  private RemoteClock(Format format, ChronoUnit precision, ZoneId zone) {
    this.format = format;
    this.precision = precision;
    this.zone = zone;
  }

  /** ISO-8601 in UTC with microseconds ({@code 2026-12-03T10:15:30.123456Z}); the default. */
  public static RemoteClock iso() {
    return new RemoteClock(Format.ISO, ChronoUnit.MICROS, ZoneOffset.UTC);
  }

  /** ISO-8601 in UTC in whole seconds, no fraction ({@code 2026-12-03T10:15:30Z}). */
  public static RemoteClock isoSeconds() {
    return new RemoteClock(Format.ISO, ChronoUnit.SECONDS, ZoneOffset.UTC);
  }

  /** Seconds since the epoch. */
  public static RemoteClock epochSeconds() {
    return new RemoteClock(Format.EPOCH_SECONDS, ChronoUnit.SECONDS, ZoneOffset.UTC);
  }

  /** Milliseconds since the epoch. */
  public static RemoteClock epochMillis() {
    return new RemoteClock(Format.EPOCH_MILLIS, ChronoUnit.MILLIS, ZoneOffset.UTC);
  }

  /**
   * This clock with another precision (SECONDS, MILLIS, MICROS or NANOS). An epoch format cannot be
   * finer than its unit.
   */
  public RemoteClock precision(ChronoUnit unit) {
    Objects.requireNonNull(unit, "unit");
    if (unit != ChronoUnit.SECONDS && unit != ChronoUnit.MILLIS && unit != ChronoUnit.MICROS && unit != ChronoUnit.NANOS) {
      throw new IllegalArgumentException("A remote clock's precision is SECONDS, MILLIS, MICROS or NANOS, not " + unit);
    }
    if ((format == Format.EPOCH_SECONDS && unit != ChronoUnit.SECONDS)
        || (format == Format.EPOCH_MILLIS && unit.getDuration().compareTo(ChronoUnit.MILLIS.getDuration()) < 0)) {
      throw new IllegalArgumentException("A clock in " + format + " cannot be finer than its unit: use epochMillis() or iso()");
    }
    return new RemoteClock(format, unit, zone);
  }

  /**
   * This clock for a remote that writes local date-times without an offset, in {@code zone}: such
   * values are read in that zone, and marks are written that way. Values with an offset are still
   * read with their offset.
   */
  public RemoteClock inZone(ZoneId zone) {
    return new RemoteClock(format, precision, Objects.requireNonNull(zone, "zone"));
  }

  public Format format() {
    return format;
  }

  public ChronoUnit precision() {
    return precision;
  }

  public ZoneId zone() {
    return zone;
  }

  /** {@code at} rounded down to this clock's precision. */
  public Instant floor(Instant at) {
    return at.truncatedTo(precision);
  }

  /**
   * The instant a remote value stands for: null, an empty string and JSON null are
   * {@link Optional#empty()}; a number or a string of digits is epoch seconds or millis (by this
   * clock's format; ISO clocks read a number as epoch seconds); else an ISO-8601 date-time, with
   * an offset or {@code Z}, or local in this clock's zone.
   *
   * @throws IllegalArgumentException saying what the value is and which formats are understood
   */
  public Optional<Instant> parse(Object value) {
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof Instant i) {
      return Optional.of(i);
    }
    if (value instanceof Number n) {
      return Optional.of(fromEpoch(new BigDecimal(n.toString())));
    }
    String s = value.toString().trim();
    if (s.isEmpty()) {
      return Optional.empty();
    }
    if (epochDigits(s)) {
      try {
        return Optional.of(fromEpoch(new BigDecimal(s)));
      } catch (NumberFormatException e) {
        throw unreadable(s);
      }
    }
    Instant common = parseCommonIso(s);
    if (common != null) {
      return Optional.of(common);
    }
    try {
      return Optional.of(OffsetDateTime.parse(s).toInstant());
    } catch (DateTimeParseException ignored) {
      // no offset: local in this clock's zone
    }
    try {
      return Optional.of(LocalDateTime.parse(s.replace(' ', 'T')).atZone(zone).toInstant());
    } catch (DateTimeParseException e) {
      throw unreadable(s);
    }
  }

  private static boolean epochDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if ((ch < '0' || ch > '9') && ch != '.') {
        return false;
      }
    }
    return true;
  }

  private static final int[] TENS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000};

  /**
   * The shape nearly every remote writes, {@code 2026-12-03T10:15:30[.fraction](Z|+01:00)}, read
   * by hand: {@link OffsetDateTime#parse} takes microseconds, and every record's version pays it.
   * Null for any other shape or for a value out of range: the full parser then reads it, or
   * refuses it, as before. The same instant as {@code OffsetDateTime.parse(s).toInstant()}
   * (RemoteClockTest compares them).
   */
  static Instant parseCommonIso(String s) {
    int n = s.length();
    if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if ((year | month | day | hour | minute | second) < 0) {
      return null;
    }
    int i = 19;
    int nano = 0;
    if (s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
      int len = i - start;
      if (len < 1 || len > 9) {
        return null;
      }
      nano = digits(s, start, len) * TENS[9 - len];
    }
    try {
      ZoneOffset offset;
      if (i == n - 1 && s.charAt(i) == 'Z') {
        offset = ZoneOffset.UTC;
      } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
        int oh = digits(s, i + 1, 2);
        int om = digits(s, i + 4, 2);
        if ((oh | om) < 0) {
          return null;
        }
        int sign = s.charAt(i) == '-' ? -1 : 1;
        offset = ZoneOffset.ofHoursMinutes(sign * oh, sign * om);
      } else {
        return null;
      }
      return LocalDateTime.of(year, month, day, hour, minute, second, nano).toInstant(offset);
    } catch (DateTimeException e) {
      return null; // out of range (a 13th month, a 61st minute...): the full parser says so
    }
  }

  /** The decimal number in {@code s} at {@code from}, {@code count} digits; -1 if one is not a digit. */
  private static int digits(String s, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char ch = s.charAt(i);
      if (ch < '0' || ch > '9') {
        return -1;
      }
      v = v * 10 + (ch - '0');
    }
    return v;
  }

  /**
   * {@code at}, rounded down to this clock's precision, as the remote writes it: an ISO string
   * ({@code Z} in UTC, no offset in another zone; a fraction only when finer than a second), or the
   * epoch number as a string.
   */
  public String format(Instant at) {
    Instant t = floor(at);
    switch (format) {
      case EPOCH_SECONDS:
        return Long.toString(t.getEpochSecond());
      case EPOCH_MILLIS:
        return Long.toString(t.toEpochMilli());
      default:
        break;
    }
    boolean utc = zone.equals(ZoneOffset.UTC);
    if (precision == ChronoUnit.SECONDS) {
      String local = SECONDS_LOCAL.format(t.atZone(zone).toLocalDateTime());
      return utc ? local + "Z" : local;
    }
    int digits = precision == ChronoUnit.MILLIS ? 3 : precision == ChronoUnit.MICROS ? 6 : 9;
    String local = SECONDS_LOCAL.format(t.atZone(zone).toLocalDateTime()) + "."
        + String.format("%09d", t.getNano()).substring(0, digits);
    return utc ? local + "Z" : local;
  }

  private Instant fromEpoch(BigDecimal n) {
    try {
      if (format == Format.EPOCH_MILLIS) {
        return Instant.ofEpochMilli(n.longValue());
      }
      BigDecimal seconds = n.setScale(0, java.math.RoundingMode.FLOOR);
      long nanos = n.subtract(seconds).movePointRight(9).longValue();
      return Instant.ofEpochSecond(seconds.longValueExact(), nanos);
    } catch (ArithmeticException | DateTimeException e) {
      throw unreadable(n.toPlainString());
    }
  }

  private IllegalArgumentException unreadable(String s) {
    String shown = s.length() > 60 ? s.substring(0, 57) + "..." : s;
    return new IllegalArgumentException("'" + shown + "' is not a timestamp this clock (" + this + ") reads: expected an"
        + " ISO-8601 date-time (2026-12-03T10:15:30Z, with an offset, or local in " + zone + ") or epoch "
        + (format == Format.EPOCH_MILLIS ? "milliseconds" : "seconds"));
  }

  @Override
  public String toString() {
    return format + " to " + precision.toString().toLowerCase() + (zone.equals(ZoneOffset.UTC) ? "" : " in " + zone);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RemoteClock c && c.format == format && c.precision == precision && c.zone.equals(zone);
  }

  @Override
  public int hashCode() {
    return Objects.hash(format, precision, zone);
  }
}
