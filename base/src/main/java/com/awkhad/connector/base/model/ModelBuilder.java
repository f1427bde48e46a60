package com.awkhad.connector.base.model;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects the fields of a model being defined or extended; {@link #build()} checks them and
 * registers the result. Obtained from {@link ModelRegistry#define} or {@link ModelRegistry#extend}.
 */
public final class ModelBuilder {
  private final ModelRegistry registry;
  private final String name;
  private final String table;
  private final Model extended;
  private final List<Field> added = new ArrayList<>();
  private String keyColumn;
  private boolean captured;

  ModelBuilder(ModelRegistry registry, String name, String table, Model extended) {
    this.registry = registry;
    this.name = name;
    this.table = table;
    this.extended = extended;
    this.keyColumn = extended == null ? Field.ID : extended.keyColumn();
    this.captured = extended != null && extended.captured();
  }

  /**
   * The table's key column, when it is not named {@code id} (a model over an application's
   * existing table). It must be a BIGINT (or INTEGER) holding a unique key; the record layer
   * still calls it {@code id}. Only on {@link ModelRegistry#define}.
   *
   * <pre>{@code
   * models.define("shop.order", "orders").key("order_id").captured()
   *     .field(Field.chars("reference").column("ref"))
   *     .build();
   * }</pre>
   */
  public ModelBuilder key(String column) {
    if (extended != null) {
      throw invalid("Model '" + name + "' already has its key column '" + extended.keyColumn()
          + "': declare the key with define(...).key(...), not in an extension.");
    }
    if (column == null || !Field.IDENTIFIER.matcher(column).matches()) {
      throw invalid("Key column '" + column + "' of model '" + name + "' is invalid: use a lower-case identifier");
    }
    this.keyColumn = column;
    return this;
  }

  /**
   * Declares that the model's changes come from change capture: whoever writes the table (the
   * application's JPA, jOOQ or plain SQL, or this record layer), a trigger records the change in
   * the writer's transaction and the change reader publishes it as a record event. The record
   * layer then publishes no event of its own for this model (each change is published once, by
   * the reader, after the writer's commit). Needs the {@code component_event} addon, which
   * installs the triggers at start-up; the table's schema stays the application's (no migration
   * of ours creates or alters it). See docs/capture.md.
   */
  public ModelBuilder captured() {
    this.captured = true;
    return this;
  }

  public ModelBuilder field(Field field) {
    added.add(field);
    return this;
  }

  /**
   * Checks the fields (unique names and columns, known comodels, valid defaults, columns present
   * in the table) and registers the model.
   *
   * @return the registered definition
   * @throws ModelException saying what is wrong with the definition
   */
  public Model build() {
    Map<String, Field> fields = new LinkedHashMap<>(extended == null ? Map.of() : extended.fieldMap());
    Map<String, String> columns = new LinkedHashMap<>();
    columns.put(keyColumn, Field.ID);
    fields.values().forEach(f -> columns.put(f.columnName(), f.name()));
    for (Field f : added) {
      if (fields.containsKey(f.name())) {
        throw invalid("Field '" + f.name() + "' is declared twice on model '" + name
            + "'. Give the new field another name.");
      }
      String owner = columns.putIfAbsent(f.columnName(), f.name());
      if (owner != null) {
        throw invalid("Fields '" + owner + "' and '" + f.name() + "' of model '" + name + "' both use column '"
            + f.columnName() + "'. Give one of them its own column with .column(...).");
      }
      fields.put(f.name(), f);
    }
    Model model = new Model(name, table, keyColumn, captured, fields);
    for (Field f : added) {
      if (f.type() == FieldType.MANY2ONE && !f.comodel().equals(name) && !registry.contains(f.comodel())) {
        throw invalid("Field " + name + "." + f.name() + " refers to unknown model '" + f.comodel()
            + "'. Known models: " + registry.names() + ". Define the comodel first, or depend on the addon that defines it.");
      }
      if (f.defaultValue() != null) {
        Values.normalize(model, f, f.defaultValue());
      }
    }
    checkColumns(model);
    registry.put(model, extended);
    return model;
  }

  /** A column as the database describes it. */
  private record Column(int jdbcType, String typeName) {}

  private void checkColumns(Model model) {
    Map<String, Column> present = registry.tx().inTransaction(this::columnsOf);
    if (present.isEmpty()) {
      throw invalid("Table '" + table + "' of model '" + name + "' does not exist in the database. Create it in a"
          + " migration of your addon (src/main/resources/db/<addon>/common/V1__<name>.sql) or point the model at"
          + " an existing table.");
    }
    List<String> missing = new ArrayList<>();
    List<String> mistyped = new ArrayList<>();
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
      if (column == null) {
        missing.add(f.columnName() + " (field " + f.name() + ")");
      } else if (!f.type().fits(column.jdbcType(), column.typeName())) {
        mistyped.add("column " + f.columnName() + " is " + column.typeName() + " but field " + f.name() + " is "
            + f.type().label() + ": use " + f.type().column());
      }
    }
    if (!missing.isEmpty()) {
      throw invalid("Table '" + table + "' of model '" + name + "' lacks column(s) " + missing + "; its columns are "
          + present.keySet() + ". Add them in a migration of the addon that declares the field(s).");
    }
    if (!mistyped.isEmpty()) {
      throw invalid("Table '" + table + "' of model '" + name + "' has column(s) of the wrong type: "
          + String.join("; ", mistyped) + ". Change the column in a migration, or the field's type.");
    }
  }

  private Map<String, Column> columnsOf(Connection c) throws SQLException {
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
