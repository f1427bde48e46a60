package com.awkhad.connector.queue.store;

import com.awkhad.connector.base.db.Dialect;
import com.awkhad.connector.base.jdbc.Jdbc;
import com.awkhad.connector.base.tx.Transactions;
import com.awkhad.connector.queue.job.JobHandle;
import com.awkhad.connector.queue.job.JobJson;
import com.awkhad.connector.queue.job.JobRecord;
import com.awkhad.connector.queue.job.JobState;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL of the job table: inserting jobs and edges, reading them, and the guarded state
 * updates of an execution. Every method works on the connection it is given, inside the
 * caller's transaction; none commits.
 *
 * <p>The SQL is portable between H2 and PostgreSQL (both in READ COMMITTED), except the bulk
 * paths and wake-ups that {@link QueueDialect} holds: the identity key's
 * uniqueness is enforced by the unique index on the generated column {@code open_identity_key},
 * and releasing the children of a graph locks them ({@code FOR UPDATE}) so that two parents
 * finishing at the same time cannot both miss the release.
 */
public final class JobStore {
  private static final Logger log = LoggerFactory.getLogger(JobStore.class);
  /**
   * The condition "enqueued or started" of the updates that find a job by uuid, spelled as "none
   * of the other states": PostgreSQL can use a partial index only for a query that implies its
   * condition, and the running jobs' index ({@code state IN ('enqueued', 'started')}, V20) looks
   * as cheap as the uuid's unique index while few jobs run, so with {@code state IN} the planner
   * took it and scanned every running job, and every dead entry left by jobs that ended, for each
   * done state: an update by uuid then cost as much as the whole running set, and more as it grew.
   */
  static final String RUNNING = "state NOT IN ('wait_dependencies', 'pending', 'done', 'cancelled', 'failed')";

  private final Transactions tx;
  private final QueueDialect dialect;
  private final Clock clock;
  private final List<EnqueueListener> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, BackendResolver> backendResolvers = new ConcurrentHashMap<>();

  /** The store of the database whose transactions are {@code tx} and dialect {@code dialect}. */
  public JobStore(Transactions tx, Dialect dialect, Clock clock) {
    this.tx = tx;
    this.dialect = QueueDialect.of(dialect);
    this.clock = clock;
  }

  /** What the store does differently on this database. */
  public QueueDialect dialect() {
    return dialect;
  }

  public Clock clock() {
    return clock;
  }

  public Instant now() {
    return clock.instant();
  }

  public void addListener(EnqueueListener listener) {
    listeners.add(listener);
  }

  public void removeListener(EnqueueListener listener) {
    listeners.remove(listener);
  }

  /** From now on, jobs of {@code type} stored here get their {@code backend_id} from {@code resolver}. */
  public void resolveBackends(Class<?> type, BackendResolver resolver) {
    backendResolvers.put(type.getName(), resolver);
  }

