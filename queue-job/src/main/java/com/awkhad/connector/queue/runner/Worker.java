package com.awkhad.connector.queue.runner;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.base.text.ControlChars;
import com.awkhad.connector.base.tx.OpenTransaction;
import com.awkhad.connector.queue.exec.JobExecutor;
import com.awkhad.connector.queue.exec.Outcome;
import com.awkhad.connector.queue.job.JobRecord;
import com.awkhad.connector.queue.job.JobState;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker unit: a thread that runs the batches the dispatcher hands it, one job at a time,
 * in one transaction per batch (a batch of remote jobs: one transaction per job). Each job's row is locked first and checked to still be claimed by
 * this unit (a runner found dead meanwhile loses its jobs, and then does not run them).
 */
final class Worker {
  private static final Logger log = LoggerFactory.getLogger(Worker.class);
  private static final int RUNNING = 0;
  private static final int FINISHED = 1;
  private static final int TIMED_OUT = 2;

  private final WorkerHost host;
  private final String unit;
  private final Environment env;
  private final JobExecutor executor;
  private final Timeouts timeouts;
  private final ScheduledExecutorService watchdogs;
  private final Leases leases;
  private final RunnerStats stats;
  private final RunnerSql sql;
  private final OptimisticBatches batches;
  private final LinkedBlockingQueue<Assigned> handoff = new LinkedBlockingQueue<>();
  private final AtomicInteger load = new AtomicInteger(); // batches assigned and not finished: 0, 1 or 2
  private final Thread thread;
  private volatile boolean stopAfterCurrent;
  private volatile boolean abort;
  private volatile boolean runningRemote; // a remote job runs: no next batch is claimed for this unit
  // batches of remote jobs handed to this unit and not finished (queued or running): no next batch
  // is claimed behind one. Counted from the hand-over, not when a job starts: in between, a next
  // batch claimed for the unit would be handed back as soon as that job starts
  private final AtomicInteger remoteLoad = new AtomicInteger();
  private volatile Running running; // the batch running now, for the stuck-worker report

  Worker(WorkerHost host, String unit, Environment env, JobExecutor executor, Timeouts timeouts,
      ScheduledExecutorService watchdogs, Leases leases, RunnerStats stats, RunnerSql sql, OptimisticBatches batches) {
    this.host = host;
    this.batches = batches;
    this.unit = unit;
    this.env = env;
    this.executor = executor;
    this.timeouts = timeouts;
    this.watchdogs = watchdogs;
    this.leases = leases;
    this.stats = stats;
    this.sql = sql;
    this.thread = new Thread(this::loop, "queue-job-worker-" + unit.substring(unit.lastIndexOf('/') + 1));
  }

  String unit() {
    return unit;
  }

  /** True while the worker has a batch running or waiting. */
  boolean busy() {
    return load.get() > 0;
  }

  /**
   * True when the worker runs a batch and has none waiting: it may get its next one; never while
   * it holds a batch of remote jobs or runs a remote job (a frozen remote system would hold that
   * next batch too).
   */
  boolean canTakeNext() {
    return load.get() == 1 && remoteLoad.get() == 0 && !runningRemote;
  }

  Thread thread() {
    return thread;
  }

  void start() {
    thread.start();
  }

  /**
   * Hands a batch to this worker (idle, or busy with one batch); called by the claiming thread
   * only, under the claim lock, possibly before the claim commits.
   */
  void assign(Claimer.Batch batch) {
    if (batch.remote()) {
      remoteLoad.incrementAndGet(); // before load: whoever sees this batch in load sees it here too
    }
    load.incrementAndGet();
    handoff.add(new Assigned(batch, null, List.of()));
  }

  /**
   * Called by the claiming thread once the claim that may have assigned this worker a batch has
   * committed (or failed): when a remote job started on this unit after the claim chose it, the
   * batch waiting behind that job goes back to pending at once rather than wait behind the
   * remote system. Not earlier: before its claim commits, the hand-back would wait for that
   * commit, on the thread that is to commit it.
   */
  void afterClaim() {
    if (runningRemote) {
      handBackWaiting();
    }
  }

