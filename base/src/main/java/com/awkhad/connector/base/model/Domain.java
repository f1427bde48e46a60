package com.awkhad.connector.base.model;

import java.util.List;
import java.util.Objects;

/**
 * A search filter: conditions (field, operator, value) combined with and/or, nestable. Turned
 * into parameterized SQL against the model's declared fields only; values are always bound
 * as parameters.
 *
 * <pre>{@code
 * Domain.of("name", "ilike", "ad%")
 * Domain.and(Domain.of("kind", "=", "person"), Domain.or(Domain.of("age", ">=", 18), Domain.of("age", "is null")))
 * Domain.of("id", "in", List.of(1L, 2L))
 * Domain.all()                                   // every record
 * }</pre>
 *
 * <p>Semantics worth knowing (as in the original): {@code = null} is {@code is null} and
 * {@code != null} is {@code is not null}; {@code !=} and {@code not in} also match rows whose
 * value is null; {@code in} with an empty collection matches nothing and {@code not in} with an
 * empty collection matches everything; {@code like}/{@code ilike} take an SQL pattern
 * ({@code %} and {@code _} wildcards) and apply to char, text and selection fields; json fields
 * only support {@code is null} and {@code is not null}.
 */
public sealed interface Domain permits Domain.Condition, Domain.And, Domain.Or {

  /** One comparison. {@code value} is null for {@code is null} and {@code is not null}. */
  record Condition(String field, Operator operator, Object value) implements Domain {
    public Condition {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(operator, "operator");
    }
  }

  /** All parts hold; no part = every record. */
  record And(List<Domain> parts) implements Domain {
    public And {
      parts = List.copyOf(parts);
    }
  }

  /** At least one part holds; no part = no record. */
  record Or(List<Domain> parts) implements Domain {
    public Or {
      parts = List.copyOf(parts);
    }
  }

  /**
   * A condition; {@code operator} is one of {@link Operator#symbols()}.
   *
   * @throws ModelException listing the valid operators when {@code operator} is not one
   */
  static Domain of(String field, String operator, Object value) {
    return new Condition(field, Operator.parse(operator), value);
  }

  /** A condition without a value: {@code is null} or {@code is not null}. */
  static Domain of(String field, String operator) {
    return of(field, operator, null);
  }

  static Domain and(Domain... parts) {
    return new And(List.of(parts));
  }

  static Domain or(Domain... parts) {
    return new Or(List.of(parts));
  }

  /** Matches every record. */
  static Domain all() {
    return new And(List.of());
  }
}
