package com.awkhad.connector.base.model;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A parameterized SQL statement being built: identifiers come only from the model's validated
 * metadata, values only as {@code ?} parameters bound with their field's type.
 */
final class Sql {
  private record Param(Field field, Object value) {}

  private final Model model;
  private final StringBuilder text = new StringBuilder();
  private final List<Param> params = new ArrayList<>();

  Sql(Model model) {
    this.model = model;
  }

  Sql append(String sql) {
    text.append(sql);
    return this;
  }

  /** Drops the last {@code chars} characters written (a trailing separator). */
  Sql trimEnd(int chars) {
    text.setLength(text.length() - chars);
    return this;
  }

  Sql column(Field field) {
    text.append(Model.sqlColumn(field));
    return this;
  }

  Sql table() {
    text.append(model.sqlTable());
    return this;
  }

  /** A {@code ?} bound to {@code value}, already normalized for {@code field}. */
  Sql param(Field field, Object value) {
    text.append('?');
    params.add(new Param(field, value));
    return this;
  }

  /** {@code ?, ?, ?} for each value. */
  Sql params(Field field, Collection<?> values) {
    boolean first = true;
    for (Object v : values) {
      if (!first) {
        text.append(", ");
      }
      first = false;
      param(field, v);
    }
    return this;
  }

  PreparedStatement prepare(Connection c) throws SQLException {
    return bind(c.prepareStatement(text.toString()));
  }

  PreparedStatement prepareReturningId(Connection c) throws SQLException {
    return bind(c.prepareStatement(text.toString(), new String[] {model.keyColumn()}));
  }

  private PreparedStatement bind(PreparedStatement ps) throws SQLException {
    try {
      for (int i = 0; i < params.size(); i++) {
        Param p = params.get(i);
        Values.bind(ps, i + 1, model, p.field(), p.value());
      }
      return ps;
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
  }

  @Override
  public String toString() {
    return text.toString();
  }
}
