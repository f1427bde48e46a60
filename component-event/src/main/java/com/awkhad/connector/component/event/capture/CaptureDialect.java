package com.awkhad.connector.component.event.capture;

import com.awkhad.connector.base.db.Dialect;
import com.awkhad.connector.base.jdbc.Jdbc;
import com.awkhad.connector.base.model.Field;
import com.awkhad.connector.base.model.Model;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.StringJoiner;

/**
 * What change capture does differently on H2 and on PostgreSQL, in one place, chosen once from
 * the database's {@link Dialect} ({@code CaptureDialect.of(env.database().dialect())}): the
 * capture trigger of a captured model's table, the no-export mark the trigger reads, and how the
 * change reader is woken. Trigger installs are idempotent: run at every start, they replace what
 * changed and leave the rest. The mapping (column=field,...) is kept in {@code record_capture}.
 */
abstract sealed class CaptureDialect permits CaptureDialect.H2, CaptureDialect.Postgres {

  static CaptureDialect of(Dialect dialect) {
    return dialect == Dialect.POSTGRESQL ? new Postgres() : new H2();
  }

  /** Installs (or refreshes) the trigger of {@code model}'s table, in the caller's transaction. */
  abstract void install(Connection c, Model model) throws SQLException;

  /** The statement that marks the next writes of the transaction as an import's (no export). */
  abstract String markNoExportSql();

  /** The statement that clears the mark. */
  abstract String clearNoExportSql();

  /** The change reader's settings when none are given. */
  abstract ChangeReader.Settings readerSettings();

