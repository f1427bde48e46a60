package com.awkhad.connector.queue.runner;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.queue.exec.JobExecutor;
import com.awkhad.connector.queue.exec.Outcome;
import com.awkhad.connector.queue.job.JobRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker unit: a thread that runs the batches the dispatcher hands it, one job at a time,
 * in one transaction per batch. Each job's row is locked first and checked to still be claimed by
 * this unit (a runner found dead meanwhile loses its jobs, and then does not run them).
 */
final class Worker {
  private static final Logger log = LoggerFactory.getLogger(Worker.class);
  private static final int RUNNING = 0;
  private static final int FINISHED = 1;
  private static final int TIMED_OUT = 2;

  private final Runner runner;
  private final String unit;
  private final Environment env;
  private final JobExecutor executor;
  private final Timeouts timeouts;
  private final ScheduledExecutorService watchdogs;
  private final Leases leases;
  private final RunnerStats stats;
  private final SynchronousQueue<Claimer.Batch> handoff = new SynchronousQueue<>();
  private final Thread thread;
  private volatile boolean busy;
  private volatile boolean stopAfterCurrent;
  private volatile boolean abort;

  Worker(Runner runner, String unit, Environment env, JobExecutor executor, Timeouts timeouts,
      ScheduledExecutorService watchdogs, Leases leases, RunnerStats stats) {
    this.runner = runner;
    this.unit = unit;
    this.env = env;
    this.executor = executor;
    this.timeouts = timeouts;
    this.watchdogs = watchdogs;
    this.leases = leases;
    this.stats = stats;
    this.thread = new Thread(this::loop, "queue-job-worker-" + unit.substring(unit.lastIndexOf('/') + 1));
  }

  String unit() {
    return unit;
  }

  boolean busy() {
    return busy;
  }

  Thread thread() {
    return thread;
  }

  void start() {
    thread.start();
  }

  /** Hands a batch to this idle worker; called by the dispatcher only. */
  void assign(Claimer.Batch batch) {
    busy = true;
    try {
      handoff.put(batch);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void stopAfterCurrent() {
    stopAfterCurrent = true;
    if (!busy) {
      thread.interrupt();
    }
  }

  /** After the grace period: interrupt the running job and skip the rest of the batch. */
  void abort() {
    abort = true;
    thread.interrupt();
  }

  private void loop() {
    while (!stopAfterCurrent) {
      Claimer.Batch batch;
      try {
        batch = handoff.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        if (stopAfterCurrent) {
          break;
        }
        continue;
      }
      if (batch == null) {
        continue;
      }
      try {
        run(batch);
      } finally {
        Thread.interrupted();
        busy = false;
        runner.workerIdle();
      }
    }
  }

  private void run(Claimer.Batch batch) {
    try {
      env.tx().inNewTransaction(c -> {
        for (JobRecord job : lock(c, batch)) {
          if (abort) {
            break; // stopped after the grace period: the rest goes back to pending
          }
          runOne(job);
        }
        return null;
      });
    } catch (RuntimeException e) {
      stats.batchFailures.incrementAndGet();
      log.warn("Worker {}: the transaction of jobs {} (channel {}) failed: {}; requeuing them", unit, batch.ids(),
          batch.channel(), e.toString());
      try {
        Thread.interrupted();
        leases.requeueBatch(unit, batch.ids(), "The runner's transaction for this job failed (" + e + ")");
      } catch (RuntimeException re) {
        log.warn("Worker {}: requeue failed too ({}); the jobs are requeued when this runner's lease expires", unit,
            re.toString());
      }
    }
  }

  private void runOne(JobRecord job) {
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
    log.debug("job {} ({}) enqueued -> started by {}", job.uuid(), job.funcName(), unit);
    Outcome outcome = executor.perform(job);
    if (watchdog != null) {
      watchdog.cancel(false);
      if (!state.compareAndSet(RUNNING, FINISHED)) {
        Thread.interrupted();
        stats.timedOut.incrementAndGet();
        outcome = executor.timedOut(job, timeout.get());
      }
    }
    if (executor.record(job, outcome)) {
      if (outcome instanceof Outcome.Done) {
        stats.done.incrementAndGet();
      } else if (outcome instanceof Outcome.Retry) {
        stats.retried.incrementAndGet();
      } else {
        stats.failed.incrementAndGet();
      }
      log.debug("job {} ({}) started -> {}", job.uuid(), job.funcName(), outcome.summary());
    }
  }

  /** Locks the batch's rows still claimed by this unit, in the batch's order. */
  private List<JobRecord> lock(java.sql.Connection c, Claimer.Batch batch) throws java.sql.SQLException {
    StringBuilder in = new StringBuilder();
    for (int i = 0; i < batch.ids().size(); i++) {
      in.append(i == 0 ? "?" : ", ?");
    }
    Map<Long, JobRecord> byId = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT " + JobRecord.COLUMNS + " FROM queue_job WHERE id IN (" + in
        + ") AND state = 'enqueued' AND worker_id = ? FOR UPDATE")) {
      int i = 1;
      for (Long id : batch.ids()) {
        ps.setLong(i++, id);
      }
      ps.setString(i, unit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          JobRecord r = JobRecord.from(rs);
          byId.put(r.id(), r);
        }
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
      log.info("Worker {}: {} of {} claimed job(s) were taken back (runner found dead meanwhile); skipping them", unit,
          batch.ids().size() - out.size(), batch.ids().size());
    }
    return out;
  }
}
