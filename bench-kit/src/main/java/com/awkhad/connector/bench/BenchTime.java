package com.awkhad.connector.bench;

import java.time.Instant;

/** The benches' time unit: microseconds since the epoch, as both record job starts. */
public final class BenchTime {
  private BenchTime() {}

  /** {@code t} in microseconds since the epoch. */
  public static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
  }
}