  /**
   * Hands an idle worker a batch together with the transaction that already locked its rows
   * ({@code locked}, as read then) on {@code open}: the worker runs the batch in it, then commits
   * and closes it (see {@link RunnerSql#commitAndLock}).
   */
  void assign(Claimer.Batch batch, OpenTransaction open, List<JobRecord> locked) {
    if (batch.remote()) {
      remoteLoad.incrementAndGet();
    }
    load.incrementAndGet();
    handoff.add(new Assigned(batch, open, locked));
  }

  /**
   * Hands an idle worker a batch claimed by a hand-off at commit ({@link HandOffAtCommit}), inside
   * a transaction that has inserted its jobs and is about to commit: its rows are invisible to
   * other transactions until then, so the worker first waits until that transaction no longer holds
   * the claim lock ({@link RunnerSql#lockBatch(Connection, List, boolean)}), that is until it has
   * committed or rolled back, and then runs the rows it finds claimed for it.
   */
  void assignAtCommit(Claimer.Batch batch) {
    if (batch.remote()) {
      remoteLoad.incrementAndGet();
    }
    load.incrementAndGet();
    Assigned a = new Assigned(batch, null, List.of());
    a.afterClaimers = true;
    handoff.add(a);
  }

  /** Whether the worker runs a lone job as started first (jobs that take time), in a transaction of its own. */
  boolean marksStarted(Claimer.Batch batch) {
    return batch.ids().size() == 1 && !host.shortJobs();
  }

  /**
   * Whether the worker runs {@code batch} in the claim's own transaction, handed over open with its
   * rows locked: not a lone job it marks started first, nor a batch of remote jobs (each of those
   * runs in a transaction of its own).
   */
  boolean takesOpenTransaction(Claimer.Batch batch) {
    return !marksStarted(batch) && !remoteBatch(batch);
  }

  private static boolean remoteBatch(Claimer.Batch batch) {
    return batch.remote() && batch.ids().size() > 1;
  }

  /**
   * A batch handed over, with the open transaction that locked its rows when the dispatcher had
   * one for it; that connection is used once, or rolled back and closed if the batch never runs.
   */
  static final class Assigned {
    final Claimer.Batch batch;
    final List<JobRecord> locked;
    private OpenTransaction open;
    /** Handed over by a hand-off at commit: its first statement waits until no claim holds the claim lock. */
    boolean afterClaimers;

    Assigned(Claimer.Batch batch, OpenTransaction open, List<JobRecord> locked) {
      this.batch = batch;
      this.open = open;
      this.locked = locked;
    }

    OpenTransaction take() {
      OpenTransaction t = open;
      open = null;
      return t;
    }

    /** Rolls back and closes the open transaction, if it was not used. */
    void discard() {
      OpenTransaction t = take();
      if (t != null) {
        t.close();
      }
    }
  }

  /** Work on a batch's transaction and the batch's rows locked in it, still claimed by this unit. */
  @FunctionalInterface
  private interface BatchWork<T> {
    T run(Connection c, List<JobRecord> locked) throws Exception;
  }

  /**
   * Runs {@code work} in the batch's transaction: the one the dispatcher opened with the rows
   * already locked, else a new one that locks them first.
   */
  private <T> T inBatchTransaction(Assigned a, BatchWork<T> work) {
    OpenTransaction open = a.take();
    if (open != null) {
      return env.tx().inOpenTransaction(open, c -> work.run(c, claimedByThisUnit(a.batch, a.locked)));
    }
    boolean afterClaimers = a.afterClaimers;
    a.afterClaimers = false; // once: a later transaction of the same batch needs no wait
    return env.tx().inNewTransaction(c -> work.run(c, lock(c, a.batch, afterClaimers)));
  }

  /** Stops the worker once its current batch is done (it looks at this flag every 200 ms when idle). */
  void stopAfterCurrent() {
    stopAfterCurrent = true;
  }

  /** After the grace period: interrupt the running job and skip the rest of the batch. */
  void abort() {
    abort = true;
    thread.interrupt();
  }

  private void loop() {
    try {
      work();
    } finally {
      // batches handed over but never started: their jobs go back with the runner's release; an
      // open transaction would hold their rows locked against it
      for (Assigned left = handoff.poll(); left != null; left = handoff.poll()) {
        left.discard();
      }
    }
  }

