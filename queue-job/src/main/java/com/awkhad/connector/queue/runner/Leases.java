package com.awkhad.connector.queue.runner;

import static com.awkhad.connector.queue.runner.RunnerSql.ts;

import com.awkhad.connector.base.text.Causes;
import com.awkhad.connector.base.tx.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runner leases: each runner has a row in {@code queue_worker} that it heartbeats; the jobs it
 * holds carry {@code worker_id = '<runner id>/<unit>'}. Any runner reaps the runners whose lease
 * expired: their jobs go back to {@code pending} with one more try, or to {@code failed} ("found
 * dead") once the tries reach {@code max_retries}. Rows locked by a transaction still running are
 * skipped (that runner is not dead, only late), so a job is never requeued while it executes.
 */
final class Leases {
  private static final Logger log = LoggerFactory.getLogger(Leases.class);

  private final RunnerSql sql;
  private final Transactions tx;
  private final Lock claimLock;
  private final String workerId;
  private final Duration lease;
  private final String host;
  private final long pid;
  private final String channels;
  private final int workers;
  private volatile String wakeAddress;
  private volatile String wakeToken;
  /** Silent runners whose sessions the database would not let this runner end (warned once each). */
  private final Set<String> refusedFor = ConcurrentHashMap.newKeySet();
  private final AtomicLong sessionsEnded = new AtomicLong();

  Leases(RunnerSql sql, Transactions tx, Lock claimLock, String workerId, Duration lease, String host, long pid,
      String channels, int workers) {
    this.sql = sql;
    this.tx = tx;
    this.claimLock = claimLock;
    this.workerId = workerId;
    this.lease = lease;
    this.host = host;
    this.pid = pid;
    this.channels = channels;
    this.workers = workers;
  }

  /** Publishes where this runner takes wake hints, with the lease row (call before {@link #register}). */
  void publishWake(String address, String token) {
    this.wakeAddress = address;
    this.wakeToken = token;
  }

  /**
   * Inserts this runner's lease.
   *
   * @throws RunnerException on H2 when another live runner uses the database
   */
  void register() {
    tx.inNewTransaction(c -> {
      Instant now = sql.now(c);
      if (!sql.multiProcess()) {
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT worker_id, host, pid FROM queue_worker WHERE lease_until > ? AND worker_id <> ?")) {
          ps.setObject(1, ts(now));
          ps.setString(2, workerId);
          try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
              throw new RunnerException("Another runner (" + rs.getString(1) + ", host " + rs.getString(2) + ", pid "
                  + rs.getLong(3) + ") is using this H2 database. H2 cannot coordinate several runner processes:"
                  + " stop the other runner, or use PostgreSQL (--db jdbc:postgresql://...) to run several.");
            }
          }
        }
      }
      if (touch(c, workerId, now, lease) == 0) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO queue_worker (worker_id, host, pid, channels, workers,"
            + " started_at, heartbeat_at, lease_until, wake_address, wake_token) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
          ps.setString(1, workerId);
          ps.setString(2, host);
          ps.setLong(3, pid);
          ps.setString(4, channels);
          ps.setInt(5, workers);
          ps.setObject(6, ts(now));
          ps.setObject(7, ts(now));
          ps.setObject(8, ts(now.plus(lease)));
          ps.setString(9, wakeAddress);
          ps.setString(10, wakeToken);
          ps.executeUpdate();
        }
      }
      return null;
    });
  }

  /** When this runner's lease ends, as stored; null when it has no lease row (stopped, or found dead). */
  Instant leaseUntil() {
    return tx.inNewTransaction(c -> {
      sql.boundIdleTime(c);
      try (PreparedStatement ps = c.prepareStatement("SELECT lease_until FROM queue_worker WHERE worker_id = ?")) {
        ps.setString(1, workerId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? com.awkhad.connector.queue.job.JobRecord.instant(rs, "lease_until") : null;
        }
      }
    });
  }

  static int touch(Connection c, String workerId, Instant now, Duration lease) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE queue_worker SET heartbeat_at = ?, lease_until = ? WHERE worker_id = ?")) {
      ps.setObject(1, ts(now));
      ps.setObject(2, ts(now.plus(lease)));
      ps.setString(3, workerId);
      return ps.executeUpdate();
    }
  }

  /**
   * Extends the lease; registers again if another runner already found this one dead. True when
   * the lease was lost and registered again.
   */
  boolean heartbeat() {
    int touched = tx.inNewTransaction(c -> touch(c, workerId, sql.now(c), lease));
    if (touched == 0) {
      log.warn("Runner {} lost its lease (missed heartbeats); its jobs were requeued by another runner."
          + " Registering again.", workerId);
      register();
      return true;
    }
    return false;
  }

  /**
   * How many of its leases a runner must have been silent (since its last heartbeat) before the
   * sessions still locking its jobs are ended: a runner only late (a pause, a slow network) comes
   * back well within it; one cut off by a fault that closes nothing would otherwise hold those
   * jobs until the server's TCP keepalive notices, about 2 hours with stock settings.
   */
  static final int SILENT_LEASES = 3;

  /** A runner whose lease expired, as its {@code queue_worker} row says. */
  private record Expired(String id, String host, long pid, Instant heartbeat, Instant leaseUntil) {}

  /** A dead runner's sessions that still lock its jobs. */
  private record Silent(String runner, Duration silentFor, List<Long> pids) {}

  /**
   * Requeues the jobs of every runner whose lease expired; returns how many jobs it moved. Jobs a
   * transaction still locks are left alone; when their runner has been silent for
   * {@link #SILENT_LEASES} leases and so have those sessions, they are ended (PostgreSQL), and
   * their jobs are requeued by the next reap.
   */
  int reapExpired() {
    List<Silent> silent = new ArrayList<>();
    int moved;
    claimLock.lock();
    try {
      moved = tx.inNewTransaction(c -> {
        silent.clear();
        Instant now = sql.lockClaimers(c);
        List<Expired> dead = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT worker_id, host, pid, heartbeat_at, lease_until"
            + " FROM queue_worker WHERE lease_until < ? FOR UPDATE SKIP LOCKED")) {
          ps.setObject(1, ts(now));
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              dead.add(new Expired(rs.getString(1), rs.getString(2), rs.getLong(3), RunnerSql.instant(rs, "heartbeat_at"),
                  RunnerSql.instant(rs, "lease_until")));
            }
          }
        }
        int total = 0;
        for (Expired d : dead) {
          String why = "Job found dead: runner " + d.id() + " (host " + d.host() + ", pid " + d.pid()
              + ") stopped heartbeating while holding it";
          int n = requeue(c, d.id(), true, why);
          total += n;
          if (remaining(c, d.id()) == 0) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM queue_worker WHERE worker_id = ?")) {
              ps.setString(1, d.id());
              ps.executeUpdate();
            }
            log.info("Runner {} (host {}, pid {}) found dead: {} job(s) requeued", d.id(), d.host(), d.pid(), n);
            continue;
          }
          if (n > 0) {
            log.info("Runner {} found dead: {} job(s) requeued, others still locked by a live transaction", d.id(), n);
          }
          if (d.heartbeat() != null && d.leaseUntil() != null) {
            Duration itsLease = Duration.between(d.heartbeat(), d.leaseUntil());
            Duration silentFor = Duration.between(d.heartbeat(), now);
            if (!itsLease.isNegative() && silentFor.compareTo(itsLease.multipliedBy(SILENT_LEASES)) > 0) {
              List<Long> pids = sql.silentLockers(c, d.id(), itsLease);
              if (!pids.isEmpty()) {
                silent.add(new Silent(d.id(), silentFor, pids));
              }
            }
          }
        }
        // Jobs held by a unit of a runner that has no lease row at all (it was reaped while it
        // was only late, and claimed before registering again): nobody would ever release them.
        int orphans = requeue(c, "SELECT id, retry, max_retries, state FROM queue_job j WHERE state IN ('enqueued', 'started')"
            + " AND worker_id LIKE '%/%' AND NOT EXISTS (SELECT 1 FROM queue_worker w"
            + " WHERE LEFT(j.worker_id, CHAR_LENGTH(w.worker_id) + 1) = CONCAT(w.worker_id, '/'))"
            + " FOR UPDATE SKIP LOCKED", ps -> { }, true, "Job found dead: the runner holding it has no lease");
        if (orphans > 0) {
          log.info("{} job(s) held by runners without a lease requeued", orphans);
        }
        return total + orphans;
      });
    } finally {
      claimLock.unlock();
    }
    for (Silent s : silent) {
      endSilentSessions(s);
    }
    return moved;
  }

  /**
   * Ends a silent runner's sessions, each in its own transaction, outside the claim lock: one the
   * database refuses to end does not undo the reap, and is reported once per runner.
   */
  private void endSilentSessions(Silent s) {
    List<Long> ended = new ArrayList<>();
    for (long pid : s.pids()) {
      try {
        if (tx.inNewTransaction(c -> sql.endSession(c, pid))) {
          ended.add(pid);
        }
      } catch (RuntimeException e) {
        if (refusedFor.add(s.runner())) {
          log.warn("Runner {} has been silent for {} s and PostgreSQL session {} still locks its jobs, but this runner"
              + " may not end it ({}). Its jobs wait until the server drops that connection. Let this database user end"
              + " sessions (GRANT pg_signal_backend TO <user>, or run every runner as the same user), or set the"
              + " server's tcp_keepalives_idle/interval/count.", s.runner(), s.silentFor().toSeconds(), pid,
              rootMessage(e));
        }
      }
    }
    if (!ended.isEmpty()) {
      log.warn("Runner {} has been silent for {} s (over {} leases) while PostgreSQL session(s) {} still locked its"
          + " jobs: ended them; their jobs are requeued at the next reap", s.runner(), s.silentFor().toSeconds(),
          SILENT_LEASES, ended);
      sessionsEnded.addAndGet(ended.size());
    }
  }

  private static String rootMessage(Throwable e) {
    return Causes.root(e).getMessage();
  }

  /** How many sessions of silent runners this runner ended. */
  long sessionsEnded() {
    return sessionsEnded.get();
  }

  /**
   * On shutdown: puts this runner's claimed jobs that no transaction holds back to pending
   * (retry unchanged), then drops the lease if nothing is left.
   */
  int release() {
    claimLock.lock();
    try {
      return tx.inNewTransaction(c -> {
        sql.lockClaimers(c);
        int n = requeue(c, workerId, false, null);
        if (remaining(c, workerId) == 0) {
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM queue_worker WHERE worker_id = ?")) {
            ps.setString(1, workerId);
            ps.executeUpdate();
          }
        } else {
          log.warn("Runner {} stops with jobs still held by unfinished transactions; they are requeued"
              + " once its lease expires", workerId);
        }
        return n;
      });
    } finally {
      claimLock.unlock();
    }
  }

  /**
   * Puts back jobs this runner claimed for {@code unit} whose batch transaction failed: pending
   * with one more try, or failed past max retries.
   */
  int requeueBatch(String unit, List<Long> ids, String why) {
    return tx.inNewTransaction(c -> {
      // the claim that gave the unit these jobs may still be committing: lock the rows by id,
      // which waits for it, then judge them in a new statement, on their latest version
      sql.lockById(c, ids);
      return requeue(c, "SELECT id, retry, max_retries, state FROM queue_job WHERE id IN ("
          + RunnerSql.placeholders(ids.size())
          + ") AND state IN ('enqueued', 'started') AND worker_id = ?", ps -> {
            int i = 1;
            for (Long id : ids) {
              ps.setLong(i++, id);
            }
            ps.setString(i, unit);
          }, true, why);
    });
  }

  private static int requeue(Connection c, String runner, boolean dead, String why) throws SQLException {
    return requeue(c, "SELECT id, retry, max_retries, state FROM queue_job"
        + " WHERE state IN ('enqueued', 'started') AND worker_id LIKE ? ESCAPE '!' FOR UPDATE SKIP LOCKED",
        ps -> ps.setString(1, RunnerSql.likePrefix(runner)), dead, why);
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private static int requeue(Connection c, String select, Binder binder, boolean dead, String why) throws SQLException {
    List<long[]> jobs = new ArrayList<>();
    List<String> states = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(select)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          jobs.add(new long[] {rs.getLong(1), rs.getInt(2), rs.getInt(3)});
          states.add(rs.getString(4));
        }
      }
    }
    if (jobs.isEmpty()) {
      return 0;
    }
    try (PreparedStatement pending = c.prepareStatement("UPDATE queue_job SET state = 'pending', worker_id = NULL,"
            + " date_enqueued = NULL, date_started = NULL, retry = ? WHERE id = ?");
        // a job failed as found dead keeps the dead runner's unit in worker_id, for the operator
        PreparedStatement failed = c.prepareStatement("UPDATE queue_job SET state = 'failed', date_failed = CURRENT_TIMESTAMP,"
            + " retry = ?, exc_name = 'JobFoundDead', exc_message = ?, exc_info = ? WHERE id = ?")) {
      if (dead) { // their try ended without an outcome: say so in their history, before the rows change
        List<Long> ids = new ArrayList<>();
        jobs.forEach(j -> ids.add(j[0]));
        com.awkhad.connector.queue.store.JobTries.foundDead(c, ids, why, java.time.Instant.now());
      }
      for (int i = 0; i < jobs.size(); i++) {
        long[] j = jobs.get(i);
        int retry = (int) j[1] + (dead ? 1 : 0);
        int max = (int) j[2];
        if (dead && max > 0 && retry >= max) {
          String msg = why + " (" + states.get(i) + "); it has now been tried " + retry + " time(s), max retries "
              + max + ". Requeue it if running it again is safe.";
          failed.setInt(1, retry);
          failed.setString(2, msg);
          failed.setString(3, msg);
          failed.setLong(4, j[0]);
          failed.addBatch();
        } else {
          pending.setInt(1, retry);
          pending.setLong(2, j[0]);
          pending.addBatch();
        }
      }
      pending.executeBatch();
      failed.executeBatch();
    }
    return jobs.size();
  }

  private static int remaining(Connection c, String runner) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM queue_job"
        + " WHERE state IN ('enqueued', 'started') AND worker_id LIKE ? ESCAPE '!'")) {
      ps.setString(1, RunnerSql.likePrefix(runner));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
