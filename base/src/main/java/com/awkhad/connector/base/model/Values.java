package com.awkhad.connector.base.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Map;

/**
 * Checks record values against their field's type and moves them between Java and JDBC. The
 * only place that knows how each {@link FieldType} is stored.
 */
final class Values {
  static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private Values() {}

  /**
   * The canonical Java value of {@code value} for {@code field} ({@code null} stays null).
   *
   * @throws ModelException saying model.field, the expected type and what was given
   */
  static Object normalize(Model model, Field field, Object value) {
    if (value == null) {
      return null;
    }
    switch (field.type()) {
      case CHAR, TEXT -> {
        if (value instanceof String) {
          return value;
        }
      }
      case SELECTION -> {
        if (value instanceof String s) {
          if (!field.selectionValues().contains(s)) {
            throw new ModelException(ModelException.Reason.SELECTION_VALUE,
                "Value '" + s + "' is not allowed for " + qualified(model, field) + " (selection). Allowed values: "
                    + field.selectionValues() + ". Use one of them, or add the value to the field's declaration.");
          }
          return s;
        }
      }
      case INTEGER, MANY2ONE -> {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
          return ((Number) value).longValue();
        }
      }
      case FLOAT -> {
        if (value instanceof Number n) {
          return n.doubleValue();
        }
      }
      case BOOLEAN -> {
        if (value instanceof Boolean) {
          return value;
        }
      }
      case DATE -> {
        if (value instanceof LocalDate) {
          return value;
        }
      }
      case DATETIME -> {
        if (value instanceof Instant i) {
          return i;
        }
        if (value instanceof OffsetDateTime o) {
          return o.toInstant();
        }
        if (value instanceof ZonedDateTime z) {
          return z.toInstant();
        }
      }
      case JSON -> {
        if (value instanceof Map || value instanceof Collection || value instanceof String
            || value instanceof Number || value instanceof Boolean) {
          toJson(model, field, value); // fails early on values Jackson cannot write
          return value;
        }
      }
      default -> throw new IllegalStateException("unhandled field type " + field.type());
    }
    throw wrongValue(model, field, value);
  }

  static ModelException wrongValue(Model model, Field field, Object value) {
    return new ModelException(ModelException.Reason.WRONG_VALUE,
        "Wrong value for " + qualified(model, field) + ": expected " + field.type().label() + " ("
            + field.type().expected() + "), got " + describe(value) + ". Convert the value to the field's type.");
  }

  static String qualified(Model model, Field field) {
    return model.name() + "." + field.name();
  }

  /** Type and a shortened rendering of a value, for messages. */
  static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    String text = String.valueOf(value);
    if (text.length() > 60) {
      text = text.substring(0, 57) + "...";
    }
    return value.getClass().getSimpleName() + " " + (value instanceof CharSequence ? "\"" + text + "\"" : text);
  }

  /** Binds a canonical value (see {@link #normalize}) as parameter {@code index}. */
  static void bind(PreparedStatement ps, int index, Model model, Field field, Object value) throws SQLException {
    if (value == null) {
      ps.setNull(index, sqlType(field.type()));
      return;
    }
    switch (field.type()) {
      case CHAR, TEXT, SELECTION -> ps.setString(index, (String) value);
      case INTEGER, MANY2ONE -> ps.setLong(index, (Long) value);
      case FLOAT -> ps.setDouble(index, (Double) value);
      case BOOLEAN -> ps.setBoolean(index, (Boolean) value);
      case DATE -> ps.setObject(index, value);
      case DATETIME -> ps.setObject(index, OffsetDateTime.ofInstant(((Instant) value).truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
      case JSON -> ps.setString(index, toJson(model, field, value));
      default -> throw new IllegalStateException("unhandled field type " + field.type());
    }
  }

  /** Reads column {@code index} of the current row as the field's Java value. */
  static Object read(ResultSet rs, int index, Model model, Field field) throws SQLException {
    switch (field.type()) {
      case CHAR, TEXT, SELECTION -> {
        return rs.getString(index);
      }
      case INTEGER, MANY2ONE -> {
        long v = rs.getLong(index);
        return rs.wasNull() ? null : v;
      }
      case FLOAT -> {
        double v = rs.getDouble(index);
        return rs.wasNull() ? null : v;
      }
      case BOOLEAN -> {
        boolean v = rs.getBoolean(index);
        return rs.wasNull() ? null : v;
      }
      case DATE -> {
        return rs.getObject(index, LocalDate.class);
      }
      case DATETIME -> {
        OffsetDateTime v = rs.getObject(index, OffsetDateTime.class);
        return v == null ? null : v.toInstant();
      }
      case JSON -> {
        String text = rs.getString(index);
        if (text == null) {
          return null;
        }
        try {
          return JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
          throw new ModelException(ModelException.Reason.WRONG_VALUE,
              "Column " + field.columnName() + " of " + model.table() + " (field " + qualified(model, field)
                  + ") does not hold valid JSON: " + e.getOriginalMessage()
                  + ". Fix the stored value; the record layer only writes JSON there.", e);
        }
      }
      default -> throw new IllegalStateException("unhandled field type " + field.type());
    }
  }

  private static String toJson(Model model, Field field, Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new ModelException(ModelException.Reason.WRONG_VALUE,
          "Wrong value for " + qualified(model, field) + ": it cannot be written as JSON (" + e.getOriginalMessage()
              + "). Use maps, lists, strings, numbers, booleans and dates only.", e);
    }
  }

  private static int sqlType(FieldType type) {
    return switch (type) {
      case CHAR, TEXT, SELECTION, JSON -> Types.VARCHAR;
      case INTEGER, MANY2ONE -> Types.BIGINT;
      case FLOAT -> Types.DOUBLE;
      case BOOLEAN -> Types.BOOLEAN;
      case DATE -> Types.DATE;
      case DATETIME -> Types.TIMESTAMP_WITH_TIMEZONE;
    };
  }
}