  private void work() {
    while (!stopAfterCurrent) {
      Assigned assigned;
      try {
        assigned = handoff.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        if (stopAfterCurrent) {
          break;
        }
        continue;
      }
      if (assigned == null) {
        continue;
      }
      try {
        runAssigned(assigned);
      } catch (Error e) {
        // (an OutOfMemoryError, an assertion): the thread goes on with its next batch rather than
        // die with the unit counted busy, and the jobs of this batch it still held go back
        log.error("Worker {}: {} around jobs {}; requeuing those still claimed", unit, e, assigned.batch.ids(), e);
        try {
          requeue(assigned.batch.ids(), e);
        } catch (Error again) {
          log.error("Worker {}: requeue of jobs {} failed ({}); they go back to pending when this runner stops or"
              + " its lease expires", unit, assigned.batch.ids(), again.toString());
        }
      } finally {
        if (assigned.batch.remote()) {
          remoteLoad.decrementAndGet();
        }
        load.decrementAndGet();
        host.workerIdle();
      }
    }
  }

  /** The batch this unit runs now: its jobs, since when, and on which thread; null when idle. */
  record Running(List<Long> ids, long sinceNanos, Thread thread) {}

  Running running() {
    return running;
  }

  /** Runs one batch handed over, on the calling thread, and leaves that thread clean. */
  private void runAssigned(Assigned assigned) {
    Claimer.Batch batch = assigned.batch;
    long started = System.nanoTime();
    running = new Running(batch.ids(), started, Thread.currentThread());
    try {
      int ran = run(assigned);
      host.batchTime((System.nanoTime() - started) / Math.max(1, ran));
    } catch (RuntimeException | LinkageError | StackOverflowError e) {
      log.error("Worker {}: unexpected error around jobs {}; requeuing those still claimed", unit, batch.ids(), e);
      requeue(batch.ids(), e);
    } finally {
      running = null;
      assigned.discard();
      Thread.interrupted();
    }
  }

  /** Runs a batch; returns how many of its jobs started (for the runner's mean job time). */
  private int run(Assigned assigned) {
    Claimer.Batch batch = assigned.batch;
    if (assigned.afterClaimers && (marksStarted(batch) || remoteBatch(batch))) {
      // their first statements are not the batch's lock: wait for the enqueue's commit apart
      env.tx().inNewTransaction(c -> {
        sql.awaitClaimers(c);
        return null;
      });
      assigned.afterClaimers = false;
    }
    if (marksStarted(batch)) {
      assigned.discard(); // (the dispatcher does not open one for such a batch) its row lock would block the update
      markStarted(batch);
    }
    if (remoteBatch(batch)) {
      return runRemoteBatch(assigned);
    }
    int[] ran = {0};
    Long[] alone = {null};
    try {
      if (batch.ids().size() == 1) {
        long begun = System.nanoTime();
        runAlone(assigned);
        if (batch.remote()) {
          // a remote job pays its own transaction (lock, done state, commit): all of it is what
          // the next job of its batch waits for, so all of it sizes the claims (execute() reports
          // bodies of local jobs only, whose batch shares those costs)
          host.jobCost(System.nanoTime() - begun);
        }
        return 1;
      }
      long budget = host.batchBudget().toNanos();
      int committedDone;
      if (batches.tryWithoutSavepoints()) {
        try {
          committedDone = inBatchTransaction(assigned, (c, locked) -> runBatch(c, locked, budget, ran, alone, null, true));
        } catch (OptimisticBatches.Miss miss) {
          // rolled back: the batch again, a savepoint per job, the missed job's outcome as it was
          batches.missed();
          stats.savepointReruns.incrementAndGet();
          log.debug("Worker {}: job {} of batch {} did not end done ({}); running the batch again with a savepoint"
              + " per job", unit, miss.job.uuid(), batch.ids(), ControlChars.escape(miss.outcome.summary()));
          committedDone = abort ? recordMissedOnly(assigned, miss)
              : inBatchTransaction(assigned, (c, locked) -> runBatch(c, locked, budget, ran, alone, miss, false));
        }
      } else {
        committedDone = inBatchTransaction(assigned, (c, locked) -> runBatch(c, locked, budget, ran, alone, null, false));
      }
      stats.done.addAndGet(committedDone);
    } catch (RuntimeException e) {
      alone[0] = null;
      runningRemote = false;
      stats.batchFailures.incrementAndGet();
      log.warn("Worker {}: the transaction of jobs {} (channel {}) failed: {}; requeuing them", unit, batch.ids(),
          batch.channel(), ControlChars.escape(e.toString()));
      requeue(batch.ids(), e);
    }
    if (alone[0] == null) {
      return ran[0];
    }
    try {
      if (abort) {
        return 0; // stopped: the remote job goes back to pending with the runner's release
      }
      return run(new Assigned(new Claimer.Batch(batch.unit(), batch.channel(), List.of(alone[0]), true), null, List.of()));
    } finally {
      runningRemote = false; // also when the job did not run (taken back meanwhile)
    }
  }

