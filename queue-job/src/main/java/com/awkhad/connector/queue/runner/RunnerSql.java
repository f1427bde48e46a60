package com.awkhad.connector.queue.runner;

import com.awkhad.connector.base.db.Dialect;
import com.awkhad.connector.base.tx.Transactions;
import com.awkhad.connector.queue.channel.Candidate;
import com.awkhad.connector.queue.channel.ChannelState;
import com.awkhad.connector.queue.job.JobRecord;
import com.awkhad.connector.queue.store.QueueDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The runner's SQL that differs between databases, one subclass per dialect. Everything else the
 * runner sends is standard SQL both accept.
 */
abstract class RunnerSql {
  /** Advisory lock key that serializes claimers and reapers on PostgreSQL ("queue_job"). */
  static final long CLAIM_LOCK_KEY = 0x71756575655f6aL;

  static RunnerSql of(Dialect dialect) {
    return dialect == Dialect.POSTGRESQL ? new Postgres() : new H2();
  }

  /** The store's SQL for the same database, where the bookkeeping transactions' idle bound lives. */
  private final QueueDialect store;

  RunnerSql(Dialect dialect) {
    this.store = QueueDialect.of(dialect);
  }

  /**
   * Serializes this transaction with every other claimer or reaper until it ends, and returns
   * the time once the lock is held. The claim's commit need not wait for the disk: a later
   * durable commit (a job's done state) flushes it too, and a claim lost in a database crash
   * only leaves its jobs pending.
   */
  abstract Instant lockClaimers(Connection c) throws SQLException;

  /**
   * The clock every runner agrees on. For bookkeeping transactions only: on PostgreSQL the same
   * statement bounds the transaction's idle time ({@link QueueDialect#SHORT_TRANSACTION_IDLE_BOUND}).
   */
  abstract Instant now(Connection c) throws SQLException;

  /**
   * The claim lock and what a claim reads with it: the time and, when known, the next future
   * eta and whether any pending job has an eta at all. These two are hints read with the
   * statement's snapshot, taken before the lock was granted: they only steer timers and skip a
   * query; capacities are always read by later statements.
   */
  record ClaimStart(Instant now, Instant nextEta, boolean etaKnown, boolean anyEta, List<ChannelState.Running> running,
      Map<String, List<Candidate>> due) {}

  /** A candidate read sent with the lock: SQL with its string parameters. */
  record Read(String sql, List<String> params) {}

  /** True when {@link #startClaim} runs the channels' due reads it is given (else they are ignored). */
  boolean sendsReadsWithLock() {
    return false;
  }

  /** What every claim reads once it holds the lock: the worker units running jobs, per channel. */
  static final String RUNNING = "SELECT channel, COALESCE(worker_id, uuid) AS unit FROM queue_job"
      + " WHERE state IN ('enqueued', 'started') GROUP BY channel, COALESCE(worker_id, uuid)";

  /**
   * Takes the claim lock and reads the time and, where cheap, the eta hints and the running units
   * with it ({@code running} null: not read, the claimer reads them).
   */
  ClaimStart startClaim(Connection c, Map<String, List<Read>> reads) throws SQLException {
    return new ClaimStart(lockClaimers(c), null, false, true, null, Map.of());
  }

  /**
   * For a claim inside another transaction that has inserted jobs (an enqueue's, just before its
   * commit: {@link Runner}'s hand-off at commit): what {@link #startClaim} reads, but the claim
   * lock only if it is free at once, and that transaction's settings left as they are (its commit
   * stays durable). Null when the lock is taken (nothing waited for it), or where the dialect has no
   * such claim (H2).
   */
  ClaimStart tryStartClaimInside(Connection c, Map<String, List<Read>> reads) throws SQLException {
    return null;
  }

  /**
   * Waits until no transaction holds the claim lock, without keeping it (it holds no lock after):
   * a transaction that claimed inside an enqueue ({@link #tryStartClaimInside}) has then committed
   * or rolled back. H2 has no such claim: nothing to wait for.
   */
  void awaitClaimers(Connection c) throws SQLException {
    // H2: nothing to wait for
  }

