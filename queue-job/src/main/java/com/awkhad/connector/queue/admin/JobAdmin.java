package com.awkhad.connector.queue.admin;

import com.awkhad.connector.base.tx.Transactions;
import com.awkhad.connector.queue.job.JobRecord;
import com.awkhad.connector.queue.job.JobState;
import com.awkhad.connector.queue.store.JobStore;
import com.awkhad.connector.queue.store.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an operator does with jobs: list and show them, requeue failed or cancelled ones, cancel,
 * set done, and remove old finished jobs (autovacuum). Each action runs in the caller's
 * transaction, or its own.
 *
 * <pre>{@code
 * JobAdmin admin = env.service(Queue.class).admin();
 * for (JobRecord job : admin.list(JobQuery.all().state(JobState.FAILED))) {
 *   System.out.println(job.uuid() + " " + job.excMessage());
 * }
 * admin.requeueAll(JobState.FAILED);
 * }</pre>
 */
public final class JobAdmin {
  private static final Logger log = LoggerFactory.getLogger(JobAdmin.class);
  /** Days a done or cancelled job is kept when its channel sets no removal interval. */
  public static final int DEFAULT_REMOVAL_DAYS = 30;

  private final Transactions tx;
  private final JobStore store;

  public JobAdmin(Transactions tx, JobStore store) {
    this.tx = tx;
    this.store = store;
  }

  /** Jobs matching {@code q}, newest first. */
  public List<JobRecord> list(JobQuery q) {
    StringBuilder where = new StringBuilder("WHERE 1 = 1");
    List<Object> params = new ArrayList<>();
    if (q.state() != null) {
      where.append(" AND state = ?");
      params.add(q.state().dbValue());
    }
    if (q.channel() != null) {
      where.append(" AND channel = ?");
      params.add(q.channel());
    }
    where.append(" ORDER BY date_created DESC, id DESC LIMIT ").append(q.limit());
    return tx.inTransaction(c -> store.select(c, where.toString(), params.toArray()));
  }