  /**
   * Stopped past the grace period during the fast pass, which a job's interruption ended: that
   * job's outcome is recorded (back to pending at once, the try not counted), as a batch with
   * savepoints would have; the batch's other jobs go back to pending with the runner's release.
   */
  private int recordMissedOnly(Assigned assigned, OptimisticBatches.Miss miss) {
    return inBatchTransaction(assigned, (c, locked) -> {
      for (JobRecord job : locked) {
        if (miss.is(job) && miss.known()) {
          record(job, miss.outcome);
          notifyIfStopping(c);
        }
      }
      return 0;
    });
  }

  /**
   * Runs a batch's jobs in its transaction ({@code c}, rows {@code locked}) and writes their done
   * states; returns how many. {@code withoutSavepoints}: the fast pass ({@link OptimisticBatches}),
   * which throws a {@link OptimisticBatches.Miss} at the first job that does not end done;
   * otherwise each job runs behind its own savepoint, except {@code missed}'s job (when given),
   * whose outcome is recorded as it was.
   */
  private int runBatch(Connection c, List<JobRecord> locked, long budget, int[] ran, Long[] alone,
      OptimisticBatches.Miss missed, boolean withoutSavepoints) throws SQLException {
    long start = System.nanoTime();
    ran[0] = 0;
    alone[0] = null;
    if (locked.size() > 1 && host.remote(locked.get(0))) {
      // a remote job runs alone: the others go back before it starts (this commit), then it
      // runs in a transaction of its own; meanwhile this unit gets no next batch
      runningRemote = true;
      handBack(c, locked.subList(1, locked.size()));
      alone[0] = locked.get(0).id();
      return 0;
    }
    DoneBatch done = new DoneBatch();
    // with savepoints, each job's stays open until the writes below: one RELEASE per batch, not per job
    env.tx().deferSavepointRelease();
    for (int i = 0; i < locked.size(); i++) {
      JobRecord job = locked.get(i);
      if (abort) {
        break; // stopped after the grace period: the rest goes back to pending
      }
      if (i > 0 && (pastBudget(start, i, budget) || host.remote(job))) {
        // the batch has used its time budget, or the next job is remote (it runs alone): the
        // jobs not started go back to pending with this commit, for the next claim
        env.tx().releaseDeferredSavepoints();
        handBack(c, locked.subList(i, locked.size()));
        break;
      }
      ran[0]++;
      if (withoutSavepoints) {
        runWithoutSavepoint(c, job, done);
      } else if (missed != null && missed.is(job) && missed.known()) {
        keep(job, missed.outcome, done); // as it ended in the fast pass, not run again
      } else {
        runOne(job, done);
      }
    }
    env.tx().releaseDeferredSavepoints();
    done.write();
    notifyIfStopping(c);
    return done.size();
  }

