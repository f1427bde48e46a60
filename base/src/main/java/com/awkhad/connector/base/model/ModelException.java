package com.awkhad.connector.base.model;

/**
 * Any misuse of models and records: the message says what was wrong and what to do, and
 * {@link #reason()} lets code branch on the kind of problem without parsing the message.
 *
 * <pre>{@code
 * try {
 *   partners.write(id, Map.of("kind", "robot"));
 * } catch (ModelException e) {
 *   if (e.reason() == ModelException.Reason.SELECTION_VALUE) { ... }
 * }
 * }</pre>
 */
public class ModelException extends RuntimeException {
  /** The kinds of problem. */
  public enum Reason {
    /** A model name no addon defined. */
    UNKNOWN_MODEL,
    /** A field name the model does not have. */
    UNKNOWN_FIELD,
    /** A value given for {@code id}, which the database assigns. */
    READ_ONLY_FIELD,
    /** A value of the wrong Java type for its field. */
    WRONG_VALUE,
    /** A selection value outside the declared values. */
    SELECTION_VALUE,
    /** A required field missing or set to null. */
    REQUIRED_FIELD,
    /** A domain operator that does not exist, or does not apply to the field. */
    UNKNOWN_OPERATOR,
    /** A write, unlink or read of an id that has no row. */
    MISSING_RECORD,
    /** A malformed model or field declaration, or a table or column not in the database. */
    INVALID_DEFINITION,
    /** A malformed search: bad order, negative limit or offset. */
    INVALID_QUERY,
    /** The database refused the change: not null, unique or foreign key constraint. */
    INTEGRITY
  }

  private final Reason reason;

  public ModelException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public ModelException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
