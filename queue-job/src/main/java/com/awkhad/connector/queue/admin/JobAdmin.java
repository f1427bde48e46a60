package com.awkhad.connector.queue.admin;

import com.awkhad.connector.base.tx.Transactions;
import com.awkhad.connector.queue.job.JobRecord;
import com.awkhad.connector.queue.job.JobState;
import com.awkhad.connector.queue.read.JobFilter;
import com.awkhad.connector.queue.read.JobReads;
import com.awkhad.connector.queue.read.QueueStats;
import com.awkhad.connector.queue.store.JobStore;
import com.awkhad.connector.queue.store.JobTries;
import com.awkhad.connector.queue.store.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an operator does with jobs: list and show them, run waiting ones now, requeue failed,
 * cancelled or done ones, cancel, set done, and remove old finished jobs (autovacuum). Each action runs in the caller's
 * transaction, or its own.
 *
 * <pre>{@code
 * JobAdmin admin = env.service(Queue.class).admin();
 * for (JobRecord job : admin.list(JobFilter.all().state(JobState.FAILED))) {
 *   System.out.println(job.uuid() + " " + job.excMessage());
 * }
 * admin.requeueAll(JobState.FAILED);
 * }</pre>
 */
public final class JobAdmin {
  private static final Logger log = LoggerFactory.getLogger(JobAdmin.class);
  /** Days a done or cancelled job is kept when its channel sets no removal interval. */
  public static final int DEFAULT_REMOVAL_DAYS = 30;

  /** Who acts when no one is named: the job's history says it. */
  public static final String UNNAMED = "unnamed caller";

  private final Transactions tx;
  private final JobStore store;
  private final String actor;

  public JobAdmin(Transactions tx, JobStore store) {
    this(tx, store, UNNAMED);
  }

  private JobAdmin(Transactions tx, JobStore store, String actor) {
    this.tx = tx;
    this.store = store;
    this.actor = actor;
  }

  /**
   * The same admin, writing {@code actor} as who did each action in the jobs' history: a token's
   * name ({@code "dashboard, admin token"}) or {@code "cli"}, never a secret.
   *
   * <pre>{@code
   * admin.by("cli").requeue(List.of(uuid));   // history: "requeued by cli"
   * }</pre>
   */
  public JobAdmin by(String actor) {
    return new JobAdmin(tx, store, actor == null || actor.isBlank() ? UNNAMED : actor);
  }

  /** The history of job {@code uuid} (tries that did not succeed, operator actions), oldest first. */
  public List<JobTries.Entry> history(String uuid) {
    return tx.inTransaction(c -> JobTries.list(c, uuid));
  }

  /** At most 50 jobs matching {@code filter}, newest first; see {@link JobReads#list}. */
  public List<JobRecord> list(JobFilter filter) {
    return list(filter, 50);
  }

  /** At most {@code limit} jobs matching {@code filter}, newest first; see {@link JobReads#list}. */
  public List<JobRecord> list(JobFilter filter, int limit) {
    return new JobReads(tx).list(filter, limit);
  }

  /** Number of jobs per state, every state present. */
  public Map<JobState, Long> countByState() {
    Map<JobState, Long> out = new LinkedHashMap<>();
    new QueueStats(tx).countsByState().forEach((state, n) -> out.put(JobState.of(state), n));
    return out;
  }

