package com.awkhad.connector.queue.exec;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.base.text.ControlChars;
import com.awkhad.connector.base.tx.TransactionException;
import com.awkhad.connector.base.tx.UncheckedSqlException;
import com.awkhad.connector.queue.job.JobFunction;
import com.awkhad.connector.queue.job.JobJson;
import com.awkhad.connector.queue.job.JobRecord;
import com.awkhad.connector.queue.job.NothingToDoJob;
import com.awkhad.connector.queue.job.RetryableJobError;
import com.awkhad.connector.queue.store.JobFunctions;
import com.awkhad.connector.queue.store.JobStore;
import com.awkhad.connector.queue.store.JobTries;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.SQLException;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Performs jobs: resolves the target and method, reads the arguments back, runs the call and
 * turns whatever happened into an {@link Outcome}; then {@link #record records} it.
 *
 * <p>Two ways to use it. Standalone, {@link #runNow(String)} does it all: marks the job started
 * and commits, runs it in a new transaction committed together with its done state, and writes a
 * failure in a separate transaction after rolling the job's work back. A runner that batches
 * jobs calls, inside its own transaction, {@link #perform} then {@link #record} for each job: the
 * job body runs behind a savepoint, so a failed job undoes only its own writes.
 *
 * <pre>{@code
 * JobExecutor executor = env.service(JobExecutor.class);
 * env.tx().run(c -> {
 *   for (JobRecord job : claimed) {
 *     executor.record(job, executor.perform(job));
 *   }
 * });
 * }</pre>
 */
public final class JobExecutor {
  private static final Logger log = LoggerFactory.getLogger(JobExecutor.class);
  private static final int MAX_TRACE = 100_000;

  /** Stored as exc_name when the job's class or method no longer exists. */
  public static final String NO_SUCH_JOB_FUNCTION = "NoSuchJobFunction";
  /** Stored as exc_name when the max retries are reached. */
  public static final String FAILED_JOB_ERROR = "FailedJobError";
  /** Stored as exc_name for a try that ran past the runner's timeout. */
  public static final String JOB_TIMEOUT = "JobTimeoutError";
  /** Stored as exc_name for a try whose thread was interrupted (runner shutdown, timeout). */
  public static final String JOB_INTERRUPTED = "JobInterruptedError";

  private final Environment env;
  private final JobStore store;
  private final JobFunctions functions;
  private final JobTargets targets;
  private final JobDispatch dispatch = new JobDispatch();
  private final java.util.List<OutcomeListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** The job this thread performed last and how long its body ran (for {@link OutcomeListener}). */
  private final ThreadLocal<LastRun> lastRun = new ThreadLocal<>();

  private record LastRun(String uuid, long nanos) {}

  public JobExecutor(Environment env, JobStore store, JobFunctions functions, JobTargets targets) {
    this.env = env;
    this.store = store;
    this.functions = functions;
    this.targets = targets;
  }

  /**
   * Runs {@code job} once, counting the try, and says how it ended. Must be called inside a
   * transaction ({@code env.tx()}); the job's body runs behind a savepoint of it, so its writes
   * are undone when it fails and kept when it succeeds. The savepoint is set when the body first
   * uses the database ({@code Transactions.inLazySavepoint}): a job that never does costs no
   * statement for it. Never throws, except
   * {@link VirtualMachineError}s; clears the thread's interrupt flag and reports the
   * interruption as a retryable failure.
   */
  public Outcome perform(JobRecord job) {
    return perform(job, true);
  }

  /**
   * Like {@link #perform}, but the job's body runs directly in the current transaction, without
   * a savepoint of its own (one statement less): when the outcome is not {@link Outcome.Done},
   * the caller must roll that transaction back (the body's writes are in it) and record the
   * outcome in a new one. For a runner's job that is alone in its transaction.
   */
  public Outcome performAlone(JobRecord job) {
    return perform(job, false);
  }

  private Outcome perform(JobRecord job, boolean savepoint) {
    if (!env.tx().active()) {
      throw new IllegalStateException("JobExecutor.perform must run inside a transaction:"
          + " env.tx().run(c -> executor.record(job, executor.perform(job)))");
    }
    int tryCount = job.retry() + 1;
    lastRun.remove();
    Method method;
    Object[] args;
    Object target;
    try {
      JobDispatch.Call call = dispatch.prepare(job);
      method = call.method();
      args = call.args();
      target = targets.instantiate(call.type());
    } catch (ClassNotFoundException | LinkageError | NoSuchMethodException e) {
      return new Outcome.Failed(NO_SUCH_JOB_FUNCTION, "Job function " + job.funcName() + " no longer exists: "
          + describe(e) + ". The code changed since the job was enqueued: deploy a version that has it and requeue"
          + " the job, or cancel it.", trace(e), tryCount);
    } catch (RuntimeException e) {
      return new Outcome.Failed(e.getClass().getName(), e.getMessage(), trace(e), tryCount);
    }
    Instant started = store.now();
    long startNanos = System.nanoTime();
    try {
      Object result;
      try (com.awkhad.connector.queue.job.JobContext.Scope context =
          com.awkhad.connector.queue.job.JobContext.open(job.jobContext());
          com.awkhad.connector.queue.batch.JobBatches.Scope batch =
              com.awkhad.connector.queue.batch.JobBatches.open(job.batchId())) {
        result = CurrentJob.with(job, () -> savepoint ? env.tx().inLazySavepoint(() -> invoke(method, target, args))
            : env.tx().inTransaction(c -> invoke(method, target, args)));
      }
      lastRun.set(new LastRun(job.uuid(), System.nanoTime() - startNanos));
      Instant finished = store.now();
      if (Thread.interrupted()) {
        log.debug("Job {} finished although its thread was interrupted", job.uuid());
      }
      return new Outcome.Done(resultJson(result), tryCount, started, finished);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable thrown) {
      lastRun.set(new LastRun(job.uuid(), System.nanoTime() - startNanos));
      Throwable e = unwrap(thrown);
      boolean interrupted = Thread.interrupted();
      if (e instanceof NothingToDoJob n) {
        // done, its work undone (the savepoint or transaction rolled back), the message as result
        return new Outcome.Done(resultJson(n.getMessage()), tryCount, started, store.now());
      }
      if (e instanceof RetryableJobError r) {
        return retry(job, tryCount, r.seconds(), r.fallbackPattern(), r.ignoreRetry(), r.getClass().getName(), r.getMessage(),
            r.reason(), trace(r));
      }
      if (interrupted || e instanceof InterruptedException) {
        return retry(job, tryCount, null, null, false, JOB_INTERRUPTED, "The job's thread was interrupted: " + e, null, trace(e));
      }
      return new Outcome.Failed(e.getClass().getName(), String.valueOf(e.getMessage()), trace(e), tryCount);
    }
  }

  /**
   * The outcome of a try the runner stopped after {@code seconds}: a retryable failure (the
   * retry pattern gives the delay), failed once the max retries are reached.
   */
  public Outcome timedOut(JobRecord job, long seconds) {
    return retry(job, job.retry() + 1, null, null, false, JOB_TIMEOUT, "Job timed out after " + seconds + " s", null, null);
  }

  /**
   * Writes {@code outcome} in the current transaction (or a new one): done (and the release of
   * the children whose parents are all done), pending with the eta and try count, or failed. The
   * update only applies to a job that is still enqueued or started.
   *
   * @return true when the job's row was updated
   */
  public boolean record(JobRecord job, Outcome outcome) {
    boolean applied = env.tx().inTransaction(c -> {
      boolean written;
      if (outcome instanceof Outcome.Done d) {
        written = store.markDone(c, job.uuid(), d.result(), d.retry(), d.started(), d.finished());
      } else if (outcome instanceof Outcome.Retry r) {
        // the try's history row first: it reads the try's start and runner unit from the job's row
        JobTries.tryEnded(c, job.uuid(), job.retry() + 1, JobTries.RETRIED, store.now(), r.excName(), r.message(), r.trace());
        written = store.markPostponed(c, job, r.eta(), r.retry(), r.excName(), r.message(), r.trace());
      } else {
        Outcome.Failed f = (Outcome.Failed) outcome;
        JobTries.tryEnded(c, job.uuid(), job.retry() + 1, JobTries.FAILED, store.now(), f.excName(), f.message(), f.trace());
        written = store.markFailed(c, job.uuid(), f.retry(), f.excName(), f.message(), f.trace());
      }
      if (written) {
        tellAfterCommit(job, outcome);
      }
      return written;
    });
    if (!applied) {
      log.warn("Job {} was no longer enqueued or started: outcome not recorded ({})", job.uuid(),
          ControlChars.escape(outcome.summary()));
    } else if (outcome instanceof Outcome.Failed f) {
      log.warn("Job {} ({}) failed: {}: {}", job.uuid(), job.funcName(), f.excName(),
          ControlChars.escape(f.message()));
    } else if (outcome instanceof Outcome.Retry r) {
      log.info("Job {} ({}) {}: {}", job.uuid(), job.funcName(),
          r.eta() == null ? "back to pending, due now" : "postponed to " + r.eta(), ControlChars.escape(r.message()));
    }
    return applied;
  }

  /**
   * Writes the done states of many jobs that belong to no graph in one statement batch, in the
   * current transaction: what a runner does at the end of a transaction of several jobs. The
   * rows must still be enqueued or started (a runner holds them locked); when one is not, this
   * throws and the caller's transaction should roll back.
   *
   * <pre>{@code
   * env.tx().run(c -> executor.recordDone(jobs, outcomes));
   * }</pre>
   *
   * @throws IllegalArgumentException when a job belongs to a graph (use {@link #record}, which
   *     releases its children) or the lists differ in size
   * @throws IllegalStateException when a job was no longer enqueued or started
   */
  public void recordDone(java.util.List<JobRecord> jobs, java.util.List<Outcome.Done> outcomes) {
    if (jobs.size() != outcomes.size()) {
      throw new IllegalArgumentException("recordDone needs one outcome per job: got " + jobs.size() + " jobs and "
          + outcomes.size() + " outcomes");
    }
    java.util.List<JobStore.DoneState> states = new java.util.ArrayList<>(jobs.size());
    for (int i = 0; i < jobs.size(); i++) {
      JobRecord job = jobs.get(i);
      if (job.graphUuid() != null) {
        throw new IllegalArgumentException("Job " + job.uuid() + " belongs to graph " + job.graphUuid()
            + ": record it with record(job, outcome), which also releases its children");
      }
      Outcome.Done d = outcomes.get(i);
      states.add(new JobStore.DoneState(job.uuid(), d.result(), d.retry(), d.started(), d.finished()));
    }
    java.util.List<String> missed = env.tx().inTransaction(c -> store.markDoneAll(c, states));
    if (!missed.isEmpty()) {
      throw new IllegalStateException("Jobs " + missed + " were no longer enqueued or started when their done state"
          + " was written; roll the transaction back");
    }
    for (int i = 0; i < jobs.size(); i++) {
      tellAfterCommit(jobs.get(i), outcomes.get(i));
    }
  }

  /**
   * Tells {@code listener} about every outcome recorded from now on, after its commit.
   *
   * <pre>{@code
   * executor.addOutcomeListener((job, outcome, runTime) -> log.info("{}: {}", job.funcName(), outcome.summary()));
   * }</pre>
   */
  public void addOutcomeListener(OutcomeListener listener) {
    listeners.add(java.util.Objects.requireNonNull(listener, "listener"));
  }

  public void removeOutcomeListener(OutcomeListener listener) {
    listeners.remove(listener);
  }

  /** Registers, on the current transaction, the listeners' call for this outcome once it commits. */
  private void tellAfterCommit(JobRecord job, Outcome outcome) {
    if (listeners.isEmpty()) {
      return;
    }
    java.time.Duration runTime;
    LastRun last = lastRun.get();
    if (last != null && last.uuid().equals(job.uuid())) {
      runTime = java.time.Duration.ofNanos(last.nanos());
    } else if (outcome instanceof Outcome.Done d && d.started() != null && d.finished() != null) {
      runTime = java.time.Duration.between(d.started(), d.finished());
    } else {
      runTime = null;
    }
    env.tx().afterCommit(() -> {
      for (OutcomeListener l : listeners) {
        try {
          l.recorded(job, outcome, runTime);
        } catch (RuntimeException e) {
          log.warn("Outcome listener {} failed on job {}: {}", l, job.uuid(), e.toString());
        }
      }
    });
  }

  /**
   * Runs the pending or enqueued job {@code uuid} now, on this thread: marks it started and
   * commits; runs it in a new transaction that commits its work with its done state; on failure
   * that work is rolled back and the failure is written in a separate transaction.
   *
   * @throws IllegalArgumentException when there is no such job
   * @throws IllegalStateException when the job is not pending or enqueued
   */
  public Outcome runNow(String uuid) {
    return runNow(uuid, null);
  }

  /** Like {@link #runNow(String)}, storing {@code workerId} on the started job. */
  public Outcome runNow(String uuid, String workerId) {
    JobRecord job = env.tx().inNewTransaction(c -> {
      JobRecord found = store.find(c, uuid).orElseThrow(() -> new IllegalArgumentException("No job " + uuid));
      if (!store.markStarted(c, uuid, workerId)) {
        throw new IllegalStateException("Job " + uuid + " is " + found.state() + ": only pending or enqueued jobs can run");
      }
      return store.find(c, uuid).orElseThrow();
    });
    Outcome[] outcome = new Outcome[1];
    try {
      env.tx().inNewTransaction(c -> {
        outcome[0] = perform(job);
        if (outcome[0] instanceof Outcome.Done) {
          record(job, outcome[0]);
          return null;
        }
        throw new RollBack();
      });
    } catch (RollBack expected) {
      // the job's work is undone; its failure is written below
    } catch (TransactionException | UncheckedSqlException e) {
      // the commit of the job's work (or the done state) failed
      Throwable cause = e.getCause() == null ? e : e.getCause();
      outcome[0] = isTransient(cause)
          ? retry(job, job.retry() + 1, 5, null, false, cause.getClass().getName(), "Could not commit the job's work: " + cause.getMessage(), null, trace(cause))
          : new Outcome.Failed(cause.getClass().getName(), "Could not commit the job's work: " + cause.getMessage(), trace(cause), job.retry() + 1);
    }
    if (!(outcome[0] instanceof Outcome.Done)) {
      Outcome failure = outcome[0];
      env.tx().inNewTransaction(c -> record(job, failure));
    }
    return outcome[0];
  }

  /**
   * The outcome for a retryable failure on try {@code tryCount} of {@code job}. The delay is
   * {@code seconds} when above 0, else the job function's retry pattern when it has one, else
   * {@code fallback}, else {@link com.awkhad.connector.queue.job.RetryPattern#DEFAULT_SECONDS}.
   * The message gets when the job runs again: {@code ...; retry 3 of 10 at 14:22:05Z (in 30 s)}.
   * Past the max retries the job fails with {@code Max. retries (N) reached: <reason>}: the reason
   * without what only held while it retried ({@code reason}, null: the whole message), so that a
   * final failure never says the job will run again.
   */
  Outcome retry(JobRecord job, int tryCount, Integer seconds, com.awkhad.connector.queue.job.RetryPattern fallback,
      boolean ignoreRetry, String excName, String message, String reason, String trace) {
    int retry = ignoreRetry ? tryCount - 1 : tryCount;
    if (!ignoreRetry && job.maxRetries() > 0 && retry >= job.maxRetries()) {
      return new Outcome.Failed(FAILED_JOB_ERROR, "Max. retries (" + job.maxRetries() + ") reached: "
          + (reason == null ? message : reason), trace, retry);
    }
    int delay;
    if (seconds != null && seconds > 0) { // 0 means "no delay given", as in the original
      delay = seconds;
    } else {
      com.awkhad.connector.queue.job.RetryPattern pattern = retryPattern(job);
      if (pattern.isEmpty() && fallback != null) {
        pattern = fallback;
      }
      delay = pattern.secondsFor(retry);
    }
    Instant eta = store.now().plusSeconds(delay);
    return new Outcome.Retry(eta, retry, excName, String.valueOf(message) + "; " + when(retry, job.maxRetries(), ignoreRetry, eta, delay),
        trace);
  }

  /**
   * When the job runs again, for its error: {@code retry 3 of 10 at 14:22:05Z (in 30 s)}, or for a
   * try that is not counted {@code again at 14:22:05Z (in 30 s), not counted as a try (2 of 10 used)}.
   */
  static String when(int retry, int maxRetries, boolean ignoreRetry, Instant eta, long delaySeconds) {
    String at = java.time.format.DateTimeFormatter.ISO_LOCAL_TIME.format(
        eta.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).atOffset(java.time.ZoneOffset.UTC)) + "Z";
    if (eta.atOffset(java.time.ZoneOffset.UTC).toLocalDate().isAfter(
        eta.minusSeconds(delaySeconds).atOffset(java.time.ZoneOffset.UTC).toLocalDate())) {
      at = eta.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }
    String in = "(in " + duration(delaySeconds) + ")";
    String of = maxRetries == 0 ? " (no limit)" : " of " + maxRetries;
    if (ignoreRetry) {
      return "again at " + at + " " + in + ", not counted as a try (" + retry + (maxRetries == 0 ? "" : " of " + maxRetries)
          + " used)";
    }
    return "retry " + retry + of + " at " + at + " " + in;
  }

  /** {@code 30 s}, {@code 2 min}, {@code 2 min 30 s}, {@code 1 h 5 min}. */
  static String duration(long seconds) {
    if (seconds < 60) {
      return seconds + " s";
    }
    if (seconds < 3600) {
      return seconds / 60 + " min" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + " s");
    }
    return seconds / 3600 + " h" + (seconds % 3600 / 60 == 0 ? "" : " " + seconds % 3600 / 60 + " min");
  }

  private com.awkhad.connector.queue.job.RetryPattern retryPattern(JobRecord job) {
    try {
      JobFunction f = env.tx().inTransaction(c -> functions.get(c, job.funcName()));
      return f.retryPattern();
    } catch (RuntimeException e) {
      log.warn("Cannot read the retry pattern of {}: {}; using the default delay", job.funcName(), e.getMessage());
      return com.awkhad.connector.queue.job.RetryPattern.none();
    }
  }

  private static boolean isTransient(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException se && se.getSQLState() != null
          && (se.getSQLState().startsWith("40") || "55P03".equals(se.getSQLState()))) {
        return true; // serialization failure, deadlock, lock not available
      }
    }
    return false;
  }

  private static Object invoke(Method method, Object target, Object[] args) throws Exception {
    try {
      return method.invoke(target, args); // made accessible once, by JobDispatch
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw (Exception) e.getCause();
    }
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof TransactionException || t instanceof InvocationTargetException)
        && t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  private static String resultJson(Object result) {
    if (result == null) {
      return null;
    }
    try {
      return JobJson.mapper().writeValueAsString(result);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return JobJson.mapper().valueToTree(String.valueOf(result)).toString();
    }
  }

  private static String describe(Throwable e) {
    if (e instanceof ClassNotFoundException) {
      return "class " + e.getMessage() + " not found";
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  /** The full stack trace as text, capped at 100 000 characters. */
  public static String trace(Throwable e) {
    if (e == null) {
      return null;
    }
    StringWriter w = new StringWriter();
    e.printStackTrace(new PrintWriter(w));
    String s = w.toString();
    return s.length() > MAX_TRACE ? s.substring(0, MAX_TRACE) + "\n... (truncated)" : s;
  }

  /** Thrown inside {@link #runNow} to roll the job's transaction back. */
  private static final class RollBack extends RuntimeException {
    RollBack() {
      super(null, null, false, false);
    }
  }

}
