package com.awkhad.connector.base.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
  private boolean existingTable;

  ModelBuilder(ModelRegistry registry, String name, String table, Model extended) {
    this.registry = registry;
    this.name = name;
    this.table = table;
    this.extended = extended;
    this.keyColumn = extended == null ? Field.ID : extended.keyColumn();
    this.captured = extended != null && extended.captured();
    this.existingTable = extended != null && !extended.tableManaged();
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
   * installs the triggers at start-up. See docs/capture.md. A captured model over an
   * application's table is usually also {@link #existingTable()}.
   */
  public ModelBuilder captured() {
    this.captured = true;
    return this;
  }

  /**
   * Declares that the model's table is managed elsewhere (an application's table, owned by its
   * JPA or its own migrations): start-up checks that the table and the fields' columns exist with
   * fitting types, and never creates or alters it. Without it the model's definition is the
   * table's schema ({@link ModelSchema}: created when missing, columns added for new fields).
   * Only on {@link ModelRegistry#define}; extensions inherit it.
   *
   * <pre>{@code
   * models.define("shop.order", "shop_order").existingTable().captured()
   *     .field(Field.chars("reference"))
   *     .build();
   * }</pre>
   */
  public ModelBuilder existingTable() {
    if (extended != null) {
      throw invalid("Model '" + name + "' is already defined: declare existingTable() with define(...), not in an extension.");
    }
    this.existingTable = true;
    return this;
  }

  public ModelBuilder field(Field field) {
    added.add(field);
    return this;
  }

  /**
   * Checks the fields (unique names and columns, known comodels, valid defaults), makes or checks
   * the table ({@link ModelSchema}: a missing table is created, missing columns added, existing
   * columns checked against their fields) and registers the model.
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
    Model model = new Model(name, table, keyColumn, captured, !existingTable, fields);
    for (Field f : added) {
      if (f.type() == FieldType.MANY2ONE && !f.comodel().equals(name) && !registry.contains(f.comodel())) {
        throw invalid("Field " + name + "." + f.name() + " refers to unknown model '" + f.comodel()
            + "'. Known models: " + registry.names() + ". Define the comodel first, or depend on the addon that defines it.");
      }
      if (f.defaultValue() != null) {
        Values.normalize(model, f, f.defaultValue());
      }
    }
    registry.applySchema(model, List.copyOf(added));
    registry.put(model, extended);
    return model;
  }

  private static ModelException invalid(String message) {
    return new ModelException(ModelException.Reason.INVALID_DEFINITION, message);
  }
}
