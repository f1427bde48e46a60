package com.awkhad.connector.component.event.capture;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import org.h2.api.Trigger;

/**
 * The H2 capture trigger: for each inserted, updated or deleted row of a captured table, inserts
 * a {@code record_change} row on the writer's own connection, so in the writer's transaction.
 * Installed by change capture at start-up ({@code CREATE TRIGGER ... CALL}); not for direct use.
 * A write made while the session variable {@code @awkhad_no_export} is 1 is marked as an import.
 */
public final class H2CaptureTrigger implements Trigger {
  private String model;
  private int keyIndex = -1;
  private final List<int[]> columns = new ArrayList<>();   // {row index}
  private final List<String> fields = new ArrayList<>();

  @Override
  public void init(Connection conn, String schemaName, String triggerName, String tableName, boolean before, int type)
      throws SQLException {
    String qualified = schemaName.toLowerCase(Locale.ROOT) + "." + tableName.toLowerCase(Locale.ROOT);
    String keyColumn;
    String mapping;
    try (PreparedStatement ps = conn.prepareStatement(
        "SELECT model, key_column, mapping FROM record_capture WHERE table_name IN (?, ?)")) {
      ps.setString(1, tableName.toLowerCase(Locale.ROOT));
      ps.setString(2, qualified);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("Change capture: table " + qualified + " has a capture trigger but no row in"
              + " record_capture; restart the environment (it installs the triggers) or drop trigger " + triggerName);
        }
        model = rs.getString(1);
        keyColumn = rs.getString(2);
        mapping = rs.getString(3);
      }
    }
    Map<String, Integer> positions = new HashMap<>();
    try (PreparedStatement ps = conn.prepareStatement("SELECT column_name, ordinal_position FROM information_schema.columns"
        + " WHERE lower(table_schema) = ? AND lower(table_name) = ?")) {
      ps.setString(1, schemaName.toLowerCase(Locale.ROOT));
      ps.setString(2, tableName.toLowerCase(Locale.ROOT));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          positions.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getInt(2) - 1);
        }
      }
    }
    keyIndex = positions.getOrDefault(keyColumn, -1);
    if (keyIndex < 0) {
      throw new SQLException("Change capture: table " + qualified + " has no key column " + keyColumn);
    }
    if (!mapping.isEmpty()) {
      for (String pair : mapping.split(",")) {
        int eq = pair.indexOf('=');
        Integer at = positions.get(pair.substring(0, eq));
        if (at != null) {
          columns.add(new int[] {at});
          fields.add(pair.substring(eq + 1));
        }
      }
    }
  }

  @Override
  public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
    String op;
    long id;
    StringJoiner written = new StringJoiner(",");
    if (newRow == null) {
      op = "unlink";
      id = ((Number) oldRow[keyIndex]).longValue();
    } else if (oldRow == null) {
      op = "create";
      id = ((Number) newRow[keyIndex]).longValue();
      for (int i = 0; i < columns.size(); i++) {
        if (newRow[columns.get(i)[0]] != null) {
          written.add(fields.get(i));
        }
      }
    } else {
      op = "write";
      id = ((Number) newRow[keyIndex]).longValue();
      for (int i = 0; i < columns.size(); i++) {
        int at = columns.get(i)[0];
        if (!Objects.deepEquals(oldRow[at], newRow[at])) {
          written.add(fields.get(i));
        }
      }
      if (written.length() == 0) {
        return; // no mapped column changed
      }
    }
    boolean noExport;
    try (PreparedStatement ps = conn.prepareStatement("SELECT @awkhad_no_export"); ResultSet rs = ps.executeQuery()) {
      noExport = rs.next() && "1".equals(rs.getString(1));
    }
    try (PreparedStatement ps = conn.prepareStatement(
        "INSERT INTO record_change (model, record_id, op, fields, no_export) VALUES (?, ?, ?, ?, ?)")) {
      ps.setString(1, model);
      ps.setLong(2, id);
      ps.setString(3, op);
      ps.setString(4, written.toString());
      ps.setBoolean(5, noExport);
      ps.executeUpdate();
    }
  }
}
