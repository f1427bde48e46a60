package com.awkhad.connector.base.model;

import com.awkhad.connector.base.db.Dialect;
import com.awkhad.connector.base.event.RecordEvents;
import com.awkhad.connector.base.tx.Transactions;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The models of an environment. Addons fill it in {@code registerModels}, in dependency order;
 * code reads and writes records through {@link #records} (or {@code env.model(name)}).
 *
 * <pre>{@code
 * public void registerModels(ModelRegistry models) {      // in an Addon
 *   models.define("res.partner", "res_partner")
 *       .field(Field.chars("name").required())
 *       .field(Field.selection("kind", "person", "company"))
 *       .build();
 *   models.extend("res.partner").field(Field.chars("coffee_code")).build();  // another addon
 * }
 * }</pre>
 *
 * <p>A definition is the one source of its table's schema: building it (after every addon's
 * migrations ran) creates the table when it is missing and adds the columns of new fields, and
 * checks the existing columns against the fields, so that a mistyped column is reported at
 * start-up with the name of the model and field ({@link ModelSchema}). A model over a table
 * managed elsewhere is declared {@link ModelBuilder#existingTable()} and only checked.
 */
public final class ModelRegistry {
  private static final Pattern MODEL_NAME = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*");
  private static final Pattern TABLE_NAME = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?");

  private final Map<String, Model> models = new ConcurrentHashMap<>();
  private final Transactions tx;
  private final RecordEvents events;
  private final ModelSchema schema;
  private volatile CapturedWrites capturedWrites = CapturedWrites.NONE;

  /**
   * A registry whose records use {@code tx} and publish on {@code events}, whose tables are made
   * in SQL of {@code dialect}.
   */
  public ModelRegistry(Transactions tx, RecordEvents events, Dialect dialect) {
    this.tx = tx;
    this.events = events;
    this.schema = new ModelSchema(dialect);
  }

  /**
   * Starts the definition of a new model stored in {@code table}; call {@link ModelBuilder#build}
   * to register it.
   */
  public ModelBuilder define(String name, String table) {
    if (name == null || !MODEL_NAME.matcher(name).matches()) {
      throw new ModelException(ModelException.Reason.INVALID_DEFINITION,
          "Model name '" + name + "' is invalid: use dotted lower-case words, e.g. res.partner or coffee.machine");
    }
    if (table == null || !TABLE_NAME.matcher(table).matches()) {
      throw new ModelException(ModelException.Reason.INVALID_DEFINITION,
          "Table name '" + table + "' of model '" + name + "' is invalid: use a lower-case identifier,"
              + " optionally schema-qualified (res_partner, sales.order_line)");
    }
    Model existing = models.get(name);
    if (existing != null) {
      throw new ModelException(ModelException.Reason.INVALID_DEFINITION,
          "Model '" + name + "' is already defined (table " + existing.table() + "). To add fields to it, use"
              + " models.extend(\"" + name + "\") instead of define.");
    }
    return new ModelBuilder(this, name, table, null);
  }

  /**
   * Starts adding fields to an existing model (the original's {@code _inherit}); the fields'
   * columns come from the extending addon's own migration.
   *
   * @throws ModelException listing the known models when {@code name} is not one
   */
  public ModelBuilder extend(String name) {
    Model existing = get(name);
    return new ModelBuilder(this, name, existing.table(), existing);
  }

  /**
   * The model named {@code name}.
   *
   * @throws ModelException listing the known models when there is none
   */
  public Model get(String name) {
    Model m = name == null ? null : models.get(name);
    if (m == null) {
      throw new ModelException(ModelException.Reason.UNKNOWN_MODEL,
          "Unknown model '" + name + "'. Known models: " + names()
              + ". Check the name, and that the addon defining it is started (listed in your addon's depends).");
    }
    return m;
  }

  public boolean contains(String name) {
    return name != null && models.containsKey(name);
  }

  /** The names of every model, sorted. */
  public SortedSet<String> names() {
    return new TreeSet<>(models.keySet());
  }

  /**
   * Record access for model {@code name}.
   *
   * @throws ModelException listing the known models when there is none
   */
  public Records records(String name) {
    get(name);
    return new Records(this, name, tx, events);
  }

  /** Sets the code run around the record layer's writes to captured models (one per environment). */
  public void capturedWrites(CapturedWrites hook) {
    this.capturedWrites = hook == null ? CapturedWrites.NONE : hook;
  }

  CapturedWrites capturedWrites() {
    return capturedWrites;
  }

  /** The captured models ({@link Model#captured()}), sorted by name. */
  public java.util.List<Model> capturedModels() {
    return names().stream().map(models::get).filter(Model::captured).toList();
  }

  Transactions tx() {
    return tx;
  }

  /** Makes or checks the table of {@code model} for the fields {@code added} (see {@link ModelSchema}). */
  void applySchema(Model model, java.util.List<Field> added) {
    tx.run(c -> schema.apply(c, model, added, this::get));
  }

  /** Stores a checked definition; the builder guarantees define/extend consistency. */
  void put(Model model, Model replaced) {
    boolean ok = replaced == null
        ? models.putIfAbsent(model.name(), model) == null
        : models.replace(model.name(), replaced, model);
    if (!ok) {
      throw new ModelException(ModelException.Reason.INVALID_DEFINITION,
          "Model '" + model.name() + "' changed while it was being " + (replaced == null ? "defined" : "extended")
              + ": register models from one thread (addons' registerModels).");
    }
  }
}
