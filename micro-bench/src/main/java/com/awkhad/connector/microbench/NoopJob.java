package com.awkhad.connector.microbench;

/**
 * The job class the dispatch and encoding benchmarks run on: a public no-argument constructor, a
 * job method taking a run id and a job number (the arguments of the queue bench's no-op job) and
 * one taking a record (a value whose JSON is read back once on enqueue, to check it).
 */
public class NoopJob {
  /** Counts the calls, so that a call has an effect. */
  private long calls;

  public NoopJob() {}

  /** Job number {@code no} of run {@code runId}: does nothing worth measuring. */
  public void noop(String runId, long no) {
    calls++;
  }

  /** Order line {@code line} of order {@code orderRef}: does nothing either. */
  public void noopLine(String orderRef, Line line) {
    calls++;
  }

  /** A plain value passed to a job: what a caller passes instead of a live object. */
  public record Line(String sku, int quantity, java.math.BigDecimal price) {}

  /** How many times {@link #noop} ran on this instance. */
  public long calls() {
    return calls;
  }
}