  /**
   * A batch of remote jobs (the claim keeps them apart from local ones): each runs as a batch of
   * one, in a transaction of its own that commits right after its remote call (marked started
   * first when jobs take time), one after the other, and the unit takes no next batch meanwhile.
   * One claim serves several remote jobs, and none is handed back, unless the batch has used its
   * time budget (a slow or frozen remote system): then the jobs not started go back to pending, so
   * that they wait behind at most that one slow batch.
   */
  private int runRemoteBatch(Assigned assigned) {
    assigned.discard(); // each job locks its own row, in its own transaction
    Claimer.Batch batch = assigned.batch;
    List<Long> ids = batch.ids();
    long budget = host.batchBudget().toNanos();
    long start = System.nanoTime();
    int ran = 0;
    for (int i = 0; i < ids.size() && !abort; i++) {
      // past the budget already, not merely foreseen past it: the claim sized the batch by what
      // each of its jobs costs, so a job a little slower than the mean still runs here, and a
      // slow or frozen remote system still holds one job at most
      if (i > 0 && System.nanoTime() - start > budget && handedBack(ids.subList(i, ids.size()))) {
        break;
      }
      ran += run(new Assigned(new Claimer.Batch(batch.unit(), batch.channel(), List.of(ids.get(i)), true), null,
          List.of()));
    }
    // stopped past the grace period: the jobs not started go back with the runner's release
    return ran;
  }

  /**
   * Hands {@code ids}, claimed by this unit and not started, back to pending in a transaction of
   * their own; false when that failed (the database unreachable): they stay this unit's, to run.
   */
  private boolean handedBack(List<Long> ids) {
    try {
      env.tx().inNewTransaction(c -> {
        handBackIds(c, ids);
        return null;
      });
      return true;
    } catch (RuntimeException e) {
      log.warn("Worker {}: could not hand jobs {} back ({}); this unit runs them", unit, ids, e.toString());
      return false;
    }
  }