  /** Whether the change reader listens for {@code NOTIFY record_change} (else it polls only). */
  abstract boolean readerListens();

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
    return Jdbc.queryOne(c, "SELECT model, key_column, mapping FROM record_capture WHERE table_name = ?",
        rs -> rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3), model.table()).orElse(null);
  }

  static String wanted(Model model) {
    return model.name() + "|" + model.keyColumn() + "|" + mapping(model);
  }

  static void store(Connection c, Model model) throws SQLException {
    Jdbc.update(c, "DELETE FROM record_capture WHERE table_name = ?", model.table());
    Jdbc.update(c, "INSERT INTO record_capture (table_name, model, key_column, mapping) VALUES (?, ?, ?, ?)",
        model.table(), model.name(), model.keyColumn(), mapping(model));
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

  private static boolean exists(Connection c, String sql, Object... params) throws SQLException {
    return Jdbc.queryOne(c, sql, rs -> Boolean.TRUE, params).isPresent();
  }

  /**
   * H2: a Java trigger ({@link H2CaptureTrigger}, {@code CREATE TRIGGER ... FOR EACH ROW CALL}) that
   * reads the table's mapping from {@code record_capture} when H2 loads it. When the mapping
   * changed, the trigger is dropped and created again so that it reloads it. The no-export mark is
   * a session variable, cleared after the statement; the reader polls (one process, no NOTIFY).
   */
  static final class H2 extends CaptureDialect {
    @Override
    void install(Connection c, Model model) throws SQLException {
      String name = derivedName(model);
      String schema = model.table().contains(".") ? quote(model.table().substring(0, model.table().indexOf('.'))) + "." : "";
      boolean same = wanted(model).equals(storedMapping(c, model));
      if (same && exists(c, "SELECT 1 FROM information_schema.triggers WHERE trigger_name = ?", name)) {
        return;
      }
      store(c, model);
      try (Statement s = c.createStatement()) {
        s.execute("DROP TRIGGER IF EXISTS " + schema + quote(name));
        s.execute("CREATE TRIGGER " + schema + quote(name) + " AFTER INSERT, UPDATE, DELETE ON " + quotedTable(model)
            + " FOR EACH ROW CALL '" + H2CaptureTrigger.class.getName() + "'");
      }
    }

    @Override
    String markNoExportSql() {
      return "SET @awkhad_no_export = '1'";
    }

    @Override
    String clearNoExportSql() {
      return "SET @awkhad_no_export = NULL";
    }

    @Override
    ChangeReader.Settings readerSettings() {
      return ChangeReader.Settings.DEFAULT;
    }

    @Override
    boolean readerListens() {
      return false;
    }
  }

  /**
   * PostgreSQL: one plpgsql function per captured table, generated from the model's field ->
   * column mapping, and an {@code AFTER INSERT OR UPDATE OR DELETE ... FOR EACH ROW} trigger calling
   * it. An update that changes none of the mapped columns records nothing. Installs hold an advisory
   * lock, so that runners starting together do not race; the trigger is created only when missing
   * (the function carries the mapping), so a start takes no lock on the application's table. The
   * no-export mark is a transaction-local setting; {@code NOTIFY} wakes the reader, which polls
   * only as a fallback.
   */
  static final class Postgres extends CaptureDialect {
    private static final long INSTALL_LOCK = 0x6177_6b68_6164_6361L; // "awkhadca"

    @Override
    void install(Connection c, Model model) throws SQLException {
      try (Statement s = c.createStatement()) {
        s.execute("SELECT pg_advisory_xact_lock(" + INSTALL_LOCK + ")");
      }
      String function = derivedName(model);
      boolean same = wanted(model).equals(storedMapping(c, model));
      if (!same || !exists(c, "SELECT 1 FROM pg_proc WHERE proname = ?", function)) {
        try (Statement s = c.createStatement()) {
          s.execute(functionSql(model, function));
        }
        store(c, model);
      }
      if (!exists(c, "SELECT 1 FROM pg_trigger WHERE tgname = 'record_capture' AND tgrelid = to_regclass(?)",
          quotedTable(model))) {
        try (Statement s = c.createStatement()) {
          s.execute("CREATE TRIGGER record_capture AFTER INSERT OR UPDATE OR DELETE ON " + quotedTable(model)
              + " FOR EACH ROW EXECUTE FUNCTION " + quote(function) + "()");
        }
      }
    }

    static String functionSql(Model model, String function) {
      String key = quote(model.keyColumn());
      String mark = "coalesce(current_setting('awkhad.no_export', true), '') = '1'";
      String insert = "INSERT INTO record_change (model, record_id, op, fields, no_export) VALUES ('" + model.name() + "', ";
      StringBuilder sb = new StringBuilder();
      sb.append("CREATE OR REPLACE FUNCTION ").append(quote(function)).append("() RETURNS trigger LANGUAGE plpgsql AS $capture$\n")
          .append("-- generated by component_event's change capture for model ").append(model.name()).append("; replaced at start-up\n")
          .append("DECLARE f text[] := '{}';\nBEGIN\n")
          .append("  IF TG_OP = 'DELETE' THEN\n")
          .append("    ").append(insert).append("OLD.").append(key).append(", 'unlink', '', ").append(mark).append(");\n")
          .append("    RETURN NULL;\n  END IF;\n")
          .append("  IF TG_OP = 'INSERT' THEN\n");
      for (Field f : model.fields()) {
        sb.append("    IF NEW.").append(quote(f.columnName())).append(" IS NOT NULL THEN f := f || '").append(f.name())
            .append("'::text; END IF;\n");
      }
      sb.append("    ").append(insert).append("NEW.").append(key).append(", 'create', array_to_string(f, ','), ").append(mark)
          .append(");\n    RETURN NULL;\n  END IF;\n");
      for (Field f : model.fields()) {
        String col = quote(f.columnName());
        sb.append("  IF NEW.").append(col).append(" IS DISTINCT FROM OLD.").append(col).append(" THEN f := f || '")
            .append(f.name()).append("'::text; END IF;\n");
      }
      sb.append("  IF cardinality(f) > 0 THEN\n")
          .append("    ").append(insert).append("NEW.").append(key).append(", 'write', array_to_string(f, ','), ").append(mark)
          .append(");\n  END IF;\n  RETURN NULL;\nEND\n$capture$");
      return sb.toString();
    }

    @Override
    String markNoExportSql() {
      return "SELECT set_config('awkhad.no_export', '1', true)";
    }

    @Override
    String clearNoExportSql() {
      return "SELECT set_config('awkhad.no_export', '', true)";
    }

    @Override
    ChangeReader.Settings readerSettings() {
      return ChangeReader.Settings.DEFAULT_PG;
    }

    @Override
    boolean readerListens() {
      return true;
    }
  }
}
