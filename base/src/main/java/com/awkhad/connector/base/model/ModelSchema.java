package com.awkhad.connector.base.model;

import com.awkhad.connector.base.db.Dialect;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model's table made from its definition, the one source of its schema (as the original's ORM
 * creates tables from model classes). {@link ModelBuilder#build} calls it for each definition and
 * extension, after every addon's migrations ran:
 *
 * <ul>
 *   <li>a table that does not exist is created: the key column, one column per field (type per
 *       {@link SchemaSql}), {@code NOT NULL} for required fields, {@code DEFAULT} for defaults that
 *       are plain literals, and for each many2one a foreign key to the comodel's table and an index;
 *   <li>a field whose column is missing gets it ({@code ALTER TABLE ADD COLUMN}); existing rows
 *       take the field's default; a required field without default cannot be added to a table that
 *       has rows (the error says what to do);
 *   <li>existing columns are checked, never dropped or altered: a column whose type does not fit
 *       its field stops the start-up, naming model, field and types (convert it in a migration);
 *   <li>a model declared {@link ModelBuilder#existingTable()} (its table belongs to the
 *       application, or to a migration) is only checked: a missing table or column is an error.
 * </ul>
 *
 * <p>Changes are made one model at a time, in the caller's transaction, behind a lock that makes
 * concurrent start-ups of other processes wait (see {@link SchemaSql#lockSql()}).
 */
final class ModelSchema {
  private static final Logger log = LoggerFactory.getLogger(ModelSchema.class);
  /** Schema changes of the environments of this JVM take turns (H2 has no advisory lock). */
  private static final ReentrantLock LOCAL = new ReentrantLock();
  private static final int MAX_NAME = 63; // PostgreSQL's identifier limit

  private final SchemaSql sql;

  ModelSchema(Dialect dialect) {
    this.sql = SchemaSql.of(dialect);
  }

  /** A column as the database describes it. */
  private record Column(int jdbcType, String typeName) {}

  /**
   * Makes the table of {@code model} hold the fields in {@code added} (all its fields on a
   * define, the extension's on an extend), or refuses with a {@link ModelException}.
   *
   * @param comodels the registered models, to find a many2one's target table
   */
  void apply(Connection c, Model model, List<Field> added, Function<String, Model> comodels) throws SQLException {
    LOCAL.lock();
    try {
      String lock = sql.lockSql();
      if (lock != null) {
        try (Statement st = c.createStatement()) {
          st.execute(lock);
        }
      }
      Map<String, Column> present = columnsOf(c, model.table());
      if (present.isEmpty()) {
        if (!model.tableManaged()) {
          throw invalid("Table '" + model.table() + "' of model '" + model.name() + "' does not exist in the database."
              + " The model is declared existingTable(): create the table where it is managed (the application's"
              + " schema or a migration), or remove existingTable() so that the model creates it.");
        }
        createTable(c, model, comodels);
        return;
      }
      checkExisting(model, added, present);
      List<Field> missing = added.stream().filter(f -> !present.containsKey(f.columnName())).toList();
      if (missing.isEmpty()) {
        return;
      }
      if (!model.tableManaged()) {
        throw invalid("Table '" + model.table() + "' of model '" + model.name() + "' lacks column(s) "
            + missing.stream().map(f -> f.columnName() + " (field " + f.name() + ")").toList() + "; its columns are "
            + present.keySet() + ". The model is declared existingTable(): add them where the table is managed"
            + " (the application's schema or a migration of the addon that declares the field(s)).");
      }
      refuseRequiredWithoutDefault(c, model, missing);
      for (Field f : missing) {
        addColumn(c, model, f, comodels);
      }
    } finally {
      LOCAL.unlock();
    }
  }

  private void checkExisting(Model model, List<Field> added, Map<String, Column> present) {
    List<String> missing = new ArrayList<>();
    List<String> mistyped = new ArrayList<>();
    String keyColumn = model.keyColumn();
    Column key = present.get(keyColumn);
    if (key == null) {
      missing.add(keyColumn + (keyColumn.equals(Field.ID)
          ? " (the BIGINT key column every model needs; name another with .key(\"column\"))"
          : " (the key column given with .key)"));
    } else if (!FieldType.INTEGER.fits(key.jdbcType(), key.typeName())) {
      mistyped.add("key column " + keyColumn + " is " + key.typeName() + ": the key must be BIGINT (or INTEGER)");
    }
    for (Field f : added) {
      Column column = present.get(f.columnName());
      if (column != null && !f.type().fits(column.jdbcType(), column.typeName())) {
        mistyped.add("column " + f.columnName() + " is " + column.typeName() + " but field " + model.name() + "."
            + f.name() + " is " + f.type().label() + ": use " + f.type().column());
      }
    }
    if (!missing.isEmpty()) {
      throw invalid("Table '" + model.table() + "' of model '" + model.name() + "' lacks column(s) " + missing
          + "; its columns are " + present.keySet() + ". A key column is never added to an existing table: add it"
          + " in a migration of your addon, or point the model at the table's key with .key(\"column\").");
    }
    if (!mistyped.isEmpty()) {
      throw invalid("Table '" + model.table() + "' of model '" + model.name() + "' has column(s) of the wrong type: "
          + String.join("; ", mistyped) + ". Existing columns are never changed at start-up: convert the column in a"
          + " migration of your addon (src/main/resources/db/<addon>/common/V<n>__<what>.sql), or change the field's type.");
    }
  }

  private void createTable(Connection c, Model model, Function<String, Model> comodels) throws SQLException {
    StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(model.sqlTable()).append(" (\n  ")
        .append(quote(model.keyColumn())).append(' ').append(sql.keyColumnType());
    for (Field f : model.fields()) {
      ddl.append(",\n  ").append(columnDefinition(model, f, f.isRequired()));
    }
    ddl.append("\n)");
    execute(c, model, ddl.toString());
    for (Field f : model.fields()) {
      if (f.type() == FieldType.MANY2ONE) {
        addReference(c, model, f, comodels);
      }
    }
    log.info("Model {}: created table {} with columns {}", model.name(), model.table(),
        model.fields().stream().map(Field::columnName).toList());
  }

  private void refuseRequiredWithoutDefault(Connection c, Model model, List<Field> missing) throws SQLException {
    List<Field> unfillable = missing.stream().filter(f -> f.isRequired() && f.defaultValue() == null).toList();
    if (unfillable.isEmpty() || !hasRows(c, model)) {
      return;
    }
    Field f = unfillable.get(0);
    throw invalid("Cannot add required field " + model.name() + "." + f.name() + " to table '" + model.table()
        + "': the table has rows and the field has no default to fill them. Declare a default (.defaultValue(...)),"
        + " or add and fill column " + f.columnName() + " in a migration of your addon (ALTER TABLE " + model.table()
        + " ADD COLUMN " + f.columnName() + " " + sql.columnType(f.type()) + "; UPDATE " + model.table() + " SET "
        + f.columnName() + " = ...), or declare the field without required().");
  }

  private void addColumn(Connection c, Model model, Field f, Function<String, Model> comodels) throws SQLException {
    execute(c, model, "ALTER TABLE " + model.sqlTable() + " ADD COLUMN " + columnDefinition(model, f, false));
    Object value = defaultOf(model, f);
    if (value != null) {
      try (PreparedStatement ps = c.prepareStatement("UPDATE " + model.sqlTable() + " SET " + Model.sqlColumn(f)
          + " = ? WHERE " + Model.sqlColumn(f) + " IS NULL")) {
        Values.bind(ps, 1, model, f, value);
        ps.executeUpdate();
      }
    }
    if (f.isRequired()) {
      execute(c, model, "ALTER TABLE " + model.sqlTable() + " ALTER COLUMN " + Model.sqlColumn(f) + " SET NOT NULL");
    }
    if (f.type() == FieldType.MANY2ONE) {
      addReference(c, model, f, comodels);
    }
    log.info("Model {}: added column {} to table {} (field {})", model.name(), f.columnName(), model.table(), f.name());
  }

  /** A many2one's foreign key to the comodel's key column, and its index. */
  private void addReference(Connection c, Model model, Field f, Function<String, Model> comodels) throws SQLException {
    Model target = f.comodel().equals(model.name()) ? model : comodels.apply(f.comodel());
    String bare = bareTable(model.table());
    execute(c, model, "ALTER TABLE " + model.sqlTable() + " ADD CONSTRAINT " + quote(name(bare, f.columnName(), "fkey"))
        + " FOREIGN KEY (" + Model.sqlColumn(f) + ") REFERENCES " + target.sqlTable() + " (" + quote(target.keyColumn()) + ")");
    execute(c, model, "CREATE INDEX IF NOT EXISTS " + quote(name(bare, f.columnName(), "idx")) + " ON " + model.sqlTable()
        + " (" + Model.sqlColumn(f) + ")");
  }

  /** {@code "col" TYPE [DEFAULT literal] [NOT NULL]}. */
  private String columnDefinition(Model model, Field f, boolean notNull) {
    StringBuilder def = new StringBuilder(Model.sqlColumn(f)).append(' ').append(sql.columnType(f.type()));
    String literal = literal(defaultOf(model, f));
    if (literal != null) {
      def.append(" DEFAULT ").append(literal);
    }
    if (notNull) {
      def.append(" NOT NULL");
    }
    return def.toString();
  }

  private static Object defaultOf(Model model, Field f) {
    return f.defaultValue() == null ? null : Values.normalize(model, f, f.defaultValue());
  }

  /**
   * The SQL literal of a normalized default, or null when it has none that both databases read
   * alike (datetimes, JSON, non-finite floats): the record layer still applies it on create, and
   * rows added before the column existed get it through a bound UPDATE.
   */
  static String literal(Object value) {
    if (value instanceof String s) {
      return "'" + s.replace("'", "''") + "'";
    }
    if (value instanceof Long || value instanceof Boolean) {
      return value.toString().toUpperCase(Locale.ROOT);
    }
    if (value instanceof Double d && Double.isFinite(d)) {
      return d.toString();
    }
    if (value instanceof LocalDate d) {
      return "DATE '" + d + "'";
    }
    return null;
  }

  private static boolean hasRows(Connection c, Model model) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT 1 FROM " + model.sqlTable() + " FETCH FIRST 1 ROWS ONLY")) {
      return rs.next();
    }
  }

  /** Runs one DDL statement; a refusal names the model and the statement. */
  private static void execute(Connection c, Model model, String ddl) {
    try (Statement st = c.createStatement()) {
      st.execute(ddl);
    } catch (SQLException e) {
      throw new ModelException(ModelException.Reason.INVALID_DEFINITION,
          "The database refused to change the table of model '" + model.name() + "': " + e.getMessage()
              + "\nStatement: " + ddl + "\nMake the table fit the model in a migration of your addon, or declare the"
              + " model existingTable() if its table is managed elsewhere.", e);
    }
  }

  /** {@code <table>_<column>_<suffix>}, shortened with a checksum to PostgreSQL's 63 characters. */
  static String name(String table, String column, String suffix) {
    String full = table + "_" + column + "_" + suffix;
    if (full.length() <= MAX_NAME) {
      return full;
    }
    CRC32 crc = new CRC32();
    crc.update(full.getBytes(StandardCharsets.UTF_8));
    String tail = "_" + Long.toHexString(crc.getValue()) + "_" + suffix;
    return full.substring(0, MAX_NAME - tail.length()) + tail;
  }

  private static String bareTable(String table) {
    int dot = table.indexOf('.');
    return dot < 0 ? table : table.substring(dot + 1);
  }

  private static String quote(String identifier) {
    return "\"" + identifier + "\"";
  }

  private static Map<String, Column> columnsOf(Connection c, String table) throws SQLException {
    DatabaseMetaData meta = c.getMetaData();
    String escape = meta.getSearchStringEscape();
    String schema = null;
    String bare = table;
    int dot = table.indexOf('.');
    if (dot > 0) {
      schema = escapeLike(table.substring(0, dot), escape);
      bare = table.substring(dot + 1);
    }
    Map<String, Column> columns = new TreeMap<>();
    try (ResultSet rs = meta.getColumns(null, schema, escapeLike(bare, escape), null)) {
      while (rs.next()) {
        columns.putIfAbsent(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT),
            new Column(rs.getInt("DATA_TYPE"), rs.getString("TYPE_NAME")));
      }
    }
    return columns;
  }

  private static String escapeLike(String s, String escape) {
    if (escape == null || escape.isEmpty()) {
      return s;
    }
    return s.replace("_", escape + "_").replace("%", escape + "%");
  }

  private static ModelException invalid(String message) {
    return new ModelException(ModelException.Reason.INVALID_DEFINITION, message);
  }
}
