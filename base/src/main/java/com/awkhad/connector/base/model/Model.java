package com.awkhad.connector.base.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The definition of one model: its dotted name, its table and its fields, including the fields
 * other addons added with {@link ModelRegistry#extend}. Immutable; an extension replaces the
 * registry's instance. Obtain with {@code env.models().get("res.partner")}.
 *
 * <p>Every model also has the implicit {@code id} field (the BIGINT key column, {@code id} unless
 * {@link #keyColumn()} says otherwise), which can be read, searched and ordered on but never written.
 */
public final class Model {
  private final String name;
  private final String table;
  private final Map<String, Field> fields;
  private final Field id;
  private final boolean captured;
  private final boolean tableManaged;

  Model(String name, String table, String keyColumn, boolean captured, boolean tableManaged, Map<String, Field> fields) {
    this.name = name;
    this.table = table;
    this.id = Field.idField(keyColumn);
    this.captured = captured;
    this.tableManaged = tableManaged;
    this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /** The dotted name, e.g. {@code res.partner}. */
  public String name() {
    return name;
  }

  /** The table, possibly schema-qualified ({@code sales.order_line}). */
  public String table() {
    return table;
  }

  /** The key column holding the implicit {@code id} field: {@code id} unless declared with {@link ModelBuilder#key}. */
  public String keyColumn() {
    return id.columnName();
  }

  /**
   * True when the model's changes reach the record-event bus through change capture (a trigger on
   * its table, whoever writes it) rather than from the record layer; see {@link ModelBuilder#captured}.
   */
  public boolean captured() {
    return captured;
  }

  /**
   * True when the model's definition makes its table (created when missing, columns added for new
   * fields, see {@link ModelSchema}); false for a model declared {@link ModelBuilder#existingTable()},
   * whose table is managed elsewhere and only checked.
   */
  public boolean tableManaged() {
    return tableManaged;
  }

  /** The declared fields in declaration order (extensions last), without {@code id}. */
  public List<Field> fields() {
    return List.copyOf(fields.values());
  }

  /** The declared field names, without {@code id}. */
  public List<String> fieldNames() {
    return List.copyOf(fields.keySet());
  }

  public boolean hasField(String fieldName) {
    return Field.ID.equals(fieldName) || fields.containsKey(fieldName);
  }

  /**
   * The field named {@code fieldName} ({@code id} included).
   *
   * @throws ModelException listing the model's fields when there is none
   */
  public Field field(String fieldName) {
    if (Field.ID.equals(fieldName)) {
      return id;
    }
    Field f = fields.get(fieldName);
    if (f == null) {
      throw new ModelException(ModelException.Reason.UNKNOWN_FIELD,
          "Model '" + name + "' has no field '" + fieldName + "'. Its fields are: "
              + allFieldNames() + ". Fix the name, or declare the field (models.extend(\"" + name
              + "\").field(...)) with its column in a migration.");
    }
    return f;
  }

  List<String> allFieldNames() {
    List<String> all = new ArrayList<>();
    all.add(Field.ID);
    all.addAll(fields.keySet());
    return all;
  }

  Field idField() {
    return id;
  }

  Map<String, Field> fieldMap() {
    return fields;
  }

  /** The table for SQL: every part quoted (the parts were validated as lower-case identifiers). */
  String sqlTable() {
    StringBuilder sb = new StringBuilder();
    for (String part : table.split("\\.")) {
      if (sb.length() > 0) {
        sb.append('.');
      }
      sb.append('"').append(part).append('"');
    }
    return sb.toString();
  }

  static String sqlColumn(Field f) {
    return "\"" + f.columnName() + "\"";
  }

  @Override
  public String toString() {
    return name + " (" + table + ")";
  }
}