  /**
   * Number of open jobs that can run by {@code until}: enqueued or started, or pending with no
   * eta or an eta at or before {@code until}. A job waiting for a retry later than that is not
   * counted. For a caller that waits a bounded time for the queue to settle, for example:
   * <pre>{@code
   * Instant until = Instant.now().plusSeconds(15);
   * while (admin.countDueBy(until) > 0 && Instant.now().isBefore(until)) { Thread.sleep(200); }
   * }</pre>
   */
  public long countDueBy(Instant until) {
    return tx.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM queue_job WHERE state IN ('enqueued', 'started')"
          + " OR (state = 'pending' AND (eta IS NULL OR eta <= ?))")) {
        Sql.bind(ps, until);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    });
  }

  public Optional<JobRecord> find(String uuid) {
    return tx.inTransaction(c -> store.find(c, uuid));
  }

  /** The uuids of the jobs {@code uuid} waits for, and of the jobs waiting for it. */
  public List<List<String>> dependencies(String uuid) {
    return tx.inTransaction(c -> List.of(store.parents(c, uuid), store.children(c, uuid)));
  }

  /**
   * Failed, cancelled or done → pending, with the try count reset to 0 and no eta: the job runs
   * again as soon as a runner has a free slot. As in the original, a done job may be requeued: it
   * runs a second time; its {@code date_done}, {@code result} and run time are cleared (they
   * described the run being redone), and the jobs that waited for it are not run again. A pending
   * job is refused: {@link #runNow} is the action for it.
   */
  public List<AdminResult> requeue(Collection<String> uuids) {
    return eachJob(uuids, this::requeueOne);
  }

  /** Requeues every job in {@code state} (failed or cancelled; done jobs only by uuid). */
  public List<AdminResult> requeueAll(JobState state) {
    if (state != JobState.FAILED && state != JobState.CANCELLED) {
      throw new IllegalArgumentException("Only failed or cancelled jobs can be requeued by state, not " + state
          + (state == JobState.DONE ? ": requeue done jobs by uuid, each runs again" : "")
          + (state == JobState.PENDING ? ": to run waiting jobs at once, use run-now" : ""));
    }
    return requeue(tx.inTransaction(c -> store.select(c, "WHERE state = ? ORDER BY id", state.dbValue()))
        .stream().map(JobRecord::uuid).toList());
  }

  private AdminResult requeueOne(Connection c, JobRecord job) throws SQLException {
    String uuid = job.uuid();
    JobState s = job.state();
    if (s != JobState.FAILED && s != JobState.CANCELLED && s != JobState.DONE) {
      return new AdminResult(uuid, false, "is " + s + ": requeue takes failed, cancelled or done jobs"
          + (s == JobState.PENDING ? "; to run it at once, use run-now"
              : s == JobState.WAIT_DEPENDENCIES ? "; it runs once the jobs it depends on are done" : ""));
    }
    Savepoint sp = c.setSavepoint();
    try {
      int n = update(c, "UPDATE queue_job SET state = 'pending', retry = 0, eta = NULL, date_enqueued = NULL,"
          + " date_started = NULL, date_done = NULL, date_cancelled = NULL, result = NULL, exec_time = NULL,"
          + " worker_id = NULL, date_failed = NULL WHERE uuid = ? AND state IN ('failed', 'cancelled', 'done')", uuid);
      c.releaseSavepoint(sp);
      if (n == 0) {
        return new AdminResult(uuid, false, "changed state meanwhile; not requeued");
      }
      JobTries.action(c, List.of(uuid), JobTries.REQUEUED, actor, store.now());
    } catch (SQLException e) {
      c.rollback(sp);
      if (!Sql.isUniqueViolation(e)) {
        throw e;
      }
      String other = store.findOpenByIdentityKey(c, job.identityKey()).map(JobRecord::uuid).orElse("another job");
      return new AdminResult(uuid, false, "not requeued: job " + other + " with the same identity key is already waiting");
    }
    store.firePending(c, List.of(uuid));
    return new AdminResult(uuid, true, s == JobState.DONE ? "requeued: it runs again" : "requeued");
  }

  // ---------------------------------------------------------------- run now

  /**
   * Sets the eta of pending jobs to now, so that they run as soon as their channel has a free
   * slot, and wakes the runners. Their tries are kept: a job waiting for its third try runs its
   * third try now. A job already due moves ahead of the jobs without an eta. Jobs in another
   * state are refused, each with what to do instead ({@code requeue} for failed, cancelled or done
   * jobs). The result's {@link AdminResult#was()} says what each job was.
   *
   * <pre>{@code
   * admin.runNow(List.of(uuid)); // [AdminResult[uuid=..., changed=true, message=set to run now (was waiting to retry ...), was=retrying]]
   * }</pre>
   */
  public List<AdminResult> runNow(Collection<String> uuids) {
    return tx.inTransaction(c -> {
      List<Waiting> jobs = new ArrayList<>();
      List<AdminResult> refused = new ArrayList<>();
      List<Integer> refusedAt = new ArrayList<>();
      int i = 0;
      for (String uuid : uuids) {
        Optional<JobRecord> found = store.find(c, uuid);
        if (found.isEmpty()) {
          refused.add(new AdminResult(uuid, false, "no such job", AdminResult.MISSING));
          refusedAt.add(i);
        } else if (found.get().state() != JobState.PENDING) {
          refused.add(refuseRunNow(found.get()));
          refusedAt.add(i);
        } else {
          jobs.add(Waiting.of(found.get()));
        }
        i++;
      }
      List<AdminResult> changed = moveToNow(c, jobs);
      List<AdminResult> out = new ArrayList<>(changed);
      for (int k = 0; k < refused.size(); k++) {
        out.add(refusedAt.get(k), refused.get(k)); // back in the order given
      }
      return out;
    });
  }

  /**
   * {@link #runNow} for every pending job waiting for an eta in the future, of {@code channel}
   * and of the backend {@code backendId} when given (null: any), oldest eta first. Jobs already
   * due are left as they are: they run in their turn.
   */
  public List<AdminResult> runNowWaiting(String channel, Long backendId) {
    return tx.inTransaction(c -> {
      StringBuilder sql = new StringBuilder("SELECT uuid, eta, retry, max_retries, exc_name FROM queue_job"
          + " WHERE state = 'pending' AND eta > ?");
      List<Object> params = new ArrayList<>(List.of(store.now()));
      if (channel != null) {
        sql.append(" AND channel = ?");
        params.add(channel);
      }
      if (backendId != null) {
        sql.append(" AND backend_id = ?");
        params.add(backendId);
      }
      sql.append(" ORDER BY eta, id");
      List<Waiting> jobs = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        Sql.bind(ps, params.toArray());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            jobs.add(new Waiting(rs.getString(1), rs.getObject(2, java.time.OffsetDateTime.class).toInstant(),
                rs.getInt(3), rs.getInt(4), rs.getString(5) != null));
          }
        }
      }
      return moveToNow(c, jobs);
    });
  }

  /** A pending job as run-now needs it. */
  private record Waiting(String uuid, Instant eta, int retry, int maxRetries, boolean failedBefore) {
    static Waiting of(JobRecord j) {
      return new Waiting(j.uuid(), j.eta(), j.retry(), j.maxRetries(), j.excName() != null);
    }
  }

  /** Sets the eta of {@code jobs} (read as pending) to now in one batch, then wakes the runners. */
  private List<AdminResult> moveToNow(Connection c, List<Waiting> jobs) throws SQLException {
    if (jobs.isEmpty()) {
      return new ArrayList<>();
    }
    Instant now = store.now();
    int[] counts;
    try (PreparedStatement ps = c.prepareStatement("UPDATE queue_job SET eta = ? WHERE uuid = ? AND state = 'pending'")) {
      for (Waiting j : jobs) {
        Sql.bind(ps, now, j.uuid());
        ps.addBatch();
      }
      counts = ps.executeBatch();
    }
    List<AdminResult> out = new ArrayList<>(jobs.size());
    List<String> moved = new ArrayList<>();
    for (int i = 0; i < jobs.size(); i++) {
      Waiting j = jobs.get(i);
      if (counts[i] == 0) {
        out.add(new AdminResult(j.uuid(), false, "changed state meanwhile (a runner took it, or an operator"
            + " changed it); not set to run now", "changed meanwhile"));
        continue;
      }
      moved.add(j.uuid());
      out.add(describeMove(j, now));
    }
    JobTries.action(c, moved, JobTries.RUN_NOW, actor, now);
    store.fireDue(c, moved);
    return out;
  }

  private static AdminResult describeMove(Waiting j, Instant now) {
    String tries = j.maxRetries() == 0 ? String.valueOf(j.retry()) : j.retry() + " of " + j.maxRetries();
    if (j.eta() == null || !j.eta().isAfter(now)) {
      return new AdminResult(j.uuid(), true, "set to run now (was already due"
          + (j.eta() == null ? "" : " since " + j.eta().truncatedTo(ChronoUnit.SECONDS)) + "; now ahead of the jobs"
          + " without an eta)", AdminResult.DUE);
    }
    String in = ", in " + humanSeconds(Duration.between(now, j.eta()).toSeconds());
    if (j.failedBefore() && j.retry() > 0) {
      return new AdminResult(j.uuid(), true, "set to run now (was waiting to retry after try " + tries + ", due at "
          + j.eta().truncatedTo(ChronoUnit.SECONDS) + in + ")", AdminResult.RETRYING);
    }
    return new AdminResult(j.uuid(), true, "set to run now (was scheduled for "
        + j.eta().truncatedTo(ChronoUnit.SECONDS) + in + ")", AdminResult.SCHEDULED);
  }

  private static String humanSeconds(long s) {
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return (s / 60) + " min" + (s % 60 == 0 ? "" : " " + (s % 60) + " s");
    }
    return (s / 3600) + " h" + (s % 3600 / 60 == 0 ? "" : " " + (s % 3600 / 60) + " min");
  }

  private static AdminResult refuseRunNow(JobRecord job) {
    JobState s = job.state();
    String why = switch (s) {
      case WAIT_DEPENDENCIES -> "it waits for the jobs it depends on, and becomes pending when they are done";
      case ENQUEUED -> "a runner claimed it and starts it now";
      case STARTED -> "it is running";
      case DONE -> "to run it again, use requeue";
      case FAILED -> "to run it again, use requeue (its tries start over)";
      case CANCELLED -> "to run it, use requeue";
      case PENDING -> throw new IllegalStateException("pending jobs are not refused");
    };
    return new AdminResult(job.uuid(), false, "is " + s + ": " + why, s.dbValue());
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
      JobTries.action(c, List.of(uuid), JobTries.CANCELLED, actor, store.now());
      cancelOrphans(c, uuid);
      wakeIfFreed(c, job);
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
      update(c, "UPDATE queue_job SET state = 'done', date_done = ?, result = ?, worker_id = NULL"
          + " WHERE uuid = ?", store.now(), JobRecord.SET_DONE_RESULT, uuid);
      JobTries.action(c, List.of(uuid), JobTries.SET_DONE, actor, store.now());
      store.releaseChildren(c, uuid);
      wakeIfFreed(c, job);
      return new AdminResult(uuid, true, "set done");
    });
  }

  /**
   * Wakes the runners when ending {@code job} frees something no trigger reports: a failed job
   * blocks its sequential channel, an enqueued one holds a slot. No job became pending, so
   * PostgreSQL's trigger sent nothing and the next job would wait for the runners' poll.
   */
  private void wakeIfFreed(Connection c, JobRecord job) throws SQLException {
    if (job.state() == JobState.FAILED || job.state() == JobState.ENQUEUED) {
      store.fireDue(c, List.of(job.uuid()));
    }
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
   * Sets how many days the done and cancelled jobs of {@code channel} (and of its sub-channels
   * that set none) are kept before the autovacuum removes them: the original's per-channel
   * {@code removal_interval}.
   *
   * <pre>{@code
   * admin.setRemovalInterval("root.coffee.import", 7); // imports: a week
   * }</pre>
   *
   * @throws IllegalArgumentException when {@code days} is below 1
   */
  public void setRemovalInterval(String channel, int days) {
    if (days < 1) {
      throw new IllegalArgumentException("The removal interval of channel " + channel + " must be at least 1 day, got "
          + days + "; to keep every job, disable the autovacuum (recurring job queue_job.autovacuum)");
    }
    String name = com.awkhad.connector.queue.channel.ChannelConfig.normalize(channel);
    tx.inTransaction(c -> {
      if (update(c, "UPDATE queue_job_channel SET removal_interval_days = ? WHERE name = ?", days, name) == 0) {
        update(c, "INSERT INTO queue_job_channel (name, removal_interval_days) VALUES (?, ?)", name, days);
      }
      return null;
    });
  }

  /** The removal interval in days of every channel that sets one (root always does). */
  public Map<String, Integer> removalIntervals() {
    return tx.inTransaction(JobAdmin::readRemovalIntervals);
  }

  private static Map<String, Integer> readRemovalIntervals(Connection c) throws SQLException {
    Map<String, Integer> out = new java.util.TreeMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT name, removal_interval_days FROM queue_job_channel");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getInt(2));
      }
    }
    return out;
  }

  /** The removal interval of a job's channel: its own, else its nearest ancestor's, else 30 days. */
  static int removalDays(Map<String, Integer> intervals, String jobChannel) {
    String name = com.awkhad.connector.queue.channel.ChannelConfig.normalize(jobChannel);
    while (true) {
      Integer days = intervals.get(name);
      if (days != null) {
        return days;
      }
      int dot = name.lastIndexOf('.');
      if (dot < 0) {
        return DEFAULT_REMOVAL_DAYS;
      }
      name = name.substring(0, dot);
    }
  }

  /**
   * Deletes done and cancelled jobs older than their channel's removal interval (see {@link
   * #setRemovalInterval}: the channel's own, else its nearest ancestor's, else 30 days),
   * {@code batchSize} at a time, each batch in its own transaction so that a big backlog never
   * makes one huge transaction. The built-in recurring job {@code queue_job.autovacuum} calls it
   * daily with batches of 1000.
   *
   * @return the number of jobs deleted
   */
  public long autovacuum(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    Map<String, Integer> intervals = tx.inNewTransaction(c -> {
      Map<String, Integer> known = readRemovalIntervals(c);
      Map<String, Integer> m = new LinkedHashMap<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT DISTINCT channel FROM queue_job WHERE state IN ('done', 'cancelled')");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          m.put(rs.getString(1), removalDays(known, rs.getString(1)));
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
      JobTries.delete(c, uuids);
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
