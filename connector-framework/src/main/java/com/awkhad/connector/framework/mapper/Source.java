package com.awkhad.connector.framework.mapper;

import java.util.Map;
import java.util.Objects;

/**
 * The source of a direct mapping: a field of the source record (a key, or a dotted path into its
 * nested objects: {@link SourcePath}) and how its value is modified
 * (none, convert, external id to local id...). Built with the factories of {@link Mapper}:
 * {@code field("name")}, {@code convert("price", Double.class)}, {@code externalToM2o("category",
 * "coffee.category")}...
 */
public final class Source {
  /** Computes the target value from the raw source value. */
  @FunctionalInterface
  public interface Modifier {
    Object apply(Mapper mapper, String field, Object value, Map<String, Object> record);
  }

  private final String field;
  private final String description;
  private final Modifier modifier;
  private final Kind kind;

  /** How the field is read and whether a many2one may be converted implicitly. */
  enum Kind {
    /** {@code field(...)}: read with {@link SourcePath}, as it is; a many2one to a bound model is converted (see {@link Mapper}). */
    PLAIN,
    /** Read with {@link SourcePath}, then modified. */
    MODIFIED,
    /** Read through the many2one relations of the local record ({@link Mapper#followM2o}), then modified. */
    FOLLOWED
  }

  Source(String field, String description, Modifier modifier) {
    this(field, description, modifier, Kind.MODIFIED);
  }

  Source(String field, String description, Modifier modifier, Kind kind) {
    if (field == null || field.isBlank()) {
      throw new IllegalArgumentException("A mapping source needs a field name");
    }
    this.field = field;
    this.description = Objects.requireNonNull(description);
    this.modifier = Objects.requireNonNull(modifier);
    this.kind = Objects.requireNonNull(kind);
  }

  Kind kind() {
    return kind;
  }

  /** The kind of a source built over {@code inner}: followed stays followed, else modified. */
  static Kind over(Source inner) {
    return inner.kind == Kind.FOLLOWED ? Kind.FOLLOWED : Kind.MODIFIED;
  }

  /** A source with a modifier of your own. */
  public static Source of(String field, String description, Modifier modifier) {
    return new Source(field, description, modifier);
  }

  /** The source field read: a key of the source record or a dotted path ({@link SourcePath}). */
  public String field() {
    return field;
  }

  /** The target value computed from {@code value}, the raw value read from {@code record}. */
  Object apply(Mapper mapper, Object value, Map<String, Object> record) {
    return modifier.apply(mapper, field, value, record);
  }

  @Override
  public String toString() {
    return description;
  }
}
