package com.awkhad.connector.faults;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.h2.api.Trigger;

/** {@link Ledger}'s trigger on H2 (PostgreSQL has it in PL/pgSQL): same rows, same transaction. */
public final class LedgerH2Trigger implements Trigger {
  private int uuid;
  private int state;
  private int retry;
  private int worker;
  private int func;

  @Override
  public void init(Connection conn, String schema, String trigger, String table, boolean before, int type)
      throws SQLException {
    try (ResultSet rs = conn.getMetaData().getColumns(null, schema, table, null)) {
      while (rs.next()) {
        int i = rs.getInt("ORDINAL_POSITION") - 1;
        switch (rs.getString("COLUMN_NAME").toLowerCase(java.util.Locale.ROOT)) {
          case "uuid" -> uuid = i;
          case "state" -> state = i;
          case "retry" -> retry = i;
          case "worker_id" -> worker = i;
          case "func_name" -> func = i;
          default -> { }
        }
      }
    }
  }

  @Override
  public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
    String before = (String) oldRow[state];
    String after = (String) newRow[state];
    if ("done".equals(after) && !"done".equals(before)) {
      try (PreparedStatement ps = conn.prepareStatement(
          "INSERT INTO fault_ledger (job_uuid, try_no, runner, func_name) VALUES (?, ?, ?, ?)")) {
        ps.setObject(1, newRow[uuid]);
        ps.setObject(2, newRow[retry]);
        ps.setObject(3, newRow[worker]);
        ps.setObject(4, newRow[func]);
        ps.executeUpdate();
      }
    } else if (("enqueued".equals(before) || "started".equals(before))
        && ("pending".equals(after) || "failed".equals(after))) {
      try (PreparedStatement ps = conn.prepareStatement(
          "INSERT INTO fault_try (job_uuid, try_no, runner, from_state, to_state) VALUES (?, ?, ?, ?, ?)")) {
        ps.setObject(1, newRow[uuid]);
        ps.setObject(2, newRow[retry]);
        ps.setObject(3, oldRow[worker]);
        ps.setString(4, before);
        ps.setString(5, after);
        ps.executeUpdate();
      }
    }
  }
}
