package com.awkhad.connector.base.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/** Translates a {@link Domain} into a parameterized SQL condition on one model. */
final class DomainSql {
  private DomainSql() {}

  static void where(Model model, Domain domain, Sql sql) {
    if (domain == null) {
      sql.append("1=1");
    } else if (domain instanceof Domain.And and) {
      junction(model, and.parts(), " AND ", "1=1", sql);
    } else if (domain instanceof Domain.Or or) {
      junction(model, or.parts(), " OR ", "1=0", sql);
    } else {
      condition(model, (Domain.Condition) domain, sql);
    }
  }

  private static void junction(Model model, List<Domain> parts, String joiner, String empty, Sql sql) {
    if (parts.isEmpty()) {
      sql.append(empty);
      return;
    }
    sql.append("(");
    for (int i = 0; i < parts.size(); i++) {
      if (i > 0) {
        sql.append(joiner);
      }
      where(model, parts.get(i), sql);
    }
    sql.append(")");
  }

  private static void condition(Model model, Domain.Condition c, Sql sql) {
    Field field = model.field(c.field());
    Operator op = c.operator();
    Object value = c.value();
    if (field.type() == FieldType.JSON && op != Operator.IS_NULL && op != Operator.IS_NOT_NULL
        && !(value == null && (op == Operator.EQ || op == Operator.NE))) {
      throw notApplicable(model, field, op, "json fields only support 'is null' and 'is not null'");
    }
    switch (op) {
      case IS_NULL, IS_NOT_NULL -> {
        if (value != null) {
          throw new ModelException(ModelException.Reason.WRONG_VALUE,
              "Operator '" + op.symbol() + "' on " + Values.qualified(model, field) + " takes no value, got "
                  + Values.describe(value) + ". Use Domain.of(\"" + field.name() + "\", \"" + op.symbol() + "\").");
        }
        isNull(field, op == Operator.IS_NULL, sql);
      }
      case EQ -> {
        if (value == null) {
          isNull(field, true, sql);
        } else {
          sql.column(field).append(" = ").param(field, Values.normalize(model, field, value));
        }
      }
      case NE -> {
        if (value == null) {
          isNull(field, false, sql);
        } else {
          sql.append("(").column(field).append(" <> ").param(field, Values.normalize(model, field, value))
              .append(" OR ").column(field).append(" IS NULL)");
        }
      }
      case LT, LE, GT, GE -> {
        if (value == null) {
          throw new ModelException(ModelException.Reason.WRONG_VALUE,
              "Operator '" + op.symbol() + "' on " + Values.qualified(model, field)
                  + " needs a value, got null. Use 'is null' or 'is not null' to test for null.");
        }
        sql.column(field).append(" " + op.symbol() + " ").param(field, Values.normalize(model, field, value));
      }
      case IN, NOT_IN -> in(model, field, op == Operator.IN, value, sql);
      case LIKE, ILIKE -> {
        if (!field.type().isText()) {
          throw notApplicable(model, field, op, "it applies to char, text and selection fields");
        }
        if (!(value instanceof String pattern)) {
          throw new ModelException(ModelException.Reason.WRONG_VALUE,
              "Operator '" + op.symbol() + "' on " + Values.qualified(model, field)
                  + " needs a String pattern (with % and _ wildcards), got " + Values.describe(value) + ".");
        }
        sql.column(field).append(op == Operator.LIKE ? " LIKE " : " ILIKE ").param(field, pattern);
      }
      default -> throw new IllegalStateException("unhandled operator " + op);
    }
  }

  private static void isNull(Field field, boolean isNull, Sql sql) {
    sql.column(field).append(isNull ? " IS NULL" : " IS NOT NULL");
  }

  private static void in(Model model, Field field, boolean in, Object value, Sql sql) {
    Collection<?> values;
    if (value instanceof Collection<?> coll) {
      values = coll;
    } else if (value instanceof Object[] array) {
      values = Arrays.asList(array);
    } else {
      throw new ModelException(ModelException.Reason.WRONG_VALUE,
          "Operator '" + (in ? "in" : "not in") + "' on " + Values.qualified(model, field)
              + " needs a collection of values, got " + Values.describe(value) + ". Pass e.g. List.of(...).");
    }
    List<Object> normalized = new ArrayList<>();
    boolean withNull = false;
    for (Object v : values) {
      if (v == null) {
        withNull = true;
      } else {
        normalized.add(Values.normalize(model, field, v));
      }
    }
    if (in) {
      // col IN (...) [OR col IS NULL]
      if (normalized.isEmpty()) {
        if (withNull) {
          isNull(field, true, sql);
        } else {
          sql.append("1=0");
        }
        return;
      }
      sql.append("(").column(field).append(" IN (").params(field, normalized).append(")");
      if (withNull) {
        sql.append(" OR ").column(field).append(" IS NULL");
      }
      sql.append(")");
    } else {
      // as '!=': rows with a null value match unless null is among the excluded values
      if (normalized.isEmpty()) {
        if (withNull) {
          isNull(field, false, sql);
        } else {
          sql.append("1=1");
        }
        return;
      }
      sql.append("(").column(field).append(" NOT IN (").params(field, normalized).append(")");
      if (!withNull) {
        sql.append(" OR ").column(field).append(" IS NULL");
      }
      sql.append(")");
    }
  }

  private static ModelException notApplicable(Model model, Field field, Operator op, String why) {
    return new ModelException(ModelException.Reason.UNKNOWN_OPERATOR,
        "Operator '" + op.symbol() + "' does not apply to " + Values.qualified(model, field) + " ("
            + field.type().label() + "): " + why + ".");
  }
}
