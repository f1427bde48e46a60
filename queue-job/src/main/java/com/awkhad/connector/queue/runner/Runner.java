package com.awkhad.connector.queue.runner;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.base.env.RunnerService;
import com.awkhad.connector.queue.Queue;
import com.awkhad.connector.queue.QueueSettings;
import com.awkhad.connector.queue.channel.ChannelPlanner;
import com.awkhad.connector.queue.exec.JobExecutor;
import com.awkhad.connector.queue.job.JobRecord;
import com.awkhad.connector.queue.recurring.RecurringJobs;
import com.awkhad.connector.queue.store.EnqueueListener;
import com.awkhad.connector.queue.wake.WakeHints;
import com.awkhad.connector.queue.wake.WakeReceiver;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job runner: claims due jobs for its idle workers under the channels' global capacities, runs
 * them, heartbeats its lease and requeues the jobs of dead runners. Any number of runners may
 * share one PostgreSQL database; H2 allows one runner process.
 *
 * <pre>{@code
 * try (Environment env = Environment.start(config, addons);
 *     Runner runner = Runner.start(env, RunnerOptions.of(ChannelConfig.parse("root:8,coffee:1")))) {
 *   runner.awaitStop(); // until close() from another thread or a shutdown hook
 * }
 * }</pre>
 *
 * <p>Wake-ups: PostgreSQL {@code LISTEN queue_job} (triggers notify when jobs become pending; a
 * stopping runner notifies the slots it frees), wake hints (a datagram from the enqueuing process,
 * about a millisecond ahead of the notification), in-process signals when this JVM enqueues or
 * finishes jobs (on PostgreSQL, this JVM's own enqueues are claimed inside their transaction, just
 * before it commits: {@link HandOffAtCommit}), a timer for the next eta or throttle end, and a slow poll as fallback. A worker runs its batch in one transaction,
 * first without savepoints, then, if a job did not end done, again with each job behind its own
 * savepoint ({@link OptimisticBatches}), so each job's writes commit atomically with its done state.
 *
 * <p>{@link #close()} stops claiming, lets running batches finish within the grace period,
 * interrupts what is left, and puts its unstarted claimed jobs back to pending.
 *
 * <p>On each heartbeat the runner also enqueues the due {@link RecurringJobs recurring jobs}. It
 * starts the environment's {@link RunnerService runner services} (for example change capture's
 * reader) after its own threads and stops them first on {@link #close()}.
 */
public final class Runner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Runner.class);

  private final Environment env;
  private final RunnerOptions options;
  private final String workerId;
  private final RunnerSql sql;
  private final Claimer claimer;
  private final ClaimStrategy strategy;
  private final Leases leases;
  private final ReentrantLock claimLock = new ReentrantLock();
  private final Signal signal = new Signal();
  private final RunnerStats stats = new RunnerStats();
  private final List<Worker> workers = new ArrayList<>();
  private final ScheduledExecutorService timers;
  private final ScheduledExecutorService watchdogs;
  private final Thread dispatcher;
  private final PgListener listener;
  private final Thread listenerThread;
  private final EnqueueListener enqueueListener;
  private final HandOffAtCommit handOff;
  /**
   * Enqueues (their uuid lists, by identity: the store gives the same list to both calls) whose
   * transaction tries a hand-off at commit, which then signals the dispatcher after the commit
   * itself, only when it did not hand every job over.
   */
  private final java.util.Set<List<String>> handOffs =
      java.util.Collections.synchronizedSet(java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
  private WakeReceiver wakeReceiver;
  private final Queue queue;
  private final RecurringJobs recurring;
  private final List<AutoCloseable> services = new ArrayList<>();
  private final Object stopMonitor = new Object();
  private volatile boolean stopping;
  private volatile boolean closed;

  private Runner(Environment env, RunnerOptions options) {
    this.env = env;
    this.options = options;
    this.queue = env.service(Queue.class);
    this.recurring = RecurringJobs.of(env);
    this.workerId = newWorkerId();
    this.sql = RunnerSql.of(env.database().dialect());
    this.claimer = new Claimer(sql, new ChannelPlanner(options.channels(), c -> queue.remote(c.targetClass(), c.method())), options.maxBatch());
    this.strategy = sql.claimStrategy(env.tx(), claimer, stats);
    this.leases = new Leases(sql, env.tx(), claimLock, workerId, options.lease(), host(), ProcessHandle.current().pid(),
        options.channels().toString(), options.workers());
    JobExecutor executor = env.service(JobExecutor.class);
    Timeouts timeouts = new Timeouts(env.tx(), queue.functionSettings());
    this.watchdogs = Executors.newSingleThreadScheduledExecutor(daemon("queue-job-timeouts"));
    OptimisticBatches batches = new OptimisticBatches();
    for (int i = 0; i < options.workers(); i++) {
      workers.add(new Worker(host, workerId + "/" + i, env, executor, timeouts, watchdogs, leases, stats, sql, batches));
    }
    this.timers = Executors.newSingleThreadScheduledExecutor(daemon("queue-job-heartbeat"));
    this.dispatcher = new Thread(this::dispatchLoop, "queue-job-dispatcher");
    if (sql.listens()) {
      this.listener = new PgListener(env.database(), signal);
      this.listenerThread = new Thread(listener, "queue-job-listen");
      this.listenerThread.setDaemon(true);
    } else {
      this.listener = null;
      this.listenerThread = null;
    }
    // PostgreSQL (H2 commits in this process at once), unless CONNECTOR_WAKE_HINTS=after-commit or off
    boolean earlySignal = sql.listens() && QueueSettings.from(env.settings()).earlyWakeHints();
    this.handOff = new HandOffAtCommit(env.tx(), claimer, sql, claimLock, workers, stats, () -> stopping);
    this.enqueueListener = new EnqueueListener() {
      /**
       * An enqueue of this process, just before its transaction commits: in a transaction of ours,
       * the hand-off at commit claims its jobs in it ({@link HandOffAtCommit}); otherwise, or for
       * what it did not take, the dispatcher gets ready while the commit is flushed (its claim may
       * find nothing yet, and the signal after the commit makes it claim again), as a runner of
       * another process does on the early wake hint.
       */
      @Override
      public void beforeCommit(List<String> uuids) {
        if (!earlySignal) {
          return;
        }
        if (!env.tx().inOwnTransaction()) {
          signal.raise(); // an application's transaction manager commits it: no hand-off
          return;
        }
        // the signal after the commit is this enqueue's own from now on (see afterCommit)
        handOffs.add(uuids);
        env.tx().afterRollback(() -> handOffs.remove(uuids));
        // registered now, it runs after every before-commit action registered so far: the claim
        // lock it may take is held from then to the commit
        env.tx().beforeCommit(() -> {
          boolean all = handOff.claim() >= uuids.size();
          if (!all) {
            signal.raise(); // the dispatcher gets ready, and claims what is left after the commit
          }
          env.tx().afterCommit(() -> {
            handOffs.remove(uuids);
            if (!all) {
              signal.raise();
            }
          });
        });
      }

      @Override
      public void afterCommit(List<String> uuids) {
        if (!handOffs.contains(uuids)) {
          signal.raise();
        }
      }
    };
  }

  /**
   * Registers the runner's lease and starts its threads.
   *
   * @throws RunnerException when the runner cannot start (for example a second runner on H2)
   */
  public static Runner start(Environment env, RunnerOptions options) {
    int pool = env.database().poolSize();
    if (pool < options.workers() + 2) {
      log.warn("The connection pool ({} connections) is smaller than the runner's {} workers + 2 (dispatcher,"
          + " heartbeat): workers will wait for connections. Raise CONNECTOR_DB_POOL_SIZE (db.pool_size) to at least {}.",
          pool, options.workers(), options.workers() + 4);
    }
    Runner r = new Runner(env, options);
    r.openWakeReceiver();
    try {
      r.leases.register();
    } catch (RuntimeException e) {
      r.closeWakeReceiver();
      throw e;
    }
    // heartbeats from the registration on: what the start does next (the autovacuum's row, the
    // threads) can take longer than a short lease on a loaded machine, and a lease that expires
    // before the first heartbeat has the runner found dead while it starts
    long hb = options.heartbeat().toMillis();
    r.timers.scheduleWithFixedDelay(r::heartbeat, hb, hb, TimeUnit.MILLISECONDS);
    try {
      if (com.awkhad.connector.queue.recurring.Autovacuum.install(env)) {
        log.info("Runner {}: installed the daily autovacuum of old done and cancelled jobs (recurring job {})",
            r.workerId, com.awkhad.connector.queue.recurring.Autovacuum.NAME);
      }
    } catch (RuntimeException e) {
      log.warn("Runner {}: could not install the autovacuum recurring job: {}", r.workerId, e.toString());
    }
    r.queue.addEnqueueListener(r.enqueueListener);
    if (r.listenerThread != null) {
      r.listenerThread.start();
    }
    for (Worker w : r.workers) {
      w.start();
    }
    r.timers.scheduleAtFixedRate(r::summary, 60, 60, TimeUnit.SECONDS);
    // claim at once for the jobs already pending: on PostgreSQL the listener raises the signal
    // once it listens, on H2 nothing else would before the first poll
    r.signal.raise();
    r.dispatcher.start();
    r.startServices();
    log.info("Runner {} started on {}: channels {}, {} worker(s), batches up to {} jobs and {} ms, lease {} s",
        r.workerId, env.database().safeUrl(), options.channels(), options.workers(), options.maxBatch(),
        options.batchBudget().toMillis(), options.lease().toSeconds());
    return r;
  }

  /** Starts the environment's runner services (for example the change reader of change capture). */
  private void startServices() {
    for (RunnerService service : env.runnerServices()) {
      try {
        services.add(service.start());
        log.info("Runner {}: started {}", workerId, service.name());
      } catch (RuntimeException e) {
        close();
        throw new RunnerException("Runner " + workerId + " could not start " + service.name() + ": " + e.getMessage(), e);
      }
    }
  }

  private void stopServices() {
    for (int i = services.size() - 1; i >= 0; i--) {
      try {
        services.get(i).close();
      } catch (Exception e) {
        log.warn("Runner {}: error while stopping a runner service: {}", workerId, e.toString());
      }
    }
    services.clear();
  }

  /**
   * When runner processes may share the database ({@link RunnerSql#multiProcess}: PostgreSQL),
   * binds the wake hint socket and publishes it with the lease (see
   * {@link com.awkhad.connector.queue.wake}); on H2 every enqueuer is in this process already.
   */
  private void openWakeReceiver() {
    String host = options.wakeAddress();
    if (host == null || !sql.multiProcess()) {
      return;
    }
    try {
      wakeReceiver = WakeReceiver.open(host, this::hinted);
    } catch (IOException | RuntimeException e) {
      throw new RunnerException("Cannot receive wake hints on " + host + " (" + e.getMessage() + "). Give an address"
          + " of this machine that the enqueuing processes reach (--wake-address, CONNECTOR_WAKE_ADDRESS), or turn"
          + " the hints off with --wake-address off: NOTIFY still wakes the runner, about a millisecond later.", e);
    }
    leases.publishWake(wakeReceiver.address(), wakeReceiver.token());
    queue.wakeHints().ifPresent(h -> h.inProcessRunner(wakeReceiver.address()));
  }

  private void hinted() {
    stats.wakeHints.incrementAndGet();
    if (!claimOnHint()) {
      signal.raise();
    }
  }

  /**
   * The wake hint's fast path, on the thread that received it: when no claim is under way, it
   * claims at once and hands the batches to the workers, one thread hand-over less between the
   * enqueue's commit and the job's start. Jobs still run on worker threads only. False when the
   * dispatcher should claim instead (it is then signalled).
   */
  private boolean claimOnHint() {
    if (stopping || !claimLock.tryLock()) {
      return false;
    }
    Claimer.Result claimed;
    try {
      if (stopping) {
        return false;
      }
      claimed = claim();
    } catch (SQLException | RuntimeException e) {
      log.debug("Runner {}: claim on a wake hint failed ({}); the dispatcher claims", workerId, e.toString());
      return false;
    } finally {
      claimLock.unlock();
    }
    if (claimed == null) {
      return false;
    }
    stats.hintClaims.incrementAndGet();
    counted(claimed);
    if (claimed.wakeup() != null) {
      signal.raise(); // the dispatcher sets its timer for the next eta or throttle end
    }
    return true;
  }

  private void closeWakeReceiver() {
    WakeReceiver r = wakeReceiver;
    if (r != null) {
      queue.wakeHints().ifPresent(h -> h.inProcessRunnerStopped(r.address()));
      r.close();
    }
  }

  /** Where this runner receives wake hints ({@code ip:port}), if it does. */
  public java.util.Optional<String> wakeAddress() {
    return java.util.Optional.ofNullable(wakeReceiver).map(WakeReceiver::address);
  }

  /** This runner's id, the prefix of {@code worker_id} on the jobs it holds. */
  public String workerId() {
    return workerId;
  }

  public RunnerStats stats() {
    return stats;
  }

  /**
   * When this runner's lease ends, read from the database: in the future while it is alive; null
   * when it has no lease row (it stopped, or another runner found it dead).
   */
  public java.time.Instant leaseUntil() {
    return leases.leaseUntil();
  }

  public RunnerOptions options() {
    return options;
  }

  /** How many times the PostgreSQL LISTEN connection was opened (0 on H2). */
  public int listenConnections() {
    return listener == null ? 0 : listener.connections();
  }

  /** The backend pid of the LISTEN connection (PostgreSQL), or -1. */
  public int listenBackendPid() {
    return listener == null ? -1 : listener.backendPid();
  }

  /** Asks the dispatcher to claim now (for example after an enqueue in another system). */
  public void wakeUp() {
    signal.raise();
  }

  /** Blocks until {@link #close()} completes. */
  public void awaitStop() throws InterruptedException {
    synchronized (stopMonitor) {
      while (!closed) {
        stopMonitor.wait();
      }
    }
  }

  /** What the workers see of this runner. */
  private final WorkerHost host = new WorkerHost() {
    @Override
    public boolean shortJobs() {
      return Runner.this.shortJobs();
    }

    @Override
    public boolean remote(JobRecord job) {
      return queue.remote(job.targetClass(), job.methodName());
    }

    @Override
    public boolean stopping() {
      return stopping;
    }

    @Override
    public Duration batchBudget() {
      return options.batchBudget();
    }

    @Override
    public void batchTime(long nanosPerJob) {
      jobTime(nanosPerJob);
    }

    @Override
    public void jobCost(long nanos) {
      Runner.this.jobCost(nanos);
    }

    @Override
    public void workerIdle() {
      signal.raise();
    }
  };

  /** Short jobs: a busy worker may hold its next batch, so that it never waits for a claim. */
  private static final long PREFETCH_BELOW_NANOS = 50_000_000L;
  private volatile long avgJobNanos = Long.MAX_VALUE;

  /** True when this runner's jobs take less than 50 ms on average (or none ran yet: false). */
  boolean shortJobs() {
    return avgJobNanos < PREFETCH_BELOW_NANOS;
  }

  /** Records the mean time per job of a finished batch (moving average over batches). */
  void jobTime(long nanosPerJob) {
    long avg = avgJobNanos;
    avgJobNanos = avg == Long.MAX_VALUE ? nanosPerJob : (avg * 7 + nanosPerJob) / 8;
  }

  private volatile long avgCostNanos = -1;

  /**
   * Records what one job cost its batch (moving average over jobs), and limits the claimed
   * batches to what fits the batch budget at that mean, so that workers do not claim jobs they
   * would hand back. A local job reports its body only: its batch's own costs (lock, commit)
   * would shrink the batches that pay them once, and then the batches again. A remote job reports
   * its whole transaction, which it pays alone: sized by its body, a remote batch would run past
   * the budget and hand a third of its jobs back (bench-sync's exports, docs/benchmarks.md).
   */
  void jobCost(long nanos) {
    long avg = avgCostNanos;
    avg = avg < 0 ? nanos : (avg * 7 + nanos) / 8;
    avgCostNanos = avg;
    claimer.limitBatch((int) Math.min(Integer.MAX_VALUE, options.batchBudget().toNanos() / Math.max(1, avg)));
  }

  /** One heartbeat: extend the lease (or register again), reap dead runners, enqueue due recurring jobs. */
  void heartbeat() {
    if (stopping) {
      return; // the lease is released by close(); a heartbeat now could register it again
    }
    try {
      if (leases.heartbeat()) {
        stats.leaseLost.incrementAndGet();
      }
      int moved = leases.reapExpired();
      if (moved > 0) {
        stats.requeued.addAndGet(moved);
        signal.raise();
      }
      reportStuckWorkers(STUCK_AFTER);
    } catch (RuntimeException e) {
      log.warn("Runner {}: heartbeat failed: {}", workerId, e.toString());
    }
    try {
      if (recurring.enqueueDue() > 0) {
        signal.raise();
      }
    } catch (RuntimeException e) {
      log.warn("Runner {}: could not enqueue due recurring jobs: {}", workerId, e.toString());
    }
  }

  /** A batch running longer than this is reported (once) with what its thread is doing. */
  static final Duration STUCK_AFTER = Duration.ofMinutes(2);
  private final Set<Worker.Running> reportedStuck = java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>());

  /**
   * Logs, once per batch, a worker whose batch has run for longer than {@code after} (the
   * heartbeat passes {@link #STUCK_AFTER}), with the top of its thread's stack: a job waiting on a
   * lock or a remote system shows where. Returns the lines logged.
   */
  List<String> reportStuckWorkers(Duration after) {
    long now = System.nanoTime();
    List<String> lines = new ArrayList<>();
    for (Worker w : workers) {
      Worker.Running r = w.running();
      if (r == null || now - r.sinceNanos() < after.toNanos() || !reportedStuck.add(r)) {
        continue;
      }
      StringBuilder where = new StringBuilder();
      StackTraceElement[] frames = r.thread().getStackTrace();
      for (int i = 0; i < Math.min(12, frames.length); i++) {
        where.append("\n    at ").append(frames[i]);
      }
      String line = "Runner " + workerId + ": worker " + w.unit() + " has run jobs " + r.ids() + " for "
          + Duration.ofNanos(now - r.sinceNanos()).toSeconds() + " s; its thread (" + r.thread().getName() + ", "
          + r.thread().getState() + "):" + where;
      log.warn("{}", line);
      lines.add(line);
    }
    return lines;
  }

  private long lastSummaryDone;
  private long lastSummaryClaimed;

  private void summary() {
    long done = stats.done();
    long claimed = stats.claimed();
    long busy = workers.stream().filter(Worker::busy).count();
    log.info("Runner {}: last minute {} claimed, {} done; total {}; {} of {} workers busy", workerId,
        claimed - lastSummaryClaimed, done - lastSummaryDone, stats, busy, workers.size());
    lastSummaryDone = done;
    lastSummaryClaimed = claimed;
  }

  private void dispatchLoop() {
    long deadline = Long.MAX_VALUE;
    long poll = options.pollInterval().toNanos();
    long backoff = 100;
    while (!stopping) {
      try {
        long wait = Math.min(poll, deadline - System.nanoTime());
        signal.await(Math.max(0, wait));
      } catch (InterruptedException e) {
        break;
      }
      if (stopping) {
        break;
      }
      Claimer.Result result;
      claimLock.lock();
      try {
        result = claim();
        if (result == null) {
          continue; // no idle worker: one finishing raises the signal
        }
        backoff = 100;
      } catch (SQLException | RuntimeException e) {
        log.warn("Runner {}: claim failed ({}); retrying in {} ms", workerId, e.toString(), backoff);
        sleep(backoff);
        backoff = Math.min(5_000, backoff * 2);
        continue;
      } finally {
        claimLock.unlock();
      }
      counted(result);
      deadline = result.wakeup() == null ? Long.MAX_VALUE
          : System.nanoTime() + Math.max(0, Duration.between(result.now(), result.wakeup()).toNanos());
    }
  }

  /**
   * Claims for the workers idle now (and, for short jobs, those that may hold their next batch),
   * under the claim lock, through the dialect's {@link ClaimStrategy}. Null when no worker is idle.
   */
  private Claimer.Result claim() throws SQLException {
    List<Worker> idle = new ArrayList<>(workers.stream().filter(w -> !w.busy()).toList());
    int idleCount = idle.size();
    if (shortJobs()) {
      idle.addAll(workers.stream().filter(Worker::canTakeNext).toList());
    }
    if (idle.isEmpty()) {
      return null;
    }
    List<ChannelPlanner.Unit> units = new ArrayList<>();
    for (int i = 0; i < idle.size(); i++) {
      units.add(new ChannelPlanner.Unit(idle.get(i).unit(), i >= idleCount));
    }
    try {
      return strategy.claim(idle, units);
    } finally {
      // the claim has committed or failed: a unit that started a remote job since it was chosen
      // hands back the batch it got (not before: that would wait for this thread's own commit)
      for (int i = idleCount; i < idle.size(); i++) {
        idle.get(i).afterClaim();
      }
    }
  }

  private void counted(Claimer.Result result) {
    stats.claims.incrementAndGet();
    for (int i = 0; i < result.batches().size(); i++) {
      Claimer.Batch b = result.batches().get(i);
      stats.claimed.addAndGet(b.ids().size());
      if (log.isDebugEnabled()) {
        for (Long id : b.ids()) {
          log.debug("job #{} pending -> enqueued in channel {} for {}", id, b.channel(), b.unit());
        }
      }
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Graceful stop: no more claims; running batches get the grace period to finish, then their
   * threads are interrupted; the jobs this runner claimed but did not run go back to pending.
   */
  @Override
  public void close() {
    if (stopping) {
      awaitQuietly();
      return;
    }
    stopping = true;
    stopServices();
    queue.removeEnqueueListener(enqueueListener);
    signal.raise();
    join(dispatcher, 10_000);
    // a claim on a wake hint still under way ends before the lock is free; later ones see stopping
    claimLock.lock();
    claimLock.unlock();
    for (Worker w : workers) {
      w.stopAfterCurrent();
    }
    long deadline = System.nanoTime() + options.shutdownGrace().toNanos();
    for (Worker w : workers) {
      awaitWorker(w, deadline);
    }
    List<Worker> late = workers.stream().filter(w -> w.thread().isAlive()).toList();
    if (!late.isEmpty()) {
      log.warn("Runner {}: {} worker(s) still running after the {} ms grace period; interrupting them", workerId,
          late.size(), options.shutdownGrace().toMillis());
      late.forEach(Worker::abort);
      long after = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      late.forEach(w -> awaitWorker(w, after));
    }
    timers.shutdownNow();
    watchdogs.shutdownNow();
    // a heartbeat still running would register the lease again right after the release below
    awaitTermination(timers);
    try {
      int released = leases.release();
      if (released > 0) {
        log.info("Runner {}: {} claimed job(s) put back to pending", workerId, released);
      }
    } catch (RuntimeException e) {
      log.warn("Runner {}: could not release its jobs ({}); they are requeued when its lease expires", workerId,
          e.toString());
    }
    if (listener != null) {
      listener.stop();
      join(listenerThread, 2_000);
    }
    closeWakeReceiver();
    log.info("Runner {} stopped: {}", workerId, stats);
    synchronized (stopMonitor) {
      closed = true;
      stopMonitor.notifyAll();
    }
  }

  /** Until the worker's thread ended, or the deadline. */
  private static void awaitWorker(Worker w, long deadlineNanos) {
    join(w.thread(), Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000));
  }

  private void awaitQuietly() {
    try {
      awaitStop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  boolean stopping() {
    return stopping;
  }

  private static void awaitTermination(java.util.concurrent.ExecutorService executor) {
    try {
      if (!executor.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS)) {
        log.warn("Runner timers did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void join(Thread t, long ms) {
    try {
      t.join(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  private static String host() {
    return WakeHints.localHostName();
  }

  private static String newWorkerId() {
    String h = host().replaceAll("[^A-Za-z0-9.-]", "-");
    if (h.length() > 60) {
      h = h.substring(0, 60);
    }
    return h + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
