package com.awkhad.connector.microbench;

import com.awkhad.connector.queue.delay.Call;
import com.awkhad.connector.queue.delay.Delayer;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A delayed call's arguments encoded to the JSON array stored in {@code queue_job.args}: what
 * {@code queue.delay(...)} does for every job it enqueues, in the caller's transaction (an import
 * of 10,000 records enqueues 10,000 jobs). The recorded {@link Call} is built as the delay proxy
 * builds it, then {@link Delayer#argsJson} encodes it: each argument turned into JSON, and one that
 * is not a string, boolean or whole number of its parameter's exact type read back once to check.
 *
 * <ul>
 *   <li>{@code stringAndLong}: a run id and a job number, nothing read back;
 *   <li>{@code record}: an order reference and a record (sku, quantity, price), the record read
 *       back as its type.
 * </ul>
 *
 * <p>Not covered: the rest of {@code Delayer.prepare} (the job function's options, the ETA from the
 * database clock) needs a {@code JobStore}, which needs a database; recording the call through the
 * proxy needs a {@code Delayer}, which needs one too.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ArgumentEncodingBench {
  private Method noop;
  private Method noopLine;
  private long no;

  @Setup
  public void setup() throws Exception {
    noop = NoopJob.class.getMethod("noop", String.class, long.class);
    noopLine = NoopJob.class.getMethod("noopLine", String.class, NoopJob.Line.class);
  }

  @Benchmark
  public String stringAndLong() {
    return Delayer.argsJson(new Call(NoopJob.class, noop, new Object[] {"run-42", ++no}));
  }

  @Benchmark
  public String record() {
    NoopJob.Line line = new NoopJob.Line("ESP-" + (++no & 7), 2, new BigDecimal("3.50"));
    return Delayer.argsJson(new Call(NoopJob.class, noopLine, new Object[] {"SO042", line}));
  }
}
