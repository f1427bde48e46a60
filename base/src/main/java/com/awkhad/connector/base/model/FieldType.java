package com.awkhad.connector.base.model;

/**
 * The kinds of field a model can declare, with the Java type a record value has and the column
 * type the table should use (on both H2 and PostgreSQL).
 *
 * <table>
 *   <caption>Field types</caption>
 *   <tr><th>type</th><th>Java value</th><th>accepted on write</th><th>column</th></tr>
 *   <tr><td>CHAR</td><td>String</td><td>String</td><td>VARCHAR(n)</td></tr>
 *   <tr><td>TEXT</td><td>String</td><td>String</td><td>VARCHAR or TEXT</td></tr>
 *   <tr><td>INTEGER</td><td>Long</td><td>Long, Integer, Short, Byte</td><td>BIGINT</td></tr>
 *   <tr><td>FLOAT</td><td>Double</td><td>any Number</td><td>DOUBLE PRECISION</td></tr>
 *   <tr><td>BOOLEAN</td><td>Boolean</td><td>Boolean</td><td>BOOLEAN</td></tr>
 *   <tr><td>DATE</td><td>LocalDate</td><td>LocalDate</td><td>DATE</td></tr>
 *   <tr><td>DATETIME</td><td>Instant</td><td>Instant, OffsetDateTime, ZonedDateTime</td>
 *       <td>TIMESTAMP WITH TIME ZONE</td></tr>
 *   <tr><td>MANY2ONE</td><td>Long (id of the comodel)</td><td>Long, Integer, Short</td><td>BIGINT</td></tr>
 *   <tr><td>SELECTION</td><td>String, one of the declared values</td><td>String</td><td>VARCHAR(n)</td></tr>
 *   <tr><td>JSON</td><td>Map, List, String, Number or Boolean</td><td>same</td><td>TEXT</td></tr>
 * </table>
 */
public enum FieldType {
  CHAR("char", "String"),
  TEXT("text", "String"),
  INTEGER("integer", "Long (or Integer, Short)"),
  FLOAT("float", "Double (or any Number)"),
  BOOLEAN("boolean", "Boolean"),
  DATE("date", "java.time.LocalDate"),
  DATETIME("datetime", "java.time.Instant (or OffsetDateTime, ZonedDateTime)"),
  MANY2ONE("many2one", "Long id of the comodel (or Integer, Short)"),
  SELECTION("selection", "String"),
  JSON("json", "Map, List, String, Number or Boolean");

  private final String label;
  private final String javaType;

  FieldType(String label, String javaType) {
    this.label = label;
    this.javaType = javaType;
  }

  /** Lower-case name as written in messages and docs, e.g. {@code many2one}. */
  public String label() {
    return label;
  }

  /** What a value of this type must be, as told to the user in error messages. */
  String expected() {
    return javaType;
  }

  /** Whether {@code like} and {@code ilike} apply. */
  boolean isText() {
    return this == CHAR || this == TEXT || this == SELECTION;
  }
}
