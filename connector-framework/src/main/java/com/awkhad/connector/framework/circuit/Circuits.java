package com.awkhad.connector.framework.circuit;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.base.text.ControlChars;
import com.awkhad.connector.framework.backend.Backend;
import com.awkhad.connector.framework.exception.CircuitOpenError;
import com.awkhad.connector.framework.exception.NetworkRetryableError;
import com.awkhad.connector.queue.Queue;
import com.awkhad.connector.queue.exec.CurrentJob;
import com.awkhad.connector.queue.job.JobRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backends' circuit breakers. A backend's circuit <b>opens</b> after
 * {@code circuit_failure_threshold} (3) of its jobs in a row fail with a network error saying it is
 * unavailable (connection refused or reset, timeout, 502, 503, 504; not 429). While it is open,
 * its jobs do not call it: each goes back to pending <b>without using a try</b>, and one job at a
 * time, the <b>probe</b>, runs after a pause (5 s, 10 s, then every {@code circuit_probe_max_seconds},
 * 15 s; never sooner than the server's {@code Retry-After}). When the probe gets any answer but
 * 502, 503 or 504, the circuit <b>closes</b> and the waiting jobs are made due at once. The state is
 * in the database (table {@code connector_circuit}): every runner on it sees the same circuit.
 *
 * <pre>{@code
 * Circuits circuits = Circuits.of(env);
 * circuits.state(backend.id()).ifPresent(s -> System.out.println(s.stateName() + " since " + s.openedAt()));
 * circuits.addListener(new CircuitListener() {
 *   public void opened(CircuitOpened e) { ... }
 * });
 * // in a job method of your own that calls a backend (ConnectorJobs does it for its jobs):
 * return circuits.guard(backend, () -> work.component(MyImporter.class, "my.importer").run(id));
 * }</pre>
 *
 * <p>The failures that open a circuit count as tries (the breaker does not know yet); once it is
 * open, no job of the backend uses a try for the outage, however long. A backend without network
 * errors never gets a row. Set the backend setting {@code circuit_failure_threshold} to 0 to turn
 * its breaker off.
 */
public final class Circuits {
  /**
   * How much later than the next probe a waiting job that is not the probe comes back by itself: in
   * case the job meant to probe is gone (cancelled). A probe that succeeds releases it sooner.
   */
  static final Duration WAITER_SLACK = Duration.ofSeconds(60);
  /** Seconds before a job looks again when the circuit row is held by another transaction. */
  static final int BUSY_RETRY_SECONDS = 2;
  /** How long a job waits for its backend's circuit row held by another transaction. */
  static final Duration BUSY_WAIT = Duration.ofSeconds(2);
  private static final int REASON_MAX = 500;
  private static final Logger log = LoggerFactory.getLogger(Circuits.class);

  private final Environment env;
  private final CircuitStore store = new CircuitStore();
  private final List<CircuitListener> listeners = new CopyOnWriteArrayList<>();
  /** How often, and how long, jobs held by other transactions at a close are made due again. */
  private static final Duration RELEASE_EVERY = Duration.ofMillis(250);
  private static final Duration RELEASE_RETRY = Duration.ofSeconds(30);
  private java.util.concurrent.ScheduledExecutorService later;
  private volatile boolean closed;

  private Circuits(Environment env) {
    this.env = env;
  }

  /** For the connector addon's start. */
  public static Circuits create(Environment env) {
    return new Circuits(env);
  }

  /** The service of a started environment. */
  public static Circuits of(Environment env) {
    return env.service(Circuits.class);
  }

  /** The circuit of {@code backendId}; empty when the backend never failed with a network error. */
  public Optional<CircuitState> state(long backendId) {
    return env.tx().inTransaction(c -> store.find(c, backendId));
  }

  /** Every circuit with a row, by backend id. */
  public List<CircuitState> all() {
    return env.tx().inTransaction(store::all);
  }

  /** Tells {@code listener} about every circuit this process opens or closes from now on. */
  public void addListener(CircuitListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  public void removeListener(CircuitListener listener) {
    listeners.remove(listener);
  }

  /**
   * Runs {@code body}, a job's work on {@code backend}, under the backend's circuit. Outside a job,
   * or with the breaker turned off, it just runs {@code body}.
   *
   * <ul>
   *   <li>Circuit open and no probe due: throws {@link CircuitOpenError} (the job waits, no try used).
   *   <li>Circuit open and a probe due: this job is the probe and runs.
   *   <li>{@code body} fails with a {@link NetworkRetryableError} saying the backend is unavailable:
   *       counted against the circuit; the error that opens it or comes while it is open is
   *       rethrown as a wait.
   *   <li>The backend answered (see {@link CircuitCall}): an open circuit closes and its waiting
   *       jobs are made due; failures in a row are forgotten.
   * </ul>
   */
  public <T> T guard(Backend backend, Supplier<T> body) {
    JobRecord job = CurrentJob.get().orElse(null);
    CircuitSettings settings = CircuitSettings.of(backend);
    if (job == null || !settings.enabled()) {
      return body.get();
    }
    CircuitState seen = env.tx().inTransaction(c -> store.peek(c, backend.id())).orElse(null);
    boolean probe = false;
    if (seen != null && seen.open()) {
      Admission admission = env.tx().inNewTransaction(c -> admit(c, backend, settings, job));
      if (admission.waitError() != null) {
        throw admission.waitError();
      }
      probe = admission.probe();
    }
    CircuitCall call = CircuitCall.open();
    T result;
    try {
      result = body.get();
    } catch (RuntimeException e) {
      call.close();
      NetworkRetryableError network = networkCause(e);
      if (network != null && network.unavailable()) {
        throw failed(backend, settings, job, probe, network, e);
      }
      afterRun(backend, job, seen, probe, call.anyAnswer());
      throw e;
    }
    call.close();
    afterRun(backend, job, seen, probe, call.anyAnswer());
    return result;
  }

  private record Admission(boolean probe, CircuitOpenError waitError) {}

  /** The circuit is open: this job probes, or waits. */
  private Admission admit(java.sql.Connection c, Backend backend, CircuitSettings settings, JobRecord job)
      throws java.sql.SQLException {
    CircuitState s = store.lockWithin(c, backend.id(), busyBound()).orElse(null);
    if (s == null) {
      // another job is updating the circuit right now: wait a moment rather than for its lock
      return new Admission(false, new CircuitOpenError("Backend '" + backend.name() + "' (id " + backend.id()
          + ") is unreachable (circuit open) and its circuit is being updated by another job; this job looks again"
          + " in " + BUSY_RETRY_SECONDS + " s; waiting uses none of its tries", backend.id(), BUSY_RETRY_SECONDS));
    }
    if (!s.open()) {
      return new Admission(false, null); // closed meanwhile
    }
    Instant now = now();
    boolean probeDue = !s.nextProbeAt().isAfter(now);
    boolean probing = s.probingUntil() != null && s.probingUntil().isAfter(now);
    if (probeDue && (!probing || job.uuid().equals(s.probeJob()))) {
      store.write(c, withProbe(s, s.nextProbeAt(), now.plus(settings.probeLease()), job.uuid()));
      log.info("Backend '{}' (id {}): job {} probes it (circuit open since {}, {} probe(s) failed)", backend.name(),
          backend.id(), job.uuid(), s.openedAt(), s.probes());
      return new Admission(true, null);
    }
    return new Admission(false, waitHere(c, backend, s, job, now, "This job waits for a probe of the backend to succeed"));
  }

  /** Registers {@code job} as waiting for the open circuit {@code s} and says until when. */
  private CircuitOpenError waitHere(java.sql.Connection c, Backend backend, CircuitState s, JobRecord job, Instant now,
      String what) throws java.sql.SQLException {
    Instant next = s.probingUntil() != null && s.probingUntil().isAfter(s.nextProbeAt()) ? s.probingUntil() : s.nextProbeAt();
    boolean designated = s.probeJob() == null || s.probeJob().equals(job.uuid());
    if (s.probeJob() == null) {
      store.write(c, withProbe(s, s.nextProbeAt(), s.probingUntil(), job.uuid()));
    }
    store.addWaiter(c, backend.id(), job.uuid());
    Instant eta = designated ? next : next.plus(WAITER_SLACK);
    return new CircuitOpenError(unreachable(backend, s) + ". " + what + " (next probe at " + time(next)
        + (designated ? ", by this job" : "") + ") and runs as soon as one does; waiting uses none of its tries",
        backend.id(), seconds(now, eta));
  }

  /** {@code body} failed with a network error saying the backend is unavailable: the error to throw. */
  private RuntimeException failed(Backend backend, CircuitSettings settings, JobRecord job, boolean probe,
      NetworkRetryableError network, RuntimeException thrown) {
    try {
      return env.tx().inNewTransaction(c -> {
        CircuitState s = store.lockWithin(c, backend.id(), busyBound()).orElse(null);
        if (s == null) {
          return thrown; // another job is updating the circuit: this error is not counted, it retries as usual
        }
        Instant now = now();
        String reason = reason(network.getMessage());
        if (!s.open()) {
          int failures = s.failures() + 1;
          if (failures < settings.threshold()) {
            store.write(c, new CircuitState(s.backendId(), false, failures, reason, s.openedAt(), s.closedAt(), 0, null,
                null, null, 0));
            return thrown; // counted: the back-off (or Retry-After) gives the delay
          }
          Instant probeAt = now.plus(settings.probePause(0, network.seconds()));
          CircuitState opened = new CircuitState(s.backendId(), true, failures, reason, now, s.closedAt(), 0, probeAt, null,
              job.uuid(), 0);
          store.write(c, opened);
          log.warn("Backend '{}' (id {}) is unreachable: circuit opened after {} network error(s) in a row; its jobs wait"
              + " for a probe at {} instead of using tries. Last error: {}", backend.name(), backend.id(), failures,
              time(probeAt), ControlChars.escape(reason));
          CircuitOpened event = new CircuitOpened(backend.id(), backend.name(), now, failures, reason, probeAt);
          env.tx().afterCommit(() -> tell(l -> l.opened(event)));
          // this failure is the last one that counts: its try is used, and it probes first
          // what only holds while this job retries is its note: dropped if this was its last try
          return new NetworkRetryableError(network.reason() + ". That is " + failures + " network errors in a row:"
              + " backend '" + backend.name() + "' now counts as unreachable (circuit open)", "; its other jobs wait for a"
              + " probe without using tries, this job probes first", seconds(now, probeAt), true);
        }
        if (probe && job.uuid().equals(s.probeJob())) {
          int probes = s.probes() + 1;
          Instant probeAt = now.plus(settings.probePause(probes, network.seconds()));
          CircuitState after = new CircuitState(s.backendId(), true, s.failures(), reason, s.openedAt(), s.closedAt(), probes,
              probeAt, null, job.uuid(), 0);
          store.write(c, after);
          store.addWaiter(c, backend.id(), job.uuid());
          log.info("Backend '{}' (id {}): probe {} failed, next at {}: {}", backend.name(), backend.id(), probes,
              time(probeAt), ControlChars.escape(reason));
          return new CircuitOpenError("Probe " + probes + " of backend '" + backend.name() + "' (id " + backend.id()
              + ") failed: " + reason + ". The circuit stays open (since " + time(s.openedAt()) + "); this job probes"
              + " again at " + time(probeAt) + ", and its tries are not used", backend.id(), seconds(now, probeAt));
        }
        store.write(c, new CircuitState(s.backendId(), true, s.failures(), reason, s.openedAt(), s.closedAt(), s.probes(),
            s.nextProbeAt(), s.probingUntil(), s.probeJob(), 0));
        return waitHere(c, backend, s, job, now, "This job failed too (" + reason + ") and waits for a probe to succeed");
      });
    } catch (RuntimeException e) {
      log.warn("Backend '{}': could not record a network error in its circuit ({}); the job retries as usual",
          backend.name(), e.toString());
      return thrown;
    }
  }

  /** After a run that did not fail with a network error: an answer closes the circuit or resets the count. */
  private void afterRun(Backend backend, JobRecord job, CircuitState seen, boolean probe, boolean answered) {
    boolean mayChange = probe || (seen != null && (seen.open() || seen.failures() > 0));
    if (!mayChange) {
      return;
    }
    try {
      env.tx().inNewTransaction(c -> {
        // an answer to a probe closes the circuit: worth waiting for the row (bounded for a
        // transaction begun inside the job's); forgetting failures in a row is not
        CircuitState s = probe && answered ? store.lock(c, backend.id()) : store.lockWithin(c, backend.id(), busyBound()).orElse(null);
        if (s == null) {
          return null; // another job is updating the circuit; the next answer resets the count
        }
        Instant now = now();
        if (!answered) {
          if (s.open() && job.uuid().equals(s.probeJob()) && s.probingUntil() != null) {
            // the probe made no request: let the next waiting job probe at once
            store.write(c, withProbe(s, now, null, null));
            env.service(Queue.class).store().makeDueNow(c, store.waiters(c, backend.id()));
          }
          return null;
        }
        if (!s.open()) {
          if (s.failures() > 0) {
            store.write(c, new CircuitState(s.backendId(), false, 0, s.reason(), s.openedAt(), s.closedAt(), 0, null, null,
                null, 0));
          }
          return null;
        }
        store.write(c, new CircuitState(s.backendId(), false, 0, s.reason(), s.openedAt(), now, 0, null, null, null, 0));
        List<String> waiters = store.takeWaiters(c, backend.id());
        List<String> due = env.service(Queue.class).store().makeDueNow(c, waiters);
        List<String> held = new java.util.ArrayList<>(waiters);
        held.removeAll(due);
        if (!held.isEmpty()) {
          env.tx().afterCommit(() -> releaseLater(held, 0));
        }
        Duration openFor = Duration.between(s.openedAt(), now);
        log.info("Backend '{}' (id {}) answers again: circuit closed after {} s open ({} failed probe(s)); {} waiting"
            + " job(s) run now", backend.name(), backend.id(), openFor.toSeconds(), s.probes(), due.size());
        CircuitClosed event = new CircuitClosed(backend.id(), backend.name(), s.openedAt(), now, openFor, s.probes(),
            due.size());
        env.tx().afterCommit(() -> tell(l -> l.closed(event)));
        return null;
      });
    } catch (RuntimeException e) {
      log.warn("Backend '{}': could not update its circuit after an answer ({}); the next probe will", backend.name(),
          e.toString());
    }
  }

  /**
   * Makes due, again and again for {@link #RELEASE_RETRY} after a close, the waiting jobs that were
   * held by another transaction when it closed: a job whose wait was decided but not yet written (a
   * batch writes its rows at its commit) would otherwise sleep until its fallback eta. Rows that are
   * no longer pending with a later eta are left as they are.
   */
  private void releaseLater(List<String> uuids, int attempt) {
    if (attempt * RELEASE_EVERY.toMillis() >= RELEASE_RETRY.toMillis() || closed) {
      return;
    }
    later().schedule(() -> {
      try {
        env.tx().inNewTransaction(c -> env.service(Queue.class).store().makeDueNow(c, uuids));
      } catch (RuntimeException e) {
        log.debug("Releasing jobs after a circuit closed: {}", e.toString());
      }
      releaseLater(uuids, attempt + 1);
    }, RELEASE_EVERY.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  private synchronized java.util.concurrent.ScheduledExecutorService later() {
    if (later == null) {
      later = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "connector-circuit-release");
        t.setDaemon(true);
        return t;
      });
      env.onClose(() -> {
        closed = true;
        later.shutdownNow();
      });
    }
    return later;
  }

  private static CircuitState withProbe(CircuitState s, Instant probeAt, Instant probingUntil, String probeJob) {
    return new CircuitState(s.backendId(), s.open(), s.failures(), s.reason(), s.openedAt(), s.closedAt(), s.probes(),
        probeAt, probingUntil, probeJob, 0);
  }

  private void tell(java.util.function.Consumer<CircuitListener> call) {
    for (CircuitListener l : listeners) {
      try {
        call.accept(l);
      } catch (RuntimeException e) {
        log.warn("Circuit listener {} failed: {}", l, e.toString());
      }
    }
  }

  private static String unreachable(Backend backend, CircuitState s) {
    return "Backend '" + backend.name() + "' (id " + backend.id() + ") is unreachable since " + time(s.openedAt())
        + " (circuit open after " + s.failures() + " network errors in a row"
        + (s.probes() > 0 ? ", " + s.probes() + " failed probe(s)" : "") + "; last: " + s.reason() + ")";
  }

  private static NetworkRetryableError networkCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof NetworkRetryableError n) {
        return n;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  private static String reason(String message) {
    String m = String.valueOf(message);
    return m.length() > REASON_MAX ? m.substring(0, REASON_MAX) + "..." : m;
  }

  /** The bound on waiting for a circuit's row: {@link #BUSY_WAIT} on PostgreSQL (H2 bounds every wait itself). */
  private String busyBound() {
    return env.database().dialect().localLockTimeoutSql(BUSY_WAIT);
  }

  private Instant now() {
    return env.service(Queue.class).store().now().truncatedTo(ChronoUnit.MICROS); // as stored
  }

  /** Whole seconds from {@code now} to {@code at}, rounded up; at least 1. */
  private static int seconds(Instant now, Instant at) {
    long millis = Duration.between(now, at).toMillis();
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (millis + 999) / 1000));
  }

  static String time(Instant t) {
    return t == null ? "?" : DateTimeFormatter.ISO_LOCAL_TIME.format(t.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC))
        + "Z";
  }
}