  /**
   * What a claim inside the enqueuing transaction adds to its {@code UPDATE}: only the rows that
   * transaction wrote itself (inserted, or updated: made pending), whose versions no other
   * transaction can see or lock, so the update never waits for another's row lock. A row of
   * another's in the plan makes the update's count differ: the claim then fails and is undone.
   */
  String ownRowsOnly() {
    throw new UnsupportedOperationException("no claim inside another transaction on " + getClass().getSimpleName());
  }

  static List<ChannelState.Running> running(ResultSet rs) throws SQLException {
    List<ChannelState.Running> out = new ArrayList<>();
    while (rs.next()) {
      out.add(new ChannelState.Running(rs.getString(1), rs.getString(2)));
    }
    return out;
  }

  /**
   * Begins a short bookkeeping transaction that commits without waiting for the disk, its idle
   * time bounded ({@link QueueDialect#SHORT_TRANSACTION_IDLE_BOUND}); PostgreSQL, in one statement.
   */
  void shortAsyncTransaction(Connection c) throws SQLException {
    // H2: nothing to do
  }

  /**
   * Bounds the idle time of the current bookkeeping transaction, as the store's dialect does it
   * ({@link QueueDialect#boundIdleTime}); {@link #now} does it too, in its statement.
   */
  void boundIdleTime(Connection c) throws SQLException {
    store.boundIdleTime(c);
  }

  /**
   * Wakes the other runners when this transaction commits (PostgreSQL: {@code NOTIFY}). Job rows
   * notify by themselves when they become pending; freed capacity does not, since the runner that
   * freed it claims again for its idle worker. A stopping runner does not, so its workers call
   * this with their last done states.
   */
  void notifyRunners(Connection c) throws SQLException {
    // H2: one runner per database, woken in-process
  }

  /** The write that records the last start of a throttled channel. */
  abstract Write channelStateWrite(String channel, Instant at);

  /**
   * A write of a claim: SQL, its parameters, and how many rows it must change (-1: any number).
   * A claim's rows are locked by its transaction, so a count that differs is a bug.
   */
  record Write(String sql, List<Object> params, int expectedRows) {}

  /** Applies a claim's writes in its transaction, one statement after the other. */
  void applyWrites(Connection c, List<Write> writes) throws SQLException {
    for (Write w : writes) {
      try (PreparedStatement ps = c.prepareStatement(w.sql())) {
        bind(ps, 1, w.params());
        check(w, ps.executeUpdate());
      }
    }
  }

  /**
   * Locks a batch's rows by id, whatever their state, and returns them as locked, in no
   * particular order. A batch is handed over before its claim commits (PostgreSQL), so this may
   * wait for that commit: a condition on the state would be judged on the rows as they were
   * before the claim, without waiting. The caller checks the rows it gets.
   */
  List<JobRecord> lockBatch(Connection c, List<Long> ids) throws SQLException {
    return lockBatch(c, ids, false);
  }

