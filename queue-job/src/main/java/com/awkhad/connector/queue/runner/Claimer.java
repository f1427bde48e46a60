package com.awkhad.connector.queue.runner;

import static com.awkhad.connector.queue.runner.RunnerSql.instant;
import static com.awkhad.connector.queue.runner.RunnerSql.ts;

import com.awkhad.connector.queue.channel.Candidate;
import com.awkhad.connector.queue.channel.ChannelConfig;
import com.awkhad.connector.queue.channel.ChannelPlanner;
import com.awkhad.connector.queue.channel.ChannelSpec;
import com.awkhad.connector.queue.channel.ChannelState;
import com.awkhad.connector.queue.channel.Plan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The claim transaction: serialize with other claimers, read the global load per channel and a
 * bounded number of due candidates per channel (locked with {@code FOR UPDATE SKIP LOCKED}), plan,
 * and mark the chosen jobs {@code enqueued} for this runner's idle worker units. Because the load
 * is read and changed under one lock shared by every runner, capacities hold across processes.
 * Memory stays bounded by (free units x batch size) whatever the backlog.
 */
final class Claimer {
  private static final String CANDIDATE_COLUMNS = "id, channel, eta, priority, date_created, target_class, method_name";

  private final RunnerSql sql;
  private final ChannelPlanner planner;
  private final ChannelConfig config;
  private final int maxBatch;
  private volatile int batchLimit; // maxBatch, or fewer when the runner's jobs are slow (limitBatch)
  private final Map<String, ChannelQueries> queries = new HashMap<>();
  private final boolean throttled;
  private final boolean sequential;

  Claimer(RunnerSql sql, ChannelPlanner planner, int maxBatch) {
    this.sql = sql;
    this.planner = planner;
    this.config = planner.config();
    this.maxBatch = maxBatch;
    this.batchLimit = maxBatch;
    for (ChannelSpec spec : config.channels()) {
      queries.put(spec.name(), new ChannelQueries(spec.name(), config.children(spec.name())));
    }
    throttled = config.channels().stream().anyMatch(s -> s.throttleSeconds() > 0);
    sequential = config.channels().stream().anyMatch(ChannelSpec::sequential);
  }

  /**
   * Claims batches of at most {@code n} jobs (between 1 and the configured batch size) from now
   * on: as many as fit the runner's batch time budget at its jobs' mean time, so that a worker
   * does not claim jobs that it would hand back.
   */
  void limitBatch(int n) {
    batchLimit = Math.max(1, Math.min(maxBatch, n));
  }

  /**
   * Jobs claimed for one worker unit, to run one after the other; {@code remote}: they are remote
   * jobs, each to run in a transaction of its own (see {@link Plan.Assignment#remote}).
   */
  record Batch(String unit, String channel, List<Long> ids, boolean remote) {
    /** A batch of local jobs. */
    Batch(String unit, String channel, List<Long> ids) {
      this(unit, channel, ids, false);
    }
  }

  /**
   * What a claim chose, when to claim again without being woken, and the writes that make the
   * choice (jobs to {@code enqueued}, throttled channels' last start): the caller applies them in
   * the claim's transaction ({@link RunnerSql#applyWrites}, or {@link RunnerSql#commitAndLock}
   * with its commit).
   */
  record Result(List<Batch> batches, Instant now, Instant wakeup, List<RunnerSql.Write> writes) {}

  /**
   * Chooses, inside the caller's new transaction, the batches for {@code askers}: this runner's
   * idle units first, then busy units that may hold their next batch. The candidates stay locked
   * by the transaction; the writes in the result are not applied yet.
   */
  Result plan(Connection c, List<ChannelPlanner.Unit> askers) throws SQLException {
    return plan(c, askers, false);
  }

  /**
   * Like {@link #plan}, inside a transaction that has just inserted jobs, not in a claim of its own
   * (the hand-off at commit, {@link Runner}): it takes the claim lock only if it is free (null
   * otherwise), and its writes claim only the rows that transaction wrote
   * ({@link RunnerSql#ownRowsOnly}); a plan that chose another's job makes them fail.
   */
  Result planInside(Connection c, List<ChannelPlanner.Unit> askers) throws SQLException {
    return plan(c, askers, true);
  }

