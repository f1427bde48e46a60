package com.awkhad.connector.microbench;

import com.awkhad.connector.framework.adapter.RemoteClock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * A remote timestamp read as an instant: what the importer and the exporter do with every record's
 * version ({@code adapter.versionOf(record)}), and the batch importer with each listed record.
 *
 * <ul>
 *   <li>{@code clockUtc}, {@code clockOffset}: {@link RemoteClock#parse} on the common ISO shapes,
 *       {@code 2026-12-03T10:15:30.123Z} and {@code 2026-12-03T11:15:30.123456+01:00} (read by hand);
 *   <li>{@code offsetDateTimeParse}: {@code OffsetDateTime.parse(s).toInstant()} on the first, what
 *       {@code RemoteClock.parse} did for every value before (and still does for other shapes).
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RemoteClockBench {
  private final RemoteClock clock = RemoteClock.iso();
  private final String utc = "2026-12-03T10:15:30.123Z";
  private final String offset = "2026-12-03T11:15:30.123456+01:00";

  @Benchmark
  public Instant clockUtc() {
    return clock.parse(utc).orElseThrow();
  }

  @Benchmark
  public Instant clockOffset() {
    return clock.parse(offset).orElseThrow();
  }

  @Benchmark
  public Instant offsetDateTimeParse() {
    return OffsetDateTime.parse(utc).toInstant();
  }
}