  /** {@code job} with its backend, when a resolver is registered for its class and it gave none. */
  private NewJob withBackend(Connection c, NewJob job) throws SQLException {
    BackendResolver r = job.backendId() == null ? backendResolvers.get(job.targetClass()) : null;
    if (r == null) {
      return job;
    }
    JsonNode args;
    try {
      args = JobJson.mapper().readTree(job.args());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Job " + job.funcName() + " has arguments that are not JSON: "
          + e.getOriginalMessage(), e);
    }
    Long id = r.backendOf(c, job.methodName(), args);
    return id == null ? job : job.withBackendId(id);
  }

  // ---------------------------------------------------------------- insert

  /**
   * Stores {@code job}. When it has an identity key and an open job (wait_dependencies, pending,
   * enqueued) already holds that key, nothing is stored and the existing job is returned: the
   * database's unique index decides, so two concurrent transactions cannot both create one (the
   * second waits for the first to commit, then gets the first's job).
   */
  public JobHandle insert(Connection c, NewJob given) throws SQLException {
    NewJob job = withBackend(c, given);
    if (job.identityKey() == null) {
      doInsert(c, job);
      afterInsert(c, job);
      return new JobHandle(job.uuid(), job.graphUuid(), false);
    }
    return insertKeyed(c, job);
  }

  /**
   * Stores many jobs, with or without identity key, in a few statements, and returns their
   * handles in order, as exact as {@link #insert}'s: a job whose key an open job holds (stored
   * before, or an earlier job of {@code given}) is not stored, and its handle is that job's, with
   * {@code existing} true. PostgreSQL: the jobs without key in one {@code COPY}, those with a key
   * in one {@code INSERT ... ON CONFLICT DO NOTHING} per 128, then a look-up per key found taken;
   * H2: one insert per keyed job. Then one call of the enqueue listeners for the pending ones.
   *
   * <pre>{@code
   * List<JobHandle> handles = env.tx().inTransaction(c -> store.insertAllKeyed(c, jobs)); // a listing's jobs, each keyed
   * }</pre>
   */
  public List<JobHandle> insertAllKeyed(Connection c, List<NewJob> given) throws SQLException {
    List<NewJob> jobs = new ArrayList<>(given.size());
    List<NewJob> plain = new ArrayList<>();
    List<NewJob> keyed = new ArrayList<>();
    for (NewJob g : given) {
      NewJob j = withBackend(c, g);
      jobs.add(j);
      (j.identityKey() == null ? plain : keyed).add(j);
    }
    if (!plain.isEmpty()) {
      dialect.insertAll(c, plain);
    }
    java.util.Set<String> stored = keyed.isEmpty() ? java.util.Set.of() : dialect.insertAllUnlessKeyOpen(c, keyed);
    List<JobHandle> handles = new ArrayList<>(jobs.size());
    List<String> pending = new ArrayList<>();
    for (NewJob j : jobs) {
      if (j.identityKey() == null || stored.contains(j.uuid())) {
        handles.add(new JobHandle(j.uuid(), j.graphUuid(), false));
        if (j.state() == JobState.PENDING) {
          pending.add(j.uuid());
        }
      } else {
        // its key was taken: that job's handle; stored after all if that job finished meanwhile
        Optional<JobRecord> existing = findOpenByIdentityKey(c, j.identityKey());
        handles.add(existing.isPresent() ? new JobHandle(existing.get().uuid(), existing.get().graphUuid(), true)
            : insertKeyed(c, j));
      }
    }
    firePending(c, pending);
    return handles;
  }

  /** {@link #insert} of a job with an identity key (its backend already resolved). */
  private JobHandle insertKeyed(Connection c, NewJob job) throws SQLException {
    for (int attempt = 0; attempt < 5; attempt++) {
      if (dialect.insertUnlessKeyOpen(c, job)) {
        afterInsert(c, job);
        return new JobHandle(job.uuid(), job.graphUuid(), false);
      }
      Optional<JobRecord> existing = findOpenByIdentityKey(c, job.identityKey());
      if (existing.isPresent()) {
        return new JobHandle(existing.get().uuid(), existing.get().graphUuid(), true);
      }
      // the open job with this key finished between the two statements: try again
    }
    throw new SQLException("Could not store job " + job.funcName() + " with identity key '" + job.identityKey()
        + "': jobs with this key kept appearing and finishing; try again");
  }

  private void afterInsert(Connection c, NewJob job) throws SQLException {
    if (job.state() == JobState.PENDING) {
      firePending(c, List.of(job.uuid()));
    }
  }

  /**
   * Stores many jobs without identity key in a few statements: one {@code COPY} on PostgreSQL
   * ({@link QueueDialect}), multi-row {@code INSERT}s of up to {@value #ROWS_PER_INSERT} rows each on
   * H2; then one call of the enqueue listeners for the pending ones (one {@code NOTIFY} on
   * PostgreSQL). Same transaction rules as {@link #insert}: the rows
   * commit with the caller's transaction.
   *
   * <pre>{@code
   * env.tx().run(c -> store.insertAll(c, List.of(job1, job2, job3)));
   * }</pre>
   *
   * @throws IllegalArgumentException when a job has an identity key (store it with {@link #insert},
   *     whose lookup and unique index keep the key unique)
   */
  public List<JobHandle> insertAll(Connection c, List<NewJob> given) throws SQLException {
    for (NewJob j : given) {
      if (j.identityKey() != null) {
        throw new IllegalArgumentException("Job " + j.funcName() + " has identity key '" + j.identityKey()
            + "': store jobs with an identity key one by one with insert(), which deduplicates them");
      }
    }
    return insertAllKeyed(c, given); // without keys: one COPY (or multi-row inserts), then the listeners
  }

  /** The portable path of {@link #insertAll}: multi-row {@code INSERT}s. */
  static void insertRows(Connection c, List<NewJob> jobs) throws SQLException {
    for (int from = 0; from < jobs.size(); from += ROWS_PER_INSERT) {
      List<NewJob> chunk = jobs.subList(from, Math.min(jobs.size(), from + ROWS_PER_INSERT));
      try (PreparedStatement ps = c.prepareStatement(multiRowInsert(chunk.size()))) {
        int p = 0;
        for (NewJob j : chunk) {
          p = bindRow(ps, p, j);
        }
        ps.executeUpdate();
      }
    }
  }

  /**
   * Multi-row {@code INSERT}s of {@code jobs} with {@code suffix} (a dialect's conflict clause)
   * and {@code RETURNING uuid} (PostgreSQL): the uuids of the rows stored.
   */
  static List<String> insertRowsReturningUuids(Connection c, List<NewJob> jobs, String suffix) throws SQLException {
    List<String> stored = new ArrayList<>(jobs.size());
    for (int from = 0; from < jobs.size(); from += ROWS_PER_INSERT) {
      List<NewJob> chunk = jobs.subList(from, Math.min(jobs.size(), from + ROWS_PER_INSERT));
      try (PreparedStatement ps = c.prepareStatement(multiRowInsert(chunk.size()) + suffix + " RETURNING uuid")) {
        int p = 0;
        for (NewJob j : chunk) {
          p = bindRow(ps, p, j);
        }
        try (java.sql.ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            stored.add(rs.getString(1));
          }
        }
      }
    }
    return stored;
  }

  private static String multiRowInsert(int rows) {
    StringBuilder sql = new StringBuilder(INSERT_COLUMNS).append(" VALUES ");
    for (int i = 0; i < rows; i++) {
      sql.append(i == 0 ? INSERT_ROW : ", " + INSERT_ROW);
    }
    return sql.toString();
  }

  /** Rows per multi-row insert: 17 parameters each, far below the drivers' parameter limits. */
  static final int ROWS_PER_INSERT = 128;

  private static final String INSERT_COLUMNS = "INSERT INTO queue_job (uuid, graph_uuid, description, func_name,"
      + " target_class, method_name, args, state, priority, eta, retry, max_retries, channel, identity_key, date_created,"
      + " backend_id, context, batch_id)";
  private static final String INSERT_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)";

  private static void doInsert(Connection c, NewJob j) throws SQLException {
    insertRow(c, j, "");
  }

  /** Inserts {@code j} with {@code suffix} after its row (a dialect's conflict clause); returns the rows inserted. */
  static int insertRow(Connection c, NewJob j, String suffix) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT_COLUMNS + " VALUES " + INSERT_ROW + suffix)) {
      bindRow(ps, 0, j);
      return ps.executeUpdate();
    }
  }

  /** Binds {@code j} after parameter {@code offset}; returns the last parameter index bound. */
  private static int bindRow(PreparedStatement ps, int offset, NewJob j) throws SQLException {
    Object[] values = {j.uuid(), j.graphUuid(), j.description(), j.funcName(), j.targetClass(), j.methodName(),
        j.args(), j.state().dbValue(), j.priority(), j.eta(), j.maxRetries(), j.channel(), j.identityKey(),
        j.dateCreated(), j.backendId(), j.context(), j.batchId()};
    Jdbc.bindFrom(ps, offset, values);
    return offset + values.length;
  }

  /** Records that {@code child} waits for {@code parent}. */
  public void addDependency(Connection c, String parent, String child) throws SQLException {
    Jdbc.update(c, "INSERT INTO queue_job_dependency (parent_uuid, child_uuid) VALUES (?, ?)", parent, child);
  }

  /**
   * Runs the enqueue listeners for jobs that just became pending: {@code inTransaction} now,
   * {@code beforeCommit} just before the current transaction's commit is sent, and
   * {@code afterCommit} once it committed.
   */
  public void firePending(Connection c, List<String> uuids) throws SQLException {
    if (uuids.isEmpty() || listeners.isEmpty()) {
      return;
    }
    List<String> copy = List.copyOf(uuids);
    for (EnqueueListener l : listeners) {
      l.inTransaction(c, copy);
    }
    tx.beforeCommit(() -> tellEach("before the commit", l -> l.beforeCommit(copy)));
    tx.afterCommit(() -> tellEach("after the commit", l -> l.afterCommit(copy)));
  }

  /** Tells every listener; one that fails is logged and the others are still told. */
  private void tellEach(String when, java.util.function.Consumer<EnqueueListener> call) {
    for (EnqueueListener l : listeners) {
      try {
        call.accept(l);
      } catch (RuntimeException e) {
        log.warn("Enqueue listener {} failed {}", l, when, e);
      }
    }
  }

  /**
   * Wakes the runners for jobs that were already pending and became due (run-now moved their
   * eta): their state did not change, so PostgreSQL's trigger sent no {@code NOTIFY}; this sends
   * one in the transaction, then runs the enqueue listeners like {@link #firePending} (the
   * in-process runner, wake hints to the others once the transaction commits).
   */
  public void fireDue(Connection c, List<String> uuids) throws SQLException {
    if (uuids.isEmpty()) {
      return;
    }
    dialect.notifyRunners(c);
    firePending(c, uuids);
  }

  // ---------------------------------------------------------------- read

  public Optional<JobRecord> find(Connection c, String uuid) throws SQLException {
    return Jdbc.queryOne(c, SELECT + "WHERE uuid = ?", JobRecord::from, uuid);
  }

  public Optional<JobRecord> findOpenByIdentityKey(Connection c, String key) throws SQLException {
    return Jdbc.queryOne(c, SELECT + "WHERE open_identity_key = ?", JobRecord::from, key);
  }

  private static final String SELECT = "SELECT " + JobRecord.COLUMNS + " FROM queue_job ";

  /** Jobs matching {@code whereAndOrder} (SQL after {@code FROM queue_job}, with ? parameters). */
  public List<JobRecord> select(Connection c, String whereAndOrder, Object... params) throws SQLException {
    return Jdbc.queryList(c, SELECT + whereAndOrder, JobRecord::from, params);
  }

  /** The uuids of the jobs {@code uuid} waits for. */
  public List<String> parents(Connection c, String uuid) throws SQLException {
    return strings(c, "SELECT parent_uuid FROM queue_job_dependency WHERE child_uuid = ? ORDER BY parent_uuid", uuid);
  }

  /** The uuids of the jobs waiting for {@code uuid}. */
  public List<String> children(Connection c, String uuid) throws SQLException {
    return strings(c, "SELECT child_uuid FROM queue_job_dependency WHERE parent_uuid = ? ORDER BY child_uuid", uuid);
  }

  static List<String> strings(Connection c, String sql, Object... params) throws SQLException {
    return Jdbc.queryList(c, sql, rs -> rs.getString(1), params);
  }

  // ---------------------------------------------------------------- execution

  /** pending or enqueued → started. False when the job was in another state (or gone). */
  public boolean markStarted(Connection c, String uuid, String workerId) throws SQLException {
    return Jdbc.update(c, "UPDATE queue_job SET state = 'started', date_started = ?, worker_id = COALESCE(?, worker_id)"
        + " WHERE uuid = ? AND state IN ('pending', 'enqueued')", now(), workerId, uuid) == 1;
  }

  /**
   * enqueued/started → done, then releases the children whose parents are now all done.
   *
   * @return false when the job was not enqueued or started (nothing written)
   */
  public boolean markDone(Connection c, String uuid, String result, int retry, Instant started, Instant done)
      throws SQLException {
    int n;
    try (PreparedStatement ps = c.prepareStatement(MARK_DONE)) {
      bindDone(ps, new DoneState(uuid, result, retry, started, done));
      n = ps.executeUpdate();
    }
    if (n == 1) {
      releaseChildren(c, uuid);
    }
    return n == 1;
  }

  /**
   * The done state of one try: the job, its JSON result, its try count and when it ran.
   *
   * @param started null when unknown (the job's date_started is kept)
   */
  public record DoneState(String uuid, String result, int retry, Instant started, Instant done) {
    /** Seconds from start to done (0 when the start is unknown), stored as {@code exec_time}. */
    double execSeconds() {
      return started == null ? 0 : Duration.between(started, done).toNanos() / 1e9;
    }
  }

  /**
   * enqueued/started → done for many jobs of no graph, in one round trip (PostgreSQL: one
   * statement, see {@link QueueDialect}; H2: one JDBC batch): what a
   * runner writes at the end of a transaction of several jobs. Unlike {@link #markDone} it
   * releases no children, so it refuses jobs that have some only by contract: pass jobs whose
   * {@code graph_uuid} is null.
   *
   * <pre>{@code
   * store.markDoneAll(c, List.of(new DoneState(uuid, null, 1, started, Instant.now())));
   * }</pre>
   *
   * @return the uuids whose row was not enqueued or started (nothing written for them)
   */
  public List<String> markDoneAll(Connection c, List<DoneState> states) throws SQLException {
    if (states.isEmpty()) {
      return List.of();
    }
    return dialect.markDoneAll(c, states);
  }

  /** The portable path of {@link #markDoneAll}: one JDBC batch of {@code UPDATE}s. */
  static List<String> markDoneBatch(Connection c, List<DoneState> states) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(MARK_DONE)) {
      for (DoneState d : states) {
        bindDone(ps, d);
        ps.addBatch();
      }
      int[] counts = ps.executeBatch();
      List<String> missed = new ArrayList<>();
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] == 0) {
          missed.add(states.get(i).uuid());
        }
      }
      return missed;
    }
  }

  private static final String MARK_DONE = "UPDATE queue_job SET state = 'done', result = ?, retry = ?,"
      + " date_started = COALESCE(date_started, ?), date_done = ?, exec_time = ?, exc_name = NULL, exc_message = NULL,"
      + " exc_info = NULL WHERE uuid = ? AND " + RUNNING;

  private static void bindDone(PreparedStatement ps, DoneState d) throws SQLException {
    ps.setString(1, d.result());
    ps.setInt(2, d.retry());
    Jdbc.setInstant(ps, 3, d.started());
    Jdbc.setInstant(ps, 4, d.done());
    ps.setDouble(5, d.execSeconds());
    ps.setString(6, d.uuid());
  }

  /**
   * enqueued/started → pending with a new eta and try count. When another open job took this
   * job's identity key meanwhile, this one is cancelled instead (the newer job does the work).
   */
  public boolean markPostponed(Connection c, JobRecord job, Instant eta, int retry, String excName, String message,
      String trace) throws SQLException {
    String sql = "UPDATE queue_job SET state = 'pending', eta = ?, retry = ?, exc_name = ?, exc_message = ?,"
        + " exc_info = ?, date_enqueued = NULL, date_started = NULL, worker_id = NULL"
        + " WHERE uuid = ? AND " + RUNNING;
    Object[] params = {eta, retry, excName, message, trace, job.uuid()};
    if (job.identityKey() == null) {
      boolean applied = Jdbc.update(c, sql, params) == 1;
      if (applied) {
        firePending(c, List.of(job.uuid()));
      }
      return applied;
    }
    Savepoint sp = c.setSavepoint();
    try {
      boolean applied = Jdbc.update(c, sql, params) == 1;
      c.releaseSavepoint(sp);
      if (applied) {
        firePending(c, List.of(job.uuid()));
      }
      return applied;
    } catch (SQLException e) {
      c.rollback(sp);
      if (!Jdbc.isUniqueViolation(e)) {
        throw e;
      }
      String other = findOpenByIdentityKey(c, job.identityKey()).map(JobRecord::uuid).orElse("?");
      log.info("Job {} would retry but job {} with the same identity key is already waiting: cancelling {}",
          job.uuid(), other, job.uuid());
      return Jdbc.update(c, "UPDATE queue_job SET state = 'cancelled', date_cancelled = ?, retry = ?, exc_name = ?,"
          + " exc_message = ?, exc_info = ?, worker_id = NULL WHERE uuid = ? AND " + RUNNING,
          now(), retry, excName, "Superseded by job " + other + " with the same identity key; last error: " + message,
          trace, job.uuid()) == 1;
    }
  }

  /**
   * Makes the pending jobs among {@code uuids} due now (their eta becomes now; their try count is
   * untouched) and wakes the runners once the transaction commits, as for newly pending jobs: for
   * jobs that were put back to wait for something that has just happened (a backend that answers
   * again). Jobs in another state, already due, or locked by another transaction (being claimed or
   * run) are left as they are.
   *
   * <pre>{@code
   * env.tx().run(c -> queue.store().makeDueNow(c, waiting));
   * }</pre>
   *
   * @return the uuids whose eta was set
   */
  public List<String> makeDueNow(Connection c, java.util.Collection<String> uuids) throws SQLException {
    List<String> due = new ArrayList<>();
    Instant now = now();
    // SKIP LOCKED: a row another transaction holds is being claimed or run (or is a job of the
    // caller's own batch, locked by its other connection): waiting for it could wait for ourselves
    try (PreparedStatement lock = c.prepareStatement("SELECT uuid FROM queue_job WHERE uuid = ? AND state = 'pending'"
            + " AND eta > ? FOR UPDATE SKIP LOCKED");
        PreparedStatement update = c.prepareStatement("UPDATE queue_job SET eta = ? WHERE uuid = ?")) {
      for (String uuid : uuids) {
        Jdbc.bind(lock, uuid, now);
        try (ResultSet rs = lock.executeQuery()) {
          if (!rs.next()) {
            continue;
          }
        }
        Jdbc.bind(update, now, uuid);
        update.executeUpdate();
        due.add(uuid);
      }
    }
    fireDue(c, due); // no state change, so no trigger: NOTIFY explicitly, then the enqueue listeners
    return due;
  }

  /**
   * enqueued/started → failed with the exception's name, message and trace. The job keeps its
   * {@code worker_id}: the runner unit that ran its last try, for whoever looks into the failure
   * (a requeue clears it).
   */
  public boolean markFailed(Connection c, String uuid, int retry, String excName, String message, String trace)
      throws SQLException {
    return Jdbc.update(c, "UPDATE queue_job SET state = 'failed', retry = ?, exc_name = ?, exc_message = ?, exc_info = ?,"
        + " date_failed = ? WHERE uuid = ? AND " + RUNNING,
        retry, excName, message, trace, now(), uuid) == 1;
  }

  /**
   * Moves the children of {@code parentUuid} that wait only for done parents to pending. The
   * children are locked first: a parent finishing concurrently waits, then sees this one done.
   *
   * @return the released uuids
   */
  public List<String> releaseChildren(Connection c, String parentUuid) throws SQLException {
    List<String> candidates = strings(c,
        "SELECT j.uuid FROM queue_job j WHERE j.state = 'wait_dependencies' AND j.uuid IN"
            + " (SELECT child_uuid FROM queue_job_dependency WHERE parent_uuid = ?) ORDER BY j.uuid FOR UPDATE",
        parentUuid);
    List<String> released = new ArrayList<>();
    for (String child : candidates) {
      int n = Jdbc.update(c, "UPDATE queue_job SET state = 'pending' WHERE uuid = ? AND state = 'wait_dependencies'"
          + " AND NOT EXISTS (SELECT 1 FROM queue_job_dependency d JOIN queue_job p ON p.uuid = d.parent_uuid"
          + " WHERE d.child_uuid = ? AND p.state <> 'done')", child, child);
      if (n == 1) {
        released.add(child);
      }
    }
    firePending(c, released);
    return released;
  }

}
