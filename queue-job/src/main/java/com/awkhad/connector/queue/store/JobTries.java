package com.awkhad.connector.queue.store;

import com.awkhad.connector.base.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * A job's history ({@code queue_job_try}): each try that did not succeed, with its start, end,
 * runner unit, outcome and error, and each operator action, with when and by whom. A try that
 * succeeds is the job's own row; rows stay when a later try succeeds, and go with their job
 * (autovacuum). Every statement on the table is here.
 *
 * <pre>{@code
 * JobTries.tryEnded(c, job.uuid(), 2, JobTries.RETRIED, now, "java.net.ConnectException", "refused", trace);
 * JobTries.action(c, job.uuid(), JobTries.REQUEUED, "dashboard (admin token)", "requeued");
 * JobTries.list(c, job.uuid());   // oldest first
 * }</pre>
 */
public final class JobTries {
  /** Try outcomes. */
  public static final String RETRIED = "retried";
  public static final String FAILED = "failed";
  public static final String FOUND_DEAD = "found dead";
  /** Operator actions. */
  public static final String REQUEUED = "requeued";
  public static final String RUN_NOW = "run now";
  public static final String CANCELLED = "cancelled";
  public static final String SET_DONE = "set done";
  /** Traces longer than this are cut (the job's own row keeps the last one whole). */
  static final int TRACE_MAX = 16_000;

  private JobTries() {}

  /** One row of a job's history; {@code kind} is {@code try} or {@code action}. */
  public record Entry(long id, Integer tryNumber, String kind, String outcome, Instant startedAt, Instant endedAt,
      String workerId, String actor, String excName, String excMessage, String excInfo) {}

  /**
   * Writes the end of try {@code tryNumber} of the job {@code uuid}, while it is still enqueued or
   * started (call it before the state update): its start and runner unit are read from the job's row.
   */
  public static void tryEnded(Connection c, String uuid, int tryNumber, String outcome, Instant ended, String excName,
      String message, String trace) throws SQLException {
    Jdbc.update(c, "INSERT INTO queue_job_try (job_uuid, try_number, kind, outcome, started_at, ended_at, worker_id,"
        + " exc_name, exc_message, exc_info) SELECT uuid, ?, 'try', ?, date_started, ?, worker_id, ?, ?, ? FROM queue_job"
        + " WHERE uuid = ? AND state IN ('enqueued', 'started')",
        tryNumber, outcome, ended, excName, message, cut(trace), uuid);
  }

  /** Writes the tries of jobs a runner found dead (their runner's lease expired while they ran). */
  public static void foundDead(Connection c, List<Long> ids, String message, Instant now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO queue_job_try (job_uuid, try_number, kind, outcome,"
        + " started_at, ended_at, worker_id, exc_name, exc_message) SELECT uuid, retry + 1, 'try', ?, date_started, ?,"
        + " worker_id, 'JobFoundDead', ? FROM queue_job WHERE id = ?")) {
      for (Long id : ids) {
        Jdbc.bind(ps, FOUND_DEAD, now, message, id);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Writes an operator's action on each of {@code uuids}: {@code actor} names who (a token's name, never its value). */
  public static void action(Connection c, Collection<String> uuids, String action, String actor, Instant when)
      throws SQLException {
    if (uuids.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO queue_job_try (job_uuid, kind, outcome, ended_at, actor)"
        + " VALUES (?, 'action', ?, ?, ?)")) {
      for (String uuid : uuids) {
        Jdbc.bind(ps, uuid, action, when, actor);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** The history of job {@code uuid}, oldest first. */
  public static List<Entry> list(Connection c, String uuid) throws SQLException {
    return Jdbc.queryList(c, "SELECT id, try_number, kind, outcome, started_at, ended_at, worker_id, actor, exc_name,"
        + " exc_message, exc_info FROM queue_job_try WHERE job_uuid = ? ORDER BY id", rs -> {
          int n = rs.getInt(2);
          Integer tryNumber = rs.wasNull() ? null : n;
          return new Entry(rs.getLong(1), tryNumber, rs.getString(3), rs.getString(4), Jdbc.instant(rs, "started_at"),
              Jdbc.instant(rs, "ended_at"), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
              rs.getString(11));
        }, uuid);
  }

  /** Deletes the history of these jobs (the autovacuum, with the jobs). */
  public static void delete(Connection c, List<String> uuids) throws SQLException {
    if (uuids.isEmpty()) {
      return;
    }
    String marks = String.join(", ", java.util.Collections.nCopies(uuids.size(), "?"));
    Jdbc.update(c, "DELETE FROM queue_job_try WHERE job_uuid IN (" + marks + ")", uuids.toArray());
  }

  private static String cut(String trace) {
    return trace == null || trace.length() <= TRACE_MAX ? trace : trace.substring(0, TRACE_MAX) + "\n… (cut)";
  }
}