  private Result plan(Connection c, List<ChannelPlanner.Unit> askers, boolean inside) throws SQLException {
    List<String> idleUnits = askers.stream().map(ChannelPlanner.Unit::id).toList();
    int busyCount = (int) askers.stream().filter(ChannelPlanner.Unit::busy).count();
    int idleCount = askers.size() - busyCount;
    // PostgreSQL sends the channels' due reads with the lock, in its one round trip; their
    // limits cannot use the running load (read in the same trip), so they assume the channel's
    // whole capacity is free and the surplus is dropped below (locked until this commit, unused)
    Map<String, List<RunnerSql.Read>> reads = new HashMap<>();
    if (sql.sendsReadsWithLock()) {
      for (ChannelSpec spec : config.channels()) {
        boolean startOnly = spec.sequential() || spec.throttleSeconds() > 0;
        int usable = Math.min(spec.capacity(), idleCount) + (startOnly ? 0 : busyCount);
        if (!spec.sequential() && usable > 0 && !(startOnly && idleCount == 0)) {
          reads.put(spec.name(), queries.get(spec.name()).dueReads(sql, limit(spec, usable)));
        }
      }
    }
    RunnerSql.ClaimStart start = inside ? sql.tryStartClaimInside(c, reads) : sql.startClaim(c, reads);
    if (start == null) {
      return null; // inside: the claim lock is taken
    }
    Instant now = start.now();
    List<ChannelState.Running> running = start.running() != null ? start.running() : running(c);
    Map<String, Integer> free = planner.freeUnits(running);
    Map<String, Instant> lastStarts = throttled ? lastStarts(c) : Map.of();
    Set<String> blocked = new HashSet<>();
    Map<String, List<Candidate>> candidates = new HashMap<>();
    for (ChannelSpec spec : config.channels()) {
      int room = free.get(spec.name());
      boolean startOnly = spec.sequential() || spec.throttleSeconds() > 0; // idle units only
      int usable = Math.max(0, Math.min(room, idleCount)) + (startOnly ? 0 : busyCount);
      if (usable <= 0 || (startOnly && (room <= 0 || idleCount == 0))) {
        continue;
      }
      ChannelQueries q = queries.get(spec.name());
      if (spec.sequential()) {
        if (q.hasFailed(c)) {
          blocked.add(spec.name());
        } else {
          q.sequentialHead(c).ifPresent(h -> candidates.put(spec.name(), List.of(h)));
        }
        continue;
      }
      int limit = limit(spec, usable);
      List<Candidate> prefetched = start.due().get(spec.name());
      List<Candidate> due = prefetched != null ? first(prefetched, limit) : q.due(c, now, limit, start.anyEta());
      if (!due.isEmpty()) {
        candidates.put(spec.name(), due);
      }
    }
    Plan plan = planner.plan(new ChannelState(running, candidates, lastStarts, blocked, null), now, askers, batchLimit);
    if (plan.assignments().size() < idleCount) {
      // some workers stay idle: find when the next eta falls due (a busy runner is woken by its
      // workers finishing instead)
      Instant nextEta = start.etaKnown() ? start.nextEta() : nextEta(c, now);
      if (nextEta != null && (plan.wakeup() == null || nextEta.isBefore(plan.wakeup()))) {
        plan = new Plan(plan.assignments(), nextEta);
      }
    }
    List<Batch> batches = new ArrayList<>();
    List<RunnerSql.Write> writes = new ArrayList<>();
    if (!plan.assignments().isEmpty()) {
      for (int i = 0; i < plan.assignments().size(); i++) {
        Plan.Assignment a = plan.assignments().get(i);
        List<Long> ids = a.jobs().stream().map(Candidate::id).toList();
        List<Object> params = new ArrayList<>();
        params.add(idleUnits.get(i));
        params.add(ts(now));
        params.addAll(ids);
        writes.add(new RunnerSql.Write("UPDATE queue_job SET state = 'enqueued', worker_id = ?, date_enqueued = ?"
            + " WHERE state = 'pending' AND id IN (" + RunnerSql.placeholders(ids.size()) + ")"
            + (inside ? sql.ownRowsOnly() : ""), params, ids.size()));
        batches.add(new Batch(idleUnits.get(i), a.channel(), ids, a.remote()));
      }
      for (Plan.Assignment a : plan.assignments()) {
        if (config.spec(a.channel()).orElseThrow().throttleSeconds() > 0) {
          writes.add(sql.channelStateWrite(a.channel(), now));
        }
      }
    }
    return new Result(batches, now, plan.wakeup(), writes);
  }

  /**
   * How many due candidates to read for a channel. A throttled channel starts one job per period
   * but reads two: the second tells the planner that another start is due after the throttle,
   * so that the claim sets its timer for it (with one, the next start waited for another wake-up
   * or the poll).
   */
  private int limit(ChannelSpec spec, int usable) {
    return spec.throttleSeconds() > 0 ? 2 : (int) Math.min(100_000L, (long) usable * batchLimit);
  }

