package com.awkhad.connector.queue.store;

import com.awkhad.connector.base.db.Dialect;
import com.awkhad.connector.base.jdbc.Jdbc;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * What the job store does differently on H2 and on PostgreSQL, in one place: the store's SQL is
 * otherwise portable ({@link JobStore}). Chosen once from the database's {@link Dialect}
 * ({@code QueueDialect.of(env.database().dialect())}); nothing else in the store asks which
 * database it runs on. (The runner's claim SQL per dialect is in {@code runner/RunnerSql}.)
 *
 * <ul>
 *   <li>PostgreSQL: several new jobs in one {@code COPY}, the done states of a batch in one
 *       {@code UPDATE ... FROM unnest(...)}, an explicit {@code NOTIFY queue_job} for jobs that
 *       became due without a state change, and runners in other processes to wake;
 *   <li>H2: multi-row {@code INSERT}s, a JDBC batch of updates, and no other process (H2 allows
 *       one runner process, woken in-process).
 * </ul>
 */
public abstract sealed class QueueDialect permits QueueDialect.H2, QueueDialect.Postgres {

  /** The store's dialect for {@code dialect}. */
  public static QueueDialect of(Dialect dialect) {
    return dialect == Dialect.POSTGRESQL ? new Postgres() : new H2();
  }

  /** The database's dialect this object speaks. */
  public abstract Dialect dialect();

  /**
   * Whether runners of other processes may claim this database's jobs, so that an enqueuing
   * process has them to wake (wake hints, {@code NOTIFY}); false on H2, whose runner is in-process.
   */
  public abstract boolean sharesJobsWithOtherProcesses();

  /** Stores {@code jobs} (none with an identity key) in as few round trips as the database allows. */
  abstract void insertAll(Connection c, List<NewJob> jobs) throws SQLException;

  /**
   * Stores {@code job}, which has an identity key, unless an open job (waiting, pending or
   * enqueued) already has that key: true when it was stored, false when such a job exists (or
   * another transaction stored one meanwhile; the caller reads it). Never throws for the key's
   * unique index, and leaves the caller's transaction usable either way.
   */
  abstract boolean insertUnlessKeyOpen(Connection c, NewJob job) throws SQLException;

  /**
   * Stores {@code jobs}, each with an identity key, as {@link #insertUnlessKeyOpen} does one by
   * one, in list order (a job whose key an earlier one of the list took is not stored); returns
   * the uuids of those stored. Here one statement per job; PostgreSQL sends one per 128 jobs.
   */
  java.util.Set<String> insertAllUnlessKeyOpen(Connection c, List<NewJob> jobs) throws SQLException {
    java.util.Set<String> stored = new java.util.HashSet<>();
    for (NewJob j : jobs) {
      if (insertUnlessKeyOpen(c, j)) {
        stored.add(j.uuid());
      }
    }
    return stored;
  }

  /** Same contract as {@link JobStore#markDoneAll}: writes the done states, returns the uuids not written. */
  abstract List<String> markDoneAll(Connection c, List<JobStore.DoneState> states) throws SQLException;

  /** Wakes the other processes' runners when the transaction commits (nothing where there are none). */
  abstract void notifyRunners(Connection c) throws SQLException;

  /**
   * PostgreSQL's bound on a runner's own bookkeeping transaction (a heartbeat, a claim, a
   * recurring tick), as a {@code SELECT} item: the server ends the session if it sits idle in that
   * transaction for 5 s. Such transactions last milliseconds; when the runner falls silent in one
   * (a network cut that closes nothing, a frozen process), the server would otherwise keep it open,
   * with its locks and its snapshot (which holds back vacuum), until TCP keepalive notices, about 2
   * hours with stock settings. Set for that transaction only ({@code set_config(..., true)}); job
   * transactions, which may wait on HTTP calls, keep the server's setting, and a silent runner's
   * are ended by the other runners' reapers instead (docs/runner.md).
   */
  public static final String SHORT_TRANSACTION_IDLE_BOUND = "set_config('idle_in_transaction_session_timeout', '5s', true)";

  /**
   * Bounds the current transaction's idle time as {@link #SHORT_TRANSACTION_IDLE_BOUND} says
   * (PostgreSQL; H2 has no other process to outlive its runner). For bookkeeping transactions only,
   * never for one that runs a job. One statement: fold the bound into the transaction's first
   * statement instead where a hot path pays for the round trip.
   */
  public abstract void boundIdleTime(Connection c) throws SQLException;

  static final class H2 extends QueueDialect {
    @Override
    public Dialect dialect() {
      return Dialect.H2;
    }

    @Override
    public boolean sharesJobsWithOtherProcesses() {
      return false;
    }

    @Override
    void insertAll(Connection c, List<NewJob> jobs) throws SQLException {
      JobStore.insertRows(c, jobs);
    }

    /** Behind a savepoint: a unique violation rolls the insert back and the transaction goes on. */
    @Override
    boolean insertUnlessKeyOpen(Connection c, NewJob job) throws SQLException {
      java.sql.Savepoint sp = c.setSavepoint();
      try {
        JobStore.insertRow(c, job, "");
        c.releaseSavepoint(sp);
        return true;
      } catch (SQLException e) {
        c.rollback(sp);
        if (!Jdbc.isUniqueViolation(e)) {
          throw e;
        }
        return false;
      }
    }

    @Override
    List<String> markDoneAll(Connection c, List<JobStore.DoneState> states) throws SQLException {
      return JobStore.markDoneBatch(c, states);
    }

    @Override
    void notifyRunners(Connection c) {
      // one process: the in-process enqueue listener wakes its runner
    }

    @Override
    public void boundIdleTime(Connection c) {
      // one process: a silent runner's transactions end with it
    }
  }

  static final class Postgres extends QueueDialect {
    /**
     * One {@code COPY} in text format instead of multi-row {@code INSERT}s: the server skips
     * parsing and binding thousands of parameters, which is most of the cost of a batched
     * enqueue; rows, triggers and constraints are the same as an {@code INSERT}'s, inside the
     * caller's transaction.
     */
    private static final String COPY = "COPY queue_job (uuid, graph_uuid, description, func_name, target_class,"
        + " method_name, args, state, priority, eta, retry, max_retries, channel, identity_key, date_created,"
        + " backend_id, context, batch_id) FROM STDIN";
    private static final int FLUSH_CHARS = 64 * 1024;
    /**
     * One {@code UPDATE ... FROM unnest(...)} whose arrays carry every job's values, instead of
     * one statement per job. Its text is the same whatever the batch size, so the server plans it
     * once per connection.
     */
    private static final String MARK_DONE_ALL = "UPDATE queue_job q SET state = 'done', result = v.result,"
        + " retry = v.retry, date_started = COALESCE(q.date_started, v.started), date_done = v.done,"
        + " exec_time = v.exec, exc_name = NULL, exc_message = NULL, exc_info = NULL"
        + " FROM unnest(?::varchar[], ?::text[], ?::int[], ?::timestamptz[], ?::timestamptz[], ?::float8[])"
        + " AS v(uuid, result, retry, started, done, exec)"
        + " WHERE q.uuid = v.uuid COLLATE \"C\" AND q." + JobStore.RUNNING + " RETURNING q.uuid";

    @Override
    public Dialect dialect() {
      return Dialect.POSTGRESQL;
    }

    @Override
    public boolean sharesJobsWithOtherProcesses() {
      return true;
    }

    /**
     * One statement: {@code INSERT ... ON CONFLICT DO NOTHING} on the open keys' unique index. A
     * transaction still storing the same key makes it wait for that one's end, as a plain insert
     * would, but without a unique violation to roll back: no savepoint, no look-up first (one
     * round trip for a new job instead of four: a listing's per-record jobs each have a key).
     */
    @Override
    boolean insertUnlessKeyOpen(Connection c, NewJob job) throws SQLException {
      return JobStore.insertRow(c, job, OPEN_KEY_TAKEN) == 1;
    }

    /**
     * Multi-row {@code INSERT ... ON CONFLICT DO NOTHING RETURNING uuid}s of 128 rows: a row whose
     * key an open job holds, or an earlier row of the same statement took, is skipped.
     */
    @Override
    java.util.Set<String> insertAllUnlessKeyOpen(Connection c, List<NewJob> jobs) throws SQLException {
      return new java.util.HashSet<>(JobStore.insertRowsReturningUuids(c, jobs, OPEN_KEY_TAKEN));
    }

    /** The open identity keys' unique index decides: a row whose key is taken is not stored. */
    private static final String OPEN_KEY_TAKEN = " ON CONFLICT (open_identity_key) WHERE open_identity_key IS NOT NULL DO NOTHING";

    @Override
    void insertAll(Connection c, List<NewJob> jobs) throws SQLException {
      if (jobs.size() <= 1) {
        JobStore.insertRows(c, jobs);
        return;
      }
      CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
      try {
        StringBuilder out = new StringBuilder(Math.min(FLUSH_CHARS * 2, 256 * jobs.size()));
        for (NewJob j : jobs) {
          field(out, j.uuid()).append('\t');
          field(out, j.graphUuid()).append('\t');
          field(out, j.description()).append('\t');
          field(out, j.funcName()).append('\t');
          field(out, j.targetClass()).append('\t');
          field(out, j.methodName()).append('\t');
          field(out, j.args()).append('\t');
          field(out, j.state().dbValue()).append('\t');
          out.append(j.priority()).append('\t');
          field(out, Sql.timestampText(j.eta())).append('\t');
          out.append("0\t");
          out.append(j.maxRetries()).append('\t');
          field(out, j.channel()).append('\t');
          field(out, j.identityKey()).append('\t');
          field(out, Sql.timestampText(j.dateCreated())).append('\t');
          field(out, j.backendId() == null ? null : j.backendId().toString()).append('\t');
          field(out, j.context()).append('\t');
          field(out, j.batchId() == null ? null : j.batchId().toString()).append('\n');
          if (out.length() >= FLUSH_CHARS) {
            write(copy, out);
          }
        }
        write(copy, out);
        copy.endCopy();
      } finally {
        if (copy.isActive()) {
          copy.cancelCopy(); // an error above: the caller's transaction fails with it
        }
      }
    }

    private static void write(CopyIn copy, StringBuilder out) throws SQLException {
      if (out.length() > 0) {
        byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        out.setLength(0);
      }
    }

    /** A text-format field: {@code \N} for null; backslash, tab, newline and carriage return escaped. */
    static StringBuilder field(StringBuilder out, String value) {
      if (value == null) {
        return out.append("\\N");
      }
      int first = 0;
      while (first < value.length() && !needsEscape(value.charAt(first))) {
        first++;
      }
      if (first == value.length()) {
        return out.append(value); // most values have nothing to escape: one bulk copy
      }
      out.append(value, 0, first);
      for (int i = first; i < value.length(); i++) {
        char ch = value.charAt(i);
        switch (ch) {
          case '\\' -> out.append("\\\\");
          case '\t' -> out.append("\\t");
          case '\n' -> out.append("\\n");
          case '\r' -> out.append("\\r");
          default -> out.append(ch);
        }
      }
      return out;
    }

    private static boolean needsEscape(char ch) {
      return ch == '\\' || ch == '\t' || ch == '\n' || ch == '\r';
    }

    @Override
    List<String> markDoneAll(Connection c, List<JobStore.DoneState> states) throws SQLException {
      if (states.size() <= 1) {
        return JobStore.markDoneBatch(c, states);
      }
      int n = states.size();
      String[] uuids = new String[n];
      String[] results = new String[n];
      Integer[] retries = new Integer[n];
      String[] started = new String[n];
      String[] done = new String[n];
      Double[] exec = new Double[n];
      for (int i = 0; i < n; i++) {
        JobStore.DoneState d = states.get(i);
        uuids[i] = d.uuid();
        results[i] = d.result();
        retries[i] = d.retry();
        started[i] = Sql.timestampText(d.started());
        done[i] = Sql.timestampText(d.done());
        exec[i] = d.execSeconds();
      }
      Set<String> written = new HashSet<>();
      List<Array> arrays = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(MARK_DONE_ALL)) {
        ps.setArray(1, array(c, arrays, "varchar", uuids));
        ps.setArray(2, array(c, arrays, "text", results));
        ps.setArray(3, array(c, arrays, "int4", retries));
        ps.setArray(4, array(c, arrays, "text", started));
        ps.setArray(5, array(c, arrays, "text", done));
        ps.setArray(6, array(c, arrays, "float8", exec));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            written.add(rs.getString(1));
          }
        }
      } finally {
        for (Array a : arrays) {
          a.free();
        }
      }
      List<String> missed = new ArrayList<>();
      for (String uuid : uuids) {
        if (!written.contains(uuid)) {
          missed.add(uuid);
        }
      }
      return missed;
    }

    private static Array array(Connection c, List<Array> arrays, String type, Object[] values) throws SQLException {
      Array a = c.createArrayOf(type, values);
      arrays.add(a);
      return a;
    }

    @Override
    void notifyRunners(Connection c) throws SQLException {
      try (Statement s = c.createStatement()) {
        s.execute("NOTIFY queue_job"); // folded with the transaction's other notifications
      }
    }

    @Override
    public void boundIdleTime(Connection c) throws SQLException {
      try (Statement s = c.createStatement()) {
        s.execute("SELECT " + SHORT_TRANSACTION_IDLE_BOUND);
      }
    }
  }
}
