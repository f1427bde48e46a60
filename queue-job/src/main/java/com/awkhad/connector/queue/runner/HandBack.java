package com.awkhad.connector.queue.runner;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Puts jobs a worker unit claimed but did not start back to {@code pending}: no try counted, eta
 * unchanged, {@code worker_id} and {@code date_enqueued} cleared. They are claimable once the
 * transaction commits (its commit notifies the runners on PostgreSQL).
 *
 * <pre>{@code
 * int back = HandBack.toPending(c, "host-123-abcd/0", List.of(17L, 18L));
 * }</pre>
 *
 * <p>The claim that gave the unit these jobs may not have committed yet: batches are handed to
 * the workers before their claim commits (PostgreSQL). The rows are therefore locked by id
 * first, which waits for that commit, and only then updated where still claimed by the unit. A
 * single {@code UPDATE ... WHERE state = 'enqueued' AND worker_id = ?} would judge the rows as
 * they were before the claim, still pending, and skip them without waiting: the jobs would then
 * stay claimed by a live unit that no longer holds them, run by nobody until the runner stops.
 */
final class HandBack {
  private HandBack() {}

  /** Hands {@code ids} back if still claimed by {@code unit} and not started; returns how many went back. */
  static int toPending(Connection c, String unit, List<Long> ids) throws SQLException {
    if (ids.isEmpty()) {
      return 0;
    }
    String in = RunnerSql.placeholders(ids.size());
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM queue_job WHERE id IN (" + in + ") FOR UPDATE")) {
      bindIds(ps, 1, ids);
      ps.executeQuery().close();
    }
    // a new statement: in READ COMMITTED it sees the claim committed while the lock above waited
    try (PreparedStatement ps = c.prepareStatement("UPDATE queue_job SET state = 'pending', worker_id = NULL,"
        + " date_enqueued = NULL WHERE state = 'enqueued' AND worker_id = ? AND id IN (" + in + ")")) {
      ps.setString(1, unit);
      bindIds(ps, 2, ids);
      return ps.executeUpdate();
    }
  }

  private static void bindIds(PreparedStatement ps, int from, List<Long> ids) throws SQLException {
    int i = from;
    for (Long id : ids) {
      ps.setLong(i++, id);
    }
  }
}
