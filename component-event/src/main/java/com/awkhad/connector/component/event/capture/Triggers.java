package com.awkhad.connector.component.event.capture;

import com.awkhad.connector.base.db.Dialect;
import com.awkhad.connector.base.model.Field;
import com.awkhad.connector.base.model.Model;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.StringJoiner;

/**
 * Installs the capture trigger of a captured model's table, one implementation per database,
 * chosen once from the dialect. Idempotent: run at every start, it replaces what changed and
 * leaves the rest. The mapping (column=field,...) is kept in {@code record_capture}.
 */
abstract class Triggers {

  static Triggers of(Dialect dialect) {
    return dialect == Dialect.POSTGRESQL ? new PgTriggers() : new H2Triggers();
  }

  /** Installs (or refreshes) the trigger of {@code model}'s table, in the caller's transaction. */
  abstract void install(Connection c, Model model) throws SQLException;

  /** {@code column=field,...} for every declared field, in declaration order. */
  static String mapping(Model model) {
    StringJoiner j = new StringJoiner(",");
    for (Field f : model.fields()) {
      j.add(f.columnName() + "=" + f.name());
    }
    return j.toString();
  }

  /** The mapping stored when the trigger was last installed, or null. */
  static String storedMapping(Connection c, Model model) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT model, key_column, mapping FROM record_capture WHERE table_name = ?")) {
      ps.setString(1, model.table());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) : null;
      }
    }
  }

  static String wanted(Model model) {
    return model.name() + "|" + model.keyColumn() + "|" + mapping(model);
  }

  static void store(Connection c, Model model) throws SQLException {
    try (PreparedStatement del = c.prepareStatement("DELETE FROM record_capture WHERE table_name = ?")) {
      del.setString(1, model.table());
      del.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO record_capture (table_name, model, key_column, mapping) VALUES (?, ?, ?, ?)")) {
      ps.setString(1, model.table());
      ps.setString(2, model.name());
      ps.setString(3, model.keyColumn());
      ps.setString(4, mapping(model));
      ps.executeUpdate();
    }
  }

  /** The table for SQL, every part quoted (parts are validated lower-case identifiers). */
  static String quotedTable(Model model) {
    StringJoiner j = new StringJoiner(".");
    for (String part : model.table().split("\\.")) {
      j.add(quote(part));
    }
    return j.toString();
  }

  static String quote(String identifier) {
    return "\"" + identifier + "\"";
  }

  /** A name derived from the table: {@code sales.orders} gives {@code record_capture_sales__orders}. */
  static String derivedName(Model model) {
    return "record_capture_" + model.table().replace(".", "__");
  }
}