  /** Number of jobs per state. */
  public Map<JobState, Long> countByState() {
    return tx.inTransaction(c -> {
      Map<JobState, Long> out = new LinkedHashMap<>();
      for (JobState s : JobState.values()) {
        out.put(s, 0L);
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT state, COUNT(*) FROM queue_job GROUP BY state");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(JobState.of(rs.getString(1)), rs.getLong(2));
        }
      }
      return out;
    });
  }

  public Optional<JobRecord> find(String uuid) {
    return tx.inTransaction(c -> store.find(c, uuid));
  }

  /** The uuids of the jobs {@code uuid} waits for, and of the jobs waiting for it. */
  public List<List<String>> dependencies(String uuid) {
    return tx.inTransaction(c -> List.of(store.parents(c, uuid), store.children(c, uuid)));
  }

  /** Failed or cancelled → pending, with the try count reset to 0 and no eta. */
  public List<AdminResult> requeue(Collection<String> uuids) {
    return eachJob(uuids, this::requeueOne);
  }

  /** Requeues every job in {@code state} (failed or cancelled). */
  public List<AdminResult> requeueAll(JobState state) {
    if (state != JobState.FAILED && state != JobState.CANCELLED) {
      throw new IllegalArgumentException("Only failed or cancelled jobs can be requeued, not " + state);
    }
    return requeue(tx.inTransaction(c -> store.select(c, "WHERE state = ? ORDER BY id", state.dbValue()))
        .stream().map(JobRecord::uuid).toList());
  }

  private AdminResult requeueOne(Connection c, JobRecord job) throws SQLException {
    String uuid = job.uuid();
    if (job.state() != JobState.FAILED && job.state() != JobState.CANCELLED) {
      return new AdminResult(uuid, false, "is " + job.state() + ": only failed or cancelled jobs can be requeued");
    }
    Savepoint sp = c.setSavepoint();
    try {
      int n = update(c, "UPDATE queue_job SET state = 'pending', retry = 0, eta = NULL, date_enqueued = NULL,"
          + " date_started = NULL, date_cancelled = NULL, worker_id = NULL WHERE uuid = ? AND state IN ('failed', 'cancelled')",
          uuid);
      c.releaseSavepoint(sp);
      if (n == 0) {
        return new AdminResult(uuid, false, "changed state meanwhile; not requeued");
      }
    } catch (SQLException e) {
      c.rollback(sp);
      if (!Sql.isUniqueViolation(e)) {
        throw e;
      }
      String other = store.findOpenByIdentityKey(c, job.identityKey()).map(JobRecord::uuid).orElse("another job");
      return new AdminResult(uuid, false, "not requeued: job " + other + " with the same identity key is already waiting");
    }
    store.firePending(c, List.of(uuid));
    return new AdminResult(uuid, true, "requeued");
  }

  /**
   * Cancels jobs that did not end yet (not started, done or cancelled); then the children still
   * waiting whose parents are all cancelled are cancelled too, and so on down the graph.
   */
  public List<AdminResult> cancel(Collection<String> uuids) {
    return eachJob(uuids, (c, job) -> {
      String uuid = job.uuid();
      JobState s = job.state();
      if (s == JobState.DONE || s == JobState.CANCELLED || s == JobState.STARTED) {
        return new AdminResult(uuid, false, "is " + s + (s == JobState.STARTED
            ? ": it is running; wait for it to end" : ": nothing to cancel"));
      }
      update(c, "UPDATE queue_job SET state = 'cancelled', date_cancelled = ?, result = 'Cancelled by an operator',"
          + " worker_id = NULL WHERE uuid = ?", store.now(), uuid);
      cancelOrphans(c, uuid);
      return new AdminResult(uuid, true, "cancelled");
    });
  }

  private void cancelOrphans(Connection c, String parent) throws SQLException {
    for (String child : store.children(c, parent)) {
      int n = update(c, "UPDATE queue_job SET state = 'cancelled', date_cancelled = ?,"
          + " result = 'Cancelled: every job it waited for was cancelled'"
          + " WHERE uuid = ? AND state = 'wait_dependencies' AND NOT EXISTS (SELECT 1 FROM queue_job_dependency d"
          + " JOIN queue_job p ON p.uuid = d.parent_uuid WHERE d.child_uuid = ? AND p.state <> 'cancelled')",
          store.now(), child, child);
      if (n == 1) {
        cancelOrphans(c, child);
      }
    }
  }

  /** Sets jobs done by hand (not started ones), which releases their children. */
  public List<AdminResult> setDone(Collection<String> uuids) {
    return eachJob(uuids, (c, job) -> {
      String uuid = job.uuid();
      JobState s = job.state();
      if (s == JobState.DONE || s == JobState.STARTED) {
        return new AdminResult(uuid, false, "is " + s + (s == JobState.STARTED ? ": it is running" : ""));
      }
      update(c, "UPDATE queue_job SET state = 'done', date_done = ?, result = 'Manually set to done', worker_id = NULL"
          + " WHERE uuid = ?", store.now(), uuid);
      store.releaseChildren(c, uuid);
      return new AdminResult(uuid, true, "set done");
    });
  }

  /** One administrative action on a job that exists, inside the admin call's transaction. */
  @FunctionalInterface
  private interface JobAction {
    AdminResult apply(Connection c, JobRecord job) throws SQLException;
  }

  /** Applies {@code action} to each job in one transaction; a uuid matching no job is reported as such. */
  private List<AdminResult> eachJob(Collection<String> uuids, JobAction action) {
    return tx.inTransaction(c -> {
      List<AdminResult> out = new ArrayList<>();
      for (String uuid : uuids) {
        Optional<JobRecord> found = store.find(c, uuid);
        out.add(found.isEmpty() ? new AdminResult(uuid, false, "no such job") : action.apply(c, found.get()));
      }
      return out;
    });
  }

  /**
   * Deletes done and cancelled jobs older than their channel's removal interval
   * ({@code queue_job_channel.removal_interval_days}, default 30 days), {@code batchSize} at a
   * time, each batch in its own transaction so that a big backlog never makes one huge
   * transaction.
   *
   * @return the number of jobs deleted
   */
  public long autovacuum(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    Map<String, Integer> intervals = tx.inNewTransaction(c -> {
      Map<String, Integer> m = new LinkedHashMap<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT DISTINCT j.channel, ch.removal_interval_days FROM queue_job j"
              + " LEFT JOIN queue_job_channel ch ON ch.name = j.channel WHERE j.state IN ('done', 'cancelled')");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int days = rs.getInt(2);
          m.put(rs.getString(1), rs.wasNull() ? DEFAULT_REMOVAL_DAYS : days);
        }
      }
      return m;
    });
    long total = 0;
    for (Map.Entry<String, Integer> e : intervals.entrySet()) {
      Instant cutoff = store.now().minus(Duration.ofDays(e.getValue()));
      while (true) {
        int deleted = tx.inNewTransaction(c -> deleteBatch(c, e.getKey(), cutoff, batchSize));
        total += deleted;
        if (deleted < batchSize) {
          break;
        }
      }
    }
    if (total > 0) {
      log.info("Autovacuum deleted {} done or cancelled job(s)", total);
    }
    return total;
  }

  private int deleteBatch(Connection c, String channel, Instant cutoff, int batchSize) throws SQLException {
    List<String> uuids = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT uuid FROM queue_job WHERE channel = ? AND ((state = 'done' AND date_done < ?)"
            + " OR (state = 'cancelled' AND date_cancelled < ?)) ORDER BY id LIMIT " + batchSize)) {
      Sql.bind(ps, channel, cutoff, cutoff);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          uuids.add(rs.getString(1));
        }
      }
    }
    if (!uuids.isEmpty()) {
      String marks = String.join(", ", java.util.Collections.nCopies(uuids.size(), "?"));
      Object[] twice = new Object[uuids.size() * 2];
      for (int i = 0; i < uuids.size(); i++) {
        twice[i] = uuids.get(i);
        twice[uuids.size() + i] = uuids.get(i);
      }
      update(c, "DELETE FROM queue_job_dependency WHERE parent_uuid IN (" + marks + ") OR child_uuid IN (" + marks + ")", twice);
      update(c, "DELETE FROM queue_job WHERE uuid IN (" + marks + ")", uuids.toArray());
    }
    return uuids.size();
  }

  private static int update(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      return Sql.bind(ps, params).executeUpdate();
    }
  }
}
