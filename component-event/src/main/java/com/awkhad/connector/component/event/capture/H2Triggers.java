package com.awkhad.connector.component.event.capture;

import com.awkhad.connector.base.model.Model;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * H2: a Java trigger ({@link H2CaptureTrigger}, {@code CREATE TRIGGER ... FOR EACH ROW CALL}) that
 * reads the table's mapping from {@code record_capture} when H2 loads it. When the mapping
 * changed, the trigger is dropped and created again so that it reloads it.
 */
final class H2Triggers extends Triggers {

  @Override
  void install(Connection c, Model model) throws SQLException {
    String name = derivedName(model);
    String schema = model.table().contains(".") ? quote(model.table().substring(0, model.table().indexOf('.'))) + "." : "";
    boolean same = wanted(model).equals(storedMapping(c, model));
    if (same && triggerExists(c, model, name)) {
      return;
    }
    store(c, model);
    try (Statement s = c.createStatement()) {
      s.execute("DROP TRIGGER IF EXISTS " + schema + quote(name));
      s.execute("CREATE TRIGGER " + schema + quote(name) + " AFTER INSERT, UPDATE, DELETE ON " + quotedTable(model)
          + " FOR EACH ROW CALL '" + H2CaptureTrigger.class.getName() + "'");
    }
  }

  private static boolean triggerExists(Connection c, Model model, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT 1 FROM information_schema.triggers WHERE trigger_name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }
}