  /**
   * Puts back the jobs of a batch whose transaction failed, those still claimed by this unit
   * ({@link Leases#requeueBatch}, which waits for a claim still committing). While the database
   * is unreachable it keeps trying, this unit out of service meanwhile: otherwise they would stay
   * claimed by a live runner, run by nobody. A stopping runner gives up: its release puts them back.
   */
  private void requeue(List<Long> ids, Throwable cause) {
    long backoff = 100;
    while (true) {
      try {
        Thread.interrupted();
        leases.requeueBatch(unit, ids, "The runner's transaction for this job failed (" + cause + ")");
        return;
      } catch (RuntimeException re) {
        if (stopAfterCurrent) {
          log.warn("Worker {}: requeue failed ({}); the runner's release at shutdown, or its lease expiry,"
              + " puts the jobs back", unit, re.toString());
          return;
        }
        log.warn("Worker {}: requeue failed ({}); retrying in {} ms", unit, re.toString(), backoff);
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
        }
        backoff = Math.min(5_000, backoff * 2);
      }
    }
  }

  /**
   * Before a remote job runs: the next batch this unit may already hold (claimed while its
   * previous batch ended) goes back to pending, in a transaction of its own, rather than wait
   * behind a remote system. A batch that cannot be handed back (the database unreachable) stays
   * this unit's, to run after the remote job: dropped, its jobs would stay claimed by a live
   * runner, run by nobody.
   */
  private void handBackWaiting() {
    List<Assigned> kept = new ArrayList<>();
    for (Assigned next = handoff.poll(); next != null; next = handoff.poll()) {
      next.discard();
      List<Long> ids = next.batch.ids();
      try {
        env.tx().inNewTransaction(c -> {
          handBackIds(c, ids); // waits for the claim that gave them, if it is still committing
          return null;
        });
        if (next.batch.remote()) {
          remoteLoad.decrementAndGet();
        }
        load.decrementAndGet();
      } catch (RuntimeException e) {
        log.warn("Worker {}: could not hand jobs {} back ({}); this unit runs them after its remote job", unit, ids,
            e.toString());
        kept.add(next);
      }
    }
    handoff.addAll(kept);
  }

  /**
   * Whether a batch that started at {@code startNanos} and ran {@code ran} jobs would pass its
   * budget with one more job of the mean time so far.
   */
  private static boolean pastBudget(long startNanos, int ran, long budgetNanos) {
    long elapsed = System.nanoTime() - startNanos;
    return elapsed + elapsed / ran > budgetNanos;
  }

  /**
   * Puts jobs of this batch that did not start back to pending in the batch's transaction (its
   * rows are locked by it): no try counted, eta unchanged; they are claimable at its commit,
   * which notifies the runners (PostgreSQL trigger), and this worker, once idle, claims again.
   */
  private void handBack(Connection c, List<JobRecord> jobs) throws SQLException {
    handBackIds(c, jobs.stream().map(JobRecord::id).toList());
  }

  /** {@link RunnerSql#handBack}, counted. */
  private void handBackIds(Connection c, List<Long> ids) throws SQLException {
    int n = sql.handBack(c, unit, ids);
    stats.handedBack.addAndGet(n);
    log.debug("Worker {}: {} of {} job(s) not started handed back to pending", unit, n, ids.size());
  }

  /** A job's outcome other than done, whose transaction is rolled back so that it is recorded alone. */
  private static final class Undone extends RuntimeException {
    final JobRecord job;
    final Outcome outcome;

    Undone(JobRecord job, Outcome outcome) {
      super(null, null, false, false);
      this.job = job;
      this.outcome = outcome;
    }
  }

  /**
   * A batch of one job: its body runs directly in the transaction that locked its row, without a
   * savepoint (one round trip less, which counts for an idle runner's latency). Done: the done
   * state commits with the body's writes. Otherwise that transaction is rolled back with the
   * body's writes, and the outcome is recorded in a new one, once the row is locked again and
   * still claimed by this unit.
   */
  private void runAlone(Assigned assigned) {
    Claimer.Batch batch = assigned.batch;
    try {
      int committed = inBatchTransaction(assigned, (c, locked) -> {
        if (locked.isEmpty() || abort) {
          return 0;
        }
        JobRecord job = locked.get(0);
        Outcome outcome = execute(job, false);
        if (!(outcome instanceof Outcome.Done d) || env.tx().rollbackOnly()) {
          failIfConnectionLost(c, job, outcome);
          throw new Undone(job, outcome);
        }
        if (job.graphUuid() == null) {
          executor.recordDone(List.of(job), List.of(d));
        } else {
          executor.record(job, outcome); // also releases its children
        }
        notifyIfStopping(c);
        log.debug("job {} ({}) started -> done", job.uuid(), job.funcName());
        return 1;
      });
      stats.done.addAndGet(committed);
    } catch (Undone u) {
      if (u.outcome instanceof Outcome.Done) {
        // done, but a block of the transaction failed in its body (a NothingToDoJob, whose work is
        // to be undone, or a failure the body caught): it runs again behind a savepoint, which
        // tells the two apart (OptimisticBatches.Miss#known)
        stats.savepointReruns.incrementAndGet();
        stats.done.addAndGet(env.tx().inNewTransaction(c ->
            runBatch(c, lock(c, batch, false), host.batchBudget().toNanos(), new int[1], new Long[1], null, false)));
        return;
      }
      env.tx().inNewTransaction(c -> {
        if (!lock(c, batch, false).isEmpty()) {
          record(u.job, u.outcome);
          notifyIfStopping(c);
        }
        return null;
      });
    }
  }

  /** A stopping runner claims no more: the capacity its commit frees is for the others. */
  private void notifyIfStopping(java.sql.Connection c) throws java.sql.SQLException {
    if (host.stopping()) {
      sql.notifyRunners(c);
    }
  }

  /** A job of a batch, behind its own savepoint, and its outcome kept. */
  private void runOne(JobRecord job, DoneBatch done) {
    keep(job, execute(job, true), done);
  }

  /**
   * A job of the fast pass ({@link OptimisticBatches}): its body runs in the batch's transaction
   * itself. Done, it joins the batch's done states (a job of a graph too: its record, which releases
   * its children, is written with them); otherwise, or when a block of the transaction failed in its
   * body (a {@code NothingToDoJob}'s work to undo, an exception the body caught), it throws the
   * {@link OptimisticBatches.Miss} that rolls the batch back.
   */
  private void runWithoutSavepoint(Connection c, JobRecord job, DoneBatch done) throws SQLException {
    Outcome outcome = execute(job, false);
    if (!(outcome instanceof Outcome.Done d) || env.tx().rollbackOnly()) {
      failIfConnectionLost(c, job, outcome);
      throw new OptimisticBatches.Miss(job, outcome);
    }
    if (job.graphUuid() == null) {
      done.add(job, d);
    } else {
      done.addOfGraph(job, d);
    }
    log.debug("job {} ({}) started -> done", job.uuid(), job.funcName());
  }

  /**
   * A job that did not end done ran in a transaction that may have lost its connection meanwhile
   * (session terminated, database restarted): then its outcome is the connection's, not the job's,
   * and is not kept. This throws, so that the transaction fails and run() requeues its jobs, as when
   * a batch's commit fails: pending with one more try.
   */
  private static void failIfConnectionLost(Connection c, JobRecord job, Outcome outcome) throws SQLException {
    if (c.isClosed()) {
      throw new IllegalStateException("the transaction lost its connection while job " + job.uuid() + " ran ("
          + outcome.summary() + ")");
    }
  }

  /**
   * Keeps a batch job's outcome: done, with the batch's other done states, written at its end in the
   * same transaction; otherwise (or a job of a graph) written now.
   */
  private void keep(JobRecord job, Outcome outcome, DoneBatch done) {
    if (outcome instanceof Outcome.Done d && job.graphUuid() == null) {
      done.add(job, d); // written with the others at the end of the batch, in the same transaction
      log.debug("job {} ({}) started -> done", job.uuid(), job.funcName());
      return;
    }
    // the job's row was locked before its savepoint: update it outside of them (no multixact)
    env.tx().releaseDeferredSavepoints();
    record(job, outcome);
  }

  /** Writes a job's outcome (done of a graph, retry or failure) and counts it. */
  private void record(JobRecord job, Outcome outcome) {
    if (executor.record(job, outcome)) {
      if (outcome instanceof Outcome.Done) {
        stats.done.incrementAndGet();
      } else if (outcome instanceof Outcome.Retry) {
        stats.retried.incrementAndGet();
      } else {
        stats.failed.incrementAndGet();
      }
      log.debug("job {} ({}) started -> {}", job.uuid(), job.funcName(), ControlChars.escape(outcome.summary()));
    }
  }

  /** Runs the job under its timeout watchdog, behind its own savepoint or not. */
  private Outcome execute(JobRecord job, boolean savepoint) {
    Optional<Integer> timeout = timeouts.of(job.funcName());
    AtomicInteger state = new AtomicInteger(RUNNING);
    ScheduledFuture<?> watchdog = null;
    if (timeout.isPresent()) {
      Thread self = Thread.currentThread();
      watchdog = watchdogs.schedule(() -> {
        if (state.compareAndSet(RUNNING, TIMED_OUT)) {
          log.warn("Job {} ({}) runs past its timeout of {} s: interrupting it", job.uuid(), job.funcName(),
              timeout.get());
          self.interrupt();
        }
      }, timeout.get(), TimeUnit.SECONDS);
    }
    log.debug("job {} ({}) runs on {}", job.uuid(), job.funcName(), unit);
    if (host.remote(job)) {
      runningRemote = true;
      handBackWaiting();
    }
    long bodyStart = System.nanoTime();
    Outcome outcome;
    try {
      outcome = savepoint ? executor.perform(job) : executor.performAlone(job);
    } finally {
      runningRemote = false;
    }
    if (!host.remote(job)) {
      host.jobCost(System.nanoTime() - bodyStart); // a remote job's whole transaction is reported by run()
    }
    if (abort && !(outcome instanceof Outcome.Done)) {
      // interrupted by a graceful stop past its grace period: not the job's failure. It goes back
      // to pending at once, this try not counted (the retry pattern does not apply)
      Thread.interrupted();
      String trace = outcome instanceof Outcome.Retry r ? r.trace()
          : outcome instanceof Outcome.Failed f ? f.trace() : null;
      outcome = new Outcome.Retry(null, job.retry(), JobExecutor.JOB_INTERRUPTED, "The runner stopped while the job"
          + " ran (past its grace period): back to pending, this try not counted", trace);
    }
    if (watchdog != null) {
      watchdog.cancel(false);
      if (!state.compareAndSet(RUNNING, FINISHED)) {
        Thread.interrupted();
        stats.timedOut.incrementAndGet();
        outcome = executor.timedOut(job, timeout.get());
      }
    }
    return outcome;
  }

  /**
   * The done states of a batch's jobs that belong to no graph, written together just before the
   * batch's commit ({@link JobExecutor#recordDone}, one round trip). The rows are locked by this
   * transaction since the start of the batch, so every update applies. Jobs of a graph go
   * through {@link JobExecutor#record}, which also releases their children.
   */
  final class DoneBatch {
    private final List<JobRecord> jobs = new ArrayList<>();
    private final List<Outcome.Done> outcomes = new ArrayList<>();

    private final List<JobRecord> ofGraphs = new ArrayList<>();
    private final List<Outcome.Done> ofGraphsOutcomes = new ArrayList<>();
    private int recordedOfGraphs;

    void add(JobRecord job, Outcome.Done outcome) {
      jobs.add(job);
      outcomes.add(outcome);
    }

    /**
     * A done job of a graph, from a pass without savepoints: {@link JobExecutor#record} at the end,
     * with the others (it also releases its children), and counted with them once committed.
     */
    void addOfGraph(JobRecord job, Outcome.Done outcome) {
      ofGraphs.add(job);
      ofGraphsOutcomes.add(outcome);
    }

    /** The done jobs this batch's commit makes done (jobs of graphs recorded here included). */
    int size() {
      return jobs.size() + recordedOfGraphs;
    }

    void write() {
      if (!jobs.isEmpty()) {
        executor.recordDone(jobs, outcomes);
      }
      for (int i = 0; i < ofGraphs.size(); i++) {
        if (executor.record(ofGraphs.get(i), ofGraphsOutcomes.get(i))) {
          recordedOfGraphs++;
        }
      }
    }
  }

  /**
   * A lone job of a runner whose jobs take time shows {@code started} while it runs (committed
   * before the job's own transaction), so that operators see what runs. Short jobs in batches
   * skip it: they go from enqueued to done in one commit.
   */
  private void markStarted(Claimer.Batch batch) {
    try {
      env.tx().inNewTransaction(c -> {
        sql.shortAsyncTransaction(c); // informational: a later durable commit flushes it
        sql.markStarted(c, unit, batch.ids().get(0), java.time.Instant.now());
        log.debug("job #{} enqueued -> started by {}", batch.ids().get(0), unit);
        return null;
      });
    } catch (RuntimeException e) {
      log.debug("Worker {}: could not mark job #{} started ({}); it runs anyway", unit, batch.ids().get(0), e.toString());
    }
  }

  /**
   * Locks the batch's rows still claimed by this unit, in the batch's order. The dispatcher hands
   * a batch over before its claim commits, so this may wait for that commit: the rows are locked
   * by id alone (a condition on the state would be judged on the rows as they were before the
   * claim, without waiting) and checked once locked, in their latest version. A claim that failed
   * to commit leaves them pending, and they are skipped.
   */
  private List<JobRecord> lock(Connection c, Claimer.Batch batch, boolean afterClaimers) throws SQLException {
    return claimedByThisUnit(batch, sql.lockBatch(c, batch.ids(), afterClaimers));
  }

  /**
   * Of the batch's rows as locked, those still claimed by this unit, in the batch's order (the
   * others were taken back: claim not committed, or this runner found dead meanwhile).
   */
  private List<JobRecord> claimedByThisUnit(Claimer.Batch batch, List<JobRecord> rows) {
    Map<Long, JobRecord> byId = new HashMap<>();
    for (JobRecord r : rows) {
      if ((r.state() == JobState.ENQUEUED || r.state() == JobState.STARTED) && unit.equals(r.workerId())) {
        byId.put(r.id(), r);
      }
    }
    List<JobRecord> out = new ArrayList<>(byId.size());
    for (Long id : batch.ids()) {
      JobRecord r = byId.get(id);
      if (r != null) {
        out.add(r);
      }
    }
    if (out.size() < batch.ids().size()) {
      stats.takenBack.addAndGet(batch.ids().size() - out.size());
      log.info("Worker {}: {} of {} claimed job(s) were taken back (claim not committed, or runner found dead"
          + " meanwhile); skipping them", unit,
          batch.ids().size() - out.size(), batch.ids().size());
    }
    return out;
  }
}
