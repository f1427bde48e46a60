package com.awkhad.connector.queue.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * PostgreSQL's bulk path for new jobs: one {@code COPY queue_job (...) FROM STDIN} in text
 * format instead of multi-row {@code INSERT}s. The server skips parsing and binding thousands of
 * parameters, which is most of the cost of a batched enqueue; rows, triggers and constraints are
 * the same as an {@code INSERT}'s, inside the caller's transaction.
 */
final class PgCopy {
  private static final String COPY = "COPY queue_job (uuid, graph_uuid, description, func_name, target_class,"
      + " method_name, args, state, priority, eta, retry, max_retries, channel, identity_key, date_created,"
      + " backend_id, context, batch_id) FROM STDIN";
  private static final int FLUSH_CHARS = 64 * 1024;

  private PgCopy() {}

  static void insert(Connection c, List<NewJob> jobs) throws SQLException {
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
    for (int i = 0; i < value.length(); i++) {
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
}
