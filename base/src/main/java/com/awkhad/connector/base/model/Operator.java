package com.awkhad.connector.base.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The comparison operators of a {@link Domain} condition, written as in the original. */
public enum Operator {
  EQ("="),
  NE("!="),
  LT("<"),
  LE("<="),
  GT(">"),
  GE(">="),
  IN("in"),
  NOT_IN("not in"),
  LIKE("like"),
  ILIKE("ilike"),
  IS_NULL("is null"),
  IS_NOT_NULL("is not null");

  private final String symbol;

  Operator(String symbol) {
    this.symbol = symbol;
  }

  /** The operator as written in a domain, e.g. {@code not in}. */
  public String symbol() {
    return symbol;
  }

  /** Every valid symbol, in declaration order. */
  public static List<String> symbols() {
    return Arrays.stream(values()).map(Operator::symbol).toList();
  }

  /**
   * The operator written {@code symbol} (case and repeated spaces ignored; {@code <>} is
   * {@code !=}).
   *
   * @throws ModelException listing the valid operators
   */
  public static Operator parse(String symbol) {
    if (symbol != null) {
      String s = symbol.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
      if (s.equals("<>")) {
        return NE;
      }
      for (Operator op : values()) {
        if (op.symbol.equals(s)) {
          return op;
        }
      }
    }
    throw new ModelException(ModelException.Reason.UNKNOWN_OPERATOR,
        "Unknown domain operator '" + symbol + "'. Valid operators: " + symbols());
  }
}