  /** The first {@code limit} candidates in claim order. */
  private static List<Candidate> first(List<Candidate> candidates, int limit) {
    List<Candidate> sorted = new ArrayList<>(candidates);
    sorted.sort(Candidate.CLAIM_ORDER);
    return sorted.size() > limit ? new ArrayList<>(sorted.subList(0, limit)) : sorted;
  }

  private static List<ChannelState.Running> running(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(RunnerSql.RUNNING); ResultSet rs = ps.executeQuery()) {
      return RunnerSql.running(rs);
    }
  }

  private static Map<String, Instant> lastStarts(Connection c) throws SQLException {
    Map<String, Instant> out = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT channel, last_start_at FROM queue_channel_state");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.put(rs.getString(1), instant(rs, "last_start_at"));
      }
    }
    return out;
  }

  private static Instant nextEta(Connection c, Instant now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT MIN(eta) AS eta FROM queue_job WHERE state = 'pending' AND eta > ?")) {
      ps.setObject(1, ts(now));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return instant(rs, "eta");
      }
    }
  }

  static Candidate candidate(ResultSet rs) throws SQLException {
    return new Candidate(rs.getLong("id"), rs.getString("channel"), instant(rs, "eta"), rs.getInt("priority"),
        instant(rs, "date_created"), rs.getString("target_class"), rs.getString("method_name"));
  }

  /**
   * The SQL selecting the pending jobs that belong to one channel of the tree: the channel's own
   * name (an equality the per-channel indexes serve in claim order) and, separately, the
   * unconfigured channels below it, minus the configured sub-channels (they claim for themselves).
   */
  static final class ChannelQueries {
    final String where;
    /** The same channels' failed jobs (a sequential channel stops at one). */
    final String failedWhere;
    final List<String> params = new ArrayList<>();
    final String exactWhere;
    final String belowWhere;
    final List<String> belowParams = new ArrayList<>();
    final boolean root;

    /**
     * The channels, other than this one's own name, whose pending jobs belong to it, as a filter
     * on a channel name {@code c} ({@link #othersParams}): for the root, every channel but the
     * root and the configured sub-channels' trees; for a sub-channel, the unconfigured channels
     * below it.
     */
    final String othersFilter;
    final List<String> othersParams = new ArrayList<>();

    ChannelQueries(String channel, List<String> children) {
      root = channel.equals(ChannelConfig.ROOT);
      String excluded = excluding("channel", children.size());
      String excludedC = excluding("c", children.size());
      List<String> excludedParams = new ArrayList<>();
      for (String child : children) {
        excludedParams.add(child);
        excludedParams.add(like(child));
      }
      if (root) {
        othersFilter = "c <> ?" + excludedC;
        othersParams.add(channel);
      } else {
        othersFilter = "c LIKE ? ESCAPE '!'" + excludedC;
        othersParams.add(like(channel));
      }
      othersParams.addAll(excludedParams);
      StringBuilder w = new StringBuilder();
      if (!root) {
        w.append(" AND (channel = ? OR channel LIKE ? ESCAPE '!')");
        params.add(channel);
        params.add(like(channel));
      }
      w.append(excluded);
      params.addAll(excludedParams);
      where = "state = 'pending'" + w;
      failedWhere = "state = 'failed'" + w;
      exactWhere = "state = 'pending' AND channel = ?";
      belowWhere = "state = 'pending' AND channel LIKE ? ESCAPE '!'" + excluded;
      belowParams.add(like(channel));
      belowParams.addAll(excludedParams);
    }

    /** "Not in any of {@code n} sub-channels' trees" on {@code column}, bound with each child's name and {@link #like}. */
    private static String excluding(String column, int n) {
      return (" AND " + column + " <> ? AND " + column + " NOT LIKE ? ESCAPE '!'").repeat(n);
    }

    private static String like(String channel) {
      return channel.replace("!", "!!").replace("%", "!%").replace("_", "!_") + ".%";
    }

    private int bind(PreparedStatement ps) throws SQLException {
      return bind(ps, params);
    }

    private static int bind(PreparedStatement ps, List<String> values) throws SQLException {
      int i = 1;
      for (String p : values) {
        ps.setString(i++, p);
      }
      return i;
    }

    /**
     * The statements of {@link #due} for sending before the time is known (PostgreSQL, with the
     * lock): due means an eta up to the database's clock when the statement runs. The caller
     * merges their rows and keeps the first {@code limit} in claim order.
     */
    List<RunnerSql.Read> dueReads(RunnerSql sql, int limit) {
      List<RunnerSql.Read> out = new ArrayList<>();
      if (root && params.isEmpty()) { // no configured sub-channel: every pending job is the root's
        out.add(read(where, params, true, limit));
        out.add(read(where, params, false, limit));
      } else {
        // its own name through the per-channel indexes, then the other channels that are its
        // (the root's unconfigured ones, the unconfigured ones below a sub-channel), each through
        // the same indexes ({@link RunnerSql#channelsRead}). As a filter over the pending jobs in
        // claim order, they would walk every pending job of the channels filtered out: the
        // planner prefers that index when most pending jobs are in one sub-channel
        List<String> exact = List.of(root ? ChannelConfig.ROOT : params.get(0));
        out.add(read(exactWhere, exact, true, limit));
        out.add(read(exactWhere, exact, false, limit));
        out.add(sql.channelsRead(CANDIDATE_COLUMNS, othersFilter, othersParams, true, limit));
        out.add(sql.channelsRead(CANDIDATE_COLUMNS, othersFilter, othersParams, false, limit));
      }
      return out;
    }

    private static RunnerSql.Read read(String where, List<String> params, boolean eta, int limit) {
      String sql = "SELECT " + CANDIDATE_COLUMNS + " FROM queue_job WHERE " + where
          + (eta ? " AND eta IS NOT NULL AND eta <= clock_timestamp()" : " AND eta IS NULL")
          + " ORDER BY priority, date_created, id"
          + " LIMIT " + limit + " FOR UPDATE SKIP LOCKED";
      return new RunnerSql.Read(sql, params);
    }

    /**
     * The first {@code limit} due jobs in claim order (priority, date, sequence; a due eta gives
     * no precedence): the first {@code limit} due eta jobs and the first {@code limit} jobs
     * without eta, merged ({@code anyEta} false skips the first query: no pending job has an eta).
     */
    List<Candidate> due(Connection c, Instant now, int limit, boolean anyEta) throws SQLException {
      List<Candidate> out;
      if (root) {
        out = due(c, where, params, now, limit, anyEta);
      } else {
        // a sub-channel: its own name through the per-channel indexes, then the channels below it
        out = new ArrayList<>(due(c, exactWhere, List.of(params.get(0)), now, limit, anyEta));
        out.addAll(due(c, belowWhere, belowParams, now, limit, anyEta));
      }
      out.sort(Candidate.CLAIM_ORDER);
      return out.size() > limit ? new ArrayList<>(out.subList(0, limit)) : out;
    }

    private static List<Candidate> due(Connection c, String where, List<String> params, Instant now, int limit,
        boolean anyEta) throws SQLException {
      List<Candidate> out = new ArrayList<>();
      if (anyEta) {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + CANDIDATE_COLUMNS + " FROM queue_job WHERE " + where
            + " AND eta IS NOT NULL AND eta <= ? ORDER BY priority, date_created, id LIMIT ? FOR UPDATE SKIP LOCKED")) {
          int i = bind(ps, params);
          ps.setObject(i++, ts(now));
          ps.setInt(i, limit);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(candidate(rs));
            }
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT " + CANDIDATE_COLUMNS + " FROM queue_job WHERE " + where
          + " AND eta IS NULL ORDER BY priority, date_created, id LIMIT ? FOR UPDATE SKIP LOCKED")) {
        int i = bind(ps, params);
        ps.setInt(i, limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(candidate(rs));
          }
        }
      }
      return out;
    }

    /**
     * The first job of a sequential channel in strict order, whatever its eta, locked; empty
     * when there is none or when another transaction holds it (the order must not be skipped).
     */
    java.util.Optional<Candidate> sequentialHead(Connection c) throws SQLException {
      long id;
      try (PreparedStatement ps = c.prepareStatement("SELECT id FROM queue_job WHERE " + where
          + " ORDER BY priority, date_created, id LIMIT 1")) {
        bind(ps);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return java.util.Optional.empty();
          }
          id = rs.getLong(1);
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT " + CANDIDATE_COLUMNS
          + " FROM queue_job WHERE id = ? AND state = 'pending' FOR UPDATE SKIP LOCKED")) {
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? java.util.Optional.of(candidate(rs)) : java.util.Optional.empty();
        }
      }
    }

    boolean hasFailed(Connection c) throws SQLException {
      try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM queue_job WHERE "
          + failedWhere + " LIMIT 1")) {
        bind(ps);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next();
        }
      }
    }
  }
}
