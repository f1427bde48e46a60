package com.awkhad.connector.framework.admin;

import com.awkhad.connector.framework.exception.ConnectorException;

/**
 * An operator's request on backends that {@link BackendAdmin} refuses: what was wrong and what to
 * do, and the kind of refusal (the REST API answers 404, 400 or 409 from it).
 *
 * <pre>{@code
 * try {
 *   admin.find("Kitchen");
 * } catch (AdminRefusal e) {
 *   e.reason();    // NOT_FOUND: "No backend named 'Kitchen'. Backends: 'Kitchen machine' (id 1). ..."
 * }
 * }</pre>
 */
public final class AdminRefusal extends ConnectorException {
  /** Why a request was refused. */
  public enum Reason {
    /** No such backend (or record). */
    NOT_FOUND,
    /** A value is wrong: unknown type or model, a malformed setting, schedule or time. */
    INVALID,
    /** The request conflicts with the current state: a name already taken, bindings left. */
    CONFLICT
  }

  private final Reason reason;

  public AdminRefusal(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
