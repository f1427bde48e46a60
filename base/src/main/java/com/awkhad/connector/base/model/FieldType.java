package com.awkhad.connector.base.model;

import java.sql.Types;

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
  CHAR("char", "String", "VARCHAR(n)"),
  TEXT("text", "String", "TEXT or VARCHAR"),
  INTEGER("integer", "Long (or Integer, Short)", "BIGINT"),
  FLOAT("float", "Double (or any Number)", "DOUBLE PRECISION"),
  BOOLEAN("boolean", "Boolean", "BOOLEAN"),
  DATE("date", "java.time.LocalDate", "DATE"),
  DATETIME("datetime", "java.time.Instant (or OffsetDateTime, ZonedDateTime)", "TIMESTAMP WITH TIME ZONE"),
  MANY2ONE("many2one", "Long id of the comodel (or Integer, Short)", "BIGINT"),
  SELECTION("selection", "String", "VARCHAR(n)"),
  JSON("json", "Map, List, String, Number or Boolean", "TEXT");

  private final String label;
  private final String javaType;
  private final String column;

  FieldType(String label, String javaType, String column) {
    this.label = label;
    this.javaType = javaType;
    this.column = column;
  }

  /** Lower-case name as written in messages and docs, e.g. {@code many2one}. */
  public String label() {
    return label;
  }

  /** What a value of this type must be, as told to the user in error messages. */
  String expected() {
    return javaType;
  }

  /** The column type to use, as told to the user in error messages. */
  String column() {
    return column;
  }

  /** Whether {@code like} and {@code ilike} apply. */
  boolean isText() {
    return this == CHAR || this == TEXT || this == SELECTION;
  }

  /**
   * Whether a column of JDBC type {@code jdbcType} (named {@code typeName} by the database) can
   * hold values of this type. Datetimes need a time zone: a plain TIMESTAMP would shift values
   * with the session's time zone. JSON needs a text column (PostgreSQL's json/jsonb would refuse
   * the text parameter).
   */
  boolean fits(int jdbcType, String typeName) {
    return switch (this) {
      case CHAR, TEXT, SELECTION, JSON -> switch (jdbcType) {
        case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.CLOB, Types.NCHAR, Types.NVARCHAR,
            Types.LONGNVARCHAR, Types.NCLOB -> true;
        default -> false;
      };
      case INTEGER, MANY2ONE -> switch (jdbcType) {
        case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT, Types.NUMERIC, Types.DECIMAL -> true;
        default -> false;
      };
      case FLOAT -> switch (jdbcType) {
        case Types.DOUBLE, Types.FLOAT, Types.REAL, Types.NUMERIC, Types.DECIMAL -> true;
        default -> false;
      };
      case BOOLEAN -> jdbcType == Types.BOOLEAN || jdbcType == Types.BIT;
      case DATE -> jdbcType == Types.DATE;
      case DATETIME -> jdbcType == Types.TIMESTAMP_WITH_TIMEZONE || "timestamptz".equalsIgnoreCase(typeName);
    };
  }
}