  /**
   * {@link #lockBatch(Connection, List)}, first waiting, when {@code afterClaimers}, until no
   * transaction holds the claim lock ({@link #awaitClaimers}): for a batch claimed inside its
   * enqueue's transaction, whose rows no other transaction sees before that commit. PostgreSQL
   * sends the wait and the lock in one round trip; the lock's statement takes its snapshot after
   * the wait, so it sees that commit.
   */
  List<JobRecord> lockBatch(Connection c, List<Long> ids, boolean afterClaimers) throws SQLException {
    if (afterClaimers) {
      awaitClaimers(c);
    }
    List<JobRecord> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT " + JobRecord.COLUMNS + " FROM queue_job WHERE id IN ("
        + placeholders(ids.size()) + ") FOR UPDATE")) {
      bind(ps, 1, new ArrayList<>(ids));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(JobRecord.from(rs));
        }
      }
    }
    return rows;
  }

  /**
   * Shows a lone job as started by {@code unit}. The claim may still be committing: the condition
   * holds for the row as it was before the claim too, so that the update waits for the claim's
   * commit; the CASEs then look at the row as the claim left it.
   */
  void markStarted(Connection c, String unit, long id, Instant at) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE queue_job"
        + " SET state = CASE WHEN state = 'enqueued' AND worker_id = ? THEN 'started' ELSE state END,"
        + " date_started = CASE WHEN state = 'enqueued' AND worker_id = ? THEN ? ELSE date_started END"
        + " WHERE id = ? AND state IN ('pending', 'enqueued')")) {
      ps.setString(1, unit);
      ps.setString(2, unit);
      ps.setObject(3, ts(at));
      ps.setLong(4, id);
      ps.executeUpdate();
    }
  }

  /**
   * Locks the rows {@code ids} by id, whatever their state, before a unit's jobs are judged and
   * changed in a <em>new</em> statement ({@link #handBack}, {@code Leases.requeueBatch}).
   *
   * <p>The claim that gave the unit these jobs may not have committed yet: batches are handed to
   * the workers before their claim commits (PostgreSQL), and a batch's transaction can fail (its
   * session killed) before that commit lands. Locking by id waits for that commit; the statement
   * that follows, in READ COMMITTED, then sees the rows as the claim left them. A condition on the
   * state in one statement ({@code UPDATE ... WHERE state = 'enqueued' AND worker_id = ?}, or a
   * {@code SELECT ... FOR UPDATE SKIP LOCKED}) would judge the rows as they were before the claim,
   * still pending, or skip the rows the claim holds, and find nothing without waiting: the claim's
   * commit would then leave the jobs claimed by a live unit that no longer holds them, run by
   * nobody until the runner stops.
   */
  void lockById(Connection c, List<Long> ids) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM queue_job WHERE id IN ("
        + placeholders(ids.size()) + ") FOR UPDATE")) {
      bind(ps, 1, new ArrayList<>(ids));
      ps.executeQuery().close();
    }
  }

  /**
   * Puts jobs {@code unit} claimed but did not start back to {@code pending}: no try counted, eta
   * unchanged, {@code worker_id} and {@code date_enqueued} cleared; returns how many went back.
   * They are claimable once the transaction commits (its commit notifies the runners on
   * PostgreSQL). The rows are locked by id first ({@link #lockById}: the claim may still be
   * committing), then updated where still claimed by the unit.
   */
  int handBack(Connection c, String unit, List<Long> ids) throws SQLException {
    if (ids.isEmpty()) {
      return 0;
    }
    lockById(c, ids);
    // a new statement: in READ COMMITTED it sees the claim committed while the lock above waited
    try (PreparedStatement ps = c.prepareStatement("UPDATE queue_job SET state = 'pending', worker_id = NULL,"
        + " date_enqueued = NULL WHERE state = 'enqueued' AND worker_id = ? AND id IN (" + placeholders(ids.size()) + ")")) {
      ps.setString(1, unit);
      bind(ps, 2, new ArrayList<>(ids));
      return ps.executeUpdate();
    }
  }

  /** {@code n} JDBC parameter markers for an {@code IN (...)} list: {@code ?, ?, ?}. */
  static String placeholders(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }

  static void bind(PreparedStatement ps, int first, List<Object> params) throws SQLException {
    int p = first;
    for (Object v : params) {
      if (v instanceof String text) {
        ps.setString(p++, text);
      } else if (v instanceof Long n) {
        ps.setLong(p++, n);
      } else {
        ps.setObject(p++, v);
      }
    }
  }

  static void check(Write w, int rows) {
    if (w.expectedRows() >= 0 && rows != w.expectedRows()) {
      throw new IllegalStateException("A claim write changed " + rows + " row(s) instead of " + w.expectedRows()
          + ": " + w.sql() + " " + w.params());
    }
  }

  /**
   * A read, sent with the claim lock, of the first {@code limit} due pending jobs (with an eta
   * when {@code eta}, else without) of every channel whose name {@code c} passes
   * {@code channelFilter} (with {@code params}), in claim order, locked. Only where
   * {@link #sendsReadsWithLock()}.
   */
  Read channelsRead(String columns, String channelFilter, List<String> params, boolean eta, int limit) {
    throw new UnsupportedOperationException("This database's claims read their channels after the lock");
  }

  /** True when several runner processes can share the database. */
  abstract boolean multiProcess();

  /**
   * True when the runner listens for the {@code NOTIFY} that wakes it ({@code LISTEN queue_job},
   * PostgreSQL); on H2 every enqueuer is in the runner's process and wakes it there.
   */
  abstract boolean listens();

  /** How this database's claims go from plan to workers (see {@link ClaimStrategy}). */
  abstract ClaimStrategy claimStrategy(Transactions tx, Claimer claimer, RunnerStats stats);

  /**
   * The database sessions, other than {@code c}'s, whose open transaction still locks a job held
   * by {@code runner} (a {@code queue_job} row in {@code enqueued}/{@code started} whose
   * {@code worker_id} starts with {@code runner + "/"}) and that have not sent a statement for
   * {@code idleFor}: sessions of a runner gone silent (a network cut that closes nothing keeps
   * them open on the server). Empty where one process owns the database (H2: its sessions end
   * with it).
   */
  abstract List<Long> silentLockers(Connection c, String runner, Duration idleFor) throws SQLException;

  /**
   * Ends the session {@code pid}, rolling its transaction back; false when it was already gone.
   *
   * @throws SQLException when this database user may not end it (PostgreSQL: another user's
   *     session, without {@code pg_signal_backend})
   */
  abstract boolean endSession(Connection c, long pid) throws SQLException;

  /** A {@code LIKE ? ESCAPE '!'} pattern for the units of {@code runner}: its id, a slash, anything. */
  static String likePrefix(String runner) {
    return runner.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "/%";
  }

  static OffsetDateTime ts(Instant i) {
    return i == null ? null : i.atOffset(ZoneOffset.UTC);
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  /** PostgreSQL: a transaction-scoped advisory lock and the server's clock. */
  static final class Postgres extends RunnerSql {
    Postgres() {
      super(Dialect.POSTGRESQL);
    }

    /**
     * The bound of every bookkeeping transaction of the runner ({@link
     * QueueDialect#SHORT_TRANSACTION_IDLE_BOUND}). Those holding the claim lock (claims, reaper,
     * release) are a few milliseconds long; if the runner falls silent in one, PostgreSQL ends its
     * session after 5 s idle in that transaction, and the lock every runner's claims wait for goes
     * with it.
     */
    private static final String IDLE_BOUND = QueueDialect.SHORT_TRANSACTION_IDLE_BOUND;

    @Override
    Instant lockClaimers(Connection c) throws SQLException {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT pg_advisory_xact_lock(?), set_config('synchronous_commit', 'off', true), clock_timestamp(), "
              + IDLE_BOUND)) {
        ps.setLong(1, CLAIM_LOCK_KEY);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getObject(3, OffsetDateTime.class).toInstant();
        }
      }
    }

    @Override
    boolean sendsReadsWithLock() {
      return true;
    }

    /**
     * One round trip: the lock, asynchronous commit, time and next eta (a hint for the timer);
     * then the running units; then the channels' due reads. The driver sends the statements at
     * once; each runs once the one before returned, that is with the lock held, and in READ
     * COMMITTED takes its own snapshot then: it sees every claim committed before the lock was
     * granted.
     */
    @Override
    ClaimStart startClaim(Connection c, Map<String, List<Read>> reads) throws SQLException {
      return startClaim(c, reads, "SELECT pg_advisory_xact_lock(?), set_config('synchronous_commit', 'off', true),"
          + " set_config('enable_bitmapscan', 'off', true), clock_timestamp(), " + ETA_HINTS + ", " + IDLE_BOUND);
    }

    /**
     * The same round trip with {@code pg_try_advisory_xact_lock}, and no {@code set_config}: the
     * transaction is the application's, its commit durable. The reads run whether the lock was
     * granted or not (they wait for nothing); null when it was not. Nor is it tried in a
     * transaction above READ COMMITTED: the reads there would see the snapshot of its start, not
     * the claims committed since, and capacities would not hold.
     */
    @Override
    ClaimStart tryStartClaimInside(Connection c, Map<String, List<Read>> reads) throws SQLException {
      return startClaim(c, reads, "SELECT CASE WHEN current_setting('transaction_isolation') = 'read committed'"
          + " THEN pg_try_advisory_xact_lock(?) ELSE false END, NULL, NULL, clock_timestamp(), " + ETA_HINTS);
    }

    /** Waits for the claim lock's holder in shared mode (claimers queued before still go first), then lets go. */
    private static final String AWAIT_CLAIMERS = "SELECT pg_advisory_lock_shared(?); SELECT pg_advisory_unlock_shared(?)";

    @Override
    void awaitClaimers(Connection c) throws SQLException {
      try (PreparedStatement ps = c.prepareStatement(AWAIT_CLAIMERS)) {
        ps.setLong(1, CLAIM_LOCK_KEY);
        ps.setLong(2, CLAIM_LOCK_KEY);
        ps.execute();
      }
    }

    @Override
    List<JobRecord> lockBatch(Connection c, List<Long> ids, boolean afterClaimers) throws SQLException {
      if (!afterClaimers) {
        return super.lockBatch(c, ids, false);
      }
      try (PreparedStatement ps = c.prepareStatement(AWAIT_CLAIMERS + "; SELECT " + JobRecord.COLUMNS
          + " FROM queue_job WHERE id IN (" + placeholders(ids.size()) + ") FOR UPDATE")) {
        ps.setLong(1, CLAIM_LOCK_KEY);
        ps.setLong(2, CLAIM_LOCK_KEY);
        bind(ps, 3, new ArrayList<>(ids));
        ps.execute();
        next(ps); // the unlock
        List<JobRecord> rows = new ArrayList<>();
        try (ResultSet rs = next(ps)) {
          while (rs.next()) {
            rows.add(JobRecord.from(rs));
          }
        }
        return rows;
      }
    }

    @Override
    String ownRowsOnly() {
      return " AND xmin = pg_current_xact_id()::xid";
    }

    /** The next future eta and whether any pending job has one (columns 5 and 6 of the claim's first statement). */
    private static final String ETA_HINTS =
        "(SELECT MIN(eta) FROM queue_job WHERE state = 'pending' AND eta IS NOT NULL AND eta > clock_timestamp()),"
            + " EXISTS (SELECT 1 FROM queue_job WHERE state = 'pending' AND eta IS NOT NULL)";

    /**
     * {@code head}: the lock (column 1; false when not granted), two settings (2, 3), the time (4)
     * and the eta hints (5, 6); then the running units and the channels' due reads.
     */
    private ClaimStart startClaim(Connection c, Map<String, List<Read>> reads, String head) throws SQLException {
      StringBuilder text = new StringBuilder(head).append("; ").append(RUNNING);
      List<String> channels = new ArrayList<>(reads.keySet());
      for (String channel : channels) {
        for (Read r : reads.get(channel)) {
          text.append("; ").append(r.sql());
        }
      }
      try (PreparedStatement ps = c.prepareStatement(text.toString())) {
        ps.setLong(1, CLAIM_LOCK_KEY);
        int p = 2;
        for (String channel : channels) {
          for (Read r : reads.get(channel)) {
            for (String value : r.params()) {
              ps.setString(p++, value);
            }
          }
        }
        if (!ps.execute()) {
          throw new SQLException("The claim's first statement returned no rows");
        }
        Instant now;
        OffsetDateTime eta;
        boolean anyEta;
        boolean locked;
        try (ResultSet rs = ps.getResultSet()) {
          rs.next();
          locked = !Boolean.FALSE.equals(rs.getObject(1)); // pg_advisory_xact_lock returns void
          now = rs.getObject(4, OffsetDateTime.class).toInstant();
          eta = rs.getObject(5, OffsetDateTime.class);
          anyEta = rs.getBoolean(6);
        }
        List<ChannelState.Running> running = running(next(ps));
        Map<String, List<Candidate>> due = new HashMap<>();
        for (String channel : channels) {
          List<Candidate> found = new ArrayList<>();
          for (int i = 0; i < reads.get(channel).size(); i++) {
            ResultSet rs = next(ps);
            while (rs.next()) {
              found.add(Claimer.candidate(rs));
            }
          }
          due.put(channel, found);
        }
        if (!locked) {
          return null;
        }
        return new ClaimStart(now, eta == null ? null : eta.toInstant(), true, anyEta, running, due);
      }
    }

    private static ResultSet next(PreparedStatement ps) throws SQLException {
      if (!ps.getMoreResults()) {
        throw new SQLException("A statement of the claim's first round trip returned no rows");
      }
      return ps.getResultSet();
    }

    @Override
    Instant now(Connection c) throws SQLException {
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT clock_timestamp(), " + IDLE_BOUND)) {
        rs.next();
        return rs.getObject(1, OffsetDateTime.class).toInstant();
      }
    }

    @Override
    Write channelStateWrite(String channel, Instant at) {
      return new Write("INSERT INTO queue_channel_state (channel, last_start_at) VALUES (?, ?)"
          + " ON CONFLICT (channel) DO UPDATE SET last_start_at = EXCLUDED.last_start_at", List.of(channel, ts(at)), 1);
    }

    /** Several writes go in one round trip (the driver sends the statements at once). */
    @Override
    void applyWrites(Connection c, List<Write> writes) throws SQLException {
      if (writes.size() < 2) {
        super.applyWrites(c, writes);
        return;
      }
      try (PreparedStatement ps = c.prepareStatement(joined(writes, ""))) {
        bindAll(ps, writes, List.of());
        ps.execute();
        checkCounts(ps, writes);
      }
    }

    /**
     * Applies the claim's writes, commits the claim, and begins a new transaction on the same
     * connection that locks the rows {@code ids}: {@code writes; COMMIT; BEGIN; SELECT ... FOR
     * UPDATE}, sent at once, one round trip (see {@link PipelinedClaim}). The connection is left
     * in that new transaction; the rows are returned as locked, in no particular order. The commit is
     * asynchronous like the claim's (set when it took the lock); the new transaction is a durable
     * one again. If a write fails, PostgreSQL skips the rest up to the end of the round trip:
     * nothing is committed, and the exception leaves the claim's transaction to roll back.
     */
    List<JobRecord> commitAndLock(Connection c, List<Write> writes, List<Long> ids) throws SQLException {
      String lock = "; COMMIT; BEGIN; SELECT " + JobRecord.COLUMNS + " FROM queue_job WHERE id IN ("
          + placeholders(ids.size()) + ") FOR UPDATE";
      try (PreparedStatement ps = c.prepareStatement(joined(writes, lock))) {
        bindAll(ps, writes, ids);
        ps.execute();
        checkCounts(ps, writes);
        // then COMMIT and BEGIN (update counts), then the locked rows
        while (true) {
          if (ps.getMoreResults()) {
            List<JobRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.getResultSet()) {
              while (rs.next()) {
                out.add(JobRecord.from(rs));
              }
            }
            return out;
          }
          if (ps.getUpdateCount() == -1) {
            throw new SQLException("The claim's commit round trip ended without the locked rows");
          }
        }
      }
    }

    private static String joined(List<Write> writes, String tail) {
      StringBuilder text = new StringBuilder();
      for (Write w : writes) {
        text.append(text.length() == 0 ? "" : "; ").append(w.sql());
      }
      String t = tail;
      if (text.length() == 0 && t.startsWith("; ")) {
        t = t.substring(2);
      }
      return text.append(t).toString();
    }

    private static void bindAll(PreparedStatement ps, List<Write> writes, List<Long> tail) throws SQLException {
      int p = 1;
      for (Write w : writes) {
        bind(ps, p, w.params());
        p += w.params().size();
      }
      for (Long id : tail) {
        ps.setLong(p++, id);
      }
    }

    /** Checks the update counts of the writes, the first results of {@code ps} after execute(). */
    private static void checkCounts(PreparedStatement ps, List<Write> writes) throws SQLException {
      for (int i = 0; i < writes.size(); i++) {
        if (i > 0 && ps.getMoreResults()) {
          throw new SQLException("A claim write returned rows: " + writes.get(i).sql());
        }
        check(writes.get(i), ps.getUpdateCount());
      }
    }

    @Override
    void notifyRunners(Connection c) throws SQLException {
      try (Statement s = c.createStatement()) {
        s.execute("NOTIFY queue_job");
      }
    }

    @Override
    void shortAsyncTransaction(Connection c) throws SQLException {
      try (Statement s = c.createStatement()) {
        s.execute("SELECT set_config('synchronous_commit', 'off', true), " + IDLE_BOUND);
      }
    }

    /**
     * The channels with pending jobs, found one index probe each (a skip scan of the per-channel
     * index: the next name after the last one), filtered, then each channel's first
     * {@code limit} jobs through the same index in claim order, merged. It costs a few probes per
     * channel whatever the backlog; a filter on the channel name over the pending jobs in claim
     * order would read every pending job of the channels filtered out (a deep backlog in a
     * sub-channel made each of the root's claims walk all of it).
     */
    @Override
    Read channelsRead(String columns, String channelFilter, List<String> params, boolean eta, int limit) {
      String pending = "state = 'pending' AND eta IS " + (eta ? "NOT NULL" : "NULL");
      String due = pending + (eta ? " AND eta <= clock_timestamp()" : "");
      String sql = "WITH RECURSIVE ch(c) AS ("
          + "(SELECT channel FROM queue_job WHERE " + pending + " ORDER BY channel LIMIT 1)"
          + " UNION ALL SELECT (SELECT channel FROM queue_job WHERE " + pending + " AND channel > ch.c"
          + " ORDER BY channel LIMIT 1) FROM ch WHERE ch.c IS NOT NULL)"
          + " SELECT j.* FROM ch CROSS JOIN LATERAL (SELECT " + columns + " FROM queue_job WHERE " + due
          + " AND channel = ch.c ORDER BY priority, date_created, id LIMIT " + limit + " FOR UPDATE SKIP LOCKED) j"
          + " WHERE ch.c IS NOT NULL AND " + channelFilter
          + " ORDER BY j.priority, j.date_created, j.id LIMIT " + limit;
      return new Read(sql, params);
    }

    @Override
    boolean multiProcess() {
      return true;
    }

    @Override
    boolean listens() {
      return true;
    }

    /**
     * A row lock taken by a transaction leaves that transaction's id in the row's {@code xmax};
     * the transaction's own lock on its id names its backend in {@code pg_locks} (a lock taken in
     * a savepoint names the subtransaction's id, which holds such a lock too). A row locked by
     * several transactions at once carries a multixact id instead and is not matched.
     */
    @Override
    List<Long> silentLockers(Connection c, String runner, Duration idleFor) throws SQLException {
      List<Long> pids = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT l.pid FROM queue_job j"
          + " JOIN pg_locks l ON l.locktype = 'transactionid' AND l.transactionid = j.xmax AND l.granted"
          + " JOIN pg_stat_activity a ON a.pid = l.pid"
          + " WHERE j.state IN ('enqueued', 'started') AND j.worker_id LIKE ? ESCAPE '!'"
          + " AND l.pid <> pg_backend_pid() AND a.state_change < clock_timestamp() - make_interval(secs => ?)")) {
        ps.setString(1, likePrefix(runner));
        ps.setDouble(2, idleFor.toMillis() / 1000.0);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            pids.add(rs.getLong(1));
          }
        }
      }
      return pids;
    }

    @Override
    boolean endSession(Connection c, long pid) throws SQLException {
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(?), " + IDLE_BOUND)) {
        ps.setInt(1, (int) pid);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() && rs.getBoolean(1);
        }
      }
    }

    /** {@link PipelinedClaim}: the batches are handed over before the claim's commit. */
    @Override
    ClaimStrategy claimStrategy(Transactions tx, Claimer claimer, RunnerStats stats) {
      return new PipelinedClaim(this, tx, claimer, stats);
    }
  }

  /**
   * H2: one runner process per database (checked at start); its dispatcher and reaper take turns
   * on an in-process lock.
   */
  static final class H2 extends RunnerSql {
    H2() {
      super(Dialect.H2);
    }

    @Override
    Instant lockClaimers(Connection c) {
      // Only one runner process may use an H2 database; inside it, the claimer and the reaper
      // already take turns on the runner's own lock.
      return Instant.now();
    }

    @Override
    Instant now(Connection c) {
      return Instant.now();
    }

    @Override
    Write channelStateWrite(String channel, Instant at) {
      return new Write("MERGE INTO queue_channel_state (channel, last_start_at) KEY (channel) VALUES (?, ?)",
          List.of(channel, ts(at)), 1);
    }

    @Override
    boolean multiProcess() {
      return false;
    }

    @Override
    boolean listens() {
      return false;
    }

    @Override
    List<Long> silentLockers(Connection c, String runner, Duration idleFor) {
      return List.of();
    }

    @Override
    boolean endSession(Connection c, long pid) {
      throw new UnsupportedOperationException("H2 has no sessions of other runner processes to end");
    }

    /** {@link CommitThenHandOver}: H2 commits in-process at once. */
    @Override
    ClaimStrategy claimStrategy(Transactions tx, Claimer claimer, RunnerStats stats) {
      return new CommitThenHandOver(this, tx, claimer);
    }
  }
}
