package com.awkhad.connector.queue.job;

import com.awkhad.connector.base.jdbc.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * An immutable view of one {@code queue_job} row.
 *
 * <pre>{@code
 * List<JobRecord> failed = Jdbc.queryList(c,
 *     "SELECT " + JobRecord.COLUMNS + " FROM queue_job WHERE state = 'failed'", JobRecord::from);
 * }</pre>
 *
 * @param funcName the job function, {@code <target class>.<method>}
 * @param args the arguments as a JSON array
 * @param eta not before this instant; null means as soon as possible
 * @param retry the number of tries made so far (a try that ended with an ignore-retry error is not counted)
 * @param maxRetries tries allowed; 0 means retry forever
 * @param execTime seconds between started and done, for done jobs
 * @param workerId the runner that claimed the job (enqueued or started)
 * @param context the {@link JobContext} as stored JSON, null when none; see {@link #jobContext()}
 * @param batchId the job batch it belongs to ({@code queue_job_batch}), null when none
 * @param dateFailed when the job last moved to failed (kept until it is requeued; null before V28)
 */
public record JobRecord(
    long id,
    String uuid,
    String graphUuid,
    String description,
    String funcName,
    String targetClass,
    String methodName,
    String args,
    JobState state,
    int priority,
    Instant eta,
    int retry,
    int maxRetries,
    String channel,
    String identityKey,
    String excName,
    String excMessage,
    String excInfo,
    String result,
    Instant dateCreated,
    Instant dateEnqueued,
    Instant dateStarted,
    Instant dateDone,
    Instant dateCancelled,
    Double execTime,
    String workerId,
    String context,
    Long batchId,
    Instant dateFailed) {

  /** The result of a job an operator set done ({@code JobAdmin.setDone}): closed by hand, it did not succeed. */
  public static final String SET_DONE_RESULT = "Manually set to done";

  /**
   * True when the job is done because an operator set it done, not because a try succeeded: its
   * stored error is still the reason it stopped, not one it recovered from.
   */
  public boolean setDoneByHand() {
    return state == JobState.DONE && SET_DONE_RESULT.equals(result);
  }

  /** The SELECT list matching {@link #from(ResultSet)} (unqualified column names of {@code queue_job}). */
  public static final String COLUMNS =
      "id, uuid, graph_uuid, description, func_name, target_class, method_name, args, state, priority,"
          + " eta, retry, max_retries, channel, identity_key, exc_name, exc_message, exc_info, result,"
          + " date_created, date_enqueued, date_started, date_done, date_cancelled, exec_time, worker_id, context, batch_id, date_failed";

  /** Reads the current row of a result set selected with {@link #COLUMNS}. */
  public static JobRecord from(ResultSet rs) throws SQLException {
    double exec = rs.getDouble("exec_time");
    Double execTime = rs.wasNull() ? null : exec;
    return new JobRecord(
        rs.getLong("id"),
        rs.getString("uuid"),
        rs.getString("graph_uuid"),
        rs.getString("description"),
        rs.getString("func_name"),
        rs.getString("target_class"),
        rs.getString("method_name"),
        rs.getString("args"),
        JobState.of(rs.getString("state")),
        rs.getInt("priority"),
        instant(rs, "eta"),
        rs.getInt("retry"),
        rs.getInt("max_retries"),
        rs.getString("channel"),
        rs.getString("identity_key"),
        rs.getString("exc_name"),
        rs.getString("exc_message"),
        rs.getString("exc_info"),
        rs.getString("result"),
        instant(rs, "date_created"),
        instant(rs, "date_enqueued"),
        instant(rs, "date_started"),
        instant(rs, "date_done"),
        instant(rs, "date_cancelled"),
        execTime,
        rs.getString("worker_id"),
        rs.getString("context"),
        rs.getObject("batch_id") == null ? null : rs.getLong("batch_id"),
        instant(rs, "date_failed"));
  }

  /** The context the job was enqueued with, current again while it runs ({@link JobContext#EMPTY} if none). */
  public JobContext jobContext() {
    return JobContext.fromJson(context);
  }

  /** Reads a {@code TIMESTAMP WITH TIME ZONE} column as an instant (null stays null): {@link Jdbc#instant}. */
  public static Instant instant(ResultSet rs, String column) throws SQLException {
    return Jdbc.instant(rs, column);
  }
}
