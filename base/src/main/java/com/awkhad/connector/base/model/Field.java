package com.awkhad.connector.base.model;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One field of a model: a name, a {@link FieldType} and the column holding it. Immutable; the
 * modifiers return a copy.
 *
 * <pre>{@code
 * Field.chars("name").required()
 * Field.selection("kind", "person", "company").defaultValue("person")
 * Field.many2one("parent_id", "res.partner")
 * Field.json("settings").column("settings_json")
 * }</pre>
 *
 * <p>The column defaults to the field name. Names and columns are lower-case identifiers
 * ({@code [a-z_][a-z0-9_]*}); they are the only identifiers the record layer puts into SQL.
 */
public final class Field {
  static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

  /** The key column every model has: BIGINT, assigned by the database, read-only. */
  public static final String ID = "id";

  private final String name;
  private final FieldType type;
  private final String column;
  private final boolean required;
  private final Object defaultValue;
  private final String comodel;
  private final List<String> selection;

  private Field(
      String name, FieldType type, String column, boolean required, Object defaultValue, String comodel, List<String> selection) {
    this.name = name;
    this.type = type;
    this.column = column;
    this.required = required;
    this.defaultValue = defaultValue;
    this.comodel = comodel;
    this.selection = selection;
  }

  private static Field of(String name, FieldType type, String comodel, List<String> selection) {
    Objects.requireNonNull(name, "field name");
    if (!IDENTIFIER.matcher(name).matches()) {
      throw new ModelException(ModelException.Reason.INVALID_DEFINITION,
          "Field name '" + name + "' is invalid: use lower-case letters, digits and underscores,"
              + " starting with a letter or underscore (e.g. partner_id)");
    }
    if (name.equals(ID)) {
      throw new ModelException(ModelException.Reason.INVALID_DEFINITION,
          "Field 'id' is implicit on every model (the BIGINT key column): do not declare it");
    }
    return new Field(name, type, name, false, null, comodel, selection);
  }

  /** A short string ({@code VARCHAR}). */
  public static Field chars(String name) {
    return of(name, FieldType.CHAR, null, List.of());
  }

  /** A long string ({@code VARCHAR} without length, or {@code TEXT}). */
  public static Field text(String name) {
    return of(name, FieldType.TEXT, null, List.of());
  }

  /** A whole number, read as {@link Long}. */
  public static Field integer(String name) {
    return of(name, FieldType.INTEGER, null, List.of());
  }

  /** A floating-point number, read as {@link Double} ({@code float} in the original). */
  public static Field floating(String name) {
    return of(name, FieldType.FLOAT, null, List.of());
  }

  /** A {@link Boolean}. */
  public static Field bool(String name) {
    return of(name, FieldType.BOOLEAN, null, List.of());
  }

  /** A {@link java.time.LocalDate}. */
  public static Field date(String name) {
    return of(name, FieldType.DATE, null, List.of());
  }

  /** An {@link java.time.Instant}, stored as {@code TIMESTAMP WITH TIME ZONE}. */
  public static Field datetime(String name) {
    return of(name, FieldType.DATETIME, null, List.of());
  }

  /** The id of a record of {@code comodel}, which must be a model known when this one is built. */
  public static Field many2one(String name, String comodel) {
    Objects.requireNonNull(comodel, "comodel");
    return of(name, FieldType.MANY2ONE, comodel, List.of());
  }

  /** A string restricted to {@code values}. */
  public static Field selection(String name, String... values) {
    if (values.length == 0) {
      throw new ModelException(ModelException.Reason.INVALID_DEFINITION,
          "Selection field '" + name + "' has no values: list the allowed values, e.g."
              + " Field.selection(\"" + name + "\", \"draft\", \"done\")");
    }
    return of(name, FieldType.SELECTION, null, List.of(values));
  }

  /** A JSON document (Map, List, String, Number or Boolean) stored as text. */
  public static Field json(String name) {
    return of(name, FieldType.JSON, null, List.of());
  }

  /** A copy that refuses {@code null} and a missing value on create. */
  public Field required() {
    return new Field(name, type, column, true, defaultValue, comodel, selection);
  }

  /** A copy whose value on create, when not given, is {@code value} (checked when the model is built). */
  public Field defaultValue(Object value) {
    return new Field(name, type, column, required, value, comodel, selection);
  }

  /** A copy stored in column {@code column} instead of the column named like the field. */
  public Field column(String column) {
    Objects.requireNonNull(column, "column");
    if (!IDENTIFIER.matcher(column).matches()) {
      throw new ModelException(ModelException.Reason.INVALID_DEFINITION,
          "Column name '" + column + "' of field '" + name + "' is invalid: use a lower-case identifier");
    }
    return new Field(name, type, column, required, defaultValue, comodel, selection);
  }

  static Field idField() {
    return idField(ID);
  }

  /** The implicit {@code id} field stored in {@code column} (a model over an existing table, see {@link ModelBuilder#key}). */
  static Field idField(String column) {
    return new Field(ID, FieldType.INTEGER, column, true, null, null, List.of());
  }

  public String name() {
    return name;
  }

  public FieldType type() {
    return type;
  }

  public String columnName() {
    return column;
  }

  public boolean isRequired() {
    return required;
  }

  /** The default applied on create, or {@code null}. */
  public Object defaultValue() {
    return defaultValue;
  }

  /** The target model of a many2one, or {@code null}. */
  public String comodel() {
    return comodel;
  }

  /** The allowed values of a selection; empty for other types. */
  public List<String> selectionValues() {
    return selection;
  }

  @Override
  public String toString() {
    return name + " (" + type.label() + (comodel == null ? "" : " -> " + comodel) + ")";
  }
}
