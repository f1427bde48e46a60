package com.awkhad.connector.queue.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * PostgreSQL's bulk path for the done states of a batch: one {@code UPDATE ... FROM unnest(...)}
 * whose arrays carry every job's values, instead of one statement per job. The statement text is
 * the same whatever the batch size, so the server plans it once per connection.
 */
final class PgDone {
  private static final String SQL = "UPDATE queue_job q SET state = 'done', result = v.result, retry = v.retry,"
      + " date_started = COALESCE(q.date_started, v.started), date_done = v.done, exec_time = v.exec,"
      + " exc_name = NULL, exc_message = NULL, exc_info = NULL"
      + " FROM unnest(?::varchar[], ?::text[], ?::int[], ?::timestamptz[], ?::timestamptz[], ?::float8[])"
      + " AS v(uuid, result, retry, started, done, exec)"
      + " WHERE q.uuid = v.uuid COLLATE \"C\" AND q." + JobStore.RUNNING + " RETURNING q.uuid";

  private PgDone() {}

  /** Same contract as {@link JobStore#markDoneAll}: returns the uuids not written. */
  static List<String> markDone(Connection c, List<JobStore.DoneState> states) throws SQLException {
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
    try (PreparedStatement ps = c.prepareStatement(SQL)) {
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
}
