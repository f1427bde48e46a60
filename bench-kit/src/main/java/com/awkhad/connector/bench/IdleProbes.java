package com.awkhad.connector.bench;

import java.time.Duration;
import java.util.Arrays;

/**
 * The latency of an idle job system: single jobs, each enqueued once the previous one started,
 * 20 ms apart; a job's latency is its own start time minus the commit time of its enqueue. The
 * first {@code warmup} probes are kept apart (cold), the others measure.
 *
 * <pre>{@code
 * IdleProbes.Result r = IdleProbes.run(50, 200, Duration.ofSeconds(10), new IdleProbes.Target() {
 *   public long enqueue(int no) { ... return BenchTime.micros(commitTime); }
 *   public Long started(int no) { ... return startedMicros or null; }
 * });
 * Latencies.percentile(r.measured(), 50);
 * }</pre>
 */
public final class IdleProbes {
  private IdleProbes() {}

  /** The system under measure. */
  public interface Target {
    /** Enqueues probe {@code no} and returns the time its enqueue committed (microseconds). */
    long enqueue(int no) throws Exception;

    /** When the body of probe {@code no} started (microseconds), or null while it has not. */
    Long started(int no) throws Exception;
  }

  /** The latencies (ms) of the cold probes and of the measured ones, each sorted; a probe that never started is left out. */
  public record Result(double[] cold, double[] measured) {}

  /**
   * Runs {@code warmup + probes} probes one after the other, waiting up to {@code wait} for each
   * to start.
   *
   * @throws IllegalStateException when the target fails (its exception is the cause)
   */
  public static Result run(int warmup, int probes, Duration wait, Target target) throws InterruptedException {
    int total = warmup + probes;
    double[] out = new double[total];
    int n = 0;
    int coldCount = 0;
    for (int i = 0; i < total; i++) {
      int no = i;
      long committed = call(() -> target.enqueue(no), no);
      long deadline = System.nanoTime() + wait.toNanos();
      Long started = null;
      while (started == null && System.nanoTime() < deadline) {
        // the latency is the job's own start time minus the commit time: looking for it rarely
        // changes nothing in the figure, while a tight loop of queries would compete with the
        // system under measure for the CPU
        Thread.sleep(10);
        started = call(() -> target.started(no), no);
      }
      if (started != null) {
        out[n++] = (started - committed) / 1000.0;
      }
      if (i == warmup - 1) {
        coldCount = n;
      }
      Thread.sleep(20);
    }
    double[] cold = Arrays.copyOf(out, coldCount);
    double[] measured = Arrays.copyOfRange(out, coldCount, n);
    Arrays.sort(cold);
    Arrays.sort(measured);
    return new Result(cold, measured);
  }

  private interface Call<T> {
    T get() throws Exception;
  }

  private static <T> T call(Call<T> c, int no) throws InterruptedException {
    try {
      return c.get();
    } catch (InterruptedException e) {
      throw e;
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("Idle probe " + no + " failed: " + e.getMessage(), e);
    }
  }
}
