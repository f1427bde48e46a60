package com.awkhad.connector.queue.read;

import com.awkhad.connector.base.tx.Transactions;
import com.awkhad.connector.queue.job.JobRecord;
import com.awkhad.connector.queue.job.JobState;
import com.awkhad.connector.queue.store.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reads of jobs: filtered lists and pages, counts, one job and what is around it (the jobs it
 * waits for, its graph, its function's settings), failure groups. The CLI, the REST API and the
 * dashboard read jobs through it, with a {@link JobFilter}.
 *
 * <pre>{@code
 * JobReads reads = new JobReads(env.tx());
 * reads.list(JobFilter.all().state(JobState.FAILED), 20);              // newest first
 * reads.page(JobFilter.of(Map.of("q", "timeout")), 50, 0, Sort.NEWEST); // a page, its total, counts per state
 * }</pre>
 */
public final class JobReads {
  /** Columns of list rows: every job column but the trace, which can be 100 000 characters. */
  private static final String LIST_COLUMNS = JobRecord.COLUMNS.replace("exc_info", "NULL AS exc_info");
  /** Failed jobs looked at to group failures (the newest ones). */
  public static final int FAILURES_SCANNED = 5_000;

  private final Transactions tx;

  public JobReads(Transactions tx) {
    this.tx = tx;
  }

  /**
   * One page of jobs, newest first (by insertion order: the primary key, whose index serves the
   * page without sorting the table), with the number matching and the counts per state without
   * the state filter.
   */
  public record Page(List<JobRecord> jobs, long total, Map<String, Long> countsByState) {}

  /** How a page is ordered: newest first, or by when the jobs failed, latest first. */
  public enum Sort {
    NEWEST("id DESC"), FAILED("date_failed DESC NULLS LAST, id DESC");

    final String orderBy;

    Sort(String orderBy) {
      this.orderBy = orderBy;
    }
  }

  /**
   * At most {@code limit} jobs matching {@code filter}, newest first by creation, read whole
   * (their traces included): what the command line lists.
   */
  public List<JobRecord> list(JobFilter filter, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    return tx.inTransaction(c -> {
      StringBuilder where = new StringBuilder(" WHERE 1 = 1");
      List<Object> params = new ArrayList<>();
      filter.appendSql(where, params);
      List<JobRecord> jobs = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT " + JobRecord.COLUMNS + " FROM queue_job" + where
          + " ORDER BY date_created DESC, id DESC LIMIT " + limit)) {
        Sql.bind(ps, params.toArray());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            jobs.add(JobRecord.from(rs));
          }
        }
      }
      return jobs;
    });
  }

  public Page page(JobFilter filter, int limit, int offset) {
    return page(filter, limit, offset, Sort.NEWEST);
  }

  public Page page(JobFilter filter, int limit, int offset, Sort sort) {
    return tx.inTransaction(c -> {
      StringBuilder where = new StringBuilder(" WHERE 1 = 1");
      List<Object> params = new ArrayList<>();
      filter.appendSql(where, params);
      List<JobRecord> jobs = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT " + LIST_COLUMNS + " FROM queue_job" + where
          + " ORDER BY " + sort.orderBy + " LIMIT " + limit + " OFFSET " + offset)) {
        Sql.bind(ps, params.toArray());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            jobs.add(JobRecord.from(rs));
          }
        }
      }
      StringBuilder anyState = new StringBuilder(" WHERE 1 = 1");
      List<Object> anyStateParams = new ArrayList<>();
      filter.withoutStates().appendSql(anyState, anyStateParams);
      Map<String, Long> counts = new LinkedHashMap<>();
      for (JobState s : JobState.values()) {
        counts.put(s.dbValue(), 0L);
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT state, COUNT(*) FROM queue_job" + anyState + " GROUP BY state")) {
        Sql.bind(ps, anyStateParams.toArray());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            counts.put(rs.getString(1), rs.getLong(2));
          }
        }
      }
      long total = filter.states().isEmpty()
          ? counts.values().stream().mapToLong(Long::longValue).sum()
          : filter.states().stream().mapToLong(s -> counts.getOrDefault(s.dbValue(), 0L)).sum();
      return new Page(jobs, total, counts);
    });
  }

  /** How many jobs match {@code filter}. */
  public long count(JobFilter filter) {
    return tx.inTransaction(c -> {
      StringBuilder where = new StringBuilder(" WHERE 1 = 1");
      List<Object> params = new ArrayList<>();
      filter.appendSql(where, params);
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM queue_job" + where)) {
        Sql.bind(ps, params.toArray());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getLong(1) : 0L;
        }
      }
    });
  }

  /** How many of these uuids are jobs. */
  public long existing(List<String> uuids) {
    return tx.inTransaction(c -> {
      long n = 0;
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM queue_job WHERE uuid = ?")) {
        for (String u : new java.util.LinkedHashSet<>(uuids)) {
          ps.setString(1, u);
          try (ResultSet rs = ps.executeQuery()) {
            n += rs.next() ? rs.getLong(1) : 0L;
          }
        }
      }
      return n;
    });
  }

  /** The uuids of at most {@code max} jobs matching {@code filter}, oldest first. */
  public List<String> uuids(JobFilter filter, int max) {
    return tx.inTransaction(c -> {
      StringBuilder where = new StringBuilder(" WHERE 1 = 1");
      List<Object> params = new ArrayList<>();
      filter.appendSql(where, params);
      List<String> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT uuid FROM queue_job" + where + " ORDER BY id LIMIT " + max)) {
        Sql.bind(ps, params.toArray());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getString(1));
          }
        }
      }
      return out;
    });
  }

  public Optional<JobRecord> job(String uuid) {
    return tx.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + JobRecord.COLUMNS + " FROM queue_job WHERE uuid = ?")) {
        ps.setString(1, uuid);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(JobRecord.from(rs)) : Optional.empty();
        }
      }
    });
  }

  /**
   * What a job's detail shows around it: the jobs it waits for, those waiting for it, its graph
   * (null when it has none), its function's stored settings (null when none are stored).
   */
  public record Around(List<Brief> dependsOn, List<Brief> dependents, Graph graph, FunctionSettings function) {}

  /** A job in a few words; a job that was removed keeps its uuid only (the other parts null). */
  public record Brief(String uuid, String description, String state, String function) {}

  /**
   * A job's graph: its size and counts per state, and when it has at most {@value #GRAPH_LISTED}
   * jobs ({@code listed}), its jobs and edges ({@code [parent, child]}); else both null.
   */
  public record Graph(String uuid, long size, Map<String, Long> countsByState, boolean listed, List<Brief> jobs,
      List<List<String>> edges) {}

  /** A job function's stored settings: channel, retry pattern (its JSON text) and timeout. */
  public record FunctionSettings(String name, String channel, String retryPattern, Integer timeoutSeconds) {}

  /** Graphs larger than this are summarized (counts per state) instead of listed. */
  public static final int GRAPH_LISTED = 200;

  public Around around(JobRecord job) {
    return tx.inTransaction(c -> {
      List<String> parents = column(c, "SELECT parent_uuid FROM queue_job_dependency WHERE child_uuid = ? ORDER BY parent_uuid", job.uuid());
      List<String> children = column(c, "SELECT child_uuid FROM queue_job_dependency WHERE parent_uuid = ? ORDER BY child_uuid", job.uuid());
      Graph graph = null;
      if (job.graphUuid() != null) {
        List<Brief> jobs = brief(c, "SELECT uuid, description, state, func_name FROM queue_job WHERE graph_uuid = ?"
            + " ORDER BY id LIMIT " + (GRAPH_LISTED + 1), job.graphUuid());
        Map<String, Long> states = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT state, COUNT(*) FROM queue_job WHERE graph_uuid = ? GROUP BY state")) {
          ps.setString(1, job.graphUuid());
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              states.put(rs.getString(1), rs.getLong(2));
            }
          }
        }
        boolean listed = jobs.size() <= GRAPH_LISTED;
        List<List<String>> edges = null;
        if (listed) {
          edges = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement("SELECT d.parent_uuid, d.child_uuid FROM queue_job_dependency d"
              + " JOIN queue_job j ON j.uuid = d.child_uuid WHERE j.graph_uuid = ? ORDER BY d.parent_uuid, d.child_uuid")) {
            ps.setString(1, job.graphUuid());
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                edges.add(List.of(rs.getString(1), rs.getString(2)));
              }
            }
          }
        }
        graph = new Graph(job.graphUuid(), states.values().stream().mapToLong(Long::longValue).sum(), states, listed,
            listed ? jobs : null, edges);
      }
      FunctionSettings function = null;
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT channel, retry_pattern, timeout_seconds FROM queue_job_function WHERE name = ?")) {
        ps.setString(1, job.funcName());
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            String channel = rs.getString(1);
            String retryPattern = rs.getString(2);
            int timeout = rs.getInt(3);
            function = new FunctionSettings(job.funcName(), channel, retryPattern, rs.wasNull() ? null : timeout);
          }
        }
      }
      return new Around(related(c, parents), related(c, children), graph, function);
    });
  }

  private static List<Brief> related(Connection c, Collection<String> uuids) throws SQLException {
    List<Brief> out = new ArrayList<>();
    for (String uuid : uuids) {
      List<Brief> found = brief(c, "SELECT uuid, description, state, func_name FROM queue_job WHERE uuid = ?", uuid);
      out.addAll(found.isEmpty() ? List.of(new Brief(uuid, null, null, null)) : found);
    }
    return out;
  }

  private static List<Brief> brief(Connection c, String sql, Object... params) throws SQLException {
    List<Brief> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      Sql.bind(ps, params);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Brief(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
        }
      }
    }
    return out;
  }

  private static List<String> column(Connection c, String sql, Object... params) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      Sql.bind(ps, params);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  /**
   * Failed jobs (or, with {@code retrying}, pending jobs whose last try failed and that will be
   * tried again) grouped by function, exception and first line of the message: what broke, and
   * why, at a glance. Looks at the newest {@value #FAILURES_SCANNED} such jobs.
   */
  public record FailureGroup(String function, String exc, String error, long count, Instant lastSeen, String newestUuid,
      String example) {}

  public record Failures(List<FailureGroup> groups, long scanned, boolean complete) {}

  public Failures failures(int maxGroups, boolean retrying) {
    String which = retrying ? "state = 'pending' AND retry > 0 AND exc_name IS NOT NULL" : "state = 'failed'";
    return tx.inTransaction(c -> {
      Map<List<String>, long[]> counts = new LinkedHashMap<>();
      Map<List<String>, Object[]> newest = new LinkedHashMap<>();
      long scanned = 0;
      try (PreparedStatement ps = c.prepareStatement("SELECT uuid, func_name, exc_name, exc_message, date_created,"
          + " date_enqueued, date_started, date_failed FROM queue_job WHERE " + which + " ORDER BY id DESC LIMIT "
          + FAILURES_SCANNED);
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          scanned++;
          String exc = rs.getString(3);
          // keyed by the line's shape: the jobs of one outage, each naming its own record, make one group
          String line = JobFilter.groupLine(rs.getString(4));
          List<String> key = List.of(rs.getString(2), exc == null ? "" : exc, JobFilter.groupShape(rs.getString(4)));
          Instant seen = latest(JobRecord.instant(rs, "date_created"), JobRecord.instant(rs, "date_enqueued"),
              JobRecord.instant(rs, "date_started"), JobRecord.instant(rs, "date_failed"));
          counts.computeIfAbsent(key, k -> new long[1])[0]++;
          Object[] n = newest.get(key);
          if (n == null || seen.isAfter((Instant) n[1])) {
            newest.put(key, new Object[] {rs.getString(1), seen, line});
          }
        }
      }
      List<FailureGroup> groups = new ArrayList<>();
      counts.forEach((k, n) -> groups.add(new FailureGroup(k.get(0), k.get(1).isEmpty() ? null : k.get(1), k.get(2), n[0],
          (Instant) newest.get(k)[1], (String) newest.get(k)[0], (String) newest.get(k)[2])));
      groups.sort(Comparator.comparingLong(FailureGroup::count).reversed()
          .thenComparing(FailureGroup::lastSeen, Comparator.reverseOrder()));
      return new Failures(groups.size() > maxGroups ? groups.subList(0, maxGroups) : groups, scanned,
          scanned < FAILURES_SCANNED);
    });
  }

  private static Instant latest(Instant... times) {
    Instant out = Instant.EPOCH;
    for (Instant t : times) {
      if (t != null && t.isAfter(out)) {
        out = t;
      }
    }
    return out;
  }
}
