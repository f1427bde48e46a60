package com.awkhad.connector.bench;

/** Percentiles of sorted latencies, computed the same way for our queue and for the peers. */
public final class Latencies {
  private Latencies() {}

  /**
   * The {@code p}-th percentile (nearest rank) of {@code sorted} (ascending); NaN when it is
   * empty.
   */
  public static double percentile(double[] sorted, int p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
  }
}
