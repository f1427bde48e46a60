package com.awkhad.connector.queue.testing;

import com.awkhad.connector.queue.Queue;
import com.awkhad.connector.queue.delay.Call;
import com.awkhad.connector.queue.delay.Capture;
import com.awkhad.connector.queue.delay.Delayer;
import com.awkhad.connector.queue.delay.PreparedJob;
import com.awkhad.connector.queue.job.JobHandle;
import com.awkhad.connector.queue.job.JobOptions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Captures the jobs delayed on this thread instead of storing them, for tests of code that
 * delays jobs (a connector's listener, a batch importer...).
 *
 * <pre>{@code
 * try (JobsTrap trap = JobsTrap.install(queue)) {
 *   listener.onRecordWrite(product);                       // delays an export
 *   trap.assertJobsCount(1);
 *   trap.assertEnqueued(ProductExporter.class, JobOptions.defaults().priority(5), e -> e.exportRecord(42L));
 *   trap.performEnqueuedJobs();                            // runs it now, on this thread
 * }
 * }</pre>
 *
 * <p>Like the real queue, a job whose identity key matches a captured job not yet performed is
 * not captured again. Jobs run by priority, then in the order they were delayed, graphs in
 * topological order; jobs they delay are captured and run in turn.
 */
public final class JobsTrap implements AutoCloseable {
  private final Delayer delayer;
  private final AutoCloseable installation;
  private final List<TrappedJob> jobs = new ArrayList<>();
  private final Set<String> performed = new HashSet<>();

  private JobsTrap(Queue queue) {
    this.delayer = queue.delayer();
    Capture capture = this::capture;
    this.installation = delayer.capture(capture);
  }

  /** Starts capturing the jobs this thread delays through {@code queue}, until {@link #close}. */
  public static JobsTrap install(Queue queue) {
    return new JobsTrap(queue);
  }

  private synchronized JobHandle capture(PreparedJob job, String graphUuid, List<JobHandle> parents) {
    if (job.identityKey() != null) {
      for (TrappedJob t : jobs) {
        if (job.identityKey().equals(t.job().identityKey()) && !performed.contains(t.handle().uuid())) {
          return new JobHandle(t.handle().uuid(), t.graphUuid(), true);
        }
      }
    }
    JobHandle handle = new JobHandle(UUID.randomUUID().toString(), graphUuid, false);
    jobs.add(new TrappedJob(job, handle, graphUuid, List.copyOf(parents), jobs.size()));
    return handle;
  }

  /** Every job captured so far, in the order they were delayed. */
  public synchronized List<TrappedJob> enqueuedJobs() {
    return List.copyOf(jobs);
  }

  /** The captured jobs of {@code type.method}. */
  public synchronized List<TrappedJob> enqueuedJobs(Class<?> type, String method) {
    return jobs.stream().filter(t -> t.job().call().type().equals(type) && t.job().call().method().getName().equals(method)).toList();
  }

  /** @throws AssertionError unless exactly {@code expected} jobs were captured */
  public void assertJobsCount(int expected) {
    List<TrappedJob> all = enqueuedJobs();
    if (all.size() != expected) {
      throw new AssertionError("Expected " + expected + " delayed job(s), got " + all.size() + ": " + names(all));
    }
  }

  /** @throws AssertionError unless exactly {@code expected} jobs of {@code type.method} were captured */
  public void assertJobsCount(int expected, Class<?> type, String method) {
    List<TrappedJob> some = enqueuedJobs(type, method);
    if (some.size() != expected) {
      throw new AssertionError("Expected " + expected + " delayed job(s) of " + type.getSimpleName() + "." + method
          + ", got " + some.size() + "; all delayed jobs: " + names(enqueuedJobs()));
    }
  }

  /** Asserts that the call {@code body} makes was delayed, with equal arguments (compared as JSON). */
  public <T> TrappedJob assertEnqueued(Class<T> type, Consumer<? super T> body) {
    return assertEnqueued(type, JobOptions.defaults(), body);
  }

  /**
   * Asserts that the call {@code body} makes was delayed with equal arguments and with the
   * options set in {@code expected}; options not set there are not compared.
   */
  public <T> TrappedJob assertEnqueued(Class<T> type, JobOptions expected, Consumer<? super T> body) {
    Call call = delayer.record(type, body);
    String args = Delayer.argsJson(call);
    List<TrappedJob> sameCall = enqueuedJobs().stream()
        .filter(t -> t.job().call().type().equals(call.type()) && t.job().call().method().getName().equals(call.method().getName())
            && t.job().args().equals(args))
        .toList();
    if (sameCall.isEmpty()) {
      throw new AssertionError("No delayed job " + call.shortName() + args + "; delayed jobs: " + detailed(enqueuedJobs()));
    }
    List<String> mismatches = new ArrayList<>();
    for (TrappedJob t : sameCall) {
      String m = mismatch(t.job(), expected, args);
      if (m == null) {
        return t;
      }
      mismatches.add(m);
    }
    throw new AssertionError("Job " + call.shortName() + args + " was delayed, but not with " + expected + ": "
        + String.join("; ", mismatches));
  }

  private static String mismatch(PreparedJob got, JobOptions expected, String argsJson) {
    List<String> diffs = new ArrayList<>();
    JobOptions o = got.options();
    if (expected.model() != null && !expected.model().equals(o.model())) {
      diffs.add("model " + o.model() + " (function " + got.funcName() + ")");
    }
    if (expected.priority() != null && expected.priority() != got.priority()) {
      diffs.add("priority " + got.priority());
    }
    if (expected.maxRetries() != null && expected.maxRetries() != got.maxRetries()) {
      diffs.add("maxRetries " + got.maxRetries());
    }
    if (expected.channel() != null && !expected.channel().equals(got.channel())) {
      diffs.add("channel " + got.channel());
    }
    if (expected.description() != null && !expected.description().equals(got.description())) {
      diffs.add("description '" + got.description() + "'");
    }
    if (expected.identityKey() != null && !expected.identityKey().equals(got.identityKey())) {
      diffs.add("identity key " + got.identityKey());
    }
    if (expected.isIdentityExact() && !Delayer.identityExact(got.funcName(), argsJson).equals(got.identityKey())) {
      diffs.add("identity key " + got.identityKey() + " (not identity exact)");
    }
    if (expected.etaAt() != null && !expected.etaAt().equals(o.etaAt())) {
      diffs.add("eta " + (o.etaAt() != null ? o.etaAt() : o.etaIn()));
    }
    if (expected.etaIn() != null && !expected.etaIn().equals(o.etaIn())) {
      diffs.add("eta " + (o.etaIn() != null ? "+" + o.etaIn() : o.etaAt()));
    }
    return diffs.isEmpty() ? null : "got " + String.join(", ", diffs);
  }

  /**
   * Runs the captured jobs on this thread, in the current transaction if there is one: by
   * priority then delay order, a job only after the jobs it waits for. Jobs delayed while they
   * run are captured and run too. An exception from a job propagates.
   */
  public void performEnqueuedJobs() {
    while (true) {
      TrappedJob next;
      synchronized (this) {
        next = jobs.stream()
            .filter(t -> !performed.contains(t.handle().uuid()))
            .filter(t -> t.parents().stream().allMatch(p -> performed.contains(p.uuid()) || !isTrapped(p)))
            .min(Comparator.comparingInt((TrappedJob t) -> t.job().priority()).thenComparingInt(TrappedJob::sequence))
            .orElse(null);
        if (next == null) {
          return;
        }
        performed.add(next.handle().uuid());
      }
      delayer.runInline(next.job().call());
    }
  }

  private boolean isTrapped(JobHandle h) {
    return jobs.stream().anyMatch(t -> Objects.equals(t.handle().uuid(), h.uuid()));
  }

  /** Stops capturing: later delayed calls are stored again. */
  @Override
  public void close() {
    try {
      installation.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> names(List<TrappedJob> jobs) {
    return jobs.stream().map(TrappedJob::name).toList();
  }

  private static List<String> detailed(List<TrappedJob> jobs) {
    return jobs.stream().map(t -> t.name() + t.job().args()).toList();
  }
}
